//! Dart: `dart compile exe` builds a native executable, shipped on distroless with the C runtime files the
//! official Dart image gathers for it (Dart's own container guidance).
//!
//! The stack's detector reads pubspec.yaml (never running anything), its planner compiles; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;
pub mod pubspec;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack dart`, `detectors/dart.toml`.
pub const ID: StackId = StackId::new("dart");

/// The dart stack, as the registry names it.
pub struct Dart;

impl Stack for Dart {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/dart.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["pubspec"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<DartDetail>(facts)?,
            base,
        ))
    }
}

/// Dart apps: the executable's name and whether the lock is there.
#[derive(Debug, Clone, Default)]
pub struct DartDetail {
    /// The executable `dart compile exe` writes to `/out/`.
    pub binary: String,
    /// pubspec.lock is present (copied with pubspec.yaml before `dart pub get`).
    pub locked: bool,
}
