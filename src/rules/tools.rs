//! The rows naming a stack's toolchain sources, its package managers (with the secret files their
//! installs read) and file-content conditions on framework rows.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolchainRule {
    pub name: String,
    pub default: String,
    /// Version sources in the order they are trusted.
    pub sources: Vec<String>,
    /// Names the tool goes by in .tool-versions and mise.toml.
    pub tool_names: Vec<String>,
    /// Versions a range (engines, requires-python) is resolved against; empty for floor-only toolchains.
    pub known: Vec<String>,
    /// Vendor prefixes a version in .tool-versions or mise.toml may carry (`temurin-21.0.5+11`), read
    /// without the prefix.
    #[serde(default)]
    pub distributions: Vec<String>,
    /// Lines past their end of life that images still exist for: used when asked for, with a warning, and
    /// never chosen for a range that admits a supported line.
    #[serde(default)]
    pub end_of_life: Vec<String>,
    /// Sources that hold the version alone on their first line (`.nvmrc`, `.python-version`).
    #[serde(default)]
    pub version_files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageManagerRule {
    pub id: String,
    /// The flag that makes the production install skip lifecycle scripts (the project's own need
    /// devDependencies it leaves out), and the command that then runs the dependencies' own install
    /// scripts (native modules), which that flag skipped too.
    #[serde(default)]
    pub ignore_scripts: Option<String>,
    #[serde(default)]
    pub rebuild: Option<String>,
    pub lockfiles: Vec<String>,
    #[serde(default)]
    pub extra_files: Vec<String>,
    #[serde(default)]
    pub manifests: Vec<String>,
    #[serde(default)]
    pub install: String,
    #[serde(default)]
    pub install_prod: String,
    #[serde(default)]
    pub install_unlocked: String,
    #[serde(default)]
    pub install_prod_unlocked: String,
    pub cache: String,
    /// The tool does not lock its own cache (yarn classic), so its mount is `sharing=locked`: BuildKit
    /// runs a Dockerfile's stages in parallel, and two installs on one cache corrupt it.
    #[serde(default)]
    pub cache_locked: bool,
    #[serde(default)]
    pub run: String,
    /// Without `packageManager`, the release line corepack installs for each lockfile format version
    /// (pnpm-lock.yaml `lockfileVersion`): the newest line that reads it, since the newest release may not.
    #[serde(default)]
    pub lockfile_releases: BTreeMap<String, String>,
    #[serde(default)]
    pub corepack: bool,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub tool: Vec<String>,
    #[serde(default)]
    pub export: String,
    /// Python: install the project itself once the source is copied (its dependencies are already in).
    #[serde(default)]
    pub install_project: String,
    /// Python: a workspace member's install from the workspace root (`{package}` is the member's
    /// project name): its dependencies and its workspace siblings' alone, then the member itself.
    #[serde(default)]
    pub workspace_install: String,
    #[serde(default)]
    pub workspace_install_project: String,
    /// Python: the files the tool's binary image (`image`) provides, copied to /bin/ (uv's `/uv /uvx`),
    /// and the environment its installs read in the build stage (bytecode, link mode, venv location).
    #[serde(default)]
    pub image_files: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Python: the command that adds a package the lock lacks (the server the start needs) to the venv
    /// (`uv pip install`; pip when unset).
    #[serde(default)]
    pub add_package: Option<String>,
    /// Files the install reads that may hold credentials (.npmrc with an auth token): never copied into a
    /// layer, kept out of the build context, and mounted as BuildKit secrets for the install only.
    #[serde(default)]
    pub secret_files: Vec<SecretFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretFile {
    pub file: String,
    /// Where the install finds it (`/root/.npmrc`: user-level config, read by npm, pnpm and yarn classic).
    pub target: String,
}

impl PackageManagerRule {
    /// The package manager this row installs with: its id without a variant (`yarn-berry` is yarn,
    /// `pip-pyproject` pip).
    pub fn name(&self) -> crate::facts::PackageManager {
        crate::facts::PackageManager::named(self.id.split('-').next().unwrap_or(&self.id))
    }
}

impl SecretFile {
    /// The secret's id for `--mount=type=secret,id=…` and `docker build --secret id=…`.
    pub fn id(&self) -> &str {
        self.file.trim_start_matches('.')
    }
}

/// Only apply a framework row when one of `files` contains `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileContains {
    pub files: Vec<String>,
    pub text: String,
}
