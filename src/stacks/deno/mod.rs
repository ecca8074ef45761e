//! Deno: a deno.json app with its dependencies cached, on the Deno image.
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

/// The stack's identity: `--stack deno`, `detectors/deno.toml`.
pub const ID: StackId = StackId::new("deno");

/// The deno stack, as the registry names it.
pub struct Deno;

impl Stack for Deno {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/deno.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["deno"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<DenoDetail>(facts)?,
            base,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct DenoDetail {
    /// deno.json(c), deno.lock and package.json when present, copied before the source.
    pub manifests: Vec<String>,
    pub locked: bool,
    /// The module the app starts from, cached at build time so the container starts without fetching.
    pub entry: String,
}
