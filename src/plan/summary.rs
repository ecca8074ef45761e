//! One app's plan as the tools outside the planner see it: `plan --json`, regeneration's record of what
//! it last planned (`.dockgen/<app>/facts.json`, and the "changed:" lines it prints) and the tests.

use super::{Images, Plan};
use crate::facts::{Ambiguity, Evidence, PackageManager, StackId, Toolchain};
use crate::rules::UserRule;
use serde::Serialize;

/// The facts of one planned app (schema_version 1). Fields are declared in alphabetical order: that is
/// the order the earlier untyped summary serialised them in, so saved `facts.json` files stay byte-equal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub ambiguities: Vec<Ambiguity>,
    pub build: Option<String>,
    /// Variables the start command set inline, as `KEY=value`.
    pub env: Vec<String>,
    pub evidence: Vec<Evidence>,
    pub framework: Option<String>,
    pub images: Images,
    pub package_manager: PackageManager,
    /// The app's folder relative to the project (`.` for the root).
    pub path: String,
    pub port: Option<u16>,
    pub release: Vec<String>,
    pub stack: StackId,
    pub start: Vec<String>,
    pub toolchain: Option<Toolchain>,
    pub user: UserRule,
    pub warnings: Vec<String>,
}

impl Summary {
    pub fn of(plan: &Plan) -> Summary {
        let f = &plan.facts;
        Summary {
            ambiguities: f.ambiguities.clone(),
            build: f.build.clone(),
            env: f.env.iter().map(|(k, v)| format!("{k}={v}")).collect(),
            evidence: f.evidence.clone(),
            framework: f.framework.clone(),
            images: plan.images.clone(),
            package_manager: f.package_manager,
            path: f.path.clone(),
            port: f.port,
            release: f.release.clone(),
            stack: f.stack,
            start: f.start.clone(),
            toolchain: f.toolchain.clone(),
            user: plan.user,
            warnings: f.warnings.clone(),
        }
    }

    /// As JSON: what `plan --json` prints for the app and regeneration saves.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// What differs between a summary saved earlier (JSON, possibly from an older dockgen: missing keys
    /// read as none) and this one, one line per fact: `port 3000 → 8080`.
    pub fn changes_from(&self, old: &serde_json::Value) -> Vec<String> {
        let new = self.to_json();
        let mut out = Vec::new();
        let (old_tc, new_tc) = (&old["toolchain"], &new["toolchain"]);
        if old_tc["version"] != new_tc["version"] && !new_tc.is_null() {
            out.push(format!(
                "{} {} → {} from {}",
                text(&new_tc["name"]),
                text(&old_tc["version"]),
                text(&new_tc["version"]),
                text(&new_tc["source"])
            ));
        }
        for key in [
            "stack",
            "package_manager",
            "framework",
            "port",
            "start",
            "build",
        ] {
            if old[key] != new[key] {
                out.push(format!(
                    "{} {} → {}",
                    key.replace('_', " "),
                    text(&old[key]),
                    text(&new[key])
                ));
            }
        }
        for key in ["build", "runtime"] {
            if old["images"][key] != new["images"][key] {
                out.push(format!(
                    "{key} image {} → {}",
                    text(&old["images"][key]),
                    text(&new["images"][key])
                ));
            }
        }
        out
    }
}

/// A fact's value as a person reads it: `none`, a string bare, a list joined by spaces.
fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "none".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}
