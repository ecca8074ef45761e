//! Scala with sbt: an sbt-assembly fat jar, or sbt-native-packager's staged class path (Play apps too),
//! built on a Temurin JDK with the sbt the project pins, run on a JRE.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;
pub mod sbt;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, PackageManager, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack scala`, `detectors/scala.toml`.
pub const ID: StackId = StackId::new("scala");
/// sbt.
pub const SBT: PackageManager = PackageManager::new("sbt");

/// The scala stack, as the registry names it.
pub struct Scala;

impl Stack for Scala {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/scala.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["sbt"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<ScalaDetail>(facts)?,
            base,
        ))
    }
}

/// How the packaged app is laid out in the runtime image.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ScalaLayout {
    /// sbt-assembly's jar with every dependency, run with `java -jar`.
    #[default]
    Assembly,
    /// sbt-native-packager's `stage`: lib/ (and Play's conf/), run on a class path.
    Staged { conf: bool },
}

#[derive(Debug, Clone, Default)]
pub struct ScalaDetail {
    /// The sbt launcher the build stage installs (project/build.properties' `sbt.version`).
    pub sbt_version: String,
    pub layout: ScalaLayout,
    /// The assembly jar as a path under target/ (a glob over the Scala version's folder).
    pub jar: String,
}

#[cfg(test)]
mod tests;
