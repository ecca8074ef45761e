//! Workspaces: the member lists a repository root declares (package.json `workspaces`, pnpm, Nx, Cargo,
//! go.work, uv, Maven, Gradle, .NET solutions), read as the rules in `detectors/workspaces.toml` say.
//!
//! Reading a workspace never runs anything: each format is parsed from the file's text, and member globs
//! are expanded against the folders the scan already listed.

use crate::error::{Error, Result};
use crate::scan::Project;
use serde::Deserialize;
use std::sync::OnceLock;

const RULES: &str = include_str!("../detectors/workspaces.toml");

/// The rules of `detectors/workspaces.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceRules {
    /// Evidence rules a start command may come from and still leave the member a library.
    pub library_start_rules: Vec<String>,
    /// Root files a JS workspace member is detected with as if they were its own (the lockfile).
    pub shared_files: Vec<String>,
    /// Sub-folder names that are never a sibling service.
    pub not_services: Vec<String>,
    pub workspace: Vec<WorkspaceRule>,
    /// How a JS workspace app installs only itself and its workspace dependencies, per package manager.
    pub install: Vec<MemberInstall>,
}

/// One package manager's install limited to an app and the workspace packages it depends on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInstall {
    /// The package-manager rule id of detectors/node.toml (`pnpm`, `npm`, `yarn-berry`, `bun`).
    pub package_manager: String,
    pub prod: String,
    pub all: String,
    pub build: String,
    /// Each package gets a node_modules of its own (pnpm) that the runtime copies too.
    pub nested: bool,
    /// Why this command: the generated Dockerfile's comment.
    pub why: String,
}

/// How a workspace's members build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    /// From the repository root (JS workspaces: the lockfile and sibling packages live there).
    Root,
    /// Planned by the root's own detector; several runnable members become one app each.
    Binary,
}

/// One workspace definition file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceRule {
    pub id: String,
    /// The file at the root; `*.sln` matches any file with that extension.
    pub file: String,
    pub format: Format,
    #[serde(default)]
    pub keys: Vec<String>,
    /// A file whose folders are the members (Nx's project.json).
    pub projects: Option<String>,
    /// In that file, the key and value that mark a library project.
    pub library_key: Option<String>,
    pub library_value: Option<String>,
    pub context: Context,
    /// The stack whose detector plans a `binary` workspace (`dotnet` for a solution): at a root that
    /// other stacks' files also claim (a package.json of end-to-end test tooling beside a .NET solution),
    /// the workspace file says which one the root is.
    pub stack: Option<String>,
}

/// How a workspace file writes its member list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Json,
    Toml,
    YamlList,
    GoWork,
    MavenModules,
    GradleInclude,
    Sln,
    /// The file only marks the tool; its members come from `projects` or from other workspace files.
    Marker,
}

/// The workspace rules, parsed once.
pub fn rules() -> Result<&'static WorkspaceRules> {
    static PARSED: OnceLock<std::result::Result<WorkspaceRules, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| toml::from_str(RULES).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| Error::Manifest {
            path: "detectors/workspaces.toml".into(),
            line: None,
            message: message.clone(),
        })
}

/// A workspace found at the root: which definition, and the member folders it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    /// The file it was read from (`pnpm-workspace.yaml`, `Api.sln`).
    pub file: String,
    pub context: Context,
    /// Member folders, relative to the root, `/`-separated, sorted, without the root itself.
    pub members: Vec<String>,
    /// Members the definition itself marks as libraries (Nx `projectType: library`), with the reason.
    pub libraries: Vec<(String, String)>,
    /// The stack whose detector plans it (the rule's `stack`).
    pub stack: Option<String>,
}

/// Every workspace the project's root declares. A root file that holds no member list (a package.json
/// without `workspaces`) is no workspace.
pub fn find(project: &Project) -> Result<Vec<Workspace>> {
    let rules = rules()?;
    let mut found = Vec::new();
    for rule in &rules.workspace {
        for file in root_files(project, &rule.file) {
            if let Some(ws) = read(project, rule, &file)? {
                found.push(ws);
            }
        }
    }
    Ok(found)
}

