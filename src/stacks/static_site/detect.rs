//! Static-site detector: plain HTML (index.html at the root, no package.json), or a single-page app whose
//! build tool is among package.json's dependencies and which no Node server framework or server start
//! script claims. The build installs with Node's package-manager rules; the static server comes from the
//! image catalogue.

use super::StaticDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::package_json::PackageJson;
use crate::probe::toolchain;
use crate::rules::{FrameworkRule, Rules, StackRules};
use crate::scan::Project;
use crate::stacks::node::detect as node;

/// Start scripts whose first word runs a server: such an app is not a static site.
const SERVER_COMMANDS: &[&str] = &["node", "bun", "deno", "tsx", "ts-node", "nodemon"];

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    answers: &Answers,
) -> Result<Option<Facts>> {
    let server = rules.images.runtime(stack.artifact, "").map(|(r, ..)| r);
    let server_start = server.map(|r| r.start.clone()).unwrap_or_default();
    let Some(text) = project.read_opt("package.json")? else {
        super::generator::refuse_unbuildable(project, stack, None)?;
        return Ok(plain_html(project, stack, server_start));
    };
    let pkg = PackageJson::parse("package.json", &text)?;
    let node_rules = rules.stack(crate::stacks::node::ID);
    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| pkg.depends_on(d))?;
    let served = pkg
        .scripts
        .get("start")
        .and_then(|s| served_folder(s, &stack.file_servers));
    if server_claims(project, node_rules, &pkg, fw, served.is_some())? {
        return Ok(None);
    }
    // A build tool a framework row knows builds the site, whatever else the folder holds.
    if fw.is_none() {
        super::generator::refuse_unbuildable(project, stack, Some(&pkg))?;
    }
    // `--stack static` on a build no row knows: the build script writes the site (to dist/ unless a flag
    // or the build configuration says otherwise).
    let forced =
        answers.stack == Some(crate::stacks::static_site::ID) && pkg.scripts.contains_key("build");
    // A build no row knows still writes a site when the project says where: a hosting platform's file, or
    // a start script that only serves a folder with a file server (`sirv public` after `rollup -c`).
    let published = match fw {
        None if pkg.scripts.contains_key("build") => published(project, stack)?.or_else(|| {
            served
                .clone()
                .map(|dir| (clean_dir(&dir), "package.json scripts.start".to_string()))
        }),
        _ => None,
    };
    if fw.is_none() && !forced && published.is_none() {
        return Ok(None);
    }
    let fw_name = fw.map_or("the build script", |f| f.name.as_str());

    let (pm_rule, pm, lockfile) = node::package_manager_fact(project, node_rules, &pkg, answers)?;
    let mut facts = Facts::new(".", crate::stacks::static_site::ID, pm);
    facts.because(
        "stack",
        "static",
        "package.json",
        format!(
            "{} builds a static site and no server framework or server start script is present",
            fw_name
        ),
    );
    let corepack_pin = node::corepack_pin(project, pm_rule, &pkg, lockfile)?;
    node::record_package_manager(&mut facts, &pkg, pm, lockfile, corepack_pin.as_deref());
    match fw {
        Some(fw) => crate::probe::record_framework(&mut facts, fw, "package.json", "dependency"),
        None => facts
            .warnings
            .push(unknown_tool_warning(published.as_ref())),
    }

    facts.toolchain = Some(node_toolchain(project, stack, &pkg, &mut facts)?);
    require_build(project, &pkg, fw, fw_name)?;
    let build = format!("{} build", pm_rule.run);
    facts.because("build", &build, "package.json", "scripts.build");
    facts.build = Some(build);

    let output = match published {
        Some((dir, file)) => {
            facts.because("output", &dir, file, "the folder the build publishes");
            dir
        }
        None => output(project, stack, fw, &pkg, served.as_deref(), &mut facts)?,
    };
    let manifests = node::manifests(project, pm_rule, lockfile);
    finish(
        &mut facts,
        stack,
        server_start,
        &output,
        manifests,
        &pm_rule.id,
    );
    pin_release(&mut facts, corepack_pin);
    Ok(Some(facts))
}

/// The Node line the build runs on: package.json's engines, or the version files in the rules' order.
fn node_toolchain(
    project: &Project,
    stack: &StackRules,
    pkg: &PackageJson,
    facts: &mut Facts,
) -> Result<crate::facts::Toolchain> {
    let claims: Vec<_> = toolchain::engines_claim("package.json engines.node", pkg.engine("node"))
        .into_iter()
        .collect();
    toolchain::resolve(project, &stack.toolchain, 1, &claims, facts)
}

