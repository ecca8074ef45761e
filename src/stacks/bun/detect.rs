//! Bun detector: a package.json app that runs on Bun, told from a Node app whose lockfile is merely Bun's
//! by the runtime evidence in detectors/bun.toml (a start script run by `bun`, `@types/bun`, bunfig.toml,
//! `Bun.serve` in the entry file, or `packageManager: bun@…` with no Node framework). A start script that
//! runs `node` always leaves the app to Node.

use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::package_json::PackageJson;
use crate::probe::toolchain::{self, Claim};
use crate::rules::{PackageManagerRule, Rules, StackRules};
use crate::scan::Project;
use crate::stacks::node::NodeDetail;

/// Scripts that say how the app starts (a `dev` script running bun is not evidence: tools run under bunx).
const START_SCRIPTS: &[&str] = &["start:prod", "start"];
/// Development-only flags dropped from a start script.
const DEV_FLAGS: &[&str] = &["--watch", "--hot"];

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let Some(text) = project.read_opt("package.json")? else {
        return Ok(None);
    };
    let pkg = PackageJson::parse("package.json", &text)?;
    let start_script = START_SCRIPTS
        .iter()
        .find_map(|n| pkg.scripts.get(*n).map(|s| (*n, s.as_str())));
    if start_script.is_some_and(|(_, s)| s.split_whitespace().next() == Some("node")) {
        return Ok(None);
    }
    let node_framework = crate::stacks::node::detect::framework(
        project,
        &rules.stack(crate::stacks::node::ID).frameworks,
        &pkg,
    )?;
    let Some((source, why)) =
        evidence(project, stack, &pkg, start_script, node_framework.is_some())?
    else {
        return Ok(None);
    };
    let mut facts = Facts::new(".", crate::stacks::bun::ID, PackageManager::BUN);
    facts.because("stack", "bun", source, why);

    let pm_rule = stack
        .package_manager("bun")
        .expect("bun.toml has the bun package manager");
    let lockfile = lockfile(project, pm_rule, &mut facts);
    versions(project, stack, &pkg, &mut facts)?;

    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| {
        pkg.dependencies.contains_key(d)
    })?;
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, "package.json", "dependency");
    }
    if pkg.scripts.contains_key("build") {
        let build = format!("{} build", pm_rule.run);
        facts.because("build", &build, "package.json", "scripts.build");
        facts.build = Some(build);
    }
    facts.start = start_command(project, stack, &pkg, start_script, &mut facts)?;
    port(project, stack, &mut facts)?;

    let manifests = crate::stacks::node::detect::manifests(project, pm_rule, lockfile);
    // A Bun app builds like a Node app, on Bun's images: the Node planner serves both.
    facts.detail = Detail::new(NodeDetail {
        rule: pm_rule.id.clone(),
        manifests,
        artifacts: Vec::new(),
        root_artifacts: Vec::new(),
        env: fw
            .map(|f| f.env.clone().into_iter().collect())
            .unwrap_or_default(),
        needs_node_modules: true,
        keep_dev: false,
        install_env: Vec::new(),
        secrets: crate::stacks::node::detect::secrets(project, pm_rule),
        prisma: None,
        // bun runs no lifecycle scripts of dependencies it does not trust, and its production install is kept as is.
        root_scripts: false,
        member: None,
        corepack_pin: None,
    });
    Ok(Some(facts))
}

/// Bun's lockfile, recorded as the package manager's evidence; a warning without one.
fn lockfile<'r>(
    project: &Project,
    pm_rule: &'r PackageManagerRule,
    facts: &mut Facts,
) -> Option<&'r str> {
    let lockfile = pm_rule
        .lockfiles
        .iter()
        .map(String::as_str)
        .find(|l| project.has(l));
    match lockfile {
        Some(lock) => facts.because("package_manager", "bun", lock, "lockfile"),
        None => {
            facts.because("package_manager", "bun", "package.json", "bun runtime");
            facts.warnings.push(
                "no bun.lock: installs are not reproducible; run `bun install` and commit bun.lock"
                    .into(),
            );
        }
    }
    lockfile
}

/// The Bun version: packageManager `bun@…`, else engines.bun, over the default; then the lockfile's floor.
fn versions(
    project: &Project,
    stack: &StackRules,
    pkg: &PackageJson,
    facts: &mut Facts,
) -> Result<()> {
    let mut claims = Vec::new();
    if let Some(("bun", v)) = pkg.package_manager() {
        claims.push(("package.json packageManager", Claim::Exact(v.to_string())));
    } else {
        claims.extend(toolchain::engines_claim(
            "package.json engines.bun",
            pkg.engine("bun"),
        ));
    }
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &claims,
        facts,
    )?);
    lockfile_floor(project, stack, facts)?;
    Ok(())
}

/// The port the start command's entry file (else a conventional entry file) states, else the default.
fn port(project: &Project, stack: &StackRules, facts: &mut Facts) -> Result<()> {
    let entry = facts
        .start
        .iter()
        .skip(1)
        .find(|w| !w.starts_with('-') && *w != "run")
        .cloned();
    let mut port = None;
    for f in entry.iter().chain(&stack.entry_files) {
        let f = f.trim_start_matches("./");
        if let Some(text) = project.read_source_opt(f)? {
            if let Some((p, line)) = crate::probe::port::find(&text) {
                port = Some((p, format!("{f}:{line}")));
                break;
            }
            // The entry takes its settings from a local module (`import { config } from "./config"`).
            let (names, exts) = (&stack.port_modules, &stack.source_exts);
            port = crate::probe::module_port::in_imported(project, f, &text, names, exts)?;
            if port.is_some() {
                break;
            }
        }
    }
    crate::probe::port::decide_or_worker(facts, port, project, stack);
    Ok(())
}

