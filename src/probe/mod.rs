//! Probes the stacks' detectors share, naming no stack: framework picking and its evidence, the port a
//! source file listens on, dependencies fetched with git, the toolchain version a project pins, the Procfile, competing lockfiles.
//!
//! They sit below the stacks and above the manifest parsers, so a detector may call any of them and
//! the arbitration in [`crate::detect`] may call the detectors without an import cycle.

pub mod compose_port;
pub mod config_port;
pub mod git_source;
pub mod loopback;
pub mod module_port;
pub mod platform_port;
pub mod port;
pub mod procfile;
pub mod start;
pub mod toolchain;

use crate::error::Result;
use crate::facts::Facts;
use crate::scan::Project;

/// Record the framework a rule selected, with what selected it (`dependency express`) as evidence.
pub fn record_framework(
    facts: &mut Facts,
    fw: &crate::rules::FrameworkRule,
    source: impl ToString,
    verb: &str,
) {
    facts.framework = Some(fw.id.clone());
    facts.because(
        "framework",
        &fw.id,
        source,
        format!("{verb} {}", fw.dependencies.join(" or ")),
    );
}

/// The highest-priority framework row whose dependency is present (and whose file condition holds).
pub fn pick_framework<'r>(
    project: &Project,
    frameworks: &'r [crate::rules::FrameworkRule],
    has_dependency: impl Fn(&str) -> bool,
) -> Result<Option<&'r crate::rules::FrameworkRule>> {
    pick_framework_by(project, frameworks, |_, d| has_dependency(d))
}

/// [`pick_framework`] where whether a dependency counts depends on the row (Node rows whose signals
/// count in devDependencies too).
pub fn pick_framework_by<'r>(
    project: &Project,
    frameworks: &'r [crate::rules::FrameworkRule],
    has_dependency: impl Fn(&crate::rules::FrameworkRule, &str) -> bool,
) -> Result<Option<&'r crate::rules::FrameworkRule>> {
    let mut best: Option<&crate::rules::FrameworkRule> = None;
    for fw in frameworks {
        if !fw.dependencies.iter().any(|d| has_dependency(fw, d))
            || !fw.also.iter().all(|d| has_dependency(fw, d))
            || fw.unless.iter().any(|d| has_dependency(fw, d))
        {
            continue;
        }
        if let Some(cond) = &fw.when_file_contains {
            let mut holds = false;
            for f in &cond.files {
                if let Some(text) = project.read_source_opt(f)? {
                    holds |= text.contains(&cond.text);
                }
            }
            if !holds {
                continue;
            }
        }
        if best.is_none_or(|b| fw.priority > b.priority) {
            best = Some(fw);
        }
    }
    Ok(best)
}

/// A warning when several package managers' lockfiles are present: the choice follows the documented
/// order (or `packageManager`), but one of the lockfiles is stale and the user should know which was used.
pub fn lockfile_conflict(
    project: &Project,
    stack: &crate::rules::StackRules,
    chosen: &str,
) -> Option<String> {
    let mut present: Vec<&str> = Vec::new();
    for lock in stack.package_managers.iter().flat_map(|p| &p.lockfiles) {
        if project.has(lock) && !present.contains(&lock.as_str()) {
            present.push(lock);
        }
    }
    (present.len() > 1).then(|| {
        format!(
            "several lockfiles ({}): using {chosen}; delete the stale ones or pass --package-manager",
            present.join(", ")
        )
    })
}
