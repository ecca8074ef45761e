//! Swift on Linux: SwiftPM builds the executable with the Swift runtime linked statically, as Vapor's own
//! Dockerfile does, and the binary runs on slim Ubuntu.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub mod package_swift;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, PackageManager, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack swift`, `detectors/swift.toml`.
pub const ID: StackId = StackId::new("swift");
/// The Swift Package Manager.
pub const SWIFTPM: PackageManager = PackageManager::new("swiftpm");

/// The swift stack, as the registry names it.
pub struct Swift;

impl Stack for Swift {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/swift.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["package_swift"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<SwiftDetail>(facts)?,
            base,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct SwiftDetail {
    /// The executable product the image runs.
    pub product: String,
    /// Package.resolved is there: resolution keeps to its versions.
    pub resolved: bool,
    /// Folders the app reads at run time, copied beside the binary (Vapor's Public/ and Resources/).
    pub assets: Vec<String>,
}

#[cfg(test)]
mod tests;