/// The first runtime signal present, as (source, rule).
fn evidence(
    project: &Project,
    stack: &StackRules,
    pkg: &PackageJson,
    start_script: Option<(&str, &str)>,
    node_framework: bool,
) -> Result<Option<(String, String)>> {
    let Some(ev) = &stack.runtime_evidence else {
        return Ok(None);
    };
    if let Some((name, script)) = start_script {
        let first = script.split_whitespace().next().unwrap_or("");
        if ev.script_commands.iter().any(|c| c == first) {
            return Ok(Some((
                "package.json".into(),
                format!("scripts.{name} runs `{first}`"),
            )));
        }
    }
    if let Some(d) = ev.dependencies.iter().find(|d| pkg.depends_on(d)) {
        return Ok(Some(("package.json".into(), format!("dependency {d}"))));
    }
    if let Some(f) = ev.files.iter().find(|f| project.has(f)) {
        return Ok(Some((f.clone(), format!("{f} present"))));
    }
    let entries = pkg
        .module
        .iter()
        .chain(&pkg.main)
        .map(|f| f.trim_start_matches("./").to_string())
        .chain(stack.entry_files.iter().cloned());
    for f in entries {
        if let Some(text) = project.read_source_opt(&f)? {
            if let Some(needle) = ev
                .source_contains
                .iter()
                .find(|n| text.contains(n.as_str()))
            {
                return Ok(Some((f.clone(), format!("{f} uses `{needle}`"))));
            }
        }
    }
    if !node_framework && pkg.package_manager().is_some_and(|(name, _)| name == "bun") {
        return Ok(Some((
            "package.json".into(),
            "packageManager bun and no Node framework".into(),
        )));
    }
    Ok(None)
}

/// A start script run by bun (development flags dropped), package.json `module` or
/// `main`, then a conventional entry file, each run with `bun run`.
fn start_command(
    project: &Project,
    stack: &StackRules,
    pkg: &PackageJson,
    start_script: Option<(&str, &str)>,
    facts: &mut Facts,
) -> Result<Vec<String>> {
    if let Some((name, script)) = start_script {
        let words = crate::manifest::split_words(script);
        if words.first().map(String::as_str) == Some("bun")
            && words.len() > 1
            && !words.iter().any(|w| w == "&&")
        {
            let kept: Vec<String> = words
                .iter()
                .filter(|w| !DEV_FLAGS.contains(&w.as_str()))
                .cloned()
                .collect();
            if kept.len() != words.len() {
                facts.warnings.push(format!(
                    "scripts.{name} runs bun with {}; the image starts without development flags",
                    DEV_FLAGS.join(" or ")
                ));
            }
            facts.because(
                "start",
                kept.join(" "),
                "package.json",
                format!("scripts.{name}"),
            );
            return Ok(kept);
        }
    }
    let declared = [("module", &pkg.module), ("main", &pkg.main)];
    for (field, file) in declared {
        if let Some(f) = file.as_deref().map(|f| f.trim_start_matches("./")) {
            if project.has(f) {
                facts.because("start", format!("bun run {f}"), "package.json", field);
                return Ok(vec!["bun".into(), "run".into(), f.into()]);
            }
        }
    }
    for f in &stack.entry_files {
        if project.has(f) {
            facts.because(
                "start",
                format!("bun run {f}"),
                f,
                "conventional entry file",
            );
            return Ok(vec!["bun".into(), "run".into(), f.clone()]);
        }
    }
    facts.start_missing = Some("no start command: no Procfile web process, no start script run by bun, no module or main, and no index.ts; pass --start".into());
    Ok(Vec::new())
}

/// Raise the toolchain to the oldest Bun that reads the project's bun.lock format, saying so.
fn lockfile_floor(project: &Project, stack: &StackRules, facts: &mut Facts) -> Result<()> {
    if !project.has("bun.lock") {
        return Ok(());
    }
    let head = project.read_head("bun.lock", 256)?;
    let format = head.split("\"lockfileVersion\"").nth(1).map(|rest| {
        rest.trim_start_matches([' ', ':'])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    });
    let Some(min) = format.as_ref().and_then(|f| stack.lockfile_minimum.get(f)) else {
        return Ok(());
    };
    let Some(tc) = facts.toolchain.as_mut() else {
        return Ok(());
    };
    let (have, need) = (
        crate::version::Version::parse(&tc.version),
        crate::version::Version::parse(min),
    );
    if let (Some(have), Some(need)) = (have, need) {
        if have < need {
            let from = std::mem::replace(&mut tc.version, min.clone());
            tc.source = "bun.lock".into();
            let fmt = format.unwrap_or_default();
            facts.warnings.push(format!(
                "bun.lock is format {fmt}, which Bun {from} cannot read; using Bun {min}"
            ));
            facts.because(
                "toolchain",
                format!("bun {min}"),
                "bun.lock",
                format!("lockfileVersion {fmt} needs Bun {min} or later"),
            );
        }
    }
    Ok(())
}
