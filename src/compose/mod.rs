//! compose.yaml: every app of a project and the backing services they declare, run together.
//!
//! The input is a list of [`ComposeApp`]s, however they were found (sibling service folders through
//! [`apps_from_plans`], or a workspace's members); [`render`] turns it into a Compose Specification file
//! and the `.env.example` its variables are filled from. Credentials are never written: compose reads them
//! from `.env`, and a missing secret stops `docker compose up` with `set it in .env`.

pub mod deps;
mod render;
pub mod services;

use crate::error::Result;
use crate::plan::Plan;
use crate::scan::Project;

pub use render::render;

/// The file names compose.yaml and its variables go in, at the project's root.
pub const COMPOSE_FILE: &str = "compose.yaml";
pub const ENV_EXAMPLE: &str = ".env.example";

/// One app as compose builds and runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeApp {
    /// The service and image name: the app's own name (its folder, package or crate name).
    pub name: String,
    /// The app's folder relative to the project's root, `/`-separated (`.` for the root).
    pub path: String,
    /// The build context relative to the root (the app's folder, or the root for a JS workspace app).
    pub context: String,
    /// The Dockerfile relative to the context.
    pub dockerfile: String,
    pub port: Option<u16>,
    /// The app's `.env.example` entries: key and value (None when empty).
    pub env_example: Vec<(String, Option<String>)>,
    /// The app's declared runtime dependencies, lowercase (see [`deps::declared`]).
    pub dependencies: Vec<String>,
}

/// What [`render`] writes: compose.yaml's text and the root `.env.example` listing its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    pub yaml: String,
    pub env_example: String,
    /// Each service an app needs, and why: `(app, service, reason)`.
    pub needs: Vec<(String, String, String)>,
}

/// compose.yaml and its `.env.example` for the planned apps of the project at `dir`: what `init --compose`
/// writes and what `generate` merges the user's files with.
pub fn for_project(dir: &std::path::Path, plans: &[Plan]) -> Result<Compose> {
    let project = Project::scan(dir, crate::stacks::rules()?)?;
    render(&apps_from_plans(&project, plans)?)
}

/// One [`ComposeApp`] per planned app of `project`: each builds from its own folder with the Dockerfile
/// dockgen writes there, named after its folder.
pub fn apps_from_plans(project: &Project, plans: &[Plan]) -> Result<Vec<ComposeApp>> {
    plans
        .iter()
        .map(|plan| {
            let path = plan.facts.path.clone();
            let folder = if path == "." {
                project.clone()
            } else {
                project.sub(&path)
            };
            let env_example = folder
                .read_opt(ENV_EXAMPLE)?
                .map(|t| deps::env_example(&t))
                .unwrap_or_default();
            // A workspace app builds from the repository root, naming its Dockerfile there.
            let (context, dockerfile) = if plan.facts.root_context {
                (".".to_string(), format!("{path}/Dockerfile"))
            } else {
                (path.clone(), "Dockerfile".to_string())
            };
            Ok(ComposeApp {
                name: crate::naming::image_name(&project.root.join(&path)),
                context,
                dockerfile,
                port: plan.facts.port,
                env_example,
                dependencies: deps::declared(&folder)?,
                path,
            })
        })
        .collect()
}
