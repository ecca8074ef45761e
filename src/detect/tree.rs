//! The whole tree: every app a repository root holds — workspace members, the several binaries of one
//! Cargo/Go/.NET/JVM workspace, sibling service folders — and every member skipped, with why.
//!
//! Each member is detected by the same per-folder detection as a lone app; whether it is an app or a
//! library is decided by its facts (a start that only comes from `main` is a library's entry, see
//! `detectors/workspaces.toml`), never by running it.

use super::detect_app;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{AmbiguityKind, Facts, StackId};
use crate::rules::Rules;
use crate::scan::Project;
use crate::workspace::{self, Context, Workspace};
use serde::Serialize;

/// What the tree holds: the workspaces found at the root, its apps, and the members that are not apps.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// The workspace definitions found at the root (`pnpm`, `turborepo`, `cargo`…), in rule order.
    pub workspaces: Vec<String>,
    pub apps: Vec<App>,
    pub skipped: Vec<Skipped>,
}

/// One deployable app: what a compose service or a CI job needs to build and run it.
#[derive(Debug, Clone, Serialize)]
pub struct App {
    /// The image and service name: the package's own name (package.json `name` without its scope,
    /// Cargo package, binary or project), else the folder's.
    pub name: String,
    /// The app's folder, relative to the root (`.` for the root itself): its Dockerfile goes here.
    pub path: String,
    /// The build context, relative to the root: `.` when the app builds from the repository root.
    pub context: String,
    /// The Dockerfile, relative to the root (`apps/api/Dockerfile`).
    pub dockerfile: String,
    pub stack: StackId,
    pub port: Option<u16>,
    #[serde(skip)]
    pub facts: Facts,
}

/// A member that gets no Dockerfile, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub stack: Option<StackId>,
    pub reason: String,
}

/// Detect every app of the project's tree. Answers apply to every app (dockgen.toml's and the flags).
pub fn tree(project: &Project, answers: &Answers) -> Result<Tree> {
    let rules = crate::stacks::rules()?;
    let found = workspace::find(project)?;
    let mut tree = Tree {
        workspaces: found.iter().map(|w| w.id.clone()).collect(),
        ..Tree::default()
    };
    tree.workspaces.dedup();
    if found.iter().any(|w| w.context == Context::Root) {
        if let Some(facts) = root_owns_assets(project, rules, answers) {
            tree.apps.push(app(project, ".", ".", facts));
            return Ok(tree);
        }
        js_members(project, &found, rules, answers, &mut tree)?;
        root_when_no_member(project, rules, answers, &mut tree)?;
    } else if let Some(ws) = found.iter().find(|w| !w.members.is_empty()) {
        binaries(project, ws, rules, answers, &mut tree)?;
    } else if let Some(facts) = detect_app(project, "", rules, answers, false)? {
        tree.apps.push(app(project, ".", ".", facts));
    } else {
        let found = siblings(project, rules, answers, &mut tree);
        // As in `detect`: an app without its manifest at the root (server.py) beats sub-folders that hold
        // only static sites (its templates/ or web/), and is planned where no sub-folder holds an app.
        let only_static = tree
            .apps
            .iter()
            .all(|a| a.stack == crate::stacks::static_site::ID);
        if only_static {
            if let Some(facts) = detect_app(project, "", rules, answers, true)? {
                tree.apps = vec![app(project, ".", ".", facts)];
                tree.skipped.clear();
                return Ok(tree);
            }
        }
        found?;
    }
    Ok(tree)
}

/// The root's own app when its stack supersedes both Node and static sites (PHP, Ruby, Elixir): the JS
/// workspace it declares only builds that server's assets (firefly-iii's resources/assets/v1, v2), so
/// the members are not apps of their own. A root that detects as nothing, or refuses, leaves the
/// workspace to its members.
fn root_owns_assets(project: &Project, rules: &Rules, answers: &Answers) -> Option<Facts> {
    let facts = detect_app(project, "", rules, answers, false).ok()??;
    let supersedes = &rules.stack(facts.stack).supersedes;
    let owner = [crate::stacks::node::ID, crate::stacks::static_site::ID]
        .iter()
        .all(|s| supersedes.contains(s));
    owner.then_some(facts)
}

