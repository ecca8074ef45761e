//! A Cargo package's targets as cargo would find them: the binaries it ships and the other target roots
//! (lib, build script, examples, tests, benches) the dependency layer must stub.

use super::prefix;
use crate::error::{Error, Result};
use crate::manifest::cargo::CargoToml;
use crate::scan::Project;

/// A Cargo package of the project: its folder, name, manifest and targets.
pub(super) struct Package {
    pub(super) dir: String,
    pub(super) name: String,
    pub(super) manifest: CargoToml,
    /// (binary name, source path relative to the project root)
    pub(super) bins: Vec<(String, String)>,
    /// Other target roots cargo needs present: lib, build script, declared examples/tests/benches.
    pub(super) others: Vec<(String, bool)>,
}

/// A package's targets as cargo would find them, from its manifest and the files present; every path
/// and binary name is checked to be a plain shell word, since the Dockerfile names them.
pub(super) fn package(project: &Project, dir: &str, manifest: CargoToml) -> Result<Package> {
    let pre = prefix(dir);
    let name = manifest
        .package
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let bins = bins(project, &pre, &name, &manifest)?;
    let others = other_targets(project, &pre, &manifest);
    let file = format!("{pre}Cargo.toml");
    for (bin_name, path) in &bins {
        crate::manifest::shell_word(&file, "binary name", bin_name, false)?;
        crate::manifest::shell_word(&file, "target path", path, true)?;
    }
    for (path, _) in &others {
        crate::manifest::shell_word(&file, "target path", path, true)?;
    }
    Ok(Package {
        dir: dir.to_string(),
        name,
        manifest,
        bins,
        others,
    })
}

/// The package's binaries, `(name, path)`: the `[[bin]]` tables (a missing path found where cargo looks),
/// then, unless `autobins = false`, src/main.rs and src/bin/ that no `[[bin]]` names.
fn bins(
    project: &Project,
    pre: &str,
    name: &str,
    manifest: &CargoToml,
) -> Result<Vec<(String, String)>> {
    let at = |rel: &str| format!("{pre}{rel}");
    let mut bins: Vec<(String, String)> = Vec::new();
    for bin in &manifest.bin {
        let bin_name = bin.name.clone().unwrap_or_else(|| name.to_string());
        let path = match &bin.path {
            Some(p) => at(p),
            None => [
                format!("src/bin/{bin_name}.rs"),
                format!("src/bin/{bin_name}/main.rs"),
                "src/main.rs".to_string(),
            ]
            .into_iter()
            .map(|p| at(&p))
            .find(|p| project.has(p))
            .ok_or_else(|| Error::Unsupported {
                path: format!("{pre}Cargo.toml").into(),
                message: format!("binary `{bin_name}` has no path and no src/bin/{bin_name}.rs"),
            })?,
        };
        bins.push((bin_name, path));
    }
    if manifest.package.as_ref().and_then(|p| p.autobins) != Some(false) {
        if project.has(&at("src/main.rs")) && !bins.iter().any(|(_, p)| *p == at("src/main.rs")) {
            bins.push((name.to_string(), at("src/main.rs")));
        }
        for f in project
            .files()
            .filter(|f| f.starts_with(&at("src/bin/")) && f.ends_with(".rs"))
        {
            let rest = &f[at("src/bin/").len()..];
            let bin_name = match rest.split_once('/') {
                None => rest.trim_end_matches(".rs").to_string(),
                Some((d, "main.rs")) => d.to_string(),
                Some(_) => continue,
            };
            // A file a `[[bin]]` already names by path is that binary, under the `[[bin]]`'s name.
            if !bins.iter().any(|(n, p)| *n == bin_name || p == f) {
                bins.push((bin_name, f.to_string()));
            }
        }
    }
    Ok(bins)
}

/// The package's other target roots, `(path, is the lib)`: the library, the build script, and the
/// declared examples, tests and benches, which cargo needs present to read the manifest.
fn other_targets(project: &Project, pre: &str, manifest: &CargoToml) -> Vec<(String, bool)> {
    let at = |rel: &str| format!("{pre}{rel}");
    let mut others = Vec::new();
    match manifest.lib.as_ref().and_then(|l| l.path.clone()) {
        Some(p) => others.push((at(&p), true)),
        None if project.has(&at("src/lib.rs")) => others.push((at("src/lib.rs"), true)),
        None => {}
    }
    match manifest.package.as_ref().and_then(|p| p.build.clone()) {
        Some(toml::Value::String(p)) => others.push((at(&p), false)),
        Some(_) => {}
        None if project.has(&at("build.rs")) => others.push((at("build.rs"), false)),
        None => {}
    }
    for (kind, targets) in [
        ("examples", &manifest.example),
        ("tests", &manifest.test),
        ("benches", &manifest.bench),
    ] {
        for t in targets {
            let path = t
                .path
                .clone()
                .unwrap_or_else(|| format!("{kind}/{}.rs", t.name.clone().unwrap_or_default()));
            others.push((at(&path), false));
        }
    }
    others
}
