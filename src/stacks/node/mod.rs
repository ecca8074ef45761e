//! Node.js: npm, Yarn or pnpm installs, an optional build, the app on a slim or distroless Node.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod member;
pub(crate) mod plan;
mod scripts;
mod yarn;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack node`, `detectors/node.toml`.
pub const ID: StackId = StackId::new("node");

/// The node stack, as the registry names it.
pub struct Node;

impl Stack for Node {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/node.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["package_json"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, rules: &Rules) -> Result<Vec<Stage>> {
        let d = super::detail::<NodeDetail>(facts)?;
        if let Some(m) = &d.member {
            return Ok(member::stages(facts, d, m, base, rules));
        }
        Ok(plan::stages(
            facts,
            super::detail::<NodeDetail>(facts)?,
            base,
            rules,
        ))
    }

    fn build_secrets(&self, facts: &Facts) -> Vec<(String, String)> {
        build_secrets(facts)
    }
}

/// `(id, file)` of the secret files (.npmrc) a Node or Bun install mounts.
pub(crate) fn build_secrets(facts: &Facts) -> Vec<(String, String)> {
    facts
        .detail
        .get::<NodeDetail>()
        .map(|d| {
            d.secrets
                .iter()
                .map(|(id, file, _)| (id.clone(), file.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Node apps, and Bun apps (the same shape on Bun's images).
#[derive(Debug, Clone, Default)]
pub struct NodeDetail {
    /// The package-manager rule that installs (yarn classic and berry are one package manager, two rules).
    pub rule: String,
    /// Manifest and lockfiles copied before the source (package.json, lockfile, .yarnrc.yml, …).
    pub manifests: Vec<String>,
    /// Whether a standalone build output replaces node_modules in the runtime (Next.js standalone).
    pub artifacts: Vec<(String, String)>,
    /// Those artifacts that mirror the workspace root (Next's standalone output), for a workspace member.
    pub root_artifacts: Vec<String>,
    pub env: Vec<(String, String)>,
    pub needs_node_modules: bool,
    /// The runtime's node_modules keep dev dependencies too: the start runs a devDependency (tsx,
    /// ts-node running the TypeScript), or the package manager has no production-only install (Yarn 2/3
    /// without the workspace-tools plugin).
    pub keep_dev: bool,
    /// Settings for every install (Yarn Berry's `YARN_NODE_LINKER=node-modules` over Plug'n'Play).
    pub install_env: Vec<(String, String)>,
    /// Secret files present (.npmrc): `(id, file, target)` for a BuildKit secret mount during installs.
    pub secrets: Vec<(String, String, String)>,
    /// Prisma ORM, when the project uses it.
    pub prisma: Option<PrismaDetail>,
    /// package.json has lifecycle scripts of its own that an install runs (`postinstall: prisma
    /// generate`, `prepare: husky`); they are development steps that need devDependencies, so the
    /// production install skips them.
    pub root_scripts: bool,
    /// A JS workspace member built from the repository root: its folder, the workspace packages it
    /// depends on, and the install limited to them.
    pub member: Option<Member>,
    /// The release line corepack installs when package.json names none (`pnpm@7.x`, from the lockfile).
    pub corepack_pin: Option<String>,
}

/// A workspace app built from the repository root (see crate::detect::tree and detectors/workspaces.toml).
#[derive(Debug, Clone, Default)]
pub struct Member {
    /// The app's folder, relative to the root (`apps/api`).
    pub dir: String,
    /// The app's folder and those of the workspace packages it depends on, transitively, sorted.
    pub packages: Vec<String>,
    pub install_prod: String,
    pub install: String,
    pub build: Option<String>,
    /// Whether each package has a node_modules of its own (pnpm) the runtime copies.
    pub nested: bool,
    pub why: String,
}

/// Prisma ORM: its schema must be in place before the install (its postinstall generates the client) and
/// the client is generated in the build stage.
#[derive(Debug, Clone, Default)]
pub struct PrismaDetail {
    /// The schema file or folder, and prisma.config.* when present, copied before the install.
    pub files: Vec<String>,
    /// The command that generates the client, run before the build.
    pub generate: String,
    /// The classic Rust engines (Prisma 6 and earlier without `engineType = "client"`): the generated
    /// client under node_modules/.prisma carries a query engine that loads libssl, found with shell
    /// commands, so the runtime is a slim Node image rather than distroless.
    pub classic_engine: bool,
}
