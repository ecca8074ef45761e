//! A go.work member's build from the repository root: the workspace's manifests and the member modules
//! the app requires (transitively, by module path), read from each member's go.mod.

use crate::error::Result;
use crate::facts::{Detail, Facts};
use crate::manifest::gomod::GoMod;
use crate::scan::Project;
use crate::stacks::go::{GoDetail, GoWorkspace};
use std::collections::BTreeMap;

/// Give a Go app detected in go.work member `dir` the detail of a root-context build; returns whether it
/// did. A vendored module keeps its own folder (its vendor/ is what it builds with).
pub fn attach(project: &Project, members: &[String], dir: &str, facts: &mut Facts) -> Result<bool> {
    let Some(detail) = facts.detail.get::<GoDetail>().filter(|d| !d.vendored) else {
        return Ok(false);
    };
    let mut manifests: Vec<String> = ["go.work", "go.work.sum"]
        .into_iter()
        .filter(|f| project.has(f))
        .map(str::to_string)
        .collect();
    let mut modules = BTreeMap::new();
    for member in members {
        let file = format!("{member}/go.mod");
        let Some(text) = project.read_opt(&file)? else {
            continue;
        };
        manifests.push(file.clone());
        let sum = format!("{member}/go.sum");
        if project.has(&sum) {
            manifests.push(sum);
        }
        modules.insert(member.clone(), GoMod::parse(&file, &text)?);
    }
    let workspace = GoWorkspace {
        dir: dir.to_string(),
        manifests,
        sources: required(project, &modules, dir)?,
    };
    let mut detail = detail.clone();
    detail.workspace = Some(workspace);
    facts.detail = Detail::new(detail);
    facts.root_context = true;
    Ok(true)
}

/// The app's folder and those of the member modules it requires or imports (go.work lets a member import
/// another without a `require`), directly or through another.
fn required(
    project: &Project,
    modules: &BTreeMap<String, GoMod>,
    dir: &str,
) -> Result<Vec<String>> {
    let mut seen = vec![dir.to_string()];
    let mut i = 0;
    while i < seen.len() {
        let current = seen[i].clone();
        let requires = modules.get(&current).map(|m| m.requires.clone());
        let sources = go_sources(project, &current)?;
        for (d, other) in modules {
            let imported = sources.iter().any(|t| {
                t.contains(&format!("\"{}\"", other.module))
                    || t.contains(&format!("\"{}/", other.module))
            });
            let listed = requires.as_ref().is_some_and(|r| r.contains(&other.module));
            if (listed || imported) && !seen.contains(d) {
                seen.push(d.clone());
            }
        }
        i += 1;
    }
    seen.sort();
    Ok(seen)
}

/// The text of a member's Go files.
fn go_sources(project: &Project, dir: &str) -> Result<Vec<String>> {
    let prefix = format!("{dir}/");
    let files: Vec<String> = project
        .files_under(&prefix, ".go")
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    for f in files {
        if let Some(t) = project.read_opt(&f)? {
            out.push(t);
        }
    }
    Ok(out)
}
