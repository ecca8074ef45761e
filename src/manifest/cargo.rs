//! Cargo.toml: package, workspace members and targets; enough to choose a binary and stub every target.

use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CargoToml {
    #[serde(default)]
    pub package: Option<Package>,
    #[serde(default)]
    pub workspace: Option<Workspace>,
    #[serde(default)]
    pub lib: Option<Target>,
    #[serde(default)]
    pub bin: Vec<Target>,
    #[serde(default)]
    pub example: Vec<Target>,
    #[serde(default)]
    pub test: Vec<Target>,
    #[serde(default)]
    pub bench: Vec<Target>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Package {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub rust_version: Option<toml::Value>,
    #[serde(default)]
    pub build: Option<toml::Value>,
    #[serde(default)]
    pub autobins: Option<bool>,
    /// The binary `cargo run` runs when the package has several.
    #[serde(default)]
    pub default_run: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Workspace {
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub package: Option<WorkspacePackage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkspacePackage {
    #[serde(default)]
    pub rust_version: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Target {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
}

impl CargoToml {
    pub fn parse(path: &str, text: &str) -> Result<CargoToml> {
        let m: CargoToml = super::toml(path, text)?;
        if m.package.is_none() && m.workspace.is_none() {
            return Err(crate::error::Error::manifest_at(
                path,
                text,
                None,
                "has neither [package] nor [workspace]",
            ));
        }
        Ok(m)
    }

    /// `rust-version` as written (a string), unless it is inherited from the workspace.
    pub fn rust_version(&self) -> Option<&str> {
        let own = self
            .package
            .as_ref()
            .and_then(|p| p.rust_version.as_ref())
            .and_then(|v| v.as_str());
        own.or_else(|| {
            self.workspace
                .as_ref()?
                .package
                .as_ref()?
                .rust_version
                .as_deref()
        })
    }
}

/// Does `path` (a `/`-separated relative folder) match a workspace member pattern like `crates/*`?
pub fn member_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    let pat: Vec<&str> = pattern.split('/').collect();
    let parts: Vec<&str> = path.split('/').collect();
    pat.len() == parts.len() && pat.iter().zip(&parts).all(|(p, s)| segment_matches(p, s))
}

fn segment_matches(pat: &str, s: &str) -> bool {
    match pat.split_once('*') {
        None => pat == s,
        Some((pre, post)) => {
            s.len() >= pre.len() + post.len() && s.starts_with(pre) && s.ends_with(post)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_glob() {
        assert!(member_matches("crates/*", "crates/server"));
        assert!(!member_matches("crates/*", "crates/server/sub"));
        assert!(member_matches("tools/cli-*", "tools/cli-admin"));
        assert!(member_matches("app", "app"));
    }

    #[test]
    fn error_has_line() {
        let e = CargoToml::parse("Cargo.toml", "[package]\nname = \"x\"\nversion = 1.0.0.0\n")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("Cargo.toml:3: invalid TOML"),
            "{e}"
        );
    }
}
