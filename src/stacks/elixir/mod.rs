//! Elixir: Mix builds an OTP release, run on the Debian release its OTP image builds on.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

mod config;
pub(crate) mod detect;
pub(crate) mod plan;
mod versions;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack elixir`, `detectors/elixir.toml`.
pub const ID: StackId = StackId::new("elixir");

/// The elixir stack, as the registry names it.
pub struct Elixir;

impl Stack for Elixir {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/elixir.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["mix"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), rules, answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<ElixirDetail>(facts)?,
            base,
            rules,
        ))
    }

    // Elixir's images are keyed by the Elixir line and the OTP major (`1.18-otp-27`), and its runtime by
    // the OTP major alone (`otp-27`): the Debian release the OTP image builds on.
    fn image_keys(&self, facts: &Facts, version: &str, rules: &Rules) -> Result<(String, String)> {
        plan::image_keys(facts, super::detail::<ElixirDetail>(facts)?, version, rules)
    }
}

/// Elixir apps: what the Mix build and the OTP release need.
#[derive(Debug, Clone, Default)]
pub struct ElixirDetail {
    /// The OTP major the build image carries; the release's ERTS needs the runtime on the same Debian.
    pub otp: u32,
    /// The project pins the OTP major (.tool-versions, mise.toml); otherwise it follows the Elixir line.
    pub otp_pinned: bool,
    /// The `app:` atom: the release is `_build/prod/rel/<app>` and starts with `bin/<app>`.
    pub app: String,
    /// mix.lock is present (deps.get then fetches exactly what it pins).
    pub locked: bool,
    /// An umbrella's apps' mix.exs files (`apps/shop/mix.exs`), copied with the root's before deps.get.
    pub child_manifests: Vec<String>,
    /// Config files deps compile reads (config.exs, prod.exs), copied before the dependency layer.
    pub compile_config: Vec<String>,
    /// config/runtime.exs is present: read when the release boots, copied after the compile.
    pub runtime_config: bool,
    /// Source folders copied after the dependency layer (priv, lib, or an umbrella's apps folder; then
    /// assets and rel), in that order, when present.
    pub sources: Vec<String>,
    /// `mix assets.setup` runs in the dependency layer (the alias exists), `mix assets.deploy` after compile.
    pub assets_setup: bool,
    pub assets_deploy: bool,
    /// Build-stage Debian packages deps need: git for git dependencies, build-essential for NIFs.
    pub build_packages: Vec<String>,
    /// Runtime environment the framework reads (PHX_SERVER).
    pub env: Vec<(String, String)>,
}
