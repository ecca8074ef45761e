//! Yarn 2+ (Berry) facts an install in a container must honour: the release `yarnPath` names and the
//! plugins `.yarnrc.yml` loads (both under .yarn/, which the scan prunes), the linker, and whether
//! `workspaces focus` (the production-only install) exists.

use crate::scan::Project;

/// How a Berry install must be set up for the image.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct BerrySetup {
    /// Files .yarnrc.yml needs beside it: the yarnPath release and the plugins it loads.
    pub files: Vec<String>,
    /// Plug'n'Play (Yarn's default linker) writes no node_modules: the image installs a node_modules tree
    /// (`YARN_NODE_LINKER=node-modules`), so node starts the app without Yarn's loader.
    pub node_modules_linker: bool,
    /// Yarn 2 and 3 have `workspaces focus --production` only with the workspace-tools plugin: without
    /// it the install keeps every dependency.
    pub no_focus: bool,
}

/// Read `.yarnrc.yml` (a flat YAML of `key: value` lines and a `plugins:` list of `path:` entries).
pub(crate) fn berry_setup(project: &Project, declared_major: Option<u64>) -> BerrySetup {
    let rc = project
        .read_opt(".yarnrc.yml")
        .ok()
        .flatten()
        .unwrap_or_default();
    let value = |key: &str| {
        rc.lines().find_map(|l| {
            let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some(rest.trim().trim_matches(['"', '\'']).to_string())
        })
    };
    let exists = |p: &str| !p.is_empty() && project.root.join(p).is_file();
    let mut files: Vec<String> = Vec::new();
    let yarn_path = value("yarnPath").filter(|p| exists(p));
    files.extend(yarn_path.clone());
    let plugins: Vec<String> = rc
        .lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("path:"))
        .map(|p| p.trim().trim_matches(['"', '\'']).to_string())
        .filter(|p| exists(p))
        .collect();
    files.extend(plugins.iter().cloned());
    let major = declared_major.or_else(|| {
        let name = yarn_path.as_deref()?.rsplit('/').next()?;
        name.strip_prefix("yarn-")?.split('.').next()?.parse().ok()
    });
    let workspace_tools = plugins.iter().any(|p| p.contains("workspace-tools"));
    BerrySetup {
        files,
        node_modules_linker: value("nodeLinker").is_none_or(|l| l == "pnp"),
        no_focus: matches!(major, Some(2 | 3)) && !workspace_tools,
    }
}
