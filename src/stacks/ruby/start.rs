//! How a Ruby app starts and the port it listens on: a Procfile `web:` command, Thruster in front of Rails,
//! Rails' own server, a Rack app under Puma, Unicorn or rackup, or a classic Sinatra file run with `ruby`.

use super::detect::App;
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::rules::{FrameworkRule, StackRules};
use crate::scan::Project;
use crate::version::Version;

/// A port with the file that states it and why: `(port, source, why)`.
type Port = (u16, String, String);

/// The decided start command with its evidence.
pub(super) struct Start {
    pub argv: Vec<String>,
    pub source: String,
    pub why: String,
    /// None for a one-shot script (see [`script_port`]).
    pub port: Option<Port>,
}

/// The start command and port, from the first signal that states them: a Procfile, Thruster, Rails,
/// config.ru, a classic Sinatra file. Thruster's environment is added to `env`.
pub(super) fn start(
    app: &App,
    env: &mut Vec<(String, String)>,
    facts: &mut Facts,
) -> Result<Start> {
    let puma_port = match app.project.read_source_opt("config/puma.rb")? {
        Some(text) => {
            crate::probe::port::find(&text).map(|(p, l)| (p, format!("config/puma.rb:{l}")))
        }
        None => None,
    };
    // The port: stated in the Procfile's command, else Puma's configuration, else the framework's.
    let default_port = app.fw.map_or(app.stack.default_port, |f| f.port);
    let fw_default = (
        default_port,
        "detectors".to_string(),
        format!(
            "{} default port",
            app.fw.map_or("Rack", |f| f.name.as_str())
        ),
    );
    let config_port = match &puma_port {
        Some((p, src)) => (*p, src.clone(), "port in Puma's configuration".to_string()),
        None => fw_default,
    };
    if let Some(web) = &app.procfile {
        procfile_start(app, web, config_port)
    } else if app.thrust() {
        Ok(thruster_start(app, env))
    } else if app.rails {
        Ok(rails_start(app, config_port))
    } else if app.rack {
        Ok(rack_start(app, config_port, facts))
    } else if let Some((entry, stated)) = &app.classic {
        Ok(classic_start(app, entry, stated))
    } else {
        let name = app.fw.map_or("Ruby", |f: &FrameworkRule| f.name.as_str());
        Err(Error::Unsupported {
            path: app.project.root.join("Gemfile"),
            message: format!("{name} app without a config.ru or Procfile `web:` line: cannot tell how it starts; add a config.ru or pass --start"),
        })
    }
}

/// The Procfile's web command; its port stated on the command line, in the script it runs, or else in
/// Puma's configuration or the framework's default (`config_port`).
fn procfile_start(app: &App, web: &str, config_port: Port) -> Result<Start> {
    let port = match command_port(web) {
        Some(p) => Some((
            p,
            "Procfile".to_string(),
            "port in the web command".to_string(),
        )),
        None => match script_port(app, web)? {
            Script::Serves(p) => Some(p),
            Script::OneShot => None,
            Script::Other => Some(config_port),
        },
    };
    // The shared Procfile step (probe::procfile) turns this into exec form with $PORT filled in,
    // or refuses what needs a shell, naming the line.
    Ok(Start {
        argv: crate::manifest::split_words(web),
        source: "Procfile".into(),
        why: "web process".into(),
        port,
    })
}

/// Thruster in front of Puma, through Rails' binstubs when the app has them, else through Bundler.
fn thruster_start(app: &App, env: &mut Vec<(String, String)>) -> Start {
    let thruster = &app.ruby.thruster;
    let mut argv: Vec<String> = Vec::new();
    for w in &thruster.start {
        match w.as_str() {
            "./bin/thrust" if !app.project.has("bin/thrust") => {
                argv.extend(words(&["bundle", "exec", "thrust"]))
            }
            "./bin/rails" if app.rails_bin != "./bin/rails" => {
                argv.extend(words(&["bundle", "exec", "rails"]))
            }
            _ => argv.push(w.clone()),
        }
    }
    for (k, v) in &thruster.env {
        env.push((k.clone(), v.clone()));
    }
    let why = format!(
        "gem {}: Thruster fronts Puma and serves assets",
        thruster.gem
    );
    let port = (
        thruster.port,
        app.gems_file.to_string(),
        "Thruster's HTTP_PORT, moved off 80 so a non-root user can bind it".to_string(),
    );
    Start {
        argv,
        source: app.gems_file.into(),
        why,
        port: Some(port),
    }
}

/// Rails' own server on all interfaces, through Bundler when the app has no bin/rails.
fn rails_start(app: &App, port: Port) -> Start {
    let mut argv: Vec<String> = app.fw.map(|f| f.start.clone()).unwrap_or_default();
    if app.rails_bin != "./bin/rails" {
        argv.splice(0..1, ["bundle".into(), "exec".into(), "rails".into()]);
    }
    Start {
        argv,
        source: "bin/rails".into(),
        why: "Rails' own server, on all interfaces".into(),
        port: Some(port),
    }
}

