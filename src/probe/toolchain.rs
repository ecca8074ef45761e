//! Toolchain versions: read each version source in the order the stack's rules trust them.
//!
//! A version comes from the project's files, never from the host. Pins (.nvmrc, .python-version,
//! rust-toolchain.toml, .tool-versions, mise.toml, go.mod) are taken as written; ranges (engines.node,
//! requires-python) pick the newest known line they admit that is not past its end of life; floors
//! (Cargo's rust-version) never pull the version below the default.

use crate::error::Result;
use crate::facts::{Facts, Toolchain};
use crate::manifest::tool_versions as tv;
use crate::rules::ToolchainRule;
use crate::scan::Project;
use crate::version::{Range, Version};

/// What a stack-specific manifest says about the version.
#[derive(Debug, Clone)]
pub enum Claim {
    Exact(String),
    Range(String, Range),
    Floor(String),
}

/// An npm-style range from package.json `engines`, as a claim named by its source.
pub fn engines_claim(source: &'static str, range: Option<&str>) -> Option<(&'static str, Claim)> {
    let range = range?;
    Range::npm(range).map(|r| (source, Claim::Range(range.to_string(), r)))
}

/// Resolve the toolchain: `stack_claims` carries what manifests the stack parsed itself say, by source name.
pub fn resolve(
    project: &Project,
    rule: &ToolchainRule,
    parts: usize,
    stack_claims: &[(&str, Claim)],
    facts: &mut Facts,
) -> Result<Toolchain> {
    let mut found: Vec<(String, String, Claim)> = Vec::new();
    for source in &rule.sources {
        let Some((source_name, claim)) = claim(project, rule, source, stack_claims)? else {
            continue;
        };
        if let Some(line) = line_of(&claim, rule, parts, facts, &source_name) {
            found.push((source_name, line, claim));
        }
    }
    Ok(match found.split_first() {
        Some(((source, version, _), others)) => first_found(rule, source, version, others, facts),
        None => {
            facts.decided(
                "toolchain",
                format!("{} {}", rule.name, rule.default),
                "default",
                "no version source in the project; the documented current default",
                crate::facts::Origin::Default,
            );
            Toolchain {
                name: rule.name.clone(),
                version: rule.default.clone(),
                source: "default".into(),
            }
        }
    })
}

/// What one version source of the stack's order says, with the name it is reported by.
fn claim(
    project: &Project,
    rule: &ToolchainRule,
    source: &str,
    stack_claims: &[(&str, Claim)],
) -> Result<Option<(String, Claim)>> {
    Ok(match source {
        "mise.toml" => mise(project, rule)?,
        ".tool-versions" => match project.read_opt(".tool-versions")? {
            Some(text) => rule
                .tool_names
                .iter()
                .find_map(|n| tv::asdf(&text, n))
                .map(|v| (".tool-versions".to_string(), Claim::Exact(v))),
            None => None,
        },
        file if rule.version_files.iter().any(|f| f == file) => project
            .read_opt(source)?
            .and_then(|t| tv::single_line(&t))
            .map(|v| (source.to_string(), Claim::Exact(v))),
        "rust-toolchain.toml" | "rust-toolchain" => match project.read_opt(source)? {
            Some(text) => {
                tv::rust_toolchain(source, &text)?.map(|v| (source.to_string(), Claim::Exact(v)))
            }
            None => None,
        },
        _ => stack_claims
            .iter()
            .find(|(name, _)| {
                // A claim names its source exactly (`composer.json require.php`, where one file
                // holds two sources), or by its file alone (`package.json engines.node`).
                *name == source || name.split(' ').next() == Some(source)
            })
            .map(|(name, c)| (name.to_string(), c.clone())),
    })
}

/// The first source's version wins; it is warned about when past its end of life, and so is every later
/// source that disagrees with it.
fn first_found(
    rule: &ToolchainRule,
    source: &str,
    version: &str,
    others: &[(String, String, Claim)],
    facts: &mut Facts,
) -> Toolchain {
    // A pin within the line (`16.20.1`) is of that line too.
    let eol = rule.end_of_life.iter().any(|l| {
        version == l.as_str()
            || version
                .strip_prefix(l.as_str())
                .is_some_and(|r| r.starts_with('.'))
    });
    if eol {
        facts.warnings.push(format!(
            "{source} asks for {} {version}, which is past its end of life: it gets no security fixes; move to a supported line",
            rule.name
        ));
    }
    for (other, v, claim) in others {
        // A range that admits the version chosen agrees with it (`^8.2` beside a pin of 8.4).
        let admits = matches!(claim, Claim::Range(_, r) if r.admits_line(version));
        if v != version && !admits {
            facts.warnings.push(format!(
                "{source} asks for {} {version} but {other} says {v}; using {version}",
                rule.name
            ));
        }
    }
    facts.because(
        "toolchain",
        format!("{} {version}", rule.name),
        source,
        "first version source in the stack's order",
    );
    Toolchain {
        name: rule.name.clone(),
        version: version.to_string(),
        source: source.to_string(),
    }
}

fn mise(project: &Project, rule: &ToolchainRule) -> Result<Option<(String, Claim)>> {
    for file in ["mise.toml", ".mise.toml"] {
        if let Some(text) = project.read_opt(file)? {
            for name in &rule.tool_names {
                if let Some(v) = tv::mise(file, &text, name)? {
                    return Ok(Some((file.to_string(), Claim::Exact(v))));
                }
            }
        }
    }
    Ok(None)
}

/// Reduce a claim to the image-tag line (`22`, `1.24`), or None when it says nothing usable.
fn line_of(
    claim: &Claim,
    rule: &ToolchainRule,
    parts: usize,
    facts: &mut Facts,
    source: &str,
) -> Option<String> {
    match claim {
        Claim::Exact(raw) => {
            let mut raw = raw.trim();
            // Longest first, so `graalvm-community-21` loses the whole vendor name.
            let mut vendors: Vec<&String> = rule.distributions.iter().collect();
            vendors.sort_by_key(|d| std::cmp::Reverse(d.len()));
            if let Some(rest) = vendors
                .iter()
                .find_map(|d| raw.strip_prefix(d.as_str())?.strip_prefix('-'))
            {
                raw = rest;
            }
            if let Some(v) = tv::node_codename(raw) {
                return Some(v.to_string());
            }
            if matches!(
                raw,
                "lts/*" | "node" | "stable" | "latest" | "lts" | "system"
            ) {
                return None;
            }
            match Version::parse(raw) {
                Some(v) if v.minor.is_some() || parts == 1 => Some(v.line(parts)),
                _ => {
                    facts.warnings.push(format!(
                        "{source}: cannot use {} version `{raw}`; ignored",
                        rule.name
                    ));
                    None
                }
            }
        }
        Claim::Range(raw, range) => match range.choose(&rule.known, &rule.end_of_life) {
            Some(v) => Some(v),
            None => {
                facts.warnings.push(format!(
                    "{source}: no known {} line satisfies `{raw}`",
                    rule.name
                ));
                None
            }
        },
        Claim::Floor(raw) => {
            let floor = Version::parse(raw)?;
            let default = Version::parse(&rule.default)?;
            (floor > default).then(|| floor.line(parts))
        }
    }
}
