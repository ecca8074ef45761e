//! Bun: a package.json app installed and run with Bun (planned like a Node app on Bun's images).
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;
use crate::stacks::node::NodeDetail;

/// The stack's identity: `--stack bun`, `detectors/bun.toml`.
pub const ID: StackId = StackId::new("bun");

/// The bun stack, as the registry names it.
pub struct Bun;

impl Stack for Bun {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/bun.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["package_json"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), rules, answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        if facts
            .detail
            .get::<NodeDetail>()
            .is_some_and(|d| d.member.is_some())
        {
            // A workspace member: planned like a Node one, from the repository root.
            return crate::stacks::get(crate::stacks::node::ID).stages(facts, base, rules);
        }
        Ok(crate::stacks::node::plan::stages(
            facts,
            super::detail::<NodeDetail>(facts)?,
            base,
            rules,
        ))
    }

    fn build_secrets(&self, facts: &Facts) -> Vec<(String, String)> {
        crate::stacks::node::build_secrets(facts)
    }
}
