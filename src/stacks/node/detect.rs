//! Node detector: package.json, the lockfile that names the package manager, the framework its
//! dependencies imply, and the build and start commands its scripts give.

use super::{NodeDetail, PrismaDetail};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::package_json::PackageJson;
use crate::probe::toolchain;
use crate::rules::{FrameworkRule, PackageManagerRule, StackRules};
use crate::scan::Project;

mod prisma;
use prisma::*;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let text = project.read_opt("package.json")?;
    // No package.json: a program on Node's built-ins alone (the rules' bare_signals brought us here).
    let bare = text.is_none();
    let pkg = PackageJson::parse("package.json", text.as_deref().unwrap_or("{}"))?;
    let (pm_rule, pm, lockfile) = package_manager_fact(project, rules, &pkg, answers)?;
    let mut facts = Facts::new(".", crate::stacks::node::ID, pm);
    if bare {
        facts.because(
            "stack",
            "node",
            "no manifest",
            "a server.js/index.js/app.js and no package.json",
        );
        facts.warnings.push("no package.json: planned as a program on Node's built-in modules alone; add a package.json (npm init) if it has dependencies".into());
    } else {
        facts.because("stack", "node", "package.json", "package.json present");
    }
    record_package_manager(&mut facts, &pkg, pm, lockfile);

    facts
        .warnings
        .extend(crate::probe::lockfile_conflict(project, rules, pm.as_str()));

    let claims: Vec<_> = toolchain::engines_claim("package.json engines.node", pkg.engine("node"))
        .into_iter()
        .collect();
    facts.toolchain = Some(toolchain::resolve(
        project,
        &rules.toolchain,
        1,
        &claims,
        &mut facts,
    )?);

    let fw = framework(project, &rules.frameworks, &pkg)?;
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, "package.json", "dependency");
        if let Some(w) = &fw.warning {
            facts.warnings.push(w.clone());
        }
    }
    if pkg.scripts.contains_key("build") {
        facts.build = Some(format!("{} build", pm_rule.run));
        facts.because(
            "build",
            facts.build.clone().unwrap_or_default(),
            "package.json",
            "scripts.build",
        );
    }

    facts.start = start_command(project, &pkg, fw, &mut facts)?;
    let start_needs_dev = super::scripts::run_through_node(&mut facts, rules, &pkg);
    let port = port_in(project, rules, &pkg, &facts.start)?;
    crate::probe::port::decide_or_worker(&mut facts, port, project, rules);

    let mut manifests = if bare {
        // Nothing to lock without a package.json.
        facts.warnings.retain(|w| !w.starts_with("no lockfile"));
        Vec::new()
    } else {
        manifests(project, pm_rule, lockfile)
    };
    let mut keep_dev = start_needs_dev;
    let mut install_env = Vec::new();
    if pm_rule.id == "yarn-berry" {
        let major = pkg
            .package_manager()
            .and_then(|(_, v)| v.split('.').next()?.parse().ok());
        let setup = super::yarn::berry_setup(project, major);
        for f in setup.files {
            if !manifests.contains(&f) {
                manifests.push(f);
            }
        }
        if setup.node_modules_linker {
            install_env.push(("YARN_NODE_LINKER".to_string(), "node-modules".to_string()));
            facts.warnings.push("Yarn Plug'n'Play (the default linker) writes no node_modules: the image installs with YARN_NODE_LINKER=node-modules so node starts the app without Yarn's loader".into());
        }
        if setup.no_focus {
            keep_dev = true;
            facts.warnings.push("Yarn 2/3 without the workspace-tools plugin has no production-only install: the runtime keeps dev dependencies; add the plugin (yarn plugin import workspace-tools) for a smaller image".into());
        }
    }
    let prisma = prisma(project, &pkg, &mut facts)?;
    // Prisma's classic engines need libssl and a shell to find it: the slim Node runtime row.
    if prisma.as_ref().is_some_and(|p| p.classic_engine) {
        facts.artifact = Some("node-libssl".into());
    }
    if pkg.workspaces.is_some() {
        facts.warnings.push(
            "package.json declares workspaces: the image builds the root package only".into(),
        );
    }
    facts.detail = Detail::new(NodeDetail {
        rule: pm_rule.id.clone(),
        manifests,
        artifacts: fw
            .map(|f| {
                let present = f
                    .optional_artifacts
                    .iter()
                    .filter(|(src, _)| project.has_dir(src));
                f.artifacts.iter().chain(present).cloned().collect()
            })
            .unwrap_or_default(),
        env: fw
            .map(|f| f.env.clone().into_iter().collect())
            .unwrap_or_default(),
        // With no production dependencies there is nothing to install for the runtime (npm then writes no
        // node_modules at all): a bundled SvelteKit app, or a server on Node's built-ins alone.
        needs_node_modules: keep_dev
            || fw.is_none_or(|f| f.needs_node_modules) && !pkg.dependencies.is_empty(),
        keep_dev,
        install_env,
        secrets: secrets(project, pm_rule),
        root_scripts: ROOT_LIFECYCLE.iter().any(|s| pkg.scripts.contains_key(*s)),
        prisma,
        member: None,
    });
    Ok(Some(facts))
}

