//! Ruby detector: the Gemfile.lock (parsed whole) and the Gemfile (scanned for `ruby` and `gem` lines,
//! never evaluated) say which gems the app runs on; a locked gem names the framework. Rails apps get Rails'
//! own production conventions (bootsnap, asset precompilation, Thruster, bin/docker-entrypoint); Rack apps
//! start from config.ru under Puma or rackup; a Procfile `web:` line overrides the start command.
//!
//! The detector claims a folder only for a Ruby web app (a Ruby framework, a config.ru, a Procfile `web:`
//! or a classic Sinatra file): a Node app carrying a Gemfile for tooling (fastlane, CocoaPods) stays Node.
//! How the app starts and which port it listens on is decided in [`super::start`]; the Debian packages
//! and the Node build its gems need in [`super::packages`].

use super::packages::{node_build, packages};
use super::RubyDetail;
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

/// What the detector read from the folder once, shared by every decision below and by [`super::start`].
pub(super) struct App<'a> {
    pub project: &'a Project,
    pub stack: &'a StackRules,
    pub ruby: &'a RubyRules,
    pub gemfile: Gemfile,
    pub lock: Option<Lockfile>,
    /// The file the gems were read from: the lockfile when there is one, else the Gemfile.
    pub gems_file: &'static str,
    pub fw: Option<&'a FrameworkRule>,
    /// A config.ru is present (a Rack app).
    pub rack: bool,
    /// The Procfile's `web:` command.
    pub procfile: Option<String>,
    /// A classic Sinatra file and the port it states (see [`super::start::classic_entry`]).
    pub classic: Option<(String, Option<(u16, String)>)>,
    pub rails: bool,
    /// Rails' binstub when the app has one, else the same command through Bundler.
    pub rails_bin: &'static str,
}

impl<'a> App<'a> {
    /// Read the Gemfile, its lockfile, the framework and the start signals; `None` without a Gemfile.
    fn read(project: &'a Project, stack: &'a StackRules) -> Result<Option<App<'a>>> {
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
        let fw = crate::probe::pick_framework(project, &stack.frameworks, has)?;
        let rack = project.has("config.ru");
        let procfile = project
            .read_opt("Procfile")?
            .and_then(|t| crate::manifest::procfile_web(&t));
        let classic = match fw {
            Some(f) if f.id == "sinatra" && !rack => super::start::classic_entry(project, stack)?,
            _ => None,
        };
        Ok(Some(App {
            project,
            stack,
            ruby,
            gems_file: if lock.is_some() {
                "Gemfile.lock"
            } else {
                "Gemfile"
            },
            gemfile,
            lock,
            fw,
            rack,
            procfile,
            classic,
            rails: fw.is_some_and(|f| f.id == "rails"),
            rails_bin: if project.has("bin/rails") {
                "./bin/rails"
            } else {
                "bundle exec rails"
            },
        }))
    }

    /// The gem is locked or named in the Gemfile.
    pub fn has(&self, gem: &str) -> bool {
        self.lock.as_ref().is_some_and(|l| l.has(gem)) || self.gemfile.has(gem)
    }

    /// Thruster fronts Puma: a Rails app with the gem and no Procfile command of its own.
    pub fn thrust(&self) -> bool {
        self.rails && self.has(&self.ruby.thruster.gem) && self.procfile.is_none()
    }

    /// Whether the folder is a Ruby web app: a framework, a config.ru or a Procfile `web:` running Ruby.
    /// `Ok(false)` leaves a Node app's tooling Gemfile to Node; an error when nothing says how it starts.
    fn claimed(&self) -> Result<bool> {
        // A Procfile claims the folder for Ruby only when its web process runs Ruby (not `node server.js`).
        let ruby_procfile = self.procfile.as_deref().is_some_and(|web| {
            let server = crate::probe::start::server_words(web);
            let first = server.first().map_or("", String::as_str);
            RUBY_COMMANDS.contains(&first.trim_start_matches("./"))
        });
        if self.fw.is_some() || self.rack || ruby_procfile {
            return Ok(true);
        }
        if self.project.has("package.json") {
            // A Gemfile beside a Node app is tooling (fastlane, CocoaPods): the folder is Node's.
            return Ok(false);
        }
        Err(Error::Unsupported {
            path: self.project.root.join("Gemfile"),
            message: "no Rails or Rack framework, no config.ru and no Procfile `web:` line: cannot tell how the app starts; add a config.ru or pass --start".into(),
        })
    }
}

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let Some(app) = App::read(project, stack)? else {
        return Ok(None);
    };
    if !app.claimed()? {
        return Ok(None);
    }
    let mut facts = Facts::new(".", crate::stacks::ruby::ID, PackageManager::BUNDLER);
    facts.because("stack", "ruby", "Gemfile", "Gemfile present");
    lockfile(&app, &mut facts);
    let line = versions(&app, &mut facts)?;
    let bundler = bundler(&app, &line, &mut facts);
    if let Some(f) = app.fw {
        crate::probe::record_framework(&mut facts, f, app.gems_file, "gem");
    }
    let mut env = framework_env(&app);
    let (bootsnap, assets) = rails_build(&app, &mut facts);

    let start = super::start::start(&app, &mut env, &mut facts)?;
    facts.because("start", start.argv.join(" "), start.source, start.why);
    facts.start = start.argv;
    match start.port {
        Some((port, port_source, port_why)) => {
            facts.port = Some(port);
            facts.because("port", port, port_source, port_why);
        }
        None => {
            let why = "the web process runs a script that names no server, socket or port";
            facts.because("port", "none", "Procfile", why);
        }
    }
    let port_var = port_var(&app);

    let entrypoint = entrypoint(&app, &mut facts);
    let (build_packages, runtime_packages, preload) =
        packages(&app, entrypoint.as_deref(), &mut facts)?;
    let manifests = manifests(&app);
    let vendor = vendor(&app, &mut facts);
    let node = node_build(&app, rules, &mut facts)?;
    package_json(&app, &mut facts);

    facts.detail = Detail::new(RubyDetail {
        manifests,
        vendor,
        locked: app.lock.is_some(),
        bundler,
        rails: app.rails,
        bootsnap,
        assets,
        build_packages,
        runtime_packages,
        preload,
        entrypoint,
        env,
        port_var,
        node,
    });
    Ok(Some(facts))
}

