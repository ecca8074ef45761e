//! The lint rules as data: `detectors/lint.toml` read once, and the README table rendered from it.

use crate::error::{Error, Result};
use crate::image::{repo_matches, ImagePattern};
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
    pub runtime_tags: Vec<String>,
    pub nonroot: Vec<ImagePattern>,
    pub package_managers: Vec<String>,
}

/// The examples a fix quotes for one stack (`stack` absent: the fallback for any other file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub stack: Option<String>,
    pub repos: Vec<String>,
    pub image: String,
    pub start: String,
    pub healthcheck: String,
    pub runtime: String,
}

impl Example {
    /// Whether a base image's normalised repository belongs to this example's stack.
    pub fn claims(&self, repo: &str) -> bool {
        self.repos.iter().any(|p| repo_matches(Some(p), repo))
    }

    /// `fix` with its placeholders filled from this example.
    pub fn fill(&self, fix: &str) -> String {
        fix.replace("{image}", &self.image)
            .replace("{start}", &self.start)
            .replace("{healthcheck}", &self.healthcheck)
            .replace("{runtime}", &self.runtime)
    }
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
    #[serde(rename = "example")]
    pub examples: Vec<Example>,
    pub images: ImageLists,
    pub commands: CommandLists,
}

impl LintRules {
    /// The embedded rules, parsed on first use.
    pub fn get() -> Result<&'static LintRules> {
        static RULES: OnceLock<std::result::Result<LintRules, String>> = OnceLock::new();
        RULES
            .get_or_init(|| {
                let mut rules = toml::from_str::<LintRules>(FILE)
                    .map_err(|e| e.message().lines().next().unwrap_or("").to_string())?;
                rules.add_stacks();
                Ok(rules)
            })
            .as_ref()
            .map_err(|m| Error::Rules {
                file: "lint.toml".into(),
                message: m.clone(),
            })
    }

    /// Each stack's own lint example and toolchain images (`[lint]` in its rules file), after lint.toml's.
    fn add_stacks(&mut self) {
        let Ok(rules) = crate::stacks::rules() else {
            return;
        };
        for stack in &rules.stacks {
            let Some(l) = &stack.lint else { continue };
            self.examples.push(Example {
                stack: Some(stack.id.as_str().to_string()),
                repos: l.repos.clone(),
                image: l.image.clone(),
                start: l.start.clone(),
                healthcheck: l.healthcheck.clone(),
                runtime: l.runtime.clone(),
            });
            self.images
                .toolchain
                .extend(l.toolchain_images.iter().cloned());
        }
    }

    pub fn rule(&self, code: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The examples for `stack` (a stack id such as `python`), else the fallback.
    pub fn example(&self, stack: Option<&str>) -> Option<&Example> {
        stack
            .and_then(|s| self.examples.iter().find(|e| e.stack.as_deref() == Some(s)))
            .or_else(|| self.examples.iter().find(|e| e.stack.is_none()))
    }

    /// A rule's fix text with its examples taken from `stack`.
    pub fn fix(&self, rule: &RuleDef, stack: Option<&str>) -> String {
        self.example(stack)
            .map_or_else(|| rule.fix.clone(), |e| e.fill(&rule.fix))
    }

    /// The stack a file's base images belong to, by the examples' repositories.
    pub fn stack_of_repo(&self, repo: &str) -> Option<&str> {
        self.examples
            .iter()
            .find(|e| e.stack.is_some() && e.claims(repo))
            .and_then(|e| e.stack.as_deref())
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
                self.fix(r, None).replace('|', "\\|")
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
        assert!(codes.len() >= 19);
    }

    #[test]
    fn every_stack_has_examples_and_fixes_leave_no_placeholder() {
        let r = LintRules::get().unwrap();
        for lang in crate::stacks::STACKS.iter().map(|s| s.id()) {
            let e = r.example(Some(lang.as_str())).unwrap();
            assert_eq!(e.stack.as_deref(), Some(lang.as_str()), "{lang:?}");
        }
        for rule in &r.rules {
            for e in &r.examples {
                assert!(!e.fill(&rule.fix).contains('{'), "{}", rule.code);
            }
        }
    }
}