/// A site's build is its `build` script: without one there is nothing that writes the site.
fn require_build(
    project: &Project,
    pkg: &PackageJson,
    fw: Option<&FrameworkRule>,
    fw_name: &str,
) -> Result<()> {
    if pkg.scripts.contains_key("build") {
        return Ok(());
    }
    Err(Error::Unsupported {
        path: project.root.join("package.json"),
        message: format!(
            "a {} app without a `build` script: add one (it writes the site to {}) or pass --build",
            fw_name,
            fw.and_then(|f| f.output.as_deref()).unwrap_or("dist")
        ),
    })
}

/// The release line corepack installs for the build when package.json names none (`pnpm@7.x`).
fn pin_release(facts: &mut Facts, corepack_pin: Option<String>) {
    if let Some(detail) = facts.detail.get::<StaticDetail>() {
        let detail = StaticDetail {
            corepack_pin,
            ..detail.clone()
        };
        facts.detail = Detail::new(detail);
    }
}

/// The warning for a build no framework row knows: what the image serves, and what said so.
fn unknown_tool_warning(published: Option<&(String, String)>) -> String {
    match published {
        Some((dir, file)) => format!(
            "no build tool dockgen knows among the dependencies; {file} says the `build` script publishes {dir}/, which the image serves"
        ),
        None => "--stack static: no build tool dockgen knows among the dependencies; the image serves what `build` writes to dist/ (or the folder its --outDir names)".into(),
    }
}

/// The folder a hosting platform's file says the build publishes (`publish = "dist"` in netlify.toml), with
/// that file; `None` when no file names one, or its base setting moves the build into a sub-folder. A file
/// that does not parse is the platform's business, not a reason to refuse: it is skipped.
fn published(project: &Project, stack: &StackRules) -> Result<Option<(String, String)>> {
    for rule in &stack.publish_configs {
        let Some(text) = project.read_opt(&rule.file)? else {
            continue;
        };
        let value: Option<serde_json::Value> = if rule.file.ends_with(".toml") {
            toml::from_str::<toml::Value>(&text)
                .ok()
                .and_then(|v| serde_json::to_value(v).ok())
        } else {
            serde_json::from_str(&text).ok()
        };
        let Some(value) = value else { continue };
        let get = |key: &str| {
            key.split('.')
                .try_fold(&value, |v, k| v.get(k))
                .and_then(|v| v.as_str())
                .map(clean_dir)
        };
        if rule.base.as_deref().and_then(get).is_some_and(|b| b != ".") {
            continue;
        }
        if let Some(dir) = get(&rule.key) {
            return Ok(Some((dir, rule.file.clone())));
        }
    }
    Ok(None)
}

/// A plain HTML site: index.html at the root and no package.json; `None` without an index.html.
fn plain_html(project: &Project, stack: &StackRules, server_start: Vec<String>) -> Option<Facts> {
    if !project.has("index.html") {
        return None;
    }
    let mut facts = Facts::new(".", crate::stacks::static_site::ID, PackageManager::NONE);
    facts.because(
        "stack",
        "static",
        "index.html",
        "index.html at the root and no package.json: a plain HTML site",
    );
    facts.because(
        "package_manager",
        "none",
        "index.html",
        "nothing to install",
    );
    finish(&mut facts, stack, server_start, ".", Vec::new(), "");
    Some(facts)
}

/// The folder the build writes the site to: angular.json's outputPath, else the build script's flag or
/// the build configuration, else the framework's default (`dist`).
fn output(
    project: &Project,
    stack: &StackRules,
    fw: Option<&FrameworkRule>,
    pkg: &PackageJson,
    served: Option<&str>,
    facts: &mut Facts,
) -> Result<String> {
    let template = fw
        .and_then(|f| f.output.clone())
        .unwrap_or_else(|| "dist".into());
    let output = match project.read_opt("angular.json")? {
        Some(text) if template.contains("{project}") => {
            let dir = crate::manifest::angular::output_dir("angular.json", &text)?;
            if let Some(d) = &dir {
                facts.because("output", d, "angular.json", "the build's outputPath");
            }
            dir
        }
        _ => None,
    };
    let script = pkg.scripts.get("build").map(String::as_str).unwrap_or("");
    let output = match output {
        Some(o) => Some(o),
        None => output_override(project, stack, script, facts)?,
    };
    // The folder the start script's file server serves is where the build leaves the site
    // (`react-scripts build && mv build _static`, served by `serve -s _static`).
    let output = output.or_else(|| {
        let dir = clean_dir(served?);
        facts.because(
            "output",
            &dir,
            "package.json",
            "the folder scripts.start serves",
        );
        Some(dir)
    });
    Ok(output.unwrap_or_else(|| {
        template
            .replace("{project}", pkg.name.as_deref().unwrap_or("app"))
            .replace("{build_arg}", &build_arg(script))
            .trim_start_matches("./")
            .to_string()
    }))
}