/// Bundler as the package manager, and the warnings a missing or macOS-only lockfile deserves.
fn lockfile(app: &App, facts: &mut Facts) {
    let Some(l) = &app.lock else {
        facts.because("package_manager", "bundler", "Gemfile", "Gemfile present");
        facts.warnings.push(
            "no Gemfile.lock: gem versions are resolved at build time and may drift; run `bundle lock` and commit Gemfile.lock"
                .into(),
        );
        return;
    };
    facts.because("package_manager", "bundler", "Gemfile.lock", "lockfile");
    // A lockfile resolved only for macOS or Windows fails `bundle install` in deployment mode on Linux.
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

/// The Ruby line, from the version sources in ruby.toml's order of trust; recorded as the toolchain.
fn versions(app: &App, facts: &mut Facts) -> Result<String> {
    let mut claims: Vec<(&str, Claim)> = Vec::new();
    if let Some(v) = app
        .project
        .read_opt(".ruby-version")?
        .and_then(|t| gemfile::ruby_version_file(&t))
    {
        claims.push((".ruby-version", Claim::Exact(v)));
    }
    if let Some(claim) = gemfile_ruby(app.project, &app.gemfile)? {
        claims.push(("Gemfile", claim));
    }
    if let Some(v) = app.lock.as_ref().and_then(|l| l.ruby_version.clone()) {
        claims.push(("Gemfile.lock", Claim::Exact(v)));
    }
    let toolchain = toolchain::resolve(app.project, &app.stack.toolchain, 2, &claims, facts)?;
    let line = toolchain.version.clone();
    facts.toolchain = Some(toolchain);
    Ok(line)
}

/// Bundler: the lockfile's release, installed first (`Some`) when the image ships another line.
fn bundler(app: &App, line: &str, facts: &mut Facts) -> Option<String> {
    let v = app.lock.as_ref().and_then(|l| l.bundled_with.as_deref())?;
    let image_line = app.ruby.image_bundler.get(line);
    let lock_line = Version::parse(v).map(|x| x.line(2));
    if image_line.is_some() && lock_line.as_ref() == image_line {
        facts.because(
            "bundler",
            v,
            "Gemfile.lock BUNDLED WITH",
            format!("the ruby {line} image ships Bundler {}; Bundler switches to the locked release itself", image_line.map_or(line, String::as_str)),
        );
        return None;
    }
    facts.because(
        "bundler",
        v,
        "Gemfile.lock BUNDLED WITH",
        match image_line {
            Some(l) => format!(
                "the ruby {line} image ships Bundler {l}: the locked release is installed first"
            ),
            None => {
                "the image's Bundler is not known: the locked release is installed first".into()
            }
        },
    );
    Some(v.to_string())
}

/// The framework's runtime environment; RACK_ENV=production for every app that is not Rails.
fn framework_env(app: &App) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    if let Some(f) = app.fw {
        env.extend(f.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if !app.rails {
        env.push(("RACK_ENV".into(), "production".into()));
    }
    env
}

/// Rails' build steps: bootsnap precompilation and the asset pipeline's build command, as `(bootsnap,
/// assets)`.
fn rails_build(app: &App, facts: &mut Facts) -> (bool, bool) {
    let in_production = |gem: &str| app.has(gem) && !app.gemfile.dev_only(gem);
    let bootsnap = app.rails && in_production("bootsnap");
    if bootsnap {
        facts.because(
            "bootsnap",
            "precompile",
            app.gems_file,
            "gem bootsnap: gems and app code precompiled at build time",
        );
    }
    let asset_gem = app.ruby.asset_gems.iter().find(|g| app.has(g));
    let assets = app.rails && asset_gem.is_some();
    if let (true, Some(f), Some(g)) = (assets, app.fw, asset_gem) {
        if let Some(build) = &f.build {
            let build = build.replace("./bin/rails", app.rails_bin);
            facts.because(
                "build",
                &build,
                app.gems_file,
                format!("gem {g}: the asset pipeline"),
            );
            facts.build = Some(build);
        }
    }
    (bootsnap, assets)
}

/// The variable the server reads its port from. Thruster sets Puma's PORT itself and listens on its own
/// variable; a Procfile command with a literal port ignores PORT.
fn port_var(app: &App) -> Option<String> {
    if app.thrust() {
        Some(app.ruby.thruster.port_var.clone())
    } else if app.procfile.is_none() || app.procfile.as_deref().is_some_and(|w| w.contains("PORT"))
    {
        Some("PORT".to_string())
    } else {
        None
    }
}

/// Rails' bin/docker-entrypoint, which prepares the database before the server starts.
fn entrypoint(app: &App, facts: &mut Facts) -> Option<String> {
    let entrypoint = (app.rails && app.project.has("bin/docker-entrypoint"))
        .then(|| "bin/docker-entrypoint".to_string());
    if let Some(e) = &entrypoint {
        facts.because(
            "entrypoint",
            e,
            e,
            "Rails' entrypoint (prepares the database before the server starts)",
        );
    }
    entrypoint
}

/// The files copied before the source: Gemfile, Gemfile.lock and the version file the Gemfile reads.
fn manifests(app: &App) -> Vec<String> {
    let mut manifests = vec!["Gemfile".to_string()];
    if app.lock.is_some() {
        manifests.push("Gemfile.lock".into());
    }
    if let Some((file, _)) = &app.gemfile.ruby_file {
        if app.project.has(file) && !manifests.contains(file) {
            manifests.push(file.clone());
        }
    }
    manifests
}

/// Folders of the project the Gemfile installs gems from (`path:`), copied with the manifests; a path
/// outside the build context is warned about.
fn vendor(app: &App, facts: &mut Facts) -> Vec<String> {
    let mut vendor: Vec<String> = Vec::new();
    for p in &app.gemfile.paths {
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
    vendor
}

/// A package.json beside the Gemfile: Hanami's uncompiled assets, and the ruby-over-node choice recorded.
fn package_json(app: &App, facts: &mut Facts) {
    if !app.project.has("package.json") {
        return;
    }
    if app.fw.is_some_and(|f| f.id == "hanami") {
        facts.warnings.push("Hanami's assets (package.json) are not compiled in the image: pass --build \"bundle exec hanami assets compile\" and add Node to the build stage, or serve them from elsewhere".into());
    }
    let why = match app.fw {
        Some(f) => format!(
            "a Gemfile with {} supersedes the package.json that builds its assets",
            f.name
        ),
        None => {
            "a Gemfile with a config.ru supersedes the package.json that builds its assets".into()
        }
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
