//! package.json: the fields detection reads, nothing else.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageJson {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub main: Option<String>,
    /// The ES module entry (`bun init` writes `"module": "index.ts"`).
    #[serde(default)]
    pub module: Option<String>,
    #[serde(default)]
    pub scripts: BTreeMap<String, String>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub dev_dependencies: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub engines: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub package_manager: Option<String>,
    #[serde(default)]
    pub workspaces: Option<serde_json::Value>,
    /// Prisma's settings (`"prisma": {"schema": "db/schema.prisma"}`), kept loose: only `schema` is read.
    #[serde(default)]
    pub prisma: Option<serde_json::Value>,
}

impl PackageJson {
    pub fn parse(path: &str, text: &str) -> Result<PackageJson> {
        let value: serde_json::Value = super::json(path, text)?;
        if !value.is_object() {
            return Err(Error::manifest_at(
                path,
                text,
                None,
                "must be a JSON object",
            ));
        }
        serde_json::from_value(value)
            .map_err(|e| Error::manifest_at(path, text, None, format!("unexpected shape: {e}")))
    }

    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.contains_key(name) || self.dev_dependencies.contains_key(name)
    }

    /// The Prisma schema path package.json names, if any.
    pub fn prisma_schema(&self) -> Option<&str> {
        self.prisma.as_ref()?.get("schema")?.as_str()
    }

    /// The version spec of a dependency or dev dependency (`"^7.1.0"`), when it is a string.
    pub fn version_spec(&self, name: &str) -> Option<&str> {
        self.dependencies
            .get(name)
            .or_else(|| self.dev_dependencies.get(name))?
            .as_str()
    }

    pub fn engine(&self, name: &str) -> Option<&str> {
        self.engines.get(name).and_then(|v| v.as_str())
    }

    /// `packageManager: "pnpm@9.15.0+sha512…"` → ("pnpm", "9.15.0").
    pub fn package_manager(&self) -> Option<(&str, &str)> {
        let pm = self.package_manager.as_deref()?;
        let (name, version) = pm.split_once('@')?;
        Some((name, version.split('+').next().unwrap_or(version)))
    }
}
