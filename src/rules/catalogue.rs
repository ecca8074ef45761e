//! The image catalogue: build and runtime image families, the versions each publishes, end-of-life
//! lines, and how a version is matched to the nearest published tag.

use super::*;

/// A catalogue row: an image family and the versions it publishes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRule {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub artifact: Option<ArtifactKind>,
    pub image: String,
    pub versions: Vec<String>,
    #[serde(default)]
    pub user: Option<UserRule>,
    #[serde(default)]
    pub create_user: bool,
    #[serde(default)]
    pub binary: Option<String>,
    /// Image tags that carry a full release rather than a version line: line → release (deno's `2.7.12`).
    #[serde(default)]
    pub pins: BTreeMap<String, String>,
    /// A configuration file the image needs to serve the app this way (nginx unprivileged, SPA fallback).
    #[serde(default)]
    pub config: Option<ConfigFile>,
    /// Where a static server serves files from.
    #[serde(default)]
    pub root: Option<String>,
    /// The server's own start command (exec form), replacing the image's entrypoint.
    #[serde(default)]
    pub start: Vec<String>,
    /// The Debian release whose glibc a binary on this base links against (`trixie`): a build image of
    /// another release gets a note, since a binary linked to a newer glibc does not start on an older one.
    #[serde(default)]
    pub glibc_of: Option<String>,
}

/// A file written into the image from the catalogue, `{port}` replaced.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UserRule {
    pub uid: u32,
    pub gid: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BunRule {
    pub default: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub build: Vec<ImageRule>,
    pub runtime: Vec<ImageRule>,
    pub bun: BunRule,
    pub bases: crate::image::Bases,
    /// Toolchain lines past their upstream end of life: a plan on one warns, naming the supported line.
    #[serde(default)]
    pub eol: Vec<EolRule>,
    /// Task runners (`make`) a Procfile web process may go through: not in any runtime image.
    #[serde(default)]
    pub task_runners: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EolRule {
    /// The toolchain's name as detection records it (`go`, `node`, `dotnet`, `python`).
    pub toolchain: String,
    /// A line (`1.24`, `20`, `8.0`) that no longer gets security fixes, and the month it stopped.
    pub line: String,
    pub ended: String,
    /// The line to move to, as the warning names it.
    pub supported: String,
}

impl Catalogue {
    /// The warning for a toolchain version on an end-of-life line (`1.24.3` is on `1.24`).
    pub fn eol_warning(&self, toolchain: &str, version: &str) -> Option<String> {
        let rule = self.eol.iter().find(|r| {
            r.toolchain == toolchain
                && (version == r.line
                    || version
                        .strip_prefix(r.line.as_str())
                        .is_some_and(|rest| rest.starts_with('.')))
        })?;
        Some(format!(
            "{toolchain} {} reached its end of life in {}: it gets no security fixes; move to {} (pin it where the project names its version)",
            rule.line, rule.ended, rule.supported
        ))
    }
}

impl Catalogue {
    /// The build image for `language` at `version`: the first family that publishes it, else the nearest
    /// newer version published (with a note saying so).
    pub fn build_image(&self, language: &str, version: &str) -> Option<(String, Option<String>)> {
        pick(
            self.build
                .iter()
                .filter(|r| r.language.as_deref() == Some(language)),
            version,
        )
        .map(|(rule, v, note)| (rule.image.replace("{v}", rule.tag_version(&v)), note))
    }

    /// The runtime base for an artifact kind at `version` (ignored for version-free artifacts).
    pub fn runtime(
        &self,
        artifact: ArtifactKind,
        version: &str,
    ) -> Option<(&ImageRule, String, Option<String>)> {
        pick(
            self.runtime.iter().filter(|r| r.artifact == Some(artifact)),
            version,
        )
        .map(|(rule, v, note)| (rule, rule.image.replace("{v}", rule.tag_version(&v)), note))
    }
}

impl ImageRule {
    /// The version the tag carries for a version line: its pinned release, else the line itself.
    pub fn tag_version<'a>(&'a self, line: &'a str) -> &'a str {
        self.pins.get(line).map_or(line, String::as_str)
    }

    /// Every concrete image this row can produce (for checking the catalogue against published tags).
    pub fn concrete(&self) -> Vec<String> {
        if self.versions.is_empty() {
            return vec![self.image.clone()];
        }
        self.versions
            .iter()
            .map(|v| self.image.replace("{v}", self.tag_version(v)))
            .collect()
    }
}

/// The first rule publishing `version`; failing that, the smallest newer version any rule publishes.
fn pick<'a>(
    rules: impl Iterator<Item = &'a ImageRule> + Clone,
    version: &str,
) -> Option<(&'a ImageRule, String, Option<String>)> {
    if let Some(rule) = rules
        .clone()
        .find(|r| r.versions.is_empty() || r.versions.iter().any(|v| v == version))
    {
        return Some((rule, version.to_string(), None));
    }
    let wanted = crate::version::Version::parse(version)?;
    let mut best: Option<(&ImageRule, crate::version::Version, String)> = None;
    for rule in rules {
        for v in &rule.versions {
            let Some(parsed) = crate::version::Version::parse(v) else {
                continue;
            };
            if parsed > wanted && best.as_ref().is_none_or(|(_, b, _)| parsed < *b) {
                best = Some((rule, parsed, v.clone()));
            }
        }
    }
    best.map(|(rule, _, v)| {
        let note =
            format!("no image publishes version {version}; using {v}, the nearest newer one");
        (rule, v, Some(note))
    })
}
