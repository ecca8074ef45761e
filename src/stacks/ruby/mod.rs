//! Ruby: Bundler installs the gems, Rails precompiles its assets, on a slim Ruby.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
mod packages;
pub(crate) mod plan;
mod start;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack ruby`, `detectors/ruby.toml`.
pub const ID: StackId = StackId::new("ruby");

/// The ruby stack, as the registry names it.
pub struct Ruby;

impl Stack for Ruby {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/ruby.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["gemfile"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), rules, answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<RubyDetail>(facts)?,
            base,
            rules,
        ))
    }
}

/// Ruby apps: what the Bundler install and the Rails build steps need.
#[derive(Debug, Clone, Default)]
pub struct RubyDetail {
    /// Gemfile, Gemfile.lock and the version files the Gemfile reads, copied before the source.
    pub manifests: Vec<String>,
    /// Folders of the project the Gemfile installs gems from (`path:`), copied with the manifests.
    pub vendor: Vec<String>,
    pub locked: bool,
    /// The Bundler release the lockfile was written with, installed in the build stage when the image's
    /// Bundler is another line.
    pub bundler: Option<String>,
    /// Rails conventions: production environment, owned writable folders, the `rails` user.
    pub rails: bool,
    /// `bundle exec bootsnap precompile` for gems and app code.
    pub bootsnap: bool,
    /// `SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile` (an asset pipeline gem is locked).
    pub assets: bool,
    /// Debian packages the build stage needs (compilers, -dev headers of native gems).
    pub build_packages: Vec<String>,
    /// Debian packages the runtime needs (the shared libraries native gems link to).
    pub runtime_packages: Vec<String>,
    /// The allocator the runtime preloads (`LD_PRELOAD`, jemalloc for Rails), once its package is in.
    pub preload: Option<String>,
    /// A script the image starts through (bin/docker-entrypoint, which prepares the database).
    pub entrypoint: Option<String>,
    /// Environment for the runtime (RAILS_ENV, Thruster's TARGET_PORT, …), in order.
    pub env: Vec<(String, String)>,
    /// The variable the server reads its port from (`PORT`, Thruster's `HTTP_PORT`), set to the decided
    /// port by the planner so a `--port` answer reaches it; `None` when the command states the port.
    pub port_var: Option<String>,
    /// Node for a JavaScript build the asset step runs: `(node image, package-manager rule, manifests)`.
    pub node: Option<RubyNode>,
}

/// The Node toolchain a Rails build stage borrows for jsbundling/cssbundling.
#[derive(Debug, Clone, Default)]
pub struct RubyNode {
    pub image: String,
    /// node.toml's package-manager rule id that installs the JavaScript dependencies.
    pub rule: String,
    /// package.json and its lockfile, copied before the source.
    pub manifests: Vec<String>,
}