/// A JS workspace whose members hold no app (a pnpm-workspace.yaml of install settings only, or one listing
/// a helper package beside the app at the root: nuxt/movies, umami, redash): the root is the app. Its
/// refusal is the answer only when the workspace offers nothing else to say.
fn root_when_no_member(
    project: &Project,
    rules: &Rules,
    answers: &Answers,
    tree: &mut Tree,
) -> Result<()> {
    if !tree.apps.is_empty() {
        return Ok(());
    }
    match detect_app(project, "", rules, answers, false) {
        Ok(Some(facts)) => tree.apps.push(app(project, ".", ".", facts)),
        Ok(None) => {}
        Err(e) if tree.skipped.is_empty() => return Err(e),
        Err(_) => {}
    }
    Ok(())
}

/// JS workspace members (and Nx projects): each one an app built from the root, or a library skipped.
fn js_members(
    project: &Project,
    found: &[Workspace],
    rules: &Rules,
    answers: &Answers,
    tree: &mut Tree,
) -> Result<()> {
    let mut members: Vec<&String> = found
        .iter()
        .filter(|w| w.context == Context::Root)
        .flat_map(|w| &w.members)
        .collect();
    members.sort();
    members.dedup();
    for member in members.clone() {
        let marked = found
            .iter()
            .flat_map(|w| &w.libraries)
            .find(|(dir, _)| dir == member);
        if let Some((_, why)) = marked {
            tree.skipped.push(skip(member, None, why.clone()));
            continue;
        }
        // The root's own project (a standalone Nx app) is the whole project, built as it is.
        let root = member == ".";
        let view = match root {
            true => project.clone(),
            false => project.member(member, &workspace::rules()?.shared_files),
        };
        match classify(&view, member, rules, answers)? {
            Ok(mut facts) => {
                root_package_manager(project, &mut facts)?;
                if !root {
                    super::member::attach(project, &members, member, &mut facts)?;
                }
                match own_folder_gap(project, member, &facts) {
                    Some(why) => tree.skipped.push(skip(member, Some(facts.stack), why)),
                    None => tree.apps.push(app(project, member, ".", facts)),
                }
            }
            Err(skipped) => tree.skipped.push(skipped),
        }
    }
    Ok(())
}

/// A member is installed by the root's package manager: corepack reads the root package.json's
/// `packageManager`, so the member's own lack of one is no reason to warn.
fn root_package_manager(project: &Project, facts: &mut Facts) -> Result<()> {
    let Some(text) = project.read_opt("package.json")? else {
        return Ok(());
    };
    let root = crate::manifest::package_json::PackageJson::parse("package.json", &text)?;
    if let Some((name, version)) = root.package_manager() {
        super::member::unpin(facts);
        facts
            .warnings
            .retain(|w| !w.starts_with("package.json has no packageManager"));
        facts.because(
            "package_manager",
            name,
            "package.json (workspace root)",
            format!("packageManager {name}@{version}"),
        );
    }
    Ok(())
}

/// A Cargo, Go, uv, Maven, Gradle or .NET workspace: the root's detector plans it with its shared
/// dependency layer; when it reports several runnable parts, each becomes an app of its own.
fn binaries(
    project: &Project,
    ws: &Workspace,
    rules: &Rules,
    answers: &Answers,
    tree: &mut Tree,
) -> Result<()> {
    let (own, why) = super::root_stack::root_answers(project, ws, rules, answers)?;
    let before = tree.apps.len();
    binary_apps(project, ws, rules, &own, tree)?;
    for app in tree.apps.iter_mut().skip(before) {
        app.facts.warnings.extend(why.clone());
    }
    Ok(())
}

