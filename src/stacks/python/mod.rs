//! Python: a virtualenv built with the project's package manager, copied onto a slim Python.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;
mod workspace;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack python`, `detectors/python.toml`.
pub const ID: StackId = StackId::new("python");

/// The python stack, as the registry names it.
pub struct Python;

impl Stack for Python {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/python.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["python"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<PythonDetail>(facts)?,
            base,
            rules,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct PythonDetail {
    /// Dependency manifests copied before the source.
    pub manifests: Vec<String>,
    /// Server package installed when the project does not depend on it (e.g. gunicorn for flask).
    pub extra_packages: Vec<String>,
    pub env: Vec<(String, String)>,
    /// The package-manager rule that installs (differs from the package manager for a bare pyproject.toml).
    pub rule: String,
    /// No requirements list, lock or readable pyproject dependencies: `pip install .` after the source.
    pub install_from_project: bool,
    /// Debian packages that compile native extensions (build stage only), and the shared libraries the
    /// compiled extensions load (runtime).
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// The project compiles an extension of its own: it is built into the venv once the source is copied.
    pub builds_extension: bool,
    /// The package manager installs the project itself once the source is copied (false for a Poetry
    /// project whose package Poetry cannot find: Poetry 2 fails on it).
    pub install_root: bool,
    /// A uv workspace member built from the workspace root.
    pub workspace: Option<PyWorkspace>,
}

/// A uv workspace member's build from the repository root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PyWorkspace {
    /// The member's folder, relative to the root, and its project name (`uv sync --package`).
    pub dir: String,
    pub package: String,
    /// The root's pyproject.toml and uv.lock, then every member's pyproject.toml: `uv sync --locked`
    /// checks the lock against all of them.
    pub manifests: Vec<String>,
    /// The folders whose sources the build needs: the member's and its workspace dependencies'.
    pub sources: Vec<String>,
}
