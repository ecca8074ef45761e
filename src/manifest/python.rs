//! Python manifests: pyproject.toml (PEP 621, Poetry, PDM, uv), requirements.txt and Pipfile.

use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PyProject {
    #[serde(default)]
    pub project: Option<Project>,
    #[serde(default)]
    pub tool: Option<Tool>,
    #[serde(default)]
    pub build_system: Option<BuildSystem>,
}

/// `[build-system]`: what builds the project itself (PEP 517).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BuildSystem {
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub build_backend: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Project {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub requires_python: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Tool {
    #[serde(default)]
    pub poetry: Option<Poetry>,
    #[serde(default)]
    pub pdm: Option<toml::Value>,
    #[serde(default)]
    pub uv: Option<toml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Poetry {
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub name: Option<String>,
    /// `package-mode = false`: Poetry manages the dependencies only, never installs the project.
    #[serde(default, rename = "package-mode")]
    pub package_mode: Option<bool>,
    #[serde(default)]
    pub packages: Option<toml::Value>,
}

impl PyProject {
    pub fn parse(path: &str, text: &str) -> Result<PyProject> {
        super::toml(path, text)
    }

    /// Normalised names of the runtime dependencies (PEP 621 and Poetry tables together).
    pub fn dependency_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .project
            .iter()
            .flat_map(|p| p.dependencies.iter())
            .filter_map(|d| requirement_name(d))
            .collect();
        if let Some(poetry) = self.tool.as_ref().and_then(|t| t.poetry.as_ref()) {
            names.extend(
                poetry
                    .dependencies
                    .keys()
                    .filter(|k| *k != "python")
                    .map(|k| normalise(k)),
            );
        }
        names
    }

    /// `requires-python`, or Poetry's `python` dependency constraint.
    pub fn requires_python(&self) -> Option<String> {
        if let Some(r) = self
            .project
            .as_ref()
            .and_then(|p| p.requires_python.clone())
        {
            return Some(r);
        }
        let poetry = self.tool.as_ref()?.poetry.as_ref()?;
        poetry
            .dependencies
            .get("python")?
            .as_str()
            .map(str::to_string)
    }
}

/// The names in a requirements.txt, skipping comments, options and includes.
pub fn requirements(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('-'))
        .filter_map(requirement_name)
        .collect()
}

/// The exact pins of a requirements.txt (`Django==5.0.1` → `("django", "5.0.1")`); ranges, URLs and
/// options are left out. Environment markers and hashes after the version are dropped.
pub fn pins(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('-'))
        .filter_map(|l| {
            let (name, version) = l.split_once("==")?;
            let version: String = version
                .trim_start_matches('=')
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '!'))
                .collect();
            Some((requirement_name(name)?, version)).filter(|(_, v)| !v.is_empty())
        })
        .collect()
}

/// The normalised project name at the start of a PEP 508 requirement (`Flask[async]>=3` → `flask`).
pub fn requirement_name(req: &str) -> Option<String> {
    let name: String = req
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then(|| normalise(&name))
}

/// PEP 503 normalisation: lowercase, runs of `-_.` become `-`.
pub fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The package names a lockfile pins for production: `[[package]]` tables of uv.lock, poetry.lock and
/// pdm.lock (poetry's and pdm's development-only packages left out), or Pipfile.lock's `default` section.
pub fn locked_names(path: &str, text: &str) -> Result<Vec<String>> {
    Ok(locked_packages(path, text)?
        .into_iter()
        .map(|(name, _)| name)
        .collect())
}

/// The production packages of a lockfile (as [`locked_names`]) with the version each is locked at.
pub fn locked_packages(path: &str, text: &str) -> Result<Vec<(String, Option<String>)>> {
    if path.ends_with(".lock") && path != "Pipfile.lock" {
        #[derive(Deserialize)]
        struct Lock {
            #[serde(default)]
            package: Vec<Package>,
        }
        #[derive(Deserialize)]
        struct Package {
            name: String,
            #[serde(default)]
            category: Option<String>,
            #[serde(default)]
            groups: Option<Vec<String>>,
            #[serde(default)]
            version: Option<String>,
        }
        let lock: Lock = super::toml(path, text)?;
        return Ok(lock
            .package
            .into_iter()
            .filter(|p| p.category.as_deref() != Some("dev"))
            .filter(|p| {
                p.groups
                    .as_ref()
                    .is_none_or(|g| g.iter().any(|g| g == "main" || g == "default"))
            })
            .map(|p| (normalise(&p.name), p.version))
            .collect());
    }
    #[derive(Deserialize)]
    struct PipfileLock {
        #[serde(default)]
        default: BTreeMap<String, serde_json::Value>,
    }
    let lock: PipfileLock = super::json(path, text)?;
    Ok(lock
        .default
        .iter()
        .map(|(k, v)| {
            let version = v["version"]
                .as_str()
                .map(|v| v.trim_start_matches('=').to_string());
            (normalise(k), version)
        })
        .collect())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Pipfile {
    #[serde(default)]
    pub packages: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub requires: BTreeMap<String, toml::Value>,
}

impl Pipfile {
    pub fn parse(path: &str, text: &str) -> Result<Pipfile> {
        super::toml(path, text)
    }

    pub fn dependency_names(&self) -> Vec<String> {
        self.packages.keys().map(|k| normalise(k)).collect()
    }

    pub fn python_version(&self) -> Option<&str> {
        self.requires
            .get("python_version")
            .or_else(|| self.requires.get("python_full_version"))
            .and_then(|v| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pins_only() {
        let p = pins(
            "Django==5.0.1\ngunicorn == 20.1.0 # server\npsycopg2-binary==2.9.9 ; sys_platform == \"linux\"\n\
             flask>=2\nnumpy===1.24.0\n-r base.txt\n# requests==2.0\n",
        );
        assert_eq!(
            p,
            vec![
                ("django".to_string(), "5.0.1".to_string()),
                ("gunicorn".to_string(), "20.1.0".to_string()),
                ("psycopg2-binary".to_string(), "2.9.9".to_string()),
                ("numpy".to_string(), "1.24.0".to_string()),
            ]
        );
    }

    #[test]
    fn requirement_names() {
        let r = requirements(
            "Flask[async]==3.1.0  # web\n-r base.txt\n# c\ngunicorn>=22\nzope.interface\n",
        );
        assert_eq!(r, vec!["flask", "gunicorn", "zope-interface"]);
    }
}
