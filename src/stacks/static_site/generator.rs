//! Site generators dockgen has no build image for (Hugo, Jekyll; rows of detectors/static.toml): a
//! folder holding one's site is refused in one line saying what to do, never served as it stands.

use crate::error::{Error, Result};
use crate::manifest::package_json::PackageJson;
use crate::rules::{SiteGenerator, StackRules};
use crate::scan::Project;

/// Refuse a generator's site the build cannot run: its own configuration at the root (or a shared name
/// beside one of its folders), unless an npm dependency installs the generator and nothing needs yet
/// another toolchain.
pub(super) fn refuse_unbuildable(
    project: &Project,
    stack: &StackRules,
    pkg: Option<&PackageJson>,
) -> Result<()> {
    for g in &stack.generators {
        let Some(config) = site_config(project, g) else {
            continue;
        };
        let installed = pkg.is_some_and(|p| g.npm_packages.iter().any(|n| p.depends_on(n)));
        let need = g.needs.iter().find(|n| project.has(&n.file));
        let why = match (installed, need) {
            (true, None) => continue,
            (true, Some(n)) => n.why.clone(),
            (false, _) => format!("no {} image is in its catalogue", g.name),
        };
        return Err(Error::Unsupported {
            path: project.root.join(&config),
            message: format!(
                "a {} site, which dockgen cannot build: {why}; build it with `{}` and run dockgen in {}/, which it serves as plain HTML",
                g.name, g.command, g.output
            ),
        });
    }
    Ok(())
}

/// The generator's configuration file at the root, if the folder is its site.
fn site_config(project: &Project, g: &SiteGenerator) -> Option<String> {
    if let Some(own) = g.configs.iter().find(|c| project.has(c)) {
        return Some(own.clone());
    }
    let beside = g.folders.iter().any(|d| project.has_dir(d));
    g.shared_configs
        .iter()
        .find(|c| beside && project.has(c))
        .cloned()
}