/// The apps of a binary workspace, detected with the root's answers.
fn binary_apps(
    project: &Project,
    ws: &Workspace,
    rules: &Rules,
    answers: &Answers,
    tree: &mut Tree,
) -> Result<()> {
    let choices = match detect_app(project, "", rules, answers, false) {
        // Several servers the detector chose among by convention: each is an app (unless one was asked for).
        Ok(Some(facts)) if answers.binary.is_none() && several(&facts).is_some() => {
            several(&facts).unwrap_or_default()
        }
        Ok(Some(facts)) => {
            tree.apps.push(app(project, ".", ".", facts));
            Vec::new()
        }
        // The root is only the workspace (a virtual uv root, a go.work): its members are the apps.
        Ok(None) | Err(Error::Unsupported { .. } | Error::NothingDetected { .. }) => Vec::new(),
        Err(Error::Ambiguous { what, choices, .. }) if what != AmbiguityKind::Stack => choices,
        Err(e) => return Err(e),
    };
    let root_app = !tree.apps.is_empty();
    let mut claimed = Vec::new();
    for choice in &choices {
        let pick = Answers {
            binary: Some(choice.clone()),
            ..answers.clone()
        };
        let Some(mut facts) = detect_app(project, "", rules, &pick, false)? else {
            continue;
        };
        let dir = member_of(&ws.members, choice).unwrap_or_else(|| ".".to_string());
        facts.path = dir.clone();
        let mut one = app(project, &dir, ".", facts);
        one.name = crate::naming::sanitize(last_segment(choice));
        claimed.push(dir);
        tree.apps.push(one);
    }
    for member in ws.members.iter().filter(|m| !claimed.contains(m)) {
        match classify(&project.sub(member), member, rules, answers)? {
            Err(skipped) => tree.skipped.push(skipped),
            // It runs, but the workspace's detector did not count it among the apps (a CLI beside servers).
            Ok(facts) if !claimed.is_empty() => tree.skipped.push(skip(
                member,
                Some(facts.stack),
                format!(
                    "runs but serves nothing beside the workspace's apps ({}); pass --binary to ship it",
                    claimed.join(", ")
                ),
            )),
            Ok(_) if root_app => {}
            Ok(mut facts) => {
                // go.work or a virtual uv root has no app of its own: its member builds from the root,
                // where the workspace is.
                if let Some(facts) = super::root_stack::from_root(project, ws, member, &facts, rules, answers)? {
                    tree.apps.push(app(project, member, ".", facts));
                    continue;
                }
                // Otherwise the member builds from its own folder.
                facts.warnings.push(format!(
                    "built from its own folder: a sibling it uses through {} (or a `../` path) is outside that context",
                    ws.file
                ));
                tree.apps.push(app(project, member, member, facts));
            }
        }
    }
    Ok(())
}

/// The candidates of a choice among several runnable parts the detector settled by convention.
fn several(facts: &Facts) -> Option<Vec<String>> {
    facts
        .ambiguities
        .iter()
        .find(|a| a.what != AmbiguityKind::Stack && a.candidates.len() > 1)
        .map(|a| a.candidates.clone())
}

/// Sibling service folders (no workspace file): the folders one or two levels down that carry a stack's
/// files, each its own app and build context; one that detects no app is skipped with why.
fn siblings(project: &Project, rules: &Rules, answers: &Answers, tree: &mut Tree) -> Result<()> {
    let tooling = &workspace::rules()?.not_services;
    for dir in super::app_dirs(project, rules) {
        let first = dir.split('/').next().unwrap_or_default();
        if tooling.iter().any(|t| t == first) {
            continue;
        }
        match classify(&project.sub(&dir), &dir, rules, answers)? {
            Ok(facts) => tree.apps.push(app(project, &dir, &dir, facts)),
            Err(skipped) => tree.skipped.push(skipped),
        }
    }
    if tree.apps.is_empty() && tree.skipped.is_empty() {
        return Err(rules.nothing_detected(project.root.clone()));
    }
    Ok(())
}

/// Why a JS workspace member planned from its own folder cannot build there: its plan copies a root file
/// (the workspace's lockfile) that its folder does not hold. A Prisma member or one started from
/// node_modules/ is not built from the root yet, and a Dockerfile whose first COPY fails is worse than saying so.
fn own_folder_gap(project: &Project, member: &str, facts: &Facts) -> Option<String> {
    if member == "." || facts.root_context {
        return None;
    }
    let manifests = match facts
        .detail
        .get::<crate::stacks::static_site::StaticDetail>()
    {
        Some(d) => &d.manifests,
        None => {
            &facts
                .detail
                .get::<crate::stacks::node::NodeDetail>()?
                .manifests
        }
    };
    let missing = manifests
        .iter()
        .find(|f| !project.has(&format!("{member}/{f}")))?;
    // What keeps it from the root build (crate::detect::member::attach), said so the user knows what to change.
    let node = facts.detail.get::<crate::stacks::node::NodeDetail>();
    let what = if node.is_some_and(|d| d.prisma.is_some()) {
        "a member using Prisma".to_string()
    } else if facts.start.iter().any(|w| w.contains("node_modules/")) {
        format!(
            "a member started from node_modules/ ({}; Next.js: set output: 'standalone')",
            facts.start.join(" ")
        )
    } else {
        format!(
            "a {} member{}",
            facts.stack.as_str(),
            facts
                .framework
                .as_deref()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default()
        )
    };
    Some(format!(
        "its build needs the workspace root's {missing}, and {what} is not built from the root yet: build it with the workspace's own tool, or give it its own lockfile"
    ))
}

