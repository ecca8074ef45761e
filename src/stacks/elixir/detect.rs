//! Elixir detector: mix.exs (scanned, never evaluated) for the app, the Elixir requirement, dependencies,
//! aliases and releases; mix.lock; the Elixir line and OTP major from .tool-versions / mise.toml; the
//! framework; the port from config/runtime.exs or the server's child spec; how the release starts.

use super::ElixirDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::mix::{parse_lock, LockEntry, MixProject};
use crate::manifest::tool_versions as tv;
use crate::probe::toolchain::{self, Claim};
use crate::rules::{Rules, StackRules};
use crate::scan::Project;
use crate::version::{Range, Version};

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

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let file = "mix.exs";
    if !project.has(file) {
        return Ok(None);
    }
    let text = project.read(file)?;
    let mut mix = MixProject::parse(file, &text)?;
    // An umbrella: its apps' dependencies and aliases count as the project's, the release is the one
    // its root names, and the apps folder is the code.
    let mut children: Vec<String> = Vec::new();
    let mut assets_app = String::new();
    let (release, app_line) = match mix.apps_path.clone() {
        Some((dir, line)) => {
            crate::manifest::shell_word(file, "apps_path", &dir, true)?;
            let prefix = format!("{dir}/");
            for f in project.files() {
                let Some((child, "mix.exs")) =
                    f.strip_prefix(&prefix).and_then(|r| r.split_once('/'))
                else {
                    continue;
                };
                let dir = format!("{prefix}{child}");
                crate::manifest::shell_word(file, "umbrella app folder", &dir, true)?;
                children.push(dir);
            }
            if children.is_empty() {
                return Err(Error::Unsupported {
                    path: project.root.join(file),
                    message: format!("line {line}: an umbrella project (`apps_path: \"{dir}\"`) with no app under {dir}/ that has a mix.exs"),
                });
            }
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
                    path: project.root.join(file),
                    message: why,
                });
            };
            (release, mix.releases.unwrap_or(line))
        }
        None => {
            let Some((app, app_line)) = mix.app.clone() else {
                return Err(Error::manifest_at(
                    file,
                    &text,
                    None,
                    "no `app: :name` in project/0 that dockgen can read; the release is named after it (pass --start to name the release's binary)",
                ));
            };
            crate::manifest::shell_word(file, "app name", &app, false)?;
            (mix.release.clone().unwrap_or(app), app_line)
        }
    };
    crate::manifest::shell_word(file, "release name", &release, false)?;

    let mut facts = Facts::new(".", crate::stacks::elixir::ID, PackageManager::MIX);
    facts.because("stack", "elixir", file, "mix.exs present");
    if let Some((dir, line)) = &mix.apps_path {
        facts.because(
            "umbrella",
            children.join(" "),
            format!("{file}:{line}"),
            format!("apps_path: \"{dir}\""),
        );
    }
    let lock: Option<Vec<LockEntry>> = match project.read_opt("mix.lock")? {
        Some(t) => Some(parse_lock("mix.lock", &t)?),
        None => None,
    };
    match &lock {
        Some(_) => facts.because("package_manager", "mix", "mix.lock", "lockfile"),
        None => {
            facts.because("package_manager", "mix", file, "Mix fetches Hex packages");
            if !mix.deps.is_empty() {
                facts.warnings.push(
                    "no mix.lock: dependency versions are not pinned; run `mix deps.get` and commit mix.lock"
                        .into(),
                );
            }
        }
    }

    // The Elixir line: .tool-versions, mise.toml, then the mix.exs requirement (a range), else the default.
    let mut claims = Vec::new();
    if let Some((req, line)) = &mix.elixir {
        match Range::elixir(req) {
            Some(r) => claims.push(("mix.exs elixir", Claim::Range(req.clone(), r))),
            None => facts.warnings.push(format!(
                "mix.exs:{line}: cannot read the elixir requirement `{req}`; ignored"
            )),
        }
    }
    let mut toolchain = toolchain::resolve(project, &stack.toolchain, 2, &claims, &mut facts)?;
    let (otp, otp_source) = otp_of(project)?;
    let (line, otp) = image_pair(
        project,
        rules,
        &toolchain.version,
        otp,
        &otp_source,
        &mut facts,
    )?;
    toolchain.version = line;
    match &otp_source {
        Some(src) => facts.because("otp", otp, src, "the OTP major the project pins"),
        None => facts.decided(
            "otp",
            otp,
            "default",
            format!(
                "the newest OTP the elixir {} images carry",
                toolchain.version
            ),
            crate::facts::Origin::Default,
        ),
    }
    if otp <= 25 {
        facts.warnings.push(format!(
            "OTP {otp} images build on Debian 11 (bullseye), past its security support; move to OTP 26 or newer"
        ));
    }
    facts.toolchain = Some(toolchain);

    // The framework, from the dependencies the release includes.
    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| mix.depends_on(d))?;
    let mut env = Vec::new();
    if let Some(fw) = fw {
        let source = mix
            .deps
            .iter()
            .find(|d| fw.dependencies.contains(&d.name))
            .map_or(file.to_string(), |d| format!("{}:{}", d.file, d.line));
        crate::probe::record_framework(&mut facts, fw, source, "dependency");
        env.extend(fw.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let phoenix = facts.framework.as_deref() == Some("phoenix");

    // Build-stage packages the dependencies a release includes need (the lock lists every environment's).
    let roots: Vec<&str> = mix
        .deps
        .iter()
        .filter(|d| !d.dev_only)
        .map(|d| d.name.as_str())
        .collect();
    let closure = lock
        .as_deref()
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
            if in_lock(nif) { "mix.lock" } else { file },
            format!("{nif} compiles C"),
        );
    }
    if (mix.depends_on("rustler") || in_lock("rustler")) && !in_lock("rustler_precompiled") {
        facts.warnings.push(
            "rustler compiles Rust NIFs: the build stage needs a Rust toolchain, which dockgen does not install; add one or use rustler_precompiled".into(),
        );
    }

    // Assets: Phoenix's esbuild and tailwind run through mix aliases.
    let assets_deploy = mix.has_alias("assets.deploy");
    let assets_setup = mix.has_alias("assets.setup");
    if assets_deploy {
        facts.because(
            "build",
            "mix assets.deploy",
            file,
            "the assets.deploy alias",
        );
        facts.warnings.push(
            "`mix assets.deploy` downloads the esbuild and tailwind binaries during the build (from npm's registry and GitHub): the build needs that network access".into(),
        );
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
    if mix.releases.is_none() {
        facts.because(
            "build",
            "mix release",
            file,
            "no `releases:` entry: the default release named after the app",
        );
    } else if let Some(line) = mix.releases {
        facts.because(
            "build",
            format!("mix release ({release})"),
            format!("{file}:{line}"),
            "releases:",
        );
    }

    // How the release starts.
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
        let start = vec![format!("/app/bin/{release}"), "start".into()];
        facts.because(
            "start",
            start.join(" "),
            format!("{file}:{app_line}"),
            "the release's own script",
        );
        start
    };

    // The port: config (runtime.exs first), else the server's child spec, else the framework's default.
    let code_dir = match &mix.apps_path {
        Some((dir, _)) => format!("{dir}/"),
        None => "lib/".into(),
    };
    let port = config_port(project)?.or(child_spec_port(project, &code_dir)?);
    crate::probe::port::decide(&mut facts, port, stack.default_port, &stack.frameworks);
    if phoenix {
        binding_note(project, &mut facts)?;
    }

    if let Some(text) = project.read_source_opt("config/runtime.exs")? {
        let names = required_env(&text);
        if !names.is_empty() {
            facts.warnings.push(format!(
                "config/runtime.exs requires {} at boot: pass {} when the container starts (`docker run -e {}=…`), never in the image",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" },
                names[0]
            ));
        }
    }
    if project.has("rel/overlays/bin/migrate") {
        facts.warnings.push(
            "rel/overlays/bin/migrate: run database migrations with the same image, e.g. `docker run --rm IMAGE /app/bin/migrate`".into(),
        );
    }
    let compile_config: Vec<String> = project
        .files()
        .filter(|f| {
            f.strip_prefix("config/").is_some_and(|n| {
                !n.contains('/') && n.ends_with(".exs") && !NOT_COMPILE_CONFIG.contains(&n)
            })
        })
        .map(str::to_string)
        .collect();
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
    facts.detail = Detail::new(ElixirDetail {
        otp,
        otp_pinned: otp_source.is_some(),
        app: release,
        locked: lock.is_some(),
        child_manifests: children.iter().map(|c| format!("{c}/mix.exs")).collect(),
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

/// The OTP major the project pins, and where: an `erlang` entry, else the `-otp-NN` of the elixir entry
/// (`elixir 1.18.4-otp-27`), in .tool-versions, then mise.toml.
fn otp_of(project: &Project) -> Result<(Option<u32>, Option<String>)> {
    let major = |v: &str| Version::parse(v).map(|v| v.major as u32);
    let suffix = |v: &str| {
        v.split_once("-otp-")
            .and_then(|(_, o)| o.split(['.', '-']).next()?.parse::<u32>().ok())
    };
    if let Some(text) = project.read_opt(".tool-versions")? {
        if let Some(m) = tv::asdf(&text, "erlang").as_deref().and_then(major) {
            return Ok((Some(m), Some(".tool-versions erlang".into())));
        }
        if let Some(m) = tv::asdf(&text, "elixir").as_deref().and_then(suffix) {
            return Ok((Some(m), Some(".tool-versions elixir".into())));
        }
    }
    for file in ["mise.toml", ".mise.toml"] {
        if let Some(text) = project.read_opt(file)? {
            if let Some(m) = tv::mise(file, &text, "erlang")?.as_deref().and_then(major) {
                return Ok((Some(m), Some(format!("{file} erlang"))));
            }
            if let Some(m) = tv::mise(file, &text, "elixir")?.as_deref().and_then(suffix) {
                return Ok((Some(m), Some(format!("{file} elixir"))));
            }
        }
    }
    Ok((None, None))
}

/// The (elixir line, OTP major) pairs the catalogue publishes build images for.
pub(crate) fn published(rules: &Rules) -> Vec<(String, u32)> {
    rules
        .images
        .build
        .iter()
        .filter(|r| r.language.as_deref() == Some("elixir"))
        .flat_map(|r| &r.versions)
        .filter_map(|v| {
            let (line, otp) = v.split_once("-otp-")?;
            Some((line.to_string(), otp.parse().ok()?))
        })
        .collect()
}

/// Settle the image pair: the Elixir line with the pinned OTP (or its newest OTP). A line without images
/// moves to the nearest newer line that has them, with a warning; an OTP the line has no image for is an
/// error naming the OTP majors that exist.
fn image_pair(
    project: &Project,
    rules: &Rules,
    line: &str,
    otp: Option<u32>,
    otp_source: &Option<String>,
    facts: &mut Facts,
) -> Result<(String, u32)> {
    let pairs = published(rules);
    let otps = |l: &str| -> Vec<u32> {
        pairs
            .iter()
            .filter(|(x, _)| x == l)
            .map(|(_, o)| *o)
            .collect()
    };
    let mut chosen = line.to_string();
    if otps(line).is_empty() {
        let wanted = Version::parse(line);
        let newer = pairs
            .iter()
            .filter(|(l, o)| Version::parse(l) > wanted && otp.is_none_or(|otp| *o == otp))
            .min_by_key(|(l, _)| Version::parse(l));
        match newer {
            Some((l, _)) => {
                facts.warnings.push(format!(
                    "no official elixir image for Elixir {line}; using {l}, the nearest newer line"
                ));
                chosen = l.clone();
            }
            None => {
                return Err(Error::Unsupported {
                    path: project.root.clone(),
                    message: format!(
                        "no official elixir image serves Elixir {line}{}; pass --toolchain-version with one of {}",
                        otp.map(|o| format!(" on OTP {o}")).unwrap_or_default(),
                        rules.stack(crate::stacks::elixir::ID).toolchain.known.join(", ")
                    ),
                })
            }
        }
    }
    let available = otps(&chosen);
    let otp = match otp {
        None => *available.iter().max().expect("a published line has an OTP"),
        Some(o) if available.contains(&o) => o,
        Some(o) => {
            let list: Vec<String> = available.iter().map(u32::to_string).collect();
            return Err(Error::Unsupported {
                path: project.root.clone(),
                message: format!(
                    "{}: OTP {o} with Elixir {chosen} has no official elixir image (Elixir {chosen} images carry OTP {}); pin one of those in .tool-versions, or another Elixir line with --toolchain-version",
                    otp_source.as_deref().unwrap_or("the project"),
                    list.join(", ")
                ),
            });
        }
    };
    Ok((chosen, otp))
}

/// Lines of `text` with those naming the public URL (`url: [port: 443]`) blanked, so that only the
/// port the endpoint listens on is found.
fn without_url_lines(text: &str) -> String {
    text.lines()
        .map(|l| if l.contains("url:") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The port the config states: `System.get_env("PORT") || "4000"`, `http: [port: 4000]`.
fn config_port(project: &Project) -> Result<Option<(u16, String)>> {
    for f in ["config/runtime.exs", "config/prod.exs", "config/config.exs"] {
        if let Some(text) = project.read_source_opt(f)? {
            if let Some((p, line)) = crate::probe::port::find(&without_url_lines(&text)) {
                return Ok(Some((p, format!("{f}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// The port in a Bandit or Cowboy child spec: `{Bandit, plug: Router, port: 4001}`.
fn child_spec_port(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    let files: Vec<String> = project
        .files_under(dir, ".ex")
        .map(str::to_string)
        .collect();
    for f in files {
        let text = project.read_source(&f)?;
        if !["{Bandit", "{Plug.Cowboy"].iter().any(|s| text.contains(s)) {
            continue;
        }
        // The port is often a variable set a few lines above the child spec: the whole module is read.
        if let Some((p, line)) = crate::probe::port::find(&text) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

/// Phoenix listens where the endpoint's `http: [ip: …]` says: a container needs every interface.
fn binding_note(project: &Project, facts: &mut Facts) -> Result<()> {
    for f in ["config/runtime.exs", "config/prod.exs"] {
        if let Some(text) = project.read_source_opt(f)? {
            let code: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim_start().starts_with('#'))
                .collect();
            if let Some((i, _)) = code.iter().find(|(_, l)| {
                let l = l.replace(' ', "");
                l.contains("ip:{0,0,0,0}") || l.contains("ip:{0,0,0,0,0,0,0,0}")
            }) {
                facts.because(
                    "binding",
                    "all interfaces",
                    format!("{f}:{}", i + 1),
                    "the endpoint's http ip",
                );
                return Ok(());
            }
            if let Some((i, _)) = code
                .iter()
                .find(|(_, l)| l.replace(' ', "").contains("ip:{127,0,0,1}"))
            {
                facts.warnings.push(format!(
                    "{f}:{}: the endpoint listens on 127.0.0.1 only, unreachable from outside the container; use `ip: {{0, 0, 0, 0, 0, 0, 0, 0}}`",
                    i + 1
                ));
                return Ok(());
            }
        }
    }
    facts.warnings.push(
        "no `http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, …]` in config/runtime.exs: make sure the endpoint binds every interface, or the container's port answers nothing".into(),
    );
    Ok(())
}

/// Environment variables config/runtime.exs cannot boot without: `System.fetch_env!("NAME")`, and
/// `System.get_env("NAME") || raise …` (the raise on the same or the next line).
fn required_env(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                ""
            } else {
                l
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let name_after = |s: &str| -> Option<String> {
        let s = s.strip_prefix("(\"")?;
        let name: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty() && s[name.len()..].starts_with('"')).then_some(name)
    };
    for (i, l) in lines.iter().enumerate() {
        for (at, _) in l.match_indices("System.fetch_env!") {
            if let Some(n) = name_after(&l[at + "System.fetch_env!".len()..]) {
                out.push(n);
            }
        }
        for (at, _) in l.match_indices("System.get_env") {
            let rest = &l[at + "System.get_env".len()..];
            let Some(n) = name_after(rest) else {
                continue;
            };
            let tail = rest.get(n.len() + 4..).unwrap_or("").trim_start();
            let raises = tail.starts_with("||")
                && (tail[2..].trim_start().starts_with("raise")
                    || (tail[2..].trim().is_empty()
                        && lines
                            .get(i + 1)
                            .is_some_and(|x| x.trim_start().starts_with("raise"))));
            if raises {
                out.push(n);
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn required_env_reads_raise_and_fetch_env() {
        let text = "  db =\n    System.get_env(\"DATABASE_URL\") ||\n      raise \"missing\"\n  key = System.get_env(\"SECRET_KEY_BASE\") || raise \"x\"\n  host = System.get_env(\"PHX_HOST\") || \"example.com\"\n  # System.fetch_env!(\"COMMENTED\")\n  s3 = System.fetch_env!(\"S3_BUCKET\")\n";
        assert_eq!(
            super::required_env(text),
            ["DATABASE_URL", "SECRET_KEY_BASE", "S3_BUCKET"]
        );
        // Cut short, or a multi-byte character right after the name: no panic, nothing required.
        assert!(super::required_env("x = System.get_env(\"PORT\"").is_empty());
        assert!(super::required_env("x = System.get_env(\"PORT\"é || raise").is_empty());
    }
}