/// The Node framework row the dependencies select: a row's signals count in `dependencies`, and in
/// `devDependencies` too when the row says so (build-time adapters).
pub(crate) fn framework<'r>(
    project: &Project,
    frameworks: &'r [FrameworkRule],
    pkg: &PackageJson,
) -> Result<Option<&'r FrameworkRule>> {
    crate::probe::pick_framework_by(project, frameworks, |fw, d| {
        pkg.dependencies.contains_key(d)
            || (fw.dev_dependencies && pkg.dev_dependencies.contains_key(d))
    })
}

/// Credential files the install reads, present in the project: (secret id, file, mount target).
/// The project's own scripts an install runs (npm, pnpm and yarn alike).
const ROOT_LIFECYCLE: &[&str] = &["preinstall", "install", "postinstall", "prepare"];

pub(crate) fn secrets(
    project: &Project,
    pm_rule: &PackageManagerRule,
) -> Vec<(String, String, String)> {
    pm_rule
        .secret_files
        .iter()
        .filter(|s| project.has(&s.file))
        .map(|s| (s.id().to_string(), s.file.clone(), s.target.clone()))
        .collect()
}

/// The package-manager rule, the package manager, and its lockfile when the project has one.
pub(crate) fn package_manager_fact<'r>(
    project: &Project,
    rules: &'r StackRules,
    pkg: &PackageJson,
    answers: &Answers,
) -> Result<(&'r PackageManagerRule, PackageManager, Option<&'r str>)> {
    let pm_rule = package_manager(project, rules, pkg, answers)?;
    let pm = pm_rule.name();
    let lockfile = pm_rule
        .lockfiles
        .iter()
        .map(String::as_str)
        .find(|l| project.has(l));
    Ok((pm_rule, pm, lockfile))
}

/// Why the package manager was chosen: `packageManager`, the lockfile, or the npm default (with a warning).
pub(crate) fn record_package_manager(
    facts: &mut Facts,
    pkg: &PackageJson,
    pm: PackageManager,
    lockfile: Option<&str>,
) {
    match (lockfile, pkg.package_manager()) {
        (_, Some((name, v))) => facts.because(
            "package_manager",
            pm.as_str(),
            "package.json",
            format!("packageManager {name}@{v}"),
        ),
        (Some(lock), None) => {
            facts.because("package_manager", pm.as_str(), lock, "lockfile");
            // corepack then fetches the newest pnpm, which may refuse this lockfile or its build scripts
            // (yarn without packageManager stays on classic, which reads a classic yarn.lock).
            if pm == PackageManager::PNPM {
                facts.warnings.push(format!(
                    "package.json has no packageManager: corepack will fetch the newest {0}, which may not match {lock}; pin it (\"packageManager\": \"{0}@x.y.z\")",
                    pm.as_str()
                ));
            }
        }
        (None, None) => {
            facts.decided(
                "package_manager",
                "npm",
                "default",
                "no lockfile; npm installs without one",
                crate::facts::Origin::Default,
            );
            facts
                .warnings
                .push("no lockfile: installs are not reproducible; commit one".into());
        }
    }
}

