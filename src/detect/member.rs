//! A JS workspace app's build from the repository root: the workspace packages it depends on
//! (transitively, by package name) and the install limited to them, from `detectors/workspaces.toml`.

use crate::error::Result;
use crate::facts::{Detail, Facts};
use crate::manifest::package_json::PackageJson;
use crate::scan::Project;
use crate::stacks::node::{Member, NodeDetail};
use crate::stacks::static_site::StaticDetail;
use std::collections::BTreeMap;

/// Give a Node or Bun app, or a static site Node builds, detected in workspace member `dir` the detail of
/// a root-context build. A plain HTML site keeps its own folder; a package manager without a row keeps it too.
pub fn attach(project: &Project, members: &[&String], dir: &str, facts: &mut Facts) -> Result<()> {
    let rule = if let Some(d) = facts.detail.get::<NodeDetail>() {
        // Prisma's generated client or a start under node_modules/ assume the app's folder is the
        // project: not planned from the root yet.
        if d.prisma.is_some() || facts.start.iter().any(|w| w.contains("node_modules/")) {
            facts.warnings.push(
                "planned from its own folder: Prisma or a start under node_modules/ is not built from the workspace root yet".into(),
            );
            return Ok(());
        }
        d.rule.clone()
    } else if let Some(d) = facts
        .detail
        .get::<StaticDetail>()
        .filter(|d| !d.manifests.is_empty() && facts.build.is_some())
    {
        d.package_manager_rule.clone()
    } else {
        return Ok(());
    };
    let Some(member) = member(project, members, dir, &rule, facts.build.is_some())? else {
        return Ok(());
    };
    if let Some(b) = &member.build {
        facts.build = Some(b.clone());
    }
    facts.root_context = true;
    if let Some(d) = facts.detail.get::<NodeDetail>() {
        let mut d = d.clone();
        d.member = Some(member);
        facts.detail = Detail::new(d);
    } else if let Some(d) = facts.detail.get::<StaticDetail>() {
        let mut d = d.clone();
        d.member = Some(member);
        facts.detail = Detail::new(d);
    }
    Ok(())
}

/// The root-context build of member `dir` by package-manager rule `rule`, from `detectors/workspaces.toml`;
/// `None` when the rule has no row there.
fn member(
    project: &Project,
    members: &[&String],
    dir: &str,
    rule: &str,
    builds: bool,
) -> Result<Option<Member>> {
    let rules = crate::workspace::rules()?;
    let Some(row) = rules.install.iter().find(|r| r.package_manager == rule) else {
        return Ok(None);
    };
    let names = package_names(project, members)?;
    let name = names
        .iter()
        .find(|(_, d)| d.as_str() == dir)
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| dir.to_string());
    let fill = |t: &str| t.replace("{name}", &name).replace("{dir}", dir);
    Ok(Some(Member {
        dir: dir.to_string(),
        packages: closure(project, &names, dir)?,
        install_prod: fill(&row.prod),
        install: fill(&row.all),
        build: builds.then(|| fill(&row.build)),
        nested: row.nested,
        why: row.why.clone(),
    }))
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
