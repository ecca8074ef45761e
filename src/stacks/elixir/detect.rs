//! Elixir detector: mix.exs (scanned, never evaluated) for the app, the Elixir requirement, dependencies,
//! aliases and releases; mix.lock; the Elixir line and OTP major from .tool-versions / mise.toml
//! ([`super::versions`]); the framework; the port from config/runtime.exs or the server's child spec
//! ([`super::config`]); how the release starts.

use super::ElixirDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::mix::{parse_lock, LockEntry, MixProject};
use crate::rules::{Rules, StackRules};
use crate::scan::Project;

/// The plan reads the published (elixir, OTP) pairs from here.
pub(crate) use super::versions::published;

/// Dependencies that compile C through a NIF (elixir_make is what they build with): the build stage
/// needs a C toolchain.
const NIF_DEPS: &[&str] = &[
    "elixir_make",
    "bcrypt_elixir",
    "argon2_elixir",
    "exqlite",
    "ecto_sqlite3",
    "bcrypt",
];

/// Config files the release reads at boot rather than at compile time, or that prod never reads.
const NOT_COMPILE_CONFIG: &[&str] = &["runtime.exs", "dev.exs", "test.exs"];

/// The manifest every Elixir app has.
const FILE: &str = "mix.exs";

/// mix.exs as read, with an umbrella's apps folded in, and the release it builds.
struct App {
    mix: MixProject,
    /// An umbrella's app folders (`apps/shop`); empty for a single app.
    children: Vec<String>,
    /// The umbrella app that defines `assets.deploy` (`apps/shop_web/`); empty otherwise.
    assets_app: String,
    release: String,
    /// The mix.exs line that names the release (or the app it is named after).
    release_line: usize,
}

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let Some(app) = read_app(project)? else {
        return Ok(None);
    };
    let mix = &app.mix;
    let mut facts = Facts::new(".", crate::stacks::elixir::ID, PackageManager::MIX);
    facts.because("stack", "elixir", FILE, "mix.exs present");
    if let Some((dir, line)) = &mix.apps_path {
        facts.because(
            "umbrella",
            app.children.join(" "),
            format!("{FILE}:{line}"),
            format!("apps_path: \"{dir}\""),
        );
    }
    let lock = lockfile(project, mix, &mut facts)?;
    let (otp, otp_pinned) = super::versions::versions(project, stack, rules, mix, &mut facts)?;
    let env = framework(project, stack, mix, &mut facts)?;
    let phoenix = facts.framework.as_deref() == Some("phoenix");
    let build_packages = build_packages(mix, lock.as_deref(), &mut facts);
    let (assets_setup, assets_deploy) = build(project, &app, &mut facts);
    start(project, &app, &mut facts);
    let code_dir = match &mix.apps_path {
        Some((dir, _)) => format!("{dir}/"),
        None => "lib/".into(),
    };
    super::config::port(project, stack, &code_dir, phoenix, &mut facts)?;
    super::config::runtime_warnings(project, &mut facts)?;
    let compile_config = compile_config(project);
    let sources = sources(project, mix, assets_deploy, &mut facts);
    facts.detail = Detail::new(ElixirDetail {
        otp,
        otp_pinned,
        locked: lock.is_some(),
        child_manifests: app
            .children
            .iter()
            .map(|c| format!("{c}/mix.exs"))
            .collect(),
        app: app.release,
        compile_config,
        runtime_config: project.has("config/runtime.exs"),
        sources,
        assets_setup,
        assets_deploy,
        build_packages,
        env,
    });
    Ok(Some(facts))
}

/// mix.exs parsed, its umbrella apps folded in and the release named; `None` without a mix.exs.
fn read_app(project: &Project) -> Result<Option<App>> {
    if !project.has(FILE) {
        return Ok(None);
    }
    let text = project.read(FILE)?;
    let mix = MixProject::parse(FILE, &text)?;
    let app = match mix.apps_path.clone() {
        Some((dir, line)) => umbrella(project, mix, &dir, line)?,
        None => single_app(&text, mix)?,
    };
    crate::manifest::shell_word(FILE, "release name", &app.release, false)?;
    Ok(Some(app))
}

/// A single app: the release is the one `releases:` names, else the app's own name.
fn single_app(text: &str, mix: MixProject) -> Result<App> {
    let Some((app, app_line)) = mix.app.clone() else {
        return Err(Error::manifest_at(
            FILE,
            text,
            None,
            "no `app: :name` in project/0 that dockgen can read; the release is named after it (pass --start to name the release's binary)",
        ));
    };
    crate::manifest::shell_word(FILE, "app name", &app, false)?;
    Ok(App {
        release: mix.release.clone().unwrap_or(app),
        release_line: app_line,
        mix,
        children: Vec::new(),
        assets_app: String::new(),
    })
}

