//! What lint knows about the project beside a Dockerfile: its .dockerignore, its dependency folders, and
//! what `init` would detect there (stack, runtime base). Detection failing is not an error: the rules
//! that need the project are skipped.

use crate::facts::StackId;
use std::path::Path;

/// The project around a Dockerfile. The build context is taken to be the Dockerfile's folder.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The detected stack, when detection found exactly one app at the folder's root.
    pub language: Option<StackId>,
    /// The runtime base dockgen would pick for that app.
    pub runtime: Option<String>,
    /// The .dockerignore text; `None` when there is none.
    pub dockerignore: Option<String>,
    /// Which .dockerignore was read (`Dockerfile.dockerignore` wins over `.dockerignore`, as in BuildKit).
    pub dockerignore_name: String,
    /// Dependency folders present in the folder (node_modules, target, .venv).
    pub dependency_dirs: Vec<String>,
}

/// Dependency folders by stack (`dependency_dirs` in its rules): what a .dockerignore must keep out of
/// the context.
pub fn dependency_dirs() -> Vec<(StackId, &'static str)> {
    let Ok(rules) = crate::stacks::rules() else {
        return Vec::new();
    };
    rules
        .stacks
        .iter()
        .flat_map(|s| s.dependency_dirs.iter().map(|d| (s.id, d.as_str())))
        .collect()
}

impl Context {
    /// Read the folder of the Dockerfile called `dockerfile_name`.
    pub fn from_dir(dir: &Path, dockerfile_name: &str) -> Context {
        let mut ctx = Context::default();
        for name in [
            format!("{dockerfile_name}.dockerignore"),
            ".dockerignore".to_string(),
        ] {
            if let Ok(text) = std::fs::read_to_string(dir.join(&name)) {
                ctx.dockerignore = Some(text);
                ctx.dockerignore_name = name;
                break;
            }
        }
        if ctx.dockerignore.is_none() {
            ctx.dockerignore_name = ".dockerignore".into();
        }
        ctx.dependency_dirs = dependency_dirs()
            .iter()
            .map(|(_, d)| d.to_string())
            .filter(|d| dir.join(d).is_dir())
            .collect();
        if let Some((language, runtime)) = detect(dir) {
            ctx.language = Some(language);
            ctx.runtime = runtime;
        }
        ctx
    }

    /// The context entries the .dockerignore lets in that it should not, or `None` when it is missing.
    pub fn leaks(&self) -> Option<Vec<String>> {
        let text = self.dockerignore.as_ref()?;
        let mut b = ignore::gitignore::GitignoreBuilder::new("/ctx");
        for line in text.lines() {
            // A .dockerignore line the gitignore syntax rejects cannot hide anything we look for.
            let _ = b.add_line(None, line);
        }
        let Ok(gi) = b.build() else {
            return Some(Vec::new());
        };
        let mut wanted = vec![(".git", true)];
        // A `!.env` exception lets it in on purpose (Symfony's committed defaults), not by omission.
        if !text.lines().any(|l| l.trim() == "!.env") {
            wanted.push((".env", false));
        }
        for (lang, dir) in dependency_dirs() {
            if self.language == Some(lang) || self.dependency_dirs.iter().any(|d| d == dir) {
                wanted.push((dir, true));
            }
        }
        // Top-level names only: there gitignore's and .dockerignore's pattern rules agree.
        Some(
            wanted
                .into_iter()
                .filter(|(p, is_dir)| !gi.matched(format!("/ctx/{p}"), *is_dir).is_ignore())
                .map(|(p, _)| p.to_string())
                .collect(),
        )
    }
}

/// The stack and runtime base `init` would choose for `dir`, if it sees exactly one app at the root: planned
/// through the session, as `init` plans it, so the answers dockgen.toml saved (a stack, a runtime image, a
/// port) count here too.
fn detect(dir: &Path) -> Option<(StackId, Option<String>)> {
    let session = crate::session::Session::open(dir).ok()?;
    let answers = session.answers(&crate::config::Answers::default());
    let detection = session.detect(&answers, crate::session::Scope::Apps).ok()?;
    let [app] = detection.apps.as_slice() else {
        return None;
    };
    if app.path != "." {
        return None;
    }
    let stack = app.facts.stack;
    let runtime = session
        .plan_detected(detection, &answers)
        .ok()
        .and_then(|p| p.plans.into_iter().next())
        .map(|p| p.images.runtime);
    Some((stack, runtime))
}
