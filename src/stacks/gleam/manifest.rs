//! gleam.toml and manifest.toml, read as far as the detector needs: the package name, the Gleam version
//! requirement, the compilation target, the dependencies, and the packages the lock pins.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What gleam.toml says.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GleamToml {
    pub name: String,
    /// `gleam = ">= 1.4.0"`: the Gleam versions the package builds with (Hex requirement syntax).
    #[serde(default)]
    pub gleam: Option<String>,
    /// `erlang` (the default) or `javascript`.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
}

impl GleamToml {
    pub fn parse(path: &str, text: &str) -> Result<GleamToml> {
        let g: GleamToml = crate::manifest::toml(path, text)?;
        if g.name.trim().is_empty() {
            return Err(Error::Manifest {
                path: path.into(),
                line: None,
                message: "`name` is empty: the package name names the module that starts the app"
                    .into(),
            });
        }
        Ok(g)
    }

    /// Whether the package depends on `name` directly.
    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.contains_key(name)
    }

    /// The target the package compiles to (`erlang` unless it says otherwise).
    pub fn target(&self) -> &str {
        self.target.as_deref().unwrap_or("erlang")
    }
}

/// manifest.toml, Gleam's lockfile: the packages it pins, by name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub packages: Vec<LockedPackage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LockedPackage {
    pub name: String,
    #[serde(default)]
    pub build_tools: Vec<String>,
}

impl Manifest {
    pub fn parse(path: &str, text: &str) -> Result<Manifest> {
        crate::manifest::toml(path, text)
    }

    /// Whether a locked package is built by rebar3 or mix (an Erlang or Elixir package: its build needs
    /// that tool in the build image).
    pub fn needs(&self, tool: &str) -> bool {
        self.packages
            .iter()
            .any(|p| p.build_tools.iter().any(|t| t == tool))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_requirement_target_and_dependencies() {
        let g = GleamToml::parse(
            "gleam.toml",
            "name = \"shop\"\ngleam = \">= 1.4.0\"\n\n[dependencies]\nmist = \">= 1.0.0 and < 6.0.0\"\n",
        )
        .unwrap();
        assert_eq!(g.name, "shop");
        assert_eq!(g.gleam.as_deref(), Some(">= 1.4.0"));
        assert_eq!(g.target(), "erlang");
        assert!(g.depends_on("mist") && !g.depends_on("wisp"));
    }

    #[test]
    fn errors_name_the_file() {
        let e = GleamToml::parse("gleam.toml", "name = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("gleam.toml:1"), "{e}");
        let e = GleamToml::parse("gleam.toml", "name = \" \"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`name` is empty"), "{e}");
    }

    #[test]
    fn the_lock_says_which_build_tools_packages_need() {
        let m = Manifest::parse(
            "manifest.toml",
            "packages = [\n  { name = \"telemetry\", version = \"1.3.0\", build_tools = [\"rebar3\"], requirements = [], otp_app = \"telemetry\", source = \"hex\", outer_checksum = \"AB\" },\n]\n",
        )
        .unwrap();
        assert!(m.needs("rebar3") && !m.needs("mix"));
    }
}
