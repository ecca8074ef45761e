//! Zig: `zig build` compiles a static binary, shipped alone on distroless static.
//!
//! The stack's detector reads build.zig and build.zig.zon (never running them), its planner installs the
//! project's Zig release and builds; the detail type carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;
pub mod zon;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack zig`, `detectors/zig.toml`.
pub const ID: StackId = StackId::new("zig");

/// The zig stack, as the registry names it.
pub struct Zig;

impl Stack for Zig {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/zig.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["zig_zon"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        let release = plan::release(&base.version, &rules.stack(ID).toolchain.known);
        Ok(plan::stages(
            facts,
            super::detail::<ZigDetail>(facts)?,
            base,
            &release,
        ))
    }
}

/// Zig apps: the executable and whether there are packages to fetch.
#[derive(Debug, Clone, Default)]
pub struct ZigDetail {
    /// The executable `zig build` installs to `/out/bin/`.
    pub binary: String,
    /// build.zig.zon is present (copied with build.zig before the fetch).
    pub zon: bool,
}
