//! PHP: Composer installs the dependencies, Apache with mod_php serves the app.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
mod extensions;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack php`, `detectors/php.toml`.
pub const ID: StackId = StackId::new("php");

/// The php stack, as the registry names it.
pub struct Php;

impl Stack for Php {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/php.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["composer"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), rules, answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<PhpDetail>(facts)?,
            base,
            rules,
        ))
    }

    // A PHP site without composer.json ships the vendor/ it commits: nothing in the image installs one.
    fn adjust_ignore(&self, facts: &Facts, blocks: &mut [crate::plan::IgnoreBlock]) {
        let without_composer =
            super::detail::<PhpDetail>(facts).is_ok_and(|d| d.manifests.is_empty());
        if let (true, Some(own)) = (without_composer, blocks.last_mut()) {
            own.patterns.retain(|p| p != "vendor");
        }
    }
}

/// PHP apps: served by Apache with mod_php from the official image, Composer's dependencies installed on
/// the same image in a build stage.
#[derive(Debug, Clone, Default)]
pub struct PhpDetail {
    /// composer.json and composer.lock when present, copied before the source; empty for a plain site.
    pub manifests: Vec<String>,
    /// The folder Apache serves, relative to the app (`public` or `.`).
    pub docroot: String,
    /// Unknown paths go to the docroot's index.php (a framework's front controller).
    pub front_controller: bool,
    /// Extensions to build, in order (names of the stack's `[[extension]]` rows).
    pub extensions: Vec<String>,
    /// An .htaccess turns on RewriteEngine: Apache's mod_rewrite is enabled.
    pub rewrite: bool,
    /// Folders the app writes at run time, owned by the server's user.
    pub writable: Vec<String>,
    pub classmap_authoritative: bool,
    /// Files created empty in the build (Symfony's `.env`, which .dockerignore keeps out).
    pub touch: Vec<String>,
    /// The framework's own build command, run once the autoloader is dumped (`php artisan storage:link`).
    pub framework_build: Option<String>,
    pub env: Vec<(String, String)>,
    /// Front-end assets built by Node and copied into the docroot.
    pub assets: Option<PhpAssets>,
}

/// A Node stage that builds front-end assets (Vite) for a PHP app.
#[derive(Debug, Clone, Default)]
pub struct PhpAssets {
    /// The Node package-manager rule that installs.
    pub rule: String,
    pub manifests: Vec<String>,
    pub node_version: String,
    pub build: String,
    /// Where the build writes, relative to the app (`public/build`).
    pub output: String,
}
