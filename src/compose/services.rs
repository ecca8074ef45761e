//! The backing services table (detectors/services.toml) and which services an app declares.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const FILE: &str = "detectors/services.toml";
const TEXT: &str = include_str!("../../detectors/services.toml");

/// One backing service: its official image, how compose checks it, and how an app reaches it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRule {
    pub id: String,
    /// The comment above the service's block in compose.yaml.
    pub why: String,
    pub image: String,
    pub port: u16,
    /// Where the image keeps its data; a named volume goes there. None for a cache that keeps nothing.
    #[serde(default)]
    pub volume: Option<String>,
    pub healthcheck: Vec<String>,
    #[serde(default)]
    pub command: Vec<String>,
    /// The variable the connection URL goes in when the app's .env.example names none of `env`.
    pub url_env: String,
    /// The connection URL, `{NAME}` standing for a variable of `variables`.
    pub url: String,
    /// .env.example keys that mean the app uses this service.
    #[serde(default)]
    pub env: Vec<String>,
    /// URL schemes a .env.example value may start with to mean this service (`postgres://`).
    #[serde(default)]
    pub schemes: Vec<String>,
    /// Dependency names that mean this service, lowercase.
    pub packages: Vec<String>,
    pub variables: Vec<Variable>,
    /// The service container's own environment, `{NAME}` standing for a variable.
    #[serde(default)]
    pub service_env: BTreeMap<String, String>,
}

/// A variable the user sets in .env: a secret one has no default and compose refuses to start without it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub secret: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    service: Vec<ServiceRule>,
}

/// Every service of the table, in its order (parsed once).
pub fn table() -> Result<&'static [ServiceRule]> {
    static TABLE: OnceLock<std::result::Result<Vec<ServiceRule>, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            toml::from_str::<Table>(TEXT)
                .map(|t| t.service)
                .map_err(|e| e.to_string())
        })
        .as_deref()
        .map_err(|message| Error::Manifest {
            path: FILE.into(),
            line: None,
            message: message.clone(),
        })
}

/// Why an app needs a service: the dependency or .env.example key that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub service: String,
    pub because: String,
}

/// The services an app declares, in the table's order, each with the first reason found.
pub fn needs(
    rules: &[ServiceRule],
    dependencies: &[String],
    env_example: &[(String, Option<String>)],
) -> Vec<Need> {
    let deps: Vec<String> = dependencies.iter().map(|d| d.to_lowercase()).collect();
    rules
        .iter()
        .filter_map(|rule| {
            let by_dep = deps
                .iter()
                .find(|d| rule.packages.iter().any(|p| p == *d))
                .map(|d| format!("depends on {d}"));
            let by_env = || {
                env_example.iter().find_map(|(key, value)| {
                    let scheme = value
                        .as_deref()
                        .is_some_and(|v| rule.scheme_of(v).is_some());
                    (scheme || rule.env.contains(key)).then(|| format!(".env.example sets {key}"))
                })
            };
            by_dep.or_else(by_env).map(|because| Need {
                service: rule.id.clone(),
                because,
            })
        })
        .collect()
}

impl ServiceRule {
    /// The scheme of this service a URL starts with (`postgresql+psycopg://` for `postgresql+`).
    pub fn scheme_of<'v>(&self, value: &'v str) -> Option<&'v str> {
        let lower = value.to_ascii_lowercase();
        self.schemes
            .iter()
            .find(|s| lower.starts_with(s.as_str()))?;
        value.find("://").map(|at| &value[..at + 3])
    }

    /// `text` with each `{NAME}` replaced by its compose interpolation: `${NAME:?…}` for a secret (compose
    /// stops and says to set it), `${NAME:-default}` otherwise.
    pub fn interpolate(&self, text: &str) -> String {
        let mut out = text.to_string();
        for v in &self.variables {
            let with = if v.secret {
                format!("${{{}:?set it in .env}}", v.name)
            } else {
                format!("${{{}:-{}}}", v.name, v.default.as_deref().unwrap_or(""))
            };
            out = out.replace(&format!("{{{}}}", v.name), &with);
        }
        out
    }
}
