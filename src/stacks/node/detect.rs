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
mod start;
use prisma::*;
use start::{port_in, start_command};

/// Detect a Node project: package.json (or a bare server.js), its package manager and toolchain, the
/// framework, build, start and port, then what the planner needs to install it.
pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let text = project.read_opt("package.json")?;
    // No package.json: a program on Node's built-ins alone (the rules' bare_signals brought us here).
    let bare = text.is_none();
    let pkg = PackageJson::parse("package.json", text.as_deref().unwrap_or("{}"))?;
    let (pm_rule, pm, lockfile) = package_manager_fact(project, rules, &pkg, answers)?;
    let mut facts = Facts::new(".", crate::stacks::node::ID, pm);
    record_stack(&mut facts, bare);
    let corepack_pin = corepack_pin(project, pm_rule, &pkg, lockfile)?;
    record_package_manager(&mut facts, &pkg, pm, lockfile, corepack_pin.as_deref());

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

    let fw = framework_and_build(project, rules, &pkg, pm_rule, &mut facts)?;

    facts.start = start_command(project, rules, &pkg, fw, &mut facts)?;
    let start_needs_dev = super::scripts::run_through_node(&mut facts, rules, &pkg);
    let port = port_in(project, rules, &pkg, &facts.start)?;
    crate::probe::port::decide_or_worker(&mut facts, port, project, rules);

    let setup = install_setup(
        project,
        pm_rule,
        &pkg,
        lockfile,
        bare,
        start_needs_dev,
        &mut facts,
    );
    let prisma = prisma(project, &pkg, &mut facts)?;
    // Prisma's classic engines need libssl and a shell to find it: the slim Node runtime row.
    if prisma.as_ref().is_some_and(|p| p.classic_engine) {
        facts.artifact = Some(crate::facts::ArtifactKind::new("node-libssl"));
    }
    if pkg.workspaces.is_some() {
        facts.warnings.push(
            "package.json declares workspaces: the image builds the root package only".into(),
        );
    }
    facts.detail = Detail::new(node_detail(
        project,
        pm_rule,
        &pkg,
        fw,
        setup,
        corepack_pin,
        prisma,
    ));
    Ok(Some(facts))
}

/// Why this is a Node project: package.json, or (bare) an entry file alone, which gets a warning since
/// the image then installs nothing.
fn record_stack(facts: &mut Facts, bare: bool) {
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
}

/// The framework the dependencies select (with its warning) and the build from `scripts.build`: both
/// come from package.json alone, before the start command, which depends on the framework.
fn framework_and_build<'r>(
    project: &Project,
    rules: &'r StackRules,
    pkg: &PackageJson,
    pm_rule: &PackageManagerRule,
    facts: &mut Facts,
) -> Result<Option<&'r FrameworkRule>> {
    let fw = framework(project, &rules.frameworks, pkg)?;
    if let Some(fw) = fw {
        crate::probe::record_framework(facts, fw, "package.json", "dependency");
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
    Ok(fw)
}

/// How the image installs, decided from the package manager's files: what is copied before the source,
/// whether the runtime keeps dev dependencies, and settings every install runs with.
struct InstallSetup {
    manifests: Vec<String>,
    keep_dev: bool,
    install_env: Vec<(String, String)>,
}

/// The files copied before the source and how the install runs, with Yarn Berry's own files and
/// settings folded in: its linker (Plug'n'Play writes no node_modules) and its lack of a production-only
/// install without the workspace-tools plugin.
fn install_setup(
    project: &Project,
    pm_rule: &PackageManagerRule,
    pkg: &PackageJson,
    lockfile: Option<&str>,
    bare: bool,
    start_needs_dev: bool,
    facts: &mut Facts,
) -> InstallSetup {
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
    InstallSetup {
        manifests,
        keep_dev,
        install_env,
    }
}

/// The detail only Node's planner reads, from the install setup and the framework: the build output it
/// copies, its settings, and whether the runtime needs node_modules at all.
fn node_detail(
    project: &Project,
    pm_rule: &PackageManagerRule,
    pkg: &PackageJson,
    fw: Option<&FrameworkRule>,
    setup: InstallSetup,
    corepack_pin: Option<String>,
    prisma: Option<PrismaDetail>,
) -> NodeDetail {
    let InstallSetup {
        manifests,
        keep_dev,
        install_env,
    } = setup;
    NodeDetail {
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
        root_artifacts: fw.map(|f| f.root_artifacts.clone()).unwrap_or_default(),
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
        corepack_pin,
        prisma,
        member: None,
    }
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
    pin: Option<&str>,
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
            if let Some(pin) = pin {
                facts.warnings.push(format!(
                    "package.json has no packageManager: corepack installs {pin}, the line that writes {lock}'s format (the newest {0} may refuse it); pin an exact version (\"packageManager\": \"{0}@x.y.z\")",
                    pm.as_str()
                ));
            } else if pm == PackageManager::PNPM {
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

/// Without `packageManager`, the release line corepack must install for the lockfile's format
/// (`pnpm@7.x` for pnpm-lock.yaml 5.4; the rules' `lockfile_releases`), so the newest release, which may
/// refuse an older lockfile, is never fetched.
pub(crate) fn corepack_pin(
    project: &Project,
    pm_rule: &PackageManagerRule,
    pkg: &PackageJson,
    lockfile: Option<&str>,
) -> Result<Option<String>> {
    let Some(lock) = lockfile.filter(|_| pm_rule.corepack && pkg.package_manager().is_none())
    else {
        return Ok(None);
    };
    if pm_rule.lockfile_releases.is_empty() {
        return Ok(None);
    }
    let head = project.read_head(lock, 256)?;
    let version = head.lines().find_map(|l| {
        let v = l.strip_prefix("lockfileVersion:")?.trim();
        Some(v.trim_matches(['\'', '"']).to_string())
    });
    Ok(version
        .and_then(|v| pm_rule.lockfile_releases.get(&v))
        .map(|major| format!("{}@{major}.x", pm_rule.name().as_str())))
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
            .filter(|f| project.has(f) || project.has_dir(f.trim_end_matches('/')))
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
            Some(_) => Error::bad_flag(
                "--package-manager",
                name,
                format!("not a package manager of a Node project; one of {known}"),
            ),
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
