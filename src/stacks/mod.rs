//! The stacks: each one folder (its detector, planner, detail type) behind the [`Stack`] trait, and the
//! registry that names them, one line each.
//!
//! A stack sits between what the stacks share below it ([`crate::probe`], [`crate::plan`],
//! [`crate::manifest`], [`crate::facts`], [`crate::rules`]) and what dispatches to it above
//! ([`crate::detect`]'s arbitration, [`crate::pipeline`]); it never reaches up, so no import cycle forms.

pub mod bun;
pub mod clojure;
pub mod crystal;
pub mod dart;
pub mod deno;
pub mod dotnet;
pub mod elixir;
pub mod gleam;
pub mod go;
pub mod haskell;
pub mod java;
pub mod node;
pub mod php;
pub mod python;
pub mod ruby;
pub mod rust;
pub mod scala;
pub mod static_site;
pub mod swift;
#[cfg(test)]
mod testkit;
pub mod zig;

use crate::config::Answers;
use crate::error::Result;
use crate::facts::{ArtifactKind, Facts, StackId};
use crate::plan::{Base, IgnoreBlock, Stage};
use crate::rules::{Rules, StackRules};
use crate::scan::Project;
use std::sync::OnceLock;

/// Every stack dockgen knows, one line each. The order is not a priority (the rules' `rank` and
/// `supersedes` arbitrate); it is the order `--stack`, the README's table and the rules list them in.
pub const STACKS: &[&dyn Stack] = &[
    &go::Go,
    &rust::Rust,
    &python::Python,
    &php::Php,
    &node::Node,
    &bun::Bun,
    &deno::Deno,
    &java::Java,
    &dotnet::Dotnet,
    &ruby::Ruby,
    &elixir::Elixir,
    &static_site::Static,
    &zig::Zig,
    &gleam::Gleam,
    &dart::Dart,
    &crystal::Crystal,
    &clojure::Clojure,
    &swift::Swift,
    &haskell::Haskell,
    &scala::Scala,
];

/// The shared image catalogue every stack's rules add their own rows to.
const IMAGES: (&str, &str) = ("images.toml", include_str!("../../detectors/images.toml"));

/// The rule files, embedded so the binary is self-contained: each registered stack's own
/// (`detectors/<id>.toml`, named by its folder) and the shared image catalogue.
pub fn rule_files() -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = STACKS
        .iter()
        .map(|s| (format!("{}.toml", s.id().as_str()), s.rules()))
        .collect();
    files.push((IMAGES.0.to_string(), IMAGES.1));
    files
}

/// The embedded rules of every registered stack; parsed on first use. A broken rule file is a bug caught
/// by the test suite.
pub fn rules() -> Result<&'static Rules> {
    static RULES: OnceLock<std::result::Result<Rules, String>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let files = rule_files();
            let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
            Rules::parse(&files).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|m| crate::error::Error::Rules {
            file: "detectors".into(),
            message: m.clone(),
        })
}

/// The registered stack named `s` (`--stack`, dockgen.toml, a prompt answer), if any.
pub fn parse(s: &str) -> Option<StackId> {
    STACKS.iter().map(|st| st.id()).find(|id| id.as_str() == s)
}

/// Every registered stack's name, in registry order (for messages listing what may be typed).
pub fn names() -> Vec<&'static str> {
    STACKS.iter().map(|s| s.id().as_str()).collect()
}

/// One stack: how it recognises an app and how it plans the app's image. The defaults cover what most
/// stacks do; a stack overrides a hook only where it differs.
pub trait Stack: Sync {
    /// The stack's identity, as `--stack`, `plan --json` and its rules file (`detectors/<id>.toml`) name it.
    fn id(&self) -> StackId;

    /// The stack's rules file, `detectors/<id>.toml`, embedded from its own folder
    /// (`include_str!("../../../detectors/<id>.toml")`).
    fn rules(&self) -> &'static str;

    /// The manifest parsers (in [`crate::manifest`]) the detector reads, each named by its fuzz target
    /// (`fuzz/fuzz_targets/<name>.rs`): a test holds every stack to having them.
    fn parsers(&self) -> &'static [&'static str];

    /// The app in the folder, or `None` when the stack's files are there but no app. Never runs anything.
    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>>;

    /// The stages of the app's Dockerfile, from its facts and the images chosen for it.
    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>>;

    /// The keys the build and runtime images are looked up by (by default the toolchain version, both).
    fn image_keys(
        &self,
        _facts: &Facts,
        version: &str,
        _rules: &Rules,
    ) -> Result<(String, String)> {
        Ok((version.to_string(), version.to_string()))
    }

    /// The build image family of images.toml (by default the rules' `build_images`, or the stack's id).
    fn build_family(&self, _facts: &Facts, rules: &Rules) -> String {
        rules.build_family(self.id()).to_string()
    }

    /// The runtime row (an artifact kind of images.toml) and the version it is looked up by.
    fn runtime(
        &self,
        facts: &Facts,
        stack: &StackRules,
        _version: &str,
        runtime_key: String,
    ) -> (ArtifactKind, String) {
        (facts.artifact.unwrap_or(stack.artifact), runtime_key)
    }

    /// Whether this app's build can run on the build machine's platform for the image's, when the stack's
    /// rules cross-compile its artifact (no: a Rust crate linking a system library would need that
    /// library built for the target too).
    fn can_cross(&self, _facts: &Facts) -> bool {
        true
    }

    /// `(id, file)` of the BuildKit secrets the build mounts (a `.npmrc`).
    fn build_secrets(&self, _facts: &Facts) -> Vec<(String, String)> {
        Vec::new()
    }

    /// A last edit of the .dockerignore blocks, for what only the stack's facts decide.
    fn adjust_ignore(&self, _facts: &Facts, _blocks: &mut [IgnoreBlock]) {}
}

/// The registered stack with this identity.
pub fn get(id: StackId) -> &'static dyn Stack {
    *STACKS
        .iter()
        .find(|s| s.id() == id)
        .expect("every stack identity is registered (checked by tests)")
}

/// The stack's own detail in the facts its detector wrote; facts without it were not detected by it.
pub(crate) fn detail<T: std::any::Any>(facts: &Facts) -> Result<&T> {
    facts.detail.get::<T>().ok_or_else(|| match rules() {
        Ok(r) => r.nothing_detected(facts.path.clone()),
        Err(e) => e,
    })
}