/// An umbrella: its apps' dependencies and aliases count as the project's, the release is the one its
/// root names, and the apps folder is the code.
fn umbrella(project: &Project, mut mix: MixProject, dir: &str, line: usize) -> Result<App> {
    let children = umbrella_apps(project, dir, line)?;
    let mut assets_app = String::new();
    for child in &children {
        let path = format!("{child}/mix.exs");
        let cm = MixProject::parse(&path, &project.read(&path)?)?;
        if cm.has_alias("assets.deploy") && assets_app.is_empty() {
            assets_app = format!("{child}/");
        }
        mix.deps.extend(cm.deps);
        mix.aliases.extend(cm.aliases);
        // The apps state the Elixir requirement when the umbrella's root does not.
        if mix.elixir.is_none() {
            mix.elixir = cm.elixir;
        }
    }
    let Some(release) = mix.release.clone() else {
        let why = match mix.releases {
            Some(at) => format!("line {at}: cannot read the release's name from `releases:`; name it inline (`releases: [shop: [applications: [...]]]`)"),
            None => format!("line {line}: an umbrella project without `releases:`: `mix release` needs the root to name the release and its apps; add `releases: [shop: [applications: [shop: :permanent, shop_web: :permanent]]]`"),
        };
        return Err(Error::Unsupported {
            path: project.root.join(FILE),
            message: why,
        });
    };
    Ok(App {
        release,
        release_line: mix.releases.unwrap_or(line),
        mix,
        children,
        assets_app,
    })
}

/// The umbrella's app folders (`apps/<name>` with a mix.exs); an error when there are none.
fn umbrella_apps(project: &Project, dir: &str, line: usize) -> Result<Vec<String>> {
    crate::manifest::shell_word(FILE, "apps_path", dir, true)?;
    let prefix = format!("{dir}/");
    let mut children = Vec::new();
    for f in project.files() {
        let Some((child, "mix.exs")) = f.strip_prefix(&prefix).and_then(|r| r.split_once('/'))
        else {
            continue;
        };
        let dir = format!("{prefix}{child}");
        crate::manifest::shell_word(FILE, "umbrella app folder", &dir, true)?;
        children.push(dir);
    }
    if children.is_empty() {
        return Err(Error::Unsupported {
            path: project.root.join(FILE),
            message: format!("line {line}: an umbrella project (`apps_path: \"{dir}\"`) with no app under {dir}/ that has a mix.exs"),
        });
    }
    Ok(children)
}

/// mix.lock parsed, with Mix recorded as the package manager; a warning when dependencies are unpinned.
fn lockfile(
    project: &Project,
    mix: &MixProject,
    facts: &mut Facts,
) -> Result<Option<Vec<LockEntry>>> {
    let lock: Option<Vec<LockEntry>> = match project.read_opt("mix.lock")? {
        Some(t) => Some(parse_lock("mix.lock", &t)?),
        None => None,
    };
    match &lock {
        Some(_) => facts.because("package_manager", "mix", "mix.lock", "lockfile"),
        None => {
            facts.because("package_manager", "mix", FILE, "Mix fetches Hex packages");
            if !mix.deps.is_empty() {
                facts.warnings.push(
                    "no mix.lock: dependency versions are not pinned; run `mix deps.get` and commit mix.lock"
                        .into(),
                );
            }
        }
    }
    Ok(lock)
}

