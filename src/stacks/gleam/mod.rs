//! Gleam: `gleam export erlang-shipment` compiles the package and its dependencies to BEAM files, run on
//! the official Erlang image of the same OTP major.
//!
//! The stack's detector reads gleam.toml and manifest.toml (never running them), its planner builds the
//! shipment; the detail type carries what only this stack's planner needs.

pub(crate) mod detect;
pub mod manifest;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack gleam`, `detectors/gleam.toml`.
pub const ID: StackId = StackId::new("gleam");

/// The gleam stack, as the registry names it.
pub struct Gleam;

impl Stack for Gleam {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/gleam.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["gleam_toml"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        let gleam = rules
            .stack(ID)
            .package_manager("gleam")
            .and_then(|p| p.image.clone());
        Ok(plan::stages(
            facts,
            super::detail::<GleamDetail>(facts)?,
            base,
            gleam.as_deref().unwrap_or_default(),
        ))
    }

    // The images are the Erlang/OTP ones, keyed by the OTP major, not by the Gleam release: the newest
    // OTP the catalogue's Gleam rows publish.
    fn image_keys(
        &self,
        _facts: &Facts,
        _version: &str,
        rules: &Rules,
    ) -> Result<(String, String)> {
        let otp = rules
            .images
            .build
            .iter()
            .filter(|r| r.language.as_deref() == Some(ID.as_str()))
            .flat_map(|r| r.versions.iter())
            .max_by_key(|v| crate::version::Version::parse(v))
            .cloned()
            .unwrap_or_default();
        Ok((otp.clone(), otp))
    }
}

/// Gleam apps: whether the lock is there.
#[derive(Debug, Clone, Default)]
pub struct GleamDetail {
    /// manifest.toml is present (copied with gleam.toml before the download).
    pub locked: bool,
}
