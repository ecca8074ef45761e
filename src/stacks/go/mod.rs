//! Go: a module built into a static binary on distroless.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

mod cgo;
pub(crate) mod detect;
pub(crate) mod plan;
mod port;
mod serving;
mod workspace;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack go`, `detectors/go.toml`.
pub const ID: StackId = StackId::new("go");

/// The go stack, as the registry names it.
pub struct Go;

impl Stack for Go {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/go.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["gomod"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(facts, super::detail::<GoDetail>(facts)?, base))
    }
}

#[derive(Debug, Clone, Default)]
pub struct GoDetail {
    /// The package to build, e.g. `.` or `./cmd/api`.
    pub package: String,
    pub binary: String,
    pub has_sum: bool,
    /// go.mod is present; without it the build initialises a module after copying the source.
    pub manifest: bool,
    pub vendored: bool,
    /// Built with cgo (`import "C"` or a module that needs it): CGO_ENABLED=1 and a glibc runtime.
    pub cgo: bool,
    /// Debian packages the cgo build needs (headers), and the runtime's shared libraries.
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// Why the runtime is not distroless (what needs the runtime packages), for the stage's comment.
    pub runtime_why: String,
    /// A go.work member built from the workspace root, so its `replace ../sibling` and the workspace's
    /// other modules resolve.
    pub workspace: Option<GoWorkspace>,
}

/// A go.work member's build from the repository root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoWorkspace {
    /// The member's folder, relative to the root.
    pub dir: String,
    /// go.work (and go.work.sum), then every member's go.mod (and go.sum): `go` in workspace mode needs
    /// each `use` folder's go.mod, whether this app imports it or not.
    pub manifests: Vec<String>,
    /// The folders whose sources the build needs: the app's and those of the workspace modules it
    /// requires, directly or through another.
    pub sources: Vec<String>,
}
