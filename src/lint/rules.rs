//! The lint rules as data: `detectors/lint.toml` read once, and the README table rendered from it.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const FILE: &str = include_str!("../../detectors/lint.toml");

/// How bad a finding is; the order is the threshold order (`Info < Warning < Error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One rule: its stable code, name, severity, what it checks and how to fix it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    pub fix: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageLists {
    pub toolchain: Vec<String>,
    pub full_os: Vec<String>,
    pub language: Vec<String>,
    pub small_tags: Vec<String>,
    pub nonroot: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandLists {
    pub install: Vec<String>,
    pub build: Vec<String>,
    pub compiler_packages: Vec<String>,
    pub secret_names: Vec<String>,
}

/// Everything in lint.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintRules {
    #[serde(rename = "rule")]
    pub rules: Vec<RuleDef>,
    pub images: ImageLists,
    pub commands: CommandLists,
}

impl LintRules {
    /// The embedded rules, parsed on first use.
    pub fn get() -> Result<&'static LintRules> {
        static RULES: OnceLock<std::result::Result<LintRules, String>> = OnceLock::new();
        RULES
            .get_or_init(|| {
                toml::from_str::<LintRules>(FILE)
                    .map_err(|e| e.message().lines().next().unwrap_or("").to_string())
            })
            .as_ref()
            .map_err(|m| Error::Rules {
                file: "lint.toml".into(),
                message: m.clone(),
            })
    }

    pub fn rule(&self, code: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The README's rule table, in Markdown.
    pub fn markdown(&self) -> String {
        let mut s = String::from("| code | severity | what it finds | fix |\n|---|---|---|---|\n");
        for r in &self.rules {
            s.push_str(&format!(
                "| {} `{}` | {} | {} | {} |\n",
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary.replace('|', "\\|"),
                r.fix.replace('|', "\\|")
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let r = LintRules::get().unwrap();
        let codes: Vec<&str> = r.rules.iter().map(|r| r.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert!(codes.len() >= 16);
    }
}
