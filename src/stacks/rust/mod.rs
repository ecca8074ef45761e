//! Rust: a Cargo package or workspace member built with its dependencies cached, on distroless.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack rust`, `detectors/rust.toml`.
pub const ID: StackId = StackId::new("rust");

/// The rust stack, as the registry names it.
pub struct Rust;

impl Stack for Rust {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/rust.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["cargo_toml"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<RustDetail>(facts)?,
            base,
        ))
    }

    fn can_cross(&self, facts: &Facts) -> bool {
        facts
            .detail
            .get::<RustDetail>()
            .is_some_and(|d| d.build_packages.is_empty())
    }
}

#[derive(Debug, Clone, Default)]
pub struct RustDetail {
    pub package: String,
    pub binary: String,
    /// Every Cargo.toml of the workspace, copied before the source.
    pub manifests: Vec<String>,
    /// Target source files to stub so dependencies compile in a layer of their own: (path, is_lib).
    pub stubs: Vec<(String, bool)>,
    pub locked: bool,
    /// The project pins a toolchain file; the build image already carries that toolchain.
    pub pins_toolchain: bool,
    /// Environment the framework reads (Rocket's address and port).
    pub env: Vec<(String, String)>,
    /// Debian packages crates that link system libraries need to build, and to run.
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
}