/// package.json, the lockfile and the package manager's own files present, copied before the source.
pub(crate) fn manifests(
    project: &Project,
    pm_rule: &PackageManagerRule,
    lockfile: Option<&str>,
) -> Vec<String> {
    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(lockfile.map(str::to_string));
    manifests.extend(
        pm_rule
            .extra_files
            .iter()
            .filter(|f| project.has(f) || project.has_dir(f))
            .cloned(),
    );
    manifests
}

/// `packageManager` names it; else the lockfile present; yarn is berry when .yarnrc.yml or the lock says so.
fn package_manager<'r>(
    project: &Project,
    rules: &'r StackRules,
    pkg: &PackageJson,
    answers: &Answers,
) -> Result<&'r PackageManagerRule> {
    let by_id = |id: &str| rules.package_manager(id);
    let berry =
        |declared: Option<&str>| -> Result<bool> {
            if let Some(v) = declared {
                return Ok(!v.starts_with('1'));
            }
            if project.has(".yarnrc.yml") {
                return Ok(true);
            }
            Ok(project.has("yarn.lock")
                && project.read_head("yarn.lock", 512)?.contains("__metadata:"))
        };
    let wanted = match (answers.package_manager, pkg.package_manager()) {
        (Some(pm), _) => Some((pm.as_str().to_string(), None)),
        (None, Some((name, v))) => Some((name.to_string(), Some(v))),
        (None, None) => None,
    };
    if let Some((name, version)) = wanted {
        let id = if name == "yarn" && berry(version)? {
            "yarn-berry".to_string()
        } else {
            name.clone()
        };
        let known = rules.package_manager_names().join(", ");
        // The answer, when there is one, is what was asked for: package.json may not name one at all.
        return by_id(&id).ok_or_else(|| match answers.package_manager {
            Some(_) => Error::Usage(format!(
                "--package-manager {name}: not a package manager of a Node project; one of {known}"
            )),
            None => Error::Unsupported {
                path: "package.json".into(),
                message: format!("packageManager `{name}` is not one dockgen knows ({known})"),
            },
        });
    }
    let present: Vec<&PackageManagerRule> = rules
        .package_managers
        .iter()
        .filter(|p| p.id != "yarn-berry" && p.lockfiles.iter().any(|l| project.has(l)))
        .collect();
    let chosen = present
        .first()
        .copied()
        .or_else(|| by_id("npm"))
        .expect("npm rule exists");
    if chosen.id == "yarn" && berry(None)? {
        return Ok(by_id("yarn-berry").expect("yarn-berry rule exists"));
    }
    Ok(chosen)
}

/// Frameworks that build a server only through an adapter, and what to install when none is recognised.
const ADAPTER_HINTS: &[(&str, &str)] = &[
    ("@sveltejs/kit", "this SvelteKit app has no adapter dockgen can run (adapter-auto targets hosting platforms): install @sveltejs/adapter-node for a Node server, or @sveltejs/adapter-static for a static site, and name it in svelte.config.js"),
    ("astro", "this Astro app has a server adapter dockgen cannot run: use @astrojs/node with mode: 'standalone' in astro.config"),
];