/// The files at the root the rule's `file` names (a `*.ext` pattern may match several).
fn root_files(project: &Project, pattern: &str) -> Vec<String> {
    match pattern.strip_prefix('*') {
        Some(ext) => project
            .files()
            .filter(|f| !f.contains('/') && f.ends_with(ext))
            .map(str::to_string)
            .collect(),
        None if project.has(pattern) => vec![pattern.to_string()],
        None => Vec::new(),
    }
}

fn read(project: &Project, rule: &WorkspaceRule, file: &str) -> Result<Option<Workspace>> {
    let text = project.read(file)?;
    let patterns: Option<Vec<String>> = match rule.format {
        // A file that does not parse declares no workspace here: the stack's own detector reports it,
        // naming the file and line as it does for a lone app.
        Format::Json => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| rule.keys.iter().find_map(|k| json_list(&v, k))),
        Format::Toml => toml::from_str::<toml::Value>(&text)
            .ok()
            .and_then(|v| rule.keys.iter().find_map(|k| toml_list(&v, k))),
        Format::YamlList => rule.keys.first().map(|k| yaml_list(&text, k)),
        Format::GoWork => Some(go_work_uses(&text)),
        Format::MavenModules => {
            let pom = crate::manifest::maven::Pom::parse(file, &text)?;
            (!pom.modules.is_empty()).then_some(pom.modules)
        }
        Format::GradleInclude => {
            let s = crate::manifest::gradle::GradleSettings::parse(&text);
            (!s.includes.is_empty()).then_some(s.includes)
        }
        Format::Sln => Some(
            crate::manifest::dotnet::solution_projects(file, &text)?
                .iter()
                .map(|p| p.rsplit_once('/').map_or(".", |(d, _)| d).to_string())
                .collect(),
        ),
        Format::Marker => Some(Vec::new()),
    };
    let Some(patterns) = patterns else {
        return Ok(None);
    };
    let mut ws = Workspace {
        id: rule.id.clone(),
        file: file.to_string(),
        context: rule.context,
        members: expand(project, &patterns),
        libraries: Vec::new(),
        stack: rule.stack.clone(),
    };
    if let Some(marker) = &rule.projects {
        project_folders(project, rule, marker, &mut ws)?;
    }
    Ok(Some(ws))
}

/// Folders holding the rule's project file (Nx's project.json), and those it marks as libraries.
fn project_folders(
    project: &Project,
    rule: &WorkspaceRule,
    marker: &str,
    ws: &mut Workspace,
) -> Result<()> {
    let suffix = format!("/{marker}");
    // A project.json at the root is a standalone Nx app: the root itself is a project.
    let files: Vec<String> = project
        .files()
        .filter(|f| f.ends_with(&suffix) || *f == marker)
        .map(str::to_string)
        .collect();
    for file in files {
        let dir = match file.strip_suffix(&suffix) {
            Some(dir) => dir.to_string(),
            None => ".".to_string(),
        };
        if let (Some(key), Some(value)) = (&rule.library_key, &rule.library_value) {
            let json: serde_json::Value = crate::manifest::json(&file, &project.read(&file)?)?;
            if json.get(key).and_then(|v| v.as_str()) == Some(value.as_str()) {
                let why = format!("{file} says {key} \"{value}\"");
                ws.libraries.push((dir.clone(), why));
            }
        }
        if !ws.members.contains(&dir) {
            ws.members.push(dir);
        }
    }
    ws.members.sort();
    Ok(())
}

fn json_list(value: &serde_json::Value, key: &str) -> Option<Vec<String>> {
    let mut v = value;
    for part in key.split('.') {
        v = v.get(part)?;
    }
    let list = v.as_array()?;
    Some(
        list.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
    )
}

fn toml_list(value: &toml::Value, key: &str) -> Option<Vec<String>> {
    let mut v = value;
    for part in key.split('.') {
        v = v.get(part)?;
    }
    let list = v.as_array()?;
    Some(
        list.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
    )
}

/// The items of a top-level YAML block list (`packages:` then `  - 'apps/*'` lines): the one shape
/// pnpm-workspace.yaml uses, read without a YAML library.
pub fn yaml_list(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let code = line.split(" #").next().unwrap_or("").trim_end();
        if code.trim().is_empty() || code.trim_start().starts_with('#') {
            continue;
        }
        if !code.starts_with([' ', '\t', '-']) {
            inside = code.trim_end_matches(':').trim() == key && code.ends_with(':');
            continue;
        }
        if let Some(item) = code.trim().strip_prefix('-').filter(|_| inside) {
            out.push(item.trim().trim_matches(['\'', '"']).to_string());
        }
    }
    out
}

