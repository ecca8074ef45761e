//! Ruby plan, in the shape of Rails' own generated Dockerfile: gems installed by Bundler in deployment mode
//! into /usr/local/bundle on the slim Ruby image plus compilers, then bootsnap and asset precompilation in
//! the build stage; the runtime is the same slim image with only the shared libraries native gems load,
//! the gems and the app, run as a numeric non-root user that owns only the folders the app writes.

use super::RubyDetail;
use crate::facts::Facts;
use crate::plan::{apt_run, copy, env, run, workdir, Base, Instr, Stage, StageName, Step};
use crate::rules::Rules;

/// Where Bundler installs in deployment mode (the image's GEM_HOME too, so `gem install bundler` lands
/// there and travels with the gems).
const BUNDLE_PATH: &str = "/usr/local/bundle";
/// Folders a Rails app writes at run time: the only ones its user owns.
const RAILS_WRITABLE: &[&str] = &["db", "log", "storage", "tmp"];

pub(crate) fn stages(facts: &Facts, d: &RubyDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let settings = Settings::of(d);
    let mut stages = Vec::new();
    if let Some(node) = &d.node {
        stages.push(Stage {
            name: Some(StageName::Node),
            image: node.image.clone(),
            comment:
                "Node for the asset build, copied into the build stage (never into the runtime)"
                    .into(),
            steps: Vec::new(),
        });
    }
    stages.push(Stage {
        name: Some(StageName::Build),
        image: base.build.clone(),
        comment: "Build stage: compilers, headers and Bundler's downloads stay here".into(),
        steps: build_steps(facts, d, base, rules, &settings),
    });
    stages.push(Stage {
        name: None,
        image: base.runtime.clone(),
        comment: "Runtime: the same slim Ruby, the gems and the app, as a non-root user".into(),
        steps: runtime_steps(facts, d, base, settings),
    });
    stages
}