/// Whether a server stack keeps the folder: a Node server framework (unless a static row matched its
/// static-export configuration, Next's `output: 'export'`), or a start script that runs a server (one that
/// ends in a file server of the built site does not).
fn server_claims(
    project: &Project,
    node_rules: &StackRules,
    pkg: &PackageJson,
    fw: Option<&FrameworkRule>,
    serves_files: bool,
) -> Result<bool> {
    let export = fw.is_some_and(|f| f.when_file_contains.is_some());
    if !export && node::framework(project, &node_rules.frameworks, pkg)?.is_some() {
        return Ok(true);
    }
    let start_word = pkg
        .scripts
        .get("start")
        .and_then(|s| s.split_whitespace().next());
    Ok(!serves_files && start_word.is_some_and(|w| SERVER_COMMANDS.contains(&w)))
}

/// The folder a start script's last command serves when that command is a file server of the rules'
/// `file_servers` (`node banner.js; serve -s _static -l tcp://0.0.0.0:$PORT` → `_static`).
fn served_folder(script: &str, file_servers: &[String]) -> Option<String> {
    let words = crate::probe::start::server_words(script);
    let program = words.first()?.rsplit('/').next()?;
    if !file_servers.iter().any(|s| s == program) {
        return None;
    }
    const VALUED: &[&str] = &[
        "-l",
        "--listen",
        "-p",
        "--port",
        "-c",
        "--config",
        "-a",
        "--address",
    ];
    let mut rest = words.iter().skip(1);
    while let Some(w) = rest.next() {
        if VALUED.contains(&w.as_str()) {
            rest.next();
        } else if !w.starts_with('-') {
            return Some(w.clone());
        }
    }
    None
}

/// The output folder the build script's flag (`--outDir out`) or the build configuration
/// (`outDir: "out"` in vite.config) names, over the tool's default.
fn output_override(
    project: &Project,
    stack: &StackRules,
    script: &str,
    facts: &mut Facts,
) -> Result<Option<String>> {
    let words = crate::manifest::split_words(script);
    for (i, w) in words.iter().enumerate() {
        for flag in &stack.output_flags {
            let value = match w.strip_prefix(flag.as_str()) {
                Some("") => words.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            };
            if let Some(v) = value.filter(|v| !v.starts_with('-')) {
                let v = clean_dir(&v);
                facts.because(
                    "output",
                    &v,
                    "package.json",
                    format!("scripts.build {flag}"),
                );
                return Ok(Some(v));
            }
        }
    }
    for file in &stack.output_configs {
        let Some(text) = project.read_source_opt(file)? else {
            continue;
        };
        // Only under `build: {` (Vite ignores a top-level outDir).
        let mut in_build = false;
        let found = text.lines().find_map(|l| {
            let t = l.trim_start();
            if t.starts_with("build") && t.contains('{') {
                in_build = true;
            }
            in_build.then(|| config_out_dir(l)).flatten()
        });
        if let Some(v) = found {
            let v = clean_dir(&v);
            facts.because("output", &v, file.as_str(), "build.outDir");
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// `outDir: "out"` (or `'out'`) on a configuration line.
fn config_out_dir(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("outDir")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

fn clean_dir(dir: &str) -> String {
    let d = dir.trim_start_matches("./").trim_end_matches('/');
    if d.is_empty() {
        ".".into()
    } else {
        d.to_string()
    }
}

/// The first folder argument after `build` in the build script (`vitepress build docs` → `docs`), else `.`.
fn build_arg(script: &str) -> String {
    let words = crate::manifest::split_words(script);
    words
        .iter()
        .skip_while(|w| *w != "build")
        .skip(1)
        .take_while(|w| !matches!(w.as_str(), "&&" | "||" | ";"))
        .find(|w| !w.starts_with('-'))
        .map_or(".".to_string(), |w| clean_dir(w))
}

/// What both kinds share: the static server's start, its unprivileged port, and the detail.
fn finish(
    facts: &mut Facts,
    stack: &StackRules,
    start: Vec<String>,
    output: &str,
    manifests: Vec<String>,
    pm_rule: &str,
) {
    facts.start = start;
    facts.because(
        "start",
        facts.start.join(" "),
        "detectors",
        "the static server of the image catalogue",
    );
    facts.port = Some(stack.default_port);
    facts.because(
        "port",
        stack.default_port,
        "detectors",
        "the static server's unprivileged port",
    );
    facts.detail = Detail::new(StaticDetail {
        manifests,
        output: output.to_string(),
        package_manager_rule: pm_rule.to_string(),
        corepack_pin: None,
        member: None,
    });
}
