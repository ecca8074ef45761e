//! Haskell: Cabal or Stack builds the dependencies first, then the executable, which runs alone on the
//! Debian slim image of the build image's release with the few shared libraries GHC's output loads.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub mod cabal;
pub(crate) mod detect;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, PackageManager, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack haskell`, `detectors/haskell.toml`.
pub const ID: StackId = StackId::new("haskell");
/// cabal-install.
pub const CABAL: PackageManager = PackageManager::new("cabal");
/// Stack, building against a Stackage snapshot.
pub const STACK: PackageManager = PackageManager::new("stack");

/// The haskell stack, as the registry names it.
pub struct Haskell;

impl Stack for Haskell {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/haskell.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["cabal"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<HaskellDetail>(facts)?,
            base,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct HaskellDetail {
    /// The executable the image runs.
    pub executable: String,
    /// Files copied before the source: the package description and the project and lock files.
    pub manifests: Vec<String>,
    /// Commands that build only the dependencies, before the source arrives.
    pub resolve: Vec<String>,
    /// The command that prints the built executable's folder or path, for staging it under /out.
    pub stage: String,
    /// Debian packages the executable loads beyond GHC's own needs (zlib for the zlib package).
    pub runtime_packages: Vec<String>,
}

#[cfg(test)]
mod tests;
