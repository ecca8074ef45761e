//! .NET: dotnet restore and publish with the SDK, the ASP.NET Core or plain runtime runs it.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
mod globalization;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{ArtifactKind, Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack dotnet`, `detectors/dotnet.toml`.
pub const ID: StackId = StackId::new("dotnet");

/// The dotnet stack, as the registry names it.
pub struct Dotnet;

impl Stack for Dotnet {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/dotnet.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["dotnet"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<DotnetDetail>(facts)?,
            base,
        ))
    }

    // .NET's runtime differs from its SDK in kind (ASP.NET Core or not) and may in version.
    fn runtime(
        &self,
        facts: &Facts,
        stack: &crate::rules::StackRules,
        version: &str,
        runtime_key: String,
    ) -> (ArtifactKind, String) {
        match super::detail::<DotnetDetail>(facts) {
            Ok(d) => (
                d.artifact,
                d.runtime_version
                    .clone()
                    .unwrap_or_else(|| version.to_string()),
            ),
            Err(_) => (stack.artifact, runtime_key),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DotnetDetail {
    /// The app's project file, relative to the app's folder (`src/Api/Api.csproj`).
    pub project: String,
    /// The assembly the runtime starts (`<AssemblyName>`, else the project file's name).
    pub assembly: String,
    /// Files copied before the source, folders kept: global.json, NuGet.config, Directory.*.props, the
    /// project files restore reads and their packages.lock.json.
    pub manifests: Vec<String>,
    /// Every project copied has a packages.lock.json: restore in locked mode.
    pub locked: bool,
    /// The target framework to publish when the project multi-targets (`-f net9.0`).
    pub framework_flag: Option<String>,
    /// The runtime's channel (the target framework's, `8.0`), when it differs from the SDK's.
    pub runtime_version: Option<String>,
    /// The runtime base kind: `dotnet-aspnet` for ASP.NET Core, `dotnet-runtime` otherwise.
    pub artifact: ArtifactKind,
    /// Environment the runtime sets (`ASPNETCORE_HTTP_PORTS`).
    pub env: Vec<(String, String)>,
}