/// A config.ru served by Puma or Unicorn when one is among the gems, else by rackup.
fn rack_start(app: &App, port: Port, facts: &mut Facts) -> Start {
    let n = port.0;
    let (argv, why) = if app.has("puma") {
        let argv = words(&[
            "bundle",
            "exec",
            "puma",
            "-b",
            &format!("tcp://0.0.0.0:{n}"),
        ]);
        (argv, "Rack app served by Puma, one of its gems")
    } else if app.has("unicorn") {
        // rackup cannot load unicorn as a handler: unicorn starts with its own command.
        let argv = words(&["bundle", "exec", "unicorn", "-l", &format!("0.0.0.0:{n}")]);
        (argv, "Rack app served by Unicorn, one of its gems")
    } else {
        let rack3 = app
            .lock
            .as_ref()
            .and_then(|l| l.version_of("rack"))
            .and_then(Version::parse)
            .is_some_and(|v| v.major >= 3);
        if rack3 && !app.has("rackup") {
            facts.warnings.push("rack 3 without the rackup gem: `rackup` is not installed; add `gem \"puma\"` (or `gem \"rackup\"`) to the Gemfile".into());
        }
        let argv = words(&[
            "bundle",
            "exec",
            "rackup",
            "-o",
            "0.0.0.0",
            "-p",
            &n.to_string(),
        ]);
        (
            argv,
            "Rack app served by rackup (Puma is not among its gems)",
        )
    };
    Start {
        argv,
        source: "config.ru".into(),
        why: why.into(),
        port: Some(port),
    }
}

/// A classic Sinatra file run with `ruby`, on the port it states or Sinatra's own default.
fn classic_start(app: &App, entry: &str, stated: &Option<(u16, String)>) -> Start {
    let port = match stated {
        Some((p, src)) => (*p, src.clone(), "port stated in the app".to_string()),
        None => (
            app.ruby.classic_port,
            "detectors".to_string(),
            "Sinatra's own default port".to_string(),
        ),
    };
    let n = port.0.to_string();
    Start {
        argv: words(&["bundle", "exec", "ruby", entry, "-o", "0.0.0.0", "-p", &n]),
        source: entry.to_string(),
        why: "classic Sinatra app started with ruby".into(),
        port: Some(port),
    }
}

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

/// A classic Sinatra file (`require "sinatra"` at the top level) and the port it sets, if any.
#[allow(clippy::type_complexity)]
pub(super) fn classic_entry(
    project: &Project,
    stack: &StackRules,
) -> Result<Option<(String, Option<(u16, String)>)>> {
    for f in stack.entry_files.iter().filter(|f| project.has(f)) {
        let text = project.read_source(f)?;
        if text.lines().any(|l| {
            let l = l.trim();
            l == "require 'sinatra'" || l == "require \"sinatra\""
        }) {
            let port = crate::probe::port::find(&text).map(|(p, l)| (p, format!("{f}:{l}")));
            return Ok(Some((f.clone(), port)));
        }
    }
    Ok(None)
}

/// What a web command that runs a Ruby script tells of the port.
enum Script {
    /// Not `ruby <file>` (rackup, puma, rails): the framework or Puma's configuration gives the port.
    Other,
    /// The port the script states, or Sinatra's own default.
    Serves(Port),
    /// A script naming no server, socket or port, in an app without a framework: it listens on nothing.
    OneShot,
}

/// The port of a server started as a script (`ruby server.rb`, `bundle exec ruby app.rb`): stated in the
/// script, else Sinatra's own default when the script is a classic Sinatra app, else none when the script
/// shows no sign of serving (the rules' `listens`) and the app has no framework or config.ru.
fn script_port(app: &App, web: &str) -> Result<Script> {
    let project = app.project;
    let server = crate::probe::start::server_words(web);
    let rest: Vec<&str> = server.iter().map(String::as_str).collect();
    let rest = match rest.as_slice() {
        ["bundle", "exec", rest @ ..] => rest,
        rest => rest,
    };
    // `ruby --enable-yjit app.rb`: the options before the file are the interpreter's.
    let [ruby, args @ ..] = rest else {
        return Ok(Script::Other);
    };
    let Some(file) = args.iter().find(|a| !a.starts_with('-')) else {
        return Ok(Script::Other);
    };
    let file = file.trim_start_matches("./");
    if *ruby != "ruby" || !project.has(file) {
        return Ok(Script::Other);
    }
    let text = project.read_source(file)?;
    if let Some((p, line)) = crate::probe::port::find(&text) {
        let why = "port stated in the script the web process runs".to_string();
        return Ok(Script::Serves((p, format!("{file}:{line}"), why)));
    }
    if text.contains("sinatra") {
        let why = "Sinatra's own default port (classic app started with ruby)".to_string();
        return Ok(Script::Serves((
            app.ruby.classic_port,
            "detectors".to_string(),
            why,
        )));
    }
    let serves = app.ruby.listens.iter().any(|w| text.contains(w.as_str()));
    if serves || app.fw.is_some() || app.rack {
        return Ok(Script::Other);
    }
    Ok(Script::OneShot)
}

/// `-p 9000`, `--port 9000`, `-b tcp://0.0.0.0:9000`, `--bind=…` in a server command line.
fn command_port(cmd: &str) -> Option<u16> {
    let words = crate::manifest::split_words(cmd);
    words.iter().enumerate().find_map(|(i, w)| {
        let value = match w.as_str() {
            "-p" | "--port" | "-b" | "--bind" => words.get(i + 1)?.as_str(),
            w if w.starts_with("--port=") || w.starts_with("--bind=") => w.split_once('=')?.1,
            _ => return None,
        };
        value.rsplit(':').next()?.parse().ok()
    })
}
