//! Crystal: `shards build --release --static` links a static binary on the Alpine (musl) Crystal image,
//! shipped alone on distroless static.
//!
//! The stack's detector reads shard.yml (never running anything), its planner builds the target; the
//! detail type carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;
pub mod shard;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack crystal`, `detectors/crystal.toml`.
pub const ID: StackId = StackId::new("crystal");

/// The crystal stack, as the registry names it.
pub struct Crystal;

impl Stack for Crystal {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/crystal.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["shard_yml"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<CrystalDetail>(facts)?,
            base,
        ))
    }
}

/// Crystal apps: the target's binary and whether the lock is there.
#[derive(Debug, Clone, Default)]
pub struct CrystalDetail {
    /// The target `shards build` writes to `bin/`.
    pub binary: String,
    /// shard.lock is present (copied with shard.yml before `shards install`).
    pub locked: bool,
}
