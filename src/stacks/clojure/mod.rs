//! Clojure on the JVM: Leiningen or the Clojure CLI (tools.build) builds an uberjar, a JRE runs it.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub mod edn;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, PackageManager, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack clojure`, `detectors/clojure.toml`.
pub const ID: StackId = StackId::new("clojure");
/// Leiningen (project.clj).
pub const LEIN: PackageManager = PackageManager::new("lein");
/// The Clojure CLI (deps.edn), building with tools.build.
pub const CLI: PackageManager = PackageManager::new("clojure");

/// The clojure stack, as the registry names it.
pub struct Clojure;

impl Stack for Clojure {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/clojure.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["edn"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<ClojureDetail>(facts)?,
            base,
        ))
    }

    // The official clojure image carries one build tool per tag: Leiningen's or the Clojure CLI's.
    fn build_family(&self, facts: &Facts, _rules: &Rules) -> String {
        if facts.package_manager == LEIN {
            "clojure-lein".into()
        } else {
            "clojure-deps".into()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ClojureDetail {
    /// Build files copied before the source (project.clj; deps.edn and build.clj).
    pub manifests: Vec<String>,
    /// The commands that fetch dependencies into the cache before the source is copied.
    pub resolve: Vec<String>,
    /// The uberjar the build writes, relative to the project.
    pub jar: String,
}

#[cfg(test)]
mod tests;
