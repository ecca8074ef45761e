//! Static sites: plain HTML, or a single-page app Node builds, served by a static web server.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
mod generator;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack static`, `detectors/static.toml`.
pub const ID: StackId = StackId::new("static");

/// The static stack, as the registry names it.
pub struct Static;

impl Stack for Static {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/static.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["package_json"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), rules, answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<StaticDetail>(facts)?,
            base,
            rules,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct StaticDetail {
    /// Manifests and lockfile copied before the source; empty for a plain HTML site (nothing to build).
    pub manifests: Vec<String>,
    /// The folder the build writes the site to (`dist`, `build`, `dist/<project>/browser`), or `.`.
    pub output: String,
    /// The Node package-manager rule that installs the build's dependencies.
    pub package_manager_rule: String,
    /// The release line corepack installs when package.json names none (`pnpm@7.x`, from the lockfile).
    pub corepack_pin: Option<String>,
    /// A workspace member built from the repository root: the workspace packages it depends on and the
    /// install limited to them (see crate::detect::member).
    pub member: Option<crate::stacks::node::Member>,
}
