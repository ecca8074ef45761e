//! A uv workspace member's build from the repository root: the workspace's manifests and the member
//! packages it depends on (transitively, by normalised project name), read from each member's
//! pyproject.toml.

use crate::error::Result;
use crate::facts::{Detail, Facts};
use crate::manifest::python::{normalise, PyProject};
use crate::scan::Project;
use crate::stacks::python::{PyWorkspace, PythonDetail};
use std::collections::BTreeMap;

/// The root files a uv member is detected with as if they were its own: the lock that installs it and the
/// Python version the workspace pins.
pub const SHARED: &[&str] = &["uv.lock", ".python-version"];

/// Give a Python app detected in uv workspace member `dir` (with the root's uv.lock) the detail of a
/// root-context build; returns whether it did (not when uv is not what installs it).
pub fn attach(project: &Project, members: &[String], dir: &str, facts: &mut Facts) -> Result<bool> {
    let Some(detail) = facts
        .detail
        .get::<PythonDetail>()
        .filter(|d| d.rule == "uv")
    else {
        return Ok(false);
    };
    let mut manifests: Vec<String> = ["pyproject.toml", "uv.lock"]
        .into_iter()
        .filter(|f| project.has(f))
        .map(str::to_string)
        .collect();
    let mut packages: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for member in members {
        let file = format!("{member}/pyproject.toml");
        let Some(text) = project.read_opt(&file)? else {
            continue;
        };
        manifests.push(file.clone());
        let py = PyProject::parse(&file, &text)?;
        let name = py
            .project
            .as_ref()
            .and_then(|p| p.name.as_deref())
            .map(normalise);
        packages.insert(
            member.clone(),
            (name.unwrap_or_default(), py.dependency_names()),
        );
    }
    let Some((package, _)) = packages.get(dir).filter(|(n, _)| !n.is_empty()) else {
        return Ok(false);
    };
    let workspace = PyWorkspace {
        dir: dir.to_string(),
        package: package.clone(),
        manifests,
        sources: closure(&packages, dir),
    };
    let mut detail = detail.clone();
    detail.workspace = Some(workspace);
    facts.detail = Detail::new(detail);
    facts.root_context = true;
    Ok(true)
}

/// The member's folder and those of the workspace packages it depends on, directly or through another.
fn closure(packages: &BTreeMap<String, (String, Vec<String>)>, dir: &str) -> Vec<String> {
    let mut seen = vec![dir.to_string()];
    let mut i = 0;
    while i < seen.len() {
        let deps = packages
            .get(&seen[i])
            .map(|(_, d)| d.clone())
            .unwrap_or_default();
        for (d, (name, _)) in packages {
            if deps.contains(name) && !seen.contains(d) {
                seen.push(d.clone());
            }
        }
        i += 1;
    }
    seen.sort();
    seen
}