/// The framework, from the dependencies the release includes; returns its runtime environment.
fn framework(
    project: &Project,
    stack: &StackRules,
    mix: &MixProject,
    facts: &mut Facts,
) -> Result<Vec<(String, String)>> {
    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| mix.depends_on(d))?;
    let mut env = Vec::new();
    if let Some(fw) = fw {
        let source = mix
            .deps
            .iter()
            .find(|d| fw.dependencies.contains(&d.name))
            .map_or(FILE.to_string(), |d| format!("{}:{}", d.file, d.line));
        crate::probe::record_framework(facts, fw, source, "dependency");
        env.extend(fw.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(env)
}

/// Build-stage packages the dependencies a release includes need (the lock lists every environment's):
/// git for git dependencies, a C toolchain for NIFs; a warning for Rust NIFs.
fn build_packages(mix: &MixProject, lock: Option<&[LockEntry]>, facts: &mut Facts) -> Vec<String> {
    let roots: Vec<&str> = mix
        .deps
        .iter()
        .filter(|d| !d.dev_only)
        .map(|d| d.name.as_str())
        .collect();
    let closure = lock
        .map(|l| crate::manifest::mix::prod_closure(l, &roots))
        .unwrap_or_default();
    let in_lock = |name: &str| closure.iter().any(|e| e.name == name);
    let mut build_packages = Vec::new();
    let git_dep = mix.deps.iter().find(|d| d.git && !d.dev_only);
    let git_lock = closure.iter().find(|e| e.source == "git");
    if let Some(src) = git_dep
        .map(|d| format!("{}:{}", d.file, d.line))
        .or_else(|| git_lock.map(|e| format!("mix.lock:{}", e.line)))
    {
        build_packages.push("git".to_string());
        facts.because("build_packages", "git", src, "a git dependency");
    }
    if let Some(nif) = NIF_DEPS.iter().find(|n| mix.depends_on(n) || in_lock(n)) {
        build_packages.push("build-essential".to_string());
        facts.because(
            "build_packages",
            "build-essential",
            if in_lock(nif) { "mix.lock" } else { FILE },
            format!("{nif} compiles C"),
        );
    }
    if (mix.depends_on("rustler") || in_lock("rustler")) && !in_lock("rustler_precompiled") {
        facts.warnings.push(
            "rustler compiles Rust NIFs: the build stage needs a Rust toolchain, which dockgen does not install; add one or use rustler_precompiled".into(),
        );
    }
    build_packages
}

/// The build command (compile, Phoenix's assets through the mix aliases, release), as `(assets.setup,
/// assets.deploy)` aliases present.
fn build(project: &Project, app: &App, facts: &mut Facts) -> (bool, bool) {
    let mix = &app.mix;
    let assets_deploy = mix.has_alias("assets.deploy");
    let assets_setup = mix.has_alias("assets.setup");
    if assets_deploy {
        facts.because(
            "build",
            "mix assets.deploy",
            FILE,
            "the assets.deploy alias",
        );
        facts.warnings.push(
            "`mix assets.deploy` downloads the esbuild and tailwind binaries during the build (from npm's registry and GitHub): the build needs that network access".into(),
        );
        let assets_app = &app.assets_app;
        if project.has(&format!("{assets_app}assets/package.json")) {
            facts.warnings.push(format!(
                "{assets_app}assets/package.json: its npm packages are not installed (the build image has no Node); vendor them under assets/vendor, or add an npm step before `mix assets.deploy`"
            ));
        }
    }
    let mut build = vec!["mix compile".to_string()];
    if assets_deploy {
        build.push("mix assets.deploy".into());
    }
    build.push("mix release".into());
    facts.build = Some(build.join(" && "));
    match mix.releases {
        None => facts.because(
            "build",
            "mix release",
            FILE,
            "no `releases:` entry: the default release named after the app",
        ),
        Some(line) => facts.because(
            "build",
            format!("mix release ({})", app.release),
            format!("{FILE}:{line}"),
            "releases:",
        ),
    }
    (assets_setup, assets_deploy)
}

/// How the release starts: phx.gen.release's bin/server when present, else the release's own script.
fn start(project: &Project, app: &App, facts: &mut Facts) {
    let server = project.has("rel/overlays/bin/server");
    facts.start = if server {
        facts.because(
            "start",
            "/app/bin/server",
            "rel/overlays/bin/server",
            "mix phx.gen.release's start script",
        );
        vec!["/app/bin/server".into()]
    } else {
        let start = vec![format!("/app/bin/{}", app.release), "start".into()];
        facts.because(
            "start",
            start.join(" "),
            format!("{FILE}:{}", app.release_line),
            "the release's own script",
        );
        start
    };
}

/// config/*.exs files `mix compile` reads (not runtime.exs, nor dev/test), copied before the code.
fn compile_config(project: &Project) -> Vec<String> {
    project
        .files()
        .filter(|f| {
            f.strip_prefix("config/").is_some_and(|n| {
                !n.contains('/') && n.ends_with(".exs") && !NOT_COMPILE_CONFIG.contains(&n)
            })
        })
        .map(str::to_string)
        .collect()
}

/// The folders the release is built from: an umbrella's apps folder, else priv, lib and (with
/// assets.deploy) assets; rel when present.
fn sources(
    project: &Project,
    mix: &MixProject,
    assets_deploy: bool,
    facts: &mut Facts,
) -> Vec<String> {
    let mut sources: Vec<String> = match &mix.apps_path {
        // The apps carry their own lib, priv and assets.
        Some((dir, _)) => vec![dir.clone()],
        None => {
            let mut dirs: Vec<String> = ["priv", "lib"]
                .iter()
                .filter(|d| project.has_dir(d))
                .map(|d| d.to_string())
                .collect();
            if !dirs.iter().any(|s| s == "lib") {
                facts
                    .warnings
                    .push("no lib/ folder: the release has no code of its own".into());
            }
            if assets_deploy && project.has_dir("assets") {
                dirs.push("assets".into());
            }
            dirs
        }
    };
    if project.has_dir("rel") {
        sources.push("rel".into());
    }
    sources
}