/// A `start:prod`/`start` script that runs `node <file>`, then the framework's own
/// start, then `main`, then a conventional entry file (a Procfile `web:` process comes before all of them:
/// see `probe::procfile`). A framework whose build output carries its own
/// server (Next.js standalone) is started its own way whatever the scripts say.
fn start_command(
    project: &Project,
    pkg: &PackageJson,
    fw: Option<&FrameworkRule>,
    facts: &mut Facts,
) -> Result<Vec<String>> {
    let framework_start = fw.map(|f| f.start.as_slice()).unwrap_or(&[]);
    if fw.is_none_or(|f| f.artifacts.is_empty()) {
        for script in ["start:prod", "start"] {
            if let Some(start) = node_script(pkg, script, facts)? {
                return Ok(start);
            }
        }
    }
    if !framework_start.is_empty() {
        facts.because(
            "start",
            framework_start.join(" "),
            "detectors",
            "framework start command",
        );
        return Ok(framework_start.to_vec());
    }
    if let Some(main) = pkg
        .main
        .as_deref()
        .filter(|m| project.has(m.trim_start_matches("./")))
    {
        let main = main.trim_start_matches("./").to_string();
        facts.because("start", format!("node {main}"), "package.json", "main");
        return Ok(vec!["node".into(), main]);
    }
    for f in [
        "server.js",
        "index.js",
        "app.js",
        "main.js",
        "server.mjs",
        "index.mjs",
    ] {
        if project.has(f) {
            facts.because("start", format!("node {f}"), f, "conventional entry file");
            return Ok(vec!["node".into(), f.into()]);
        }
    }
    // Frameworks whose server exists only through an adapter the project has not chosen.
    if let Some((_, hint)) = ADAPTER_HINTS.iter().find(|(d, _)| pkg.depends_on(d)) {
        facts.start_missing = Some(format!("no start command: {hint}; or pass --start"));
        return Ok(Vec::new());
    }
    let static_hint = if pkg.scripts.contains_key("build") {
        "; if `build` writes a static site, pass --stack static"
    } else {
        ""
    };
    facts.start_missing = Some(format!("no start command: no Procfile web process, no `node <file>` start script, no main and no server.js/index.js; pass --start{static_hint}"));
    Ok(Vec::new())
}

/// A `start:prod`/`start` script whose server is `node <file>`, read by the shared start-command parser
/// (`probe::start`): inline variables become ENV, a migration before the server a release step, other
/// shell syntax a `/bin/sh -c` start on a runtime with a shell.
fn node_script(pkg: &PackageJson, name: &str, facts: &mut Facts) -> Result<Option<Vec<String>>> {
    let Some(text) = super::scripts::script_text(pkg, name) else {
        return Ok(None);
    };
    let text = &text;
    let rules = crate::stacks::rules()?;
    let stack = rules.stack(crate::stacks::node::ID);
    let Ok(parsed) = crate::probe::start::parse(
        text,
        stack.default_port,
        &stack.release_commands,
        &stack.prestart_build_commands,
    ) else {
        return Ok(None);
    };
    let server = match &parsed.shell {
        Some(_) => crate::probe::start::server_words(text),
        None => parsed.argv.clone(),
    };
    let runner = server.first().map(String::as_str).unwrap_or("");
    if !stack.start_runners.contains_key(runner) || server.len() < 2 {
        return Ok(None);
    }
    let source = format!("package.json scripts.{name}");
    crate::probe::start::apply(facts, rules, &source, text, stack.default_port).map_err(
        |what| Error::Manifest {
            path: "package.json".into(),
            line: None,
            message: format!("scripts.{name} {what}"),
        },
    )?;
    facts.because(
        "start",
        facts.start.join(" "),
        "package.json",
        format!("scripts.{name}"),
    );
    Ok(Some(facts.start.clone()))
}

/// The port stated by the entry file (its TypeScript source when the entry is build output), `main`, or a
/// conventional entry file.
fn port_in(
    project: &Project,
    rules: &StackRules,
    pkg: &PackageJson,
    start: &[String],
) -> Result<Option<(u16, String)>> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(entry) = start.iter().skip(1).find(|w| !w.starts_with('-')) {
        candidates.push(entry.clone());
        // `tsc` writes server.js from server.ts beside it: the port is in the source.
        if let Some(stem) = entry.strip_suffix(".js") {
            candidates.push(format!("{stem}.ts"));
        }
        if let Some(stem) = entry
            .strip_prefix("dist/")
            .and_then(|e| e.strip_suffix(".js"))
        {
            candidates.push(format!("src/{stem}.ts"));
        }
    }
    candidates.extend(pkg.main.clone());
    candidates.extend(rules.entry_files.iter().cloned());
    for f in candidates {
        let f = f.trim_start_matches("./");
        if !project.has(f) {
            continue;
        }
        if let Some((p, line)) = crate::probe::port::find(&project.read_source(f)?) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}