/// What both stages share: the app's folder, the app's environment that the build steps (assets,
/// bootsnap) need too, and Bundler's own settings.
struct Settings<'a> {
    dir: &'static str,
    app_env: Vec<(&'a str, String)>,
    bundle_env: Vec<(&'a str, String)>,
}

impl<'a> Settings<'a> {
    fn of(d: &'a RubyDetail) -> Settings<'a> {
        let mut bundle_env: Vec<(&str, String)> = Vec::new();
        if d.locked {
            bundle_env.push(("BUNDLE_DEPLOYMENT", "1".into()));
        }
        bundle_env.push(("BUNDLE_PATH", BUNDLE_PATH.into()));
        bundle_env.push(("BUNDLE_WITHOUT", "development:test".into()));
        let app_env = d
            .env
            .iter()
            .filter(|(k, _)| k.ends_with("_ENV"))
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        Settings {
            dir: if d.rails { "/rails" } else { "/app" },
            app_env,
            bundle_env,
        }
    }
}

/// The build stage: settings, compilers, Node when assets need it, the gems, the JavaScript dependencies,
/// the source, then boot caches and the app's build.
fn build_steps(
    facts: &Facts,
    d: &RubyDetail,
    base: &Base,
    rules: &Rules,
    settings: &Settings,
) -> Vec<Step> {
    let mut steps = vec![Step::then(workdir(settings.dir))];
    let mut build_env = settings.app_env.clone();
    build_env.extend(settings.bundle_env.iter().cloned());
    steps.push(Step::new(
        "Production settings: Bundler installs from the lockfile only, without development and test gems",
        env(&build_env),
    ));
    steps.push(Step::new(
        "Compilers and headers for gems with native extensions; apt's caches are mounts, not layers",
        apt(&d.build_packages),
    ));
    if let Some(node) = &d.node {
        steps.extend(node_steps(node, rules));
    }
    steps.extend(gem_steps(d, base));
    if let Some(node) = &d.node {
        if let Some(pm) = rules
            .stack(crate::stacks::node::ID)
            .package_manager(&node.rule)
        {
            steps.push(Step::new(
                "package.json and its lockfile, then the JavaScript dependencies the asset build uses",
                copy(None, &node.manifests, "./", None),
            ));
            steps.push(Step::then(run(&[&pm.install], &[pm.cache.as_str()])));
        }
    }
    steps.push(Step::new(
        "Then the source",
        copy(None, &[".".into()], ".", None),
    ));
    steps.extend(after_source(facts, d));
    steps
}

/// Node and npm (and corepack, for a package manager that needs it) copied from Node's official image.
fn node_steps(node: &super::RubyNode, rules: &Rules) -> Vec<Step> {
    let mut steps = vec![Step::new(
        "Node from its official image, for the package.json build that assets:precompile runs",
        copy(
            Some(StageName::Node),
            &["/usr/local/bin/node".into()],
            "/usr/local/bin/node",
            None,
        ),
    )];
    steps.push(Step::then(copy(
        Some(StageName::Node),
        &["/usr/local/lib/node_modules".into()],
        "/usr/local/lib/node_modules",
        None,
    )));
    let mut links = vec![
        "ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm".to_string(),
        "ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx".to_string(),
    ];
    let pm = rules
        .stack(crate::stacks::node::ID)
        .package_manager(&node.rule);
    if pm.is_some_and(|p| p.corepack) {
        links.push(
            "ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack".into(),
        );
        links.push("corepack enable".into());
    }
    steps.push(Step::then(run(
        &links.iter().map(String::as_str).collect::<Vec<_>>(),
        &[],
    )));
    steps
}

/// The lockfile's Bundler, the Gemfile, lockfile and vendored gems, then `bundle install`.
fn gem_steps(d: &RubyDetail, base: &Base) -> Vec<Step> {
    let mut steps = Vec::new();
    if let Some(v) = &d.bundler {
        steps.push(Step::new(
            "The Bundler release the lockfile was written with (the image ships another line)",
            run(&[&format!("gem install bundler -v {v} --no-document")], &[]),
        ));
    }
    steps.push(Step::new(
        "Gemfile and lockfile first: the gem layer survives source edits",
        copy(None, &d.manifests, "./", None),
    ));
    for v in &d.vendor {
        steps.push(Step::then(copy(
            None,
            std::slice::from_ref(v),
            &format!("./{v}/"),
            None,
        )));
    }
    // The .gem downloads live in the install path's cache folder: mounted, they are kept between builds
    // and never reach the layer. Git checkouts' history is dropped.
    let gem_cache = abi(&base.build).map(|a| format!("{BUNDLE_PATH}/ruby/{a}/cache"));
    let mut caches: Vec<&str> = gem_cache.iter().map(String::as_str).collect();
    caches.push("/root/.bundle/cache");
    let mut install = vec![
        "bundle install".to_string(),
        format!("rm -rf {BUNDLE_PATH}/ruby/*/bundler/gems/*/.git"),
    ];
    if d.bootsnap {
        install.push("bundle exec bootsnap precompile --gemfile".into());
    }
    steps.push(Step::then(run(
        &install.iter().map(String::as_str).collect::<Vec<_>>(),
        &caches,
    )));
    steps
}

/// One RUN (hadolint DL3059) once the source is in: boot caches for the app's code, then the build
/// (Rails' assets); none when there is neither.
fn after_source(facts: &Facts, d: &RubyDetail) -> Option<Step> {
    let mut after: Vec<&str> = Vec::new();
    if d.bootsnap {
        after.push("bundle exec bootsnap precompile app/ lib/");
    }
    if let Some(build) = &facts.build {
        after.push(build);
        if d.node.is_some() {
            // The JavaScript dependencies did their work in the asset build; the runtime never needs them.
            after.push("rm -rf node_modules");
        }
    }
    let why = match (d.bootsnap, facts.build.is_some()) {
        (true, true) => "Boot caches for the app's code, and the assets, compiled with a dummy secret so the app boots without its credentials",
        (true, false) => "Boot caches for the app's code, so the container starts faster",
        (false, true) => "The app's build step, once its gems and source are in",
        (false, false) => return None,
    };
    Some(Step::new(why, run(&after, &[])))
}

/// The runtime stage: settings, shared libraries, the user, the gems and the app, then the start.
fn runtime_steps(facts: &Facts, d: &RubyDetail, base: &Base, settings: Settings) -> Vec<Step> {
    let dir = settings.dir;
    let mut fin = vec![Step::then(workdir(dir))];
    let mut run_env = settings.app_env;
    run_env.extend(settings.bundle_env);
    run_env.extend(
        d.env
            .iter()
            .filter(|(k, _)| !k.ends_with("_ENV"))
            .map(|(k, v)| (k.as_str(), v.clone())),
    );
    if let (Some(var), Some(port)) = (&d.port_var, facts.port) {
        run_env.push((var.as_str(), port.to_string()));
    }
    fin.push(Step::new(
        "Production settings, where Bundler finds the gems, and the ports the server reads",
        env(&run_env),
    ));
    if !d.runtime_packages.is_empty() {
        fin.push(Step::new(
            "Only the shared libraries the app loads at run time; apt's caches are mounts, not layers",
            apt(&d.runtime_packages),
        ));
    }
    if let Some(lib) = &d.preload {
        fin.push(Step::new(
            "jemalloc as the allocator, as the framework's own Dockerfile does (less memory, steadier latency); the loader finds the bare name in this architecture's library folder",
            env(&[("LD_PRELOAD", lib.clone())]),
        ));
    }
    fin.extend(user_step(d, base));
    fin.push(Step::new(
        "The installed gems and the built app, read-only to the app's user",
        copy(
            Some(StageName::Build),
            &[BUNDLE_PATH.into()],
            BUNDLE_PATH,
            None,
        ),
    ));
    fin.push(Step::then(copy(
        Some(StageName::Build),
        &[dir.into()],
        dir,
        None,
    )));
    if d.rails {
        let dirs = RAILS_WRITABLE.join(" ");
        let owner = format!("{}:{}", base.user.uid, base.user.gid);
        fin.push(Step::new(
            "The user owns only what Rails writes: the database, logs, uploads and temporary files",
            run(
                &[
                    &format!("mkdir -p {dirs}"),
                    &format!("chown -R {owner} {dirs}"),
                ],
                &[],
            ),
        ));
    }
    fin.extend(start_steps(facts, d, base, dir));
    fin
}

/// The app's user, when the runtime image has none to use.
fn user_step(d: &RubyDetail, base: &Base) -> Option<Step> {
    if !base.create_user {
        return None;
    }
    let name = if d.rails { "rails" } else { "app" };
    let (uid, gid) = (base.user.uid, base.user.gid);
    Some(Step::new(
        "A dedicated user and group with fixed numeric ids",
        run(
            &[
                &format!("groupadd --system --gid {gid} {name}"),
                &format!("useradd {name} --uid {uid} --gid {gid} --create-home --shell /bin/bash"),
            ],
            &[],
        ),
    ))
}

/// USER, Rails' entrypoint, EXPOSE and the start command.
fn start_steps(facts: &Facts, d: &RubyDetail, base: &Base, dir: &str) -> Vec<Step> {
    let mut fin = vec![Step::new(
        "Run as an unprivileged numeric user so no step of the app runs as root",
        Instr::User {
            uid: base.user.uid,
            gid: base.user.gid,
        },
    )];
    if let Some(e) = &d.entrypoint {
        fin.push(Step::new(
            "Rails' entrypoint prepares the database, then execs the command",
            Instr::Start {
                entrypoint: true,
                argv: vec![format!("{dir}/{e}")],
            },
        ));
    }
    if let Some(port) = facts.port {
        fin.push(Step::new(
            "The port the server listens on, on all interfaces",
            Instr::Expose { port },
        ));
    }
    fin.push(Step::new(
        "Exec form: the server receives SIGTERM directly",
        Instr::Start {
            entrypoint: false,
            argv: facts.start.clone(),
        },
    ));
    fin
}

/// `apt-get install` of Debian packages (see [`apt_run`] for the caches and why versions are not pinned).
fn apt(packages: &[String]) -> Instr {
    apt_run(&[&format!(
        "apt-get install -y --no-install-recommends {}",
        packages.join(" ")
    )])
}

/// The Ruby ABI folder gems install under (`3.4.0` for Ruby 3.4), read from the image tag.
fn abi(image: &str) -> Option<String> {
    let tag = image.rsplit_once(':')?.1;
    let line = tag.split('-').next()?;
    let v = crate::version::Version::parse(line)?;
    Some(format!("{}.{}.0", v.major, v.minor?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn abi_follows_the_image_line() {
        assert_eq!(super::abi("ruby:3.4-slim-trixie").as_deref(), Some("3.4.0"));
        assert_eq!(
            super::abi("ruby:4.0-slim-bookworm").as_deref(),
            Some("4.0.0")
        );
        assert_eq!(super::abi("example.com/ruby"), None);
    }
}