/// The folders of go.work's `use` directives, single-line and block form.
pub fn go_work_uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block = false;
    for line in text.lines() {
        let t = line.split("//").next().unwrap_or("").trim();
        if block {
            if t == ")" {
                block = false;
            } else if !t.is_empty() {
                out.push(t.trim_matches('"').to_string());
            }
        } else if let Some(rest) = t.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                block = true;
            } else if !rest.is_empty() && rest.len() < t.len() {
                out.push(rest.trim_matches('"').to_string());
            }
        }
    }
    out
}

/// The folders matching the member patterns, minus those a `!pattern` excludes.
pub fn expand(project: &Project, patterns: &[String]) -> Vec<String> {
    let dirs = folders(project);
    let clean = |p: &str| p.trim_start_matches("./").trim_end_matches('/').to_string();
    let (exclude, include): (Vec<&String>, Vec<&String>) =
        patterns.iter().partition(|p| p.starts_with('!'));
    let mut out: Vec<String> = dirs
        .iter()
        .filter(|d| include.iter().any(|p| glob(&clean(p), d)))
        .filter(|d| !exclude.iter().any(|p| glob(&clean(&p[1..]), d)))
        .cloned()
        .collect();
    out.sort();
    out
}

/// Every folder that holds a file, below the root.
fn folders(project: &Project) -> std::collections::BTreeSet<String> {
    let mut dirs = std::collections::BTreeSet::new();
    for f in project.files() {
        let mut path = f;
        while let Some((dir, _)) = path.rsplit_once('/') {
            dirs.insert(dir.to_string());
            path = dir;
        }
    }
    dirs
}

/// Whether a `/`-separated folder matches a glob: `*` within one name, `**` any number of folders.
pub fn glob(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let parts: Vec<&str> = path.split('/').collect();
    glob_parts(&pat, &parts)
}

fn glob_parts(pat: &[&str], parts: &[&str]) -> bool {
    match pat.split_first() {
        None => parts.is_empty(),
        Some((&"**", rest)) => (0..=parts.len()).any(|i| glob_parts(rest, &parts[i..])),
        Some((p, rest)) => parts
            .split_first()
            .is_some_and(|(s, more)| segment(p, s) && glob_parts(rest, more)),
    }
}

fn segment(pat: &str, s: &str) -> bool {
    match pat.split_once('*') {
        None => pat == s,
        Some((pre, post)) => {
            s.len() >= pre.len() + post.len()
                && s.starts_with(pre)
                && segment_rest(post, &s[pre.len()..])
        }
    }
}

/// The rest of a segment pattern after a `*`: the shortest match that lets the remainder match.
fn segment_rest(post: &str, s: &str) -> bool {
    (0..=s.len()).any(|i| s.is_char_boundary(i) && segment(post, &s[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_folders() {
        assert!(glob("apps/*", "apps/api"));
        assert!(!glob("apps/*", "apps/api/src"));
        assert!(glob("packages/**", "packages/ui/button"));
        assert!(glob("tools/cli-*", "tools/cli-admin"));
        assert!(!glob("tools/cli-*", "tools/server"));
        assert!(glob("api", "api"));
    }

    #[test]
    fn yaml_list_reads_the_packages_block() {
        let text =
            "packages:\n  - 'apps/*'\n  - \"packages/*\" # libs\n  - '!**/test'\ncatalog:\n  - x\n";
        assert_eq!(
            yaml_list(text, "packages"),
            ["apps/*", "packages/*", "!**/test"]
        );
    }

    #[test]
    fn go_work_reads_both_forms() {
        let text = "go 1.24\n\nuse (\n\t./api // the API\n\t./worker\n)\nuse ./tools\n";
        assert_eq!(go_work_uses(text), ["./api", "./worker", "./tools"]);
    }

    #[test]
    fn rules_parse() {
        let r = rules().unwrap();
        assert!(r.workspace.iter().any(|w| w.id == "pnpm"));
    }
}
