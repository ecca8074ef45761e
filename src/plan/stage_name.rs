//! The names a plan's stages go by, and what a COPY copies from: a stage of the plan (by one of those
//! names) or an image. A closed list, unlike stacks and artifact kinds: a stage name is the role the stage
//! plays in a Dockerfile (its dependencies, its build, a Node asset build), which the planners share, not
//! a name a rules file declares. A typo in `COPY --from` therefore cannot be written, and a test holds
//! every plan's `--from` to a stage that plan has (tests/it/typed.rs).

use serde::Serialize;

/// The role of a named (not final) stage; its name in the Dockerfile is the variant's, lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageName {
    /// A base the other stages start from (PHP's image with its extensions).
    Base,
    /// Production dependencies installed alone, for the runtime to copy.
    Deps,
    /// The toolchain stage that compiles or bundles the app.
    Build,
    /// A front-end asset build in another toolchain (PHP's Vite assets).
    Assets,
    /// A Node toolchain a stack of another language copies from (Ruby's asset pipeline).
    Node,
    /// The static init the runtime runs the app under (`crate::plan::adjust::with_init`).
    Init,
    /// The runtime's own stop-on-signal preload file (`crate::plan::adjust::with_preload`).
    Signals,
}

impl StageName {
    /// Every role, so a test can require the examples to exercise each one.
    pub const ALL: [StageName; 7] = [
        StageName::Base,
        StageName::Deps,
        StageName::Build,
        StageName::Assets,
        StageName::Node,
        StageName::Init,
        StageName::Signals,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Base => "base",
            StageName::Deps => "deps",
            StageName::Build => "build",
            StageName::Assets => "assets",
            StageName::Node => "node",
            StageName::Init => "init",
            StageName::Signals => "signals",
        }
    }
}

impl std::fmt::Display for StageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What `COPY --from=` names: a stage of the same plan, or an image (a tool's pinned binary image).
/// Serialized as the name alone, as the template writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CopyFrom {
    Stage(StageName),
    Image(String),
}
