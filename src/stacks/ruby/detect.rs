//! Ruby detector: the Gemfile.lock (parsed whole) and the Gemfile (scanned for `ruby` and `gem` lines,
//! never evaluated) say which gems the app runs on; a locked gem names the framework. Rails apps get Rails'
//! own production conventions (bootsnap, asset precompilation, Thruster, bin/docker-entrypoint); Rack apps
//! start from config.ru under Puma or rackup; a Procfile `web:` line overrides the start command.
//!
//! The detector claims a folder only for a Ruby web app (a Ruby framework, a config.ru, a Procfile `web:`
//! or a classic Sinatra file): a Node app carrying a Gemfile for tooling (fastlane, CocoaPods) stays Node.

use super::{RubyDetail, RubyNode};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Ambiguity, Detail, Facts, PackageManager};
use crate::manifest::gemfile::{self, Gemfile, Lockfile};
use crate::probe::toolchain::{self, Claim};
use crate::rules::{FrameworkRule, RubyRules, Rules, StackRules};
use crate::scan::Project;
use crate::version::Version;

/// First words of a Procfile `web:` command that run Ruby.
const RUBY_COMMANDS: &[&str] = &[
    "bundle",
    "ruby",
    "puma",
    "rackup",
    "rails",
    "bin/rails",
    "thrust",
    "bin/thrust",
    "unicorn",
    "falcon",
    "iodine",
    "passenger",
    "hanami",
    "bin/hanami",
];

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let ruby = stack.ruby.as_ref().expect("ruby.toml has a [ruby] table");
    let Some(gemfile_text) = project.read_opt("Gemfile")? else {
        // A config.ru or a lockfile without a Gemfile: nothing Bundler can install from.
        return Ok(None);
    };
    let gemfile = Gemfile::scan(&gemfile_text);
    let lock = match project.read_opt("Gemfile.lock")? {
        Some(text) => Some(Lockfile::parse("Gemfile.lock", &text)?),
        None => None,
    };
    let has = |gem: &str| lock.as_ref().is_some_and(|l| l.has(gem)) || gemfile.has(gem);
    let gems_file = if lock.is_some() {
        "Gemfile.lock"
    } else {
        "Gemfile"
    };

    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| has(d))?;
    let rack = project.has("config.ru");
    let procfile = project
        .read_opt("Procfile")?
        .and_then(|t| crate::manifest::procfile_web(&t));
    let classic = match fw {
        Some(f) if f.id == "sinatra" && !rack => classic_entry(project, stack)?,
        _ => None,
    };
    // A Procfile claims the folder for Ruby only when its web process runs Ruby (not `node server.js`).
    let ruby_procfile = procfile.as_deref().is_some_and(|web| {
        let server = crate::probe::start::server_words(web);
        let first = server.first().map_or("", String::as_str);
        RUBY_COMMANDS.contains(&first.trim_start_matches("./"))
    });
    if fw.is_none() && !rack && !ruby_procfile {
        if project.has("package.json") {
            // A Gemfile beside a Node app is tooling (fastlane, CocoaPods): the folder is Node's.
            return Ok(None);
        }
        return Err(Error::Unsupported {
            path: project.root.join("Gemfile"),
            message: "no Rails or Rack framework, no config.ru and no Procfile `web:` line: cannot tell how the app starts; add a config.ru or pass --start".into(),
        });
    }

    let mut facts = Facts::new(".", crate::stacks::ruby::ID, PackageManager::BUNDLER);
    facts.because("stack", "ruby", "Gemfile", "Gemfile present");
    let locked = lock.is_some();
    if locked {
        facts.because("package_manager", "bundler", "Gemfile.lock", "lockfile");
    } else {
        facts.because("package_manager", "bundler", "Gemfile", "Gemfile present");
        facts.warnings.push(
            "no Gemfile.lock: gem versions are resolved at build time and may drift; run `bundle lock` and commit Gemfile.lock"
                .into(),
        );
    }

    // A lockfile resolved only for macOS or Windows fails `bundle install` in deployment mode on Linux.
    if let Some(l) = &lock {
        if !l.platforms.is_empty()
            && !l
                .platforms
                .iter()
                .any(|p| p == "ruby" || p.contains("linux"))
        {
            facts.warnings.push(format!(
                "Gemfile.lock is resolved only for {}: Bundler in deployment mode refuses to install on Linux; run `bundle lock --add-platform x86_64-linux aarch64-linux` and commit Gemfile.lock",
                l.platforms.join(", ")
            ));
        }
    }

    // Version sources, in ruby.toml's order of trust.
    let mut claims: Vec<(&str, Claim)> = Vec::new();
    if let Some(v) = project
        .read_opt(".ruby-version")?
        .and_then(|t| gemfile::ruby_version_file(&t))
    {
        claims.push((".ruby-version", Claim::Exact(v)));
    }
    if let Some(claim) = gemfile_ruby(project, &gemfile)? {
        claims.push(("Gemfile", claim));
    }
    if let Some(v) = lock.as_ref().and_then(|l| l.ruby_version.clone()) {
        claims.push(("Gemfile.lock", Claim::Exact(v)));
    }
    let toolchain = toolchain::resolve(project, &stack.toolchain, 2, &claims, &mut facts)?;
    let line = toolchain.version.clone();
    facts.toolchain = Some(toolchain);

    // Bundler: the lockfile's release, installed first when the image ships another line.
    let mut bundler = None;
    if let Some(v) = lock.as_ref().and_then(|l| l.bundled_with.as_deref()) {
        let image_line = ruby.image_bundler.get(&line);
        let lock_line = Version::parse(v).map(|x| x.line(2));
        if image_line.is_some() && lock_line.as_ref() == image_line {
            facts.because(
                "bundler",
                v,
                "Gemfile.lock BUNDLED WITH",
                format!("the ruby {line} image ships Bundler {}; Bundler switches to the locked release itself", image_line.unwrap_or(&line)),
            );
        } else {
            facts.because(
                "bundler",
                v,
                "Gemfile.lock BUNDLED WITH",
                match image_line {
                    Some(l) => format!("the ruby {line} image ships Bundler {l}: the locked release is installed first"),
                    None => "the image's Bundler is not known: the locked release is installed first".into(),
                },
            );
            bundler = Some(v.to_string());
        }
    }

    if let Some(f) = fw {
        crate::probe::record_framework(&mut facts, f, gems_file, "gem");
    }
    let rails = fw.is_some_and(|f| f.id == "rails");
    let mut env: Vec<(String, String)> = Vec::new();
    if let Some(f) = fw {
        env.extend(f.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if !rails {
        env.push(("RACK_ENV".into(), "production".into()));
    }

    // Rails' build steps.
    let in_production = |gem: &str| has(gem) && !gemfile.dev_only(gem);
    let bootsnap = rails && in_production("bootsnap");
    if bootsnap {
        facts.because(
            "bootsnap",
            "precompile",
            gems_file,
            "gem bootsnap: gems and app code precompiled at build time",
        );
    }
    let rails_bin = if project.has("bin/rails") {
        "./bin/rails"
    } else {
        "bundle exec rails"
    };
    let asset_gem = ruby.asset_gems.iter().find(|g| has(g));
    let assets = rails && asset_gem.is_some();
    if let (true, Some(f), Some(g)) = (assets, fw, asset_gem) {
        if let Some(build) = &f.build {
            let build = build.replace("./bin/rails", rails_bin);
            facts.because(
                "build",
                &build,
                gems_file,
                format!("gem {g}: the asset pipeline"),
            );
            facts.build = Some(build);
        }
    }

    // Start command and port.
    let puma_port = match project.read_source_opt("config/puma.rb")? {
        Some(text) => {
            crate::probe::port::find(&text).map(|(p, l)| (p, format!("config/puma.rb:{l}")))
        }
        None => None,
    };
    let thruster = &ruby.thruster;
    let thrust = rails && has(&thruster.gem) && procfile.is_none();
    // The port: stated in the Procfile's command, else Puma's configuration, else the framework's.
    let default_port = fw.map_or(stack.default_port, |f| f.port);
    let fw_default = (
        default_port,
        "detectors".to_string(),
        format!("{} default port", fw.map_or("Rack", |f| f.name.as_str())),
    );
    let from_puma =
        |p: &(u16, String)| (p.0, p.1.clone(), "port in Puma's configuration".to_string());
    let (start, start_source, why, port): (Vec<String>, String, String, (u16, String, String)) =
        if let Some(web) = &procfile {
            let port = match command_port(web) {
                Some(p) => (
                    p,
                    "Procfile".to_string(),
                    "port in the web command".to_string(),
                ),
                None => match script_port(project, web, ruby.classic_port)? {
                    Some(p) => p,
                    None => puma_port.as_ref().map_or(fw_default, from_puma),
                },
            };
            // The shared Procfile step (probe::procfile) turns this into exec form with $PORT filled in,
            // or refuses what needs a shell, naming the line.
            let start = crate::manifest::split_words(web);
            (start, "Procfile".into(), "web process".into(), port)
        } else if thrust {
            // Rails' binstubs when the app has them, else the same commands through Bundler.
            let mut start: Vec<String> = Vec::new();
            for w in &thruster.start {
                match w.as_str() {
                    "./bin/thrust" if !project.has("bin/thrust") => {
                        start.extend(words(&["bundle", "exec", "thrust"]))
                    }
                    "./bin/rails" if rails_bin != "./bin/rails" => {
                        start.extend(words(&["bundle", "exec", "rails"]))
                    }
                    _ => start.push(w.clone()),
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
                gems_file.to_string(),
                "Thruster's HTTP_PORT, moved off 80 so a non-root user can bind it".to_string(),
            );
            (start, gems_file.into(), why, port)
        } else if rails {
            let mut start: Vec<String> = fw.map(|f| f.start.clone()).unwrap_or_default();
            if rails_bin != "./bin/rails" {
                start.splice(0..1, ["bundle".into(), "exec".into(), "rails".into()]);
            }
            let port = puma_port.as_ref().map_or(fw_default, from_puma);
            (
                start,
                "bin/rails".into(),
                "Rails' own server, on all interfaces".into(),
                port,
            )
        } else if rack {
            let port = puma_port.as_ref().map_or(fw_default, from_puma);
            let n = port.0;
            if has("puma") {
                let start = words(&[
                    "bundle",
                    "exec",
                    "puma",
                    "-b",
                    &format!("tcp://0.0.0.0:{n}"),
                ]);
                (
                    start,
                    "config.ru".into(),
                    "Rack app served by Puma, one of its gems".into(),
                    port,
                )
            } else if has("unicorn") {
                // rackup cannot load unicorn as a handler: unicorn starts with its own command.
                let start = words(&["bundle", "exec", "unicorn", "-l", &format!("0.0.0.0:{n}")]);
                (
                    start,
                    "config.ru".into(),
                    "Rack app served by Unicorn, one of its gems".into(),
                    port,
                )
            } else {
                let rack3 = lock
                    .as_ref()
                    .and_then(|l| l.version_of("rack"))
                    .and_then(Version::parse)
                    .is_some_and(|v| v.major >= 3);
                if rack3 && !has("rackup") {
                    facts.warnings.push("rack 3 without the rackup gem: `rackup` is not installed; add `gem \"puma\"` (or `gem \"rackup\"`) to the Gemfile".into());
                }
                let start = words(&[
                    "bundle",
                    "exec",
                    "rackup",
                    "-o",
                    "0.0.0.0",
                    "-p",
                    &n.to_string(),
                ]);
                (
                    start,
                    "config.ru".into(),
                    "Rack app served by rackup (Puma is not among its gems)".into(),
                    port,
                )
            }
        } else if let Some((entry, stated)) = &classic {
            let port = match stated {
                Some((p, src)) => (*p, src.clone(), "port stated in the app".to_string()),
                None => (
                    ruby.classic_port,
                    "detectors".to_string(),
                    "Sinatra's own default port".to_string(),
                ),
            };
            let n = port.0.to_string();
            let start = words(&["bundle", "exec", "ruby", entry, "-o", "0.0.0.0", "-p", &n]);
            (
                start,
                entry.clone(),
                "classic Sinatra app started with ruby".into(),
                port,
            )
        } else {
            let name = fw.map_or("Ruby", |f: &FrameworkRule| f.name.as_str());
            return Err(Error::Unsupported {
                path: project.root.join("Gemfile"),
                message: format!("{name} app without a config.ru or Procfile `web:` line: cannot tell how it starts; add a config.ru or pass --start"),
            });
        };
    facts.because("start", start.join(" "), start_source, why);
    facts.start = start;
    facts.port = Some(port.0);
    facts.because("port", port.0, port.1, port.2);
    // Thruster sets Puma's PORT itself and listens on its own variable; a Procfile command with a literal
    // port ignores PORT.
    let port_var = if thrust {
        Some(thruster.port_var.clone())
    } else if procfile.is_none() || procfile.as_deref().is_some_and(|w| w.contains("PORT")) {
        Some("PORT".to_string())
    } else {
        None
    };

    let entrypoint = (rails && project.has("bin/docker-entrypoint"))
        .then(|| "bin/docker-entrypoint".to_string());
    if let Some(e) = &entrypoint {
        facts.because(
            "entrypoint",
            e,
            e,
            "Rails' entrypoint (prepares the database before the server starts)",
        );
    }

    // System packages for native gems left in by BUNDLE_WITHOUT.
    let (build_packages, mut runtime_packages) =
        packages(ruby, &has, &gemfile, &mut facts, gems_file);
    if let Some(e) = &entrypoint {
        if project
            .read_source(e)?
            .lines()
            .any(|l| l.contains("jemalloc") && !l.trim_start().starts_with('#'))
        {
            runtime_packages.push(ruby.jemalloc.clone());
            facts.because(
                "packages",
                &ruby.jemalloc,
                e,
                "the entrypoint preloads jemalloc",
            );
        }
    }

    let mut manifests = vec!["Gemfile".to_string()];
    if locked {
        manifests.push("Gemfile.lock".into());
    }
    if let Some((file, _)) = &gemfile.ruby_file {
        if project.has(file) && !manifests.contains(file) {
            manifests.push(file.clone());
        }
    }
    // Gems installed from folders of the project (`path:`) are copied with the manifests.
    let mut vendor: Vec<String> = Vec::new();
    for p in &gemfile.paths {
        let p = p.trim_start_matches("./").trim_end_matches('/');
        if crate::manifest::shell_word("Gemfile", "gem path", p, true).is_err() {
            facts.warnings.push(format!(
                "the Gemfile installs a gem from `{p}`, outside the build context: `bundle install` in the image cannot reach it"
            ));
        } else if !vendor
            .iter()
            .any(|v| p == v || p.starts_with(&format!("{v}/")))
        {
            vendor.push(p.to_string());
        }
    }

    let node = node_build(project, rules, ruby, &has, &mut facts)?;
    if fw.is_some_and(|f| f.id == "hanami") && project.has("package.json") {
        facts.warnings.push("Hanami's assets (package.json) are not compiled in the image: pass --build \"bundle exec hanami assets compile\" and add Node to the build stage, or serve them from elsewhere".into());
    }
    if project.has("package.json") {
        let why = match fw {
            Some(f) => format!(
                "a Gemfile with {} supersedes the package.json that builds its assets",
                f.name
            ),
            None => "a Gemfile with a config.ru supersedes the package.json that builds its assets"
                .into(),
        };
        facts
            .warnings
            .push(format!("also found package.json; chose ruby because {why}"));
        facts.ambiguities.push(Ambiguity {
            what: crate::facts::AmbiguityKind::Stack,
            candidates: vec!["ruby".into(), "node".into()],
            chosen: "ruby".into(),
            rule: why,
        });
    }

    facts.detail = Detail::new(RubyDetail {
        manifests,
        vendor,
        locked,
        bundler,
        rails,
        bootsnap,
        assets,
        build_packages,
        runtime_packages,
        entrypoint,
        env,
        port_var,
        node,
    });
    Ok(Some(facts))
}

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

/// The Gemfile's `ruby` directive: a version (`"3.4.4"`, `"~> 3.3.0"` → that line; `">= 3.2"` a floor), or
/// the file `ruby file:` names.
fn gemfile_ruby(project: &Project, gemfile: &Gemfile) -> Result<Option<Claim>> {
    if let Some((file, _)) = &gemfile.ruby_file {
        let Some(text) = project.read_opt(file)? else {
            return Ok(None);
        };
        let v = if file.ends_with(".tool-versions") {
            crate::manifest::tool_versions::asdf(&text, "ruby")
        } else {
            gemfile::ruby_version_file(&text)
        };
        return Ok(v.map(Claim::Exact));
    }
    let Some((req, _)) = &gemfile.ruby else {
        return Ok(None);
    };
    let req = req.trim();
    Ok(Some(if let Some(v) = req.strip_prefix(">=") {
        Claim::Floor(v.trim().to_string())
    } else {
        Claim::Exact(
            req.trim_start_matches(['~', '>', '=', ' '])
                .trim()
                .to_string(),
        )
    }))
}

/// A classic Sinatra file (`require "sinatra"` at the top level) and the port it sets, if any.
#[allow(clippy::type_complexity)]
fn classic_entry(
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

/// `-p 9000`, `--port 9000`, `-b tcp://0.0.0.0:9000`, `--bind=…` in a server command line.
/// The port of a server started as a script (`ruby server.rb`, `bundle exec ruby app.rb`): stated in the
/// script, else Sinatra's own default when the script is a classic Sinatra app. None for any other start
/// (rackup, puma, rails), whose port the framework or Puma's configuration gives.
fn script_port(
    project: &Project,
    web: &str,
    classic_port: u16,
) -> Result<Option<(u16, String, String)>> {
    let server = crate::probe::start::server_words(web);
    let rest: Vec<&str> = server.iter().map(String::as_str).collect();
    let rest = match rest.as_slice() {
        ["bundle", "exec", rest @ ..] => rest,
        rest => rest,
    };
    let [ruby, file, ..] = rest else {
        return Ok(None);
    };
    let file = file.trim_start_matches("./");
    if *ruby != "ruby" || !project.has(file) {
        return Ok(None);
    }
    let text = project.read_source(file)?;
    if let Some((p, line)) = crate::probe::port::find(&text) {
        let why = "port stated in the script the web process runs".to_string();
        return Ok(Some((p, format!("{file}:{line}"), why)));
    }
    Ok(text.contains("sinatra").then(|| {
        let why = "Sinatra's own default port (classic app started with ruby)".to_string();
        (classic_port, "detectors".to_string(), why)
    }))
}

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

/// The Debian packages native gems need: compilers and headers in the build stage, shared libraries at
/// run time. Gems the Gemfile puts only in development or test are left out, as Bundler leaves them out.
fn packages(
    ruby: &RubyRules,
    has: &dyn Fn(&str) -> bool,
    gemfile: &Gemfile,
    facts: &mut Facts,
    source: &str,
) -> (Vec<String>, Vec<String>) {
    let mut build = ruby.build_packages.clone();
    let mut runtime: Vec<String> = Vec::new();
    for row in &ruby.native_gems {
        if !has(&row.gem) || gemfile.dev_only(&row.gem) || row.direct_only && !gemfile.has(&row.gem)
        {
            continue;
        }
        for p in &row.build {
            if !build.contains(p) {
                build.push(p.clone());
            }
        }
        for p in &row.runtime {
            if !runtime.contains(p) {
                runtime.push(p.clone());
            }
        }
        let mut all: Vec<&str> = row.build.iter().map(String::as_str).collect();
        all.extend(row.runtime.iter().map(String::as_str));
        facts.because(
            "packages",
            all.join(" "),
            source,
            format!(
                "gem {}: native extension (build headers / runtime libraries)",
                row.gem
            ),
        );
    }
    (build, runtime)
}

/// Node in the build stage when the asset build runs a package.json script (jsbundling, cssbundling).
fn node_build(
    project: &Project,
    rules: &Rules,
    ruby: &RubyRules,
    has: &dyn Fn(&str) -> bool,
    facts: &mut Facts,
) -> Result<Option<RubyNode>> {
    let Some(gem) = ruby.node_gems.iter().find(|g| has(g)) else {
        return Ok(None);
    };
    let Some(text) = project.read_opt("package.json")? else {
        return Ok(None);
    };
    let pkg = crate::manifest::package_json::PackageJson::parse("package.json", &text)?;
    if !pkg.scripts.contains_key("build") && !pkg.scripts.contains_key("build:css") {
        return Ok(None);
    }
    let node = rules.stack(crate::stacks::node::ID);
    let mut version = node.toolchain.default.clone();
    let mut source = "default".to_string();
    for file in [".nvmrc", ".node-version"] {
        if let Some(v) = project
            .read_opt(file)?
            .and_then(|t| crate::manifest::tool_versions::single_line(&t))
            .and_then(|v| Version::parse(v.trim_start_matches('v')))
        {
            version = v.major.to_string();
            source = file.to_string();
            break;
        }
    }
    let Some((image, _)) = rules
        .images
        .build_image(rules.build_family(crate::stacks::node::ID), &version)
    else {
        return Ok(None);
    };
    let berry = project.has(".yarnrc.yml");
    let Some(pm) = node.package_managers.iter().find(|p| {
        p.id != "bun"
            && p.lockfiles.iter().any(|l| project.has(l))
            && (p.id != "yarn" || !berry)
            && (p.id != "yarn-berry" || berry)
    }) else {
        facts.warnings.push(format!(
            "gem {gem} builds with package.json but no npm, yarn or pnpm lockfile is present: the build installs nothing first; commit the lockfile"
        ));
        return Ok(None);
    };
    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(
        pm.lockfiles
            .iter()
            .chain(&pm.extra_files)
            .filter(|f| project.has(f))
            .cloned(),
    );
    facts.because(
        "node",
        format!("node {version} ({})", pm.id),
        if source == "default" {
            "package.json".to_string()
        } else {
            source
        },
        format!("gem {gem}: assets:precompile runs the package.json build script"),
    );
    Ok(Some(RubyNode {
        image,
        rule: pm.id.clone(),
        manifests,
    }))
}
