//! A JS workspace app's build from the repository root: the workspace packages it depends on
//! (transitively, by package name) and the install limited to them, from `detectors/workspaces.toml`.

use crate::error::Result;
use crate::facts::{Detail, Facts};
use crate::manifest::package_json::PackageJson;
use crate::scan::Project;
use crate::stacks::node::{Member, NodeDetail};
use std::collections::BTreeMap;

/// Give a Node or Bun app detected in workspace member `dir` the detail of a root-context build. An app
/// of another stack (a static site) keeps its own plan; a package manager without a row keeps it too.
pub fn attach(project: &Project, members: &[&String], dir: &str, facts: &mut Facts) -> Result<()> {
    let Some(detail) = facts.detail.get::<NodeDetail>() else {
        return Ok(());
    };
    // A framework's own build output (Next.js standalone), Prisma's generated client or a start under
    // node_modules/ assume the app's folder is the project: not planned from the root yet.
    let own_layout = !detail.artifacts.is_empty()
        || detail.prisma.is_some()
        || facts.start.iter().any(|w| w.contains("node_modules/"));
    if own_layout {
        facts.warnings.push(
            "planned from its own folder: a framework build output, Prisma or a start under node_modules/ is not built from the workspace root yet".into(),
        );
        return Ok(());
    }
    let rules = crate::workspace::rules()?;
    let Some(row) = rules
        .install
        .iter()
        .find(|r| r.package_manager == detail.rule)
    else {
        return Ok(());
    };
    let names = package_names(project, members)?;
    let name = names
        .iter()
        .find(|(_, d)| d.as_str() == dir)
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| dir.to_string());
    let fill = |t: &str| t.replace("{name}", &name).replace("{dir}", dir);
    let member = Member {
        dir: dir.to_string(),
        packages: closure(project, &names, dir)?,
        install_prod: fill(&row.prod),
        install: fill(&row.all),
        build: facts.build.as_ref().map(|_| fill(&row.build)),
        nested: row.nested,
        why: row.why.clone(),
    };
    if let Some(b) = &member.build {
        facts.build = Some(b.clone());
    }
    facts.root_context = true;
    let mut detail = detail.clone();
    detail.member = Some(member);

    facts.detail = Detail::new(detail);
    Ok(())
}

/// Every member's package name → its folder.
fn package_names(project: &Project, members: &[&String]) -> Result<BTreeMap<String, String>> {
    let mut names = BTreeMap::new();
    for dir in members {
        let file = format!("{dir}/package.json");
        if let Some(text) = project.read_opt(&file)? {
            if let Some(n) = PackageJson::parse(&file, &text)?.name {
                names.insert(n, dir.to_string());
            }
        }
    }
    Ok(names)
}

/// The app's folder and those of the workspace packages it depends on, directly or through another.
fn closure(project: &Project, names: &BTreeMap<String, String>, dir: &str) -> Result<Vec<String>> {
    let mut seen = vec![dir.to_string()];
    let mut i = 0;
    while i < seen.len() {
        let file = format!("{}/package.json", seen[i]);
        if let Some(text) = project.read_opt(&file)? {
            let pkg = PackageJson::parse(&file, &text)?;
            for dep in pkg.dependencies.keys().chain(pkg.dev_dependencies.keys()) {
                if let Some(d) = names.get(dep).filter(|d| !seen.contains(d)) {
                    seen.push(d.clone());
                }
            }
        }
        i += 1;
    }
    seen.sort();
    Ok(seen)
}

/// The root names its package manager (`packageManager`), which corepack reads in a build from the root:
/// a member's lockfile-derived release line (`pnpm@10.x`) is not pinned over it.
pub fn unpin(facts: &mut Facts) {
    if let Some(d) = facts
        .detail
        .get::<NodeDetail>()
        .filter(|d| d.corepack_pin.is_some())
    {
        let d = NodeDetail {
            corepack_pin: None,
            ..d.clone()
        };
        facts.detail = Detail::new(d);
    }
    let static_detail = facts
        .detail
        .get::<crate::stacks::static_site::StaticDetail>()
        .filter(|d| d.corepack_pin.is_some());
    if let Some(d) = static_detail {
        let d = crate::stacks::static_site::StaticDetail {
            corepack_pin: None,
            ..d.clone()
        };
        facts.detail = Detail::new(d);
    }
}