/// One member: its facts when it is an app, the reason it is skipped otherwise. An ambiguity inside a
/// member is still an error: the user settles it (its message names the flag).
pub(super) fn classify(
    sub: &Project,
    member: &str,
    rules: &Rules,
    answers: &Answers,
) -> Result<std::result::Result<Facts, Skipped>> {
    match detect_app(sub, member, rules, answers, false) {
        Ok(Some(facts)) => match library_reason(&facts, rules)? {
            Some(why) => Ok(Err(skip(member, Some(facts.stack), why))),
            None => Ok(Ok(facts)),
        },
        Ok(None) => Ok(Err(skip(
            member,
            None,
            "no app: nothing in it serves or runs".into(),
        ))),
        Err(Error::Unsupported { message, .. }) => Ok(Err(skip(member, None, message))),
        Err(Error::NothingDetected { .. }) => Ok(Err(skip(
            member,
            None,
            "no manifest of its own that a stack recognises".into(),
        ))),
        Err(e) => Err(e),
    }
}

/// Why an app the detector found is a library: its start only comes from `main` (or a conventional
/// entry file) and it has no server framework.
fn library_reason(facts: &Facts, rules: &Rules) -> Result<Option<String>> {
    let stack = rules.stack(facts.stack);
    let serves = stack.frameworks_serve
        && facts
            .framework
            .as_deref()
            .is_some_and(|id| stack.framework(id).is_none_or(|fw| fw.serves));
    let start = facts.evidence.iter().rev().find(|e| e.fact == "start");
    let from_entry = start.is_some_and(|e| {
        workspace::rules()
            .map(|r| r.library_start_rules.contains(&e.rule))
            .unwrap_or(false)
    });
    Ok((from_entry && !serves).then(|| {
        let e = start.expect("checked above");
        format!(
            "a library: its only start is its {} ({}), with no start script and no server framework",
            e.rule, e.value
        )
    }))
}

fn skip(path: &str, stack: Option<StackId>, reason: String) -> Skipped {
    Skipped {
        path: path.to_string(),
        stack,
        reason,
    }
}

/// An app at `path` building from `context`, named after its own manifest.
pub fn app(project: &Project, path: &str, context: &str, mut facts: Facts) -> App {
    facts.path = path.to_string();
    let dockerfile = if path == "." {
        "Dockerfile".to_string()
    } else {
        format!("{path}/Dockerfile")
    };
    App {
        name: own_name(project, path),
        path: path.to_string(),
        context: context.to_string(),
        dockerfile,
        stack: facts.stack,
        port: facts.port,
        facts,
    }
}

/// The package's own name: package.json `name` without its `@scope/`, the Cargo package, else the folder.
fn own_name(project: &Project, path: &str) -> String {
    let file = |name: &str| {
        let rel = if path == "." {
            name.to_string()
        } else {
            format!("{path}/{name}")
        };
        project.read_opt(&rel).ok().flatten()
    };
    let from_json = file("package.json").and_then(|t| {
        let v: serde_json::Value = serde_json::from_str(&t).ok()?;
        Some(v.get("name")?.as_str()?.to_string())
    });
    let from_cargo = || {
        file("Cargo.toml").and_then(|t| {
            let v: toml::Value = toml::from_str(&t).ok()?;
            Some(v.get("package")?.get("name")?.as_str()?.to_string())
        })
    };
    match from_json.or_else(from_cargo) {
        Some(name) => crate::naming::sanitize(last_segment(&name)),
        None if path == "." => crate::naming::image_name(&project.root),
        None => crate::naming::sanitize(last_segment(path)),
    }
}

fn last_segment(s: &str) -> &str {
    s.trim_end_matches('/').rsplit('/').next().unwrap_or(s)
}

/// The workspace member a runnable part (a binary, main package, module or project) lives in: the member
/// that is its path, or whose folder name is its name.
fn member_of(members: &[String], choice: &str) -> Option<String> {
    let choice = choice.trim_start_matches("./").trim_end_matches('/');
    let exact = members.iter().find(|m| {
        m.as_str() == choice || choice.starts_with(&format!("{m}/")) && !choice.is_empty()
    });
    exact
        .or_else(|| {
            members
                .iter()
                .find(|m| last_segment(m) == last_segment(choice))
        })
        .cloned()
}
