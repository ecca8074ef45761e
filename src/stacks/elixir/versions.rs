//! The Elixir line and OTP major of an Elixir app's build image: the mix.exs requirement and the pins in
//! .tool-versions / mise.toml, settled against the (elixir, OTP) pairs the official images publish.

use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::manifest::mix::MixProject;
use crate::manifest::tool_versions as tv;
use crate::probe::toolchain::{self, Claim};
use crate::rules::{Rules, StackRules};
use crate::scan::Project;
use crate::version::{Range, Version};

/// The Elixir line (recorded as the toolchain) and the OTP major, as `(otp, pinned by the project)`.
/// The line: .tool-versions, mise.toml, then the mix.exs requirement (a range), else the default.
pub(super) fn versions(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    mix: &MixProject,
    facts: &mut Facts,
) -> Result<(u32, bool)> {
    let mut claims = Vec::new();
    if let Some(v) = buildpack_config(project, "elixir_version")? {
        claims.push((BUILDPACK_CONFIG, Claim::Exact(v)));
    }
    if let Some((req, line)) = &mix.elixir {
        match Range::elixir(req) {
            Some(r) => claims.push(("mix.exs elixir", Claim::Range(req.clone(), r))),
            None => facts.warnings.push(format!(
                "mix.exs:{line}: cannot read the elixir requirement `{req}`; ignored"
            )),
        }
    }
    let mut toolchain = toolchain::resolve(project, &stack.toolchain, 2, &claims, facts)?;
    let (otp, otp_source) = otp_of(project)?;
    let (line, otp) = image_pair(project, rules, &toolchain.version, otp, &otp_source, facts)?;
    toolchain.version = line;
    match &otp_source {
        Some(src) => facts.because("otp", otp, src, "the OTP major the project pins"),
        None => facts.decided(
            "otp",
            otp,
            "default",
            format!(
                "the newest OTP the elixir {} images carry",
                toolchain.version
            ),
            crate::facts::Origin::Default,
        ),
    }
    if otp <= 25 {
        facts.warnings.push(format!(
            "OTP {otp} images build on Debian 11 (bullseye), past its security support; move to OTP 26 or newer"
        ));
    }
    facts.toolchain = Some(toolchain);
    Ok((otp, otp_source.is_some()))
}

/// Heroku's Elixir buildpack's settings file: `key=value` lines (`elixir_version=1.14.5`).
const BUILDPACK_CONFIG: &str = "elixir_buildpack.config";

/// A `key=value` of elixir_buildpack.config, when the file has it (quotes and comments dropped).
fn buildpack_config(project: &Project, key: &str) -> Result<Option<String>> {
    let Some(text) = project.read_opt(BUILDPACK_CONFIG)? else {
        return Ok(None);
    };
    Ok(text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        let v = v.split('#').next()?.trim().trim_matches(['"', '\'']);
        (k.trim() == key && !v.is_empty()).then(|| v.to_string())
    }))
}

/// The OTP major the project pins, and where: an `erlang` entry, else the `-otp-NN` of the elixir entry
/// (`elixir 1.18.4-otp-27`), in .tool-versions, then mise.toml, then elixir_buildpack.config's
/// `erlang_version`.
fn otp_of(project: &Project) -> Result<(Option<u32>, Option<String>)> {
    let major = |v: &str| Version::parse(v).map(|v| v.major as u32);
    let suffix = |v: &str| {
        v.split_once("-otp-")
            .and_then(|(_, o)| o.split(['.', '-']).next()?.parse::<u32>().ok())
    };
    if let Some(text) = project.read_opt(".tool-versions")? {
        if let Some(m) = tv::asdf(&text, "erlang").as_deref().and_then(major) {
            return Ok((Some(m), Some(".tool-versions erlang".into())));
        }
        if let Some(m) = tv::asdf(&text, "elixir").as_deref().and_then(suffix) {
            return Ok((Some(m), Some(".tool-versions elixir".into())));
        }
    }
    for file in ["mise.toml", ".mise.toml"] {
        if let Some(text) = project.read_opt(file)? {
            if let Some(m) = tv::mise(file, &text, "erlang")?.as_deref().and_then(major) {
                return Ok((Some(m), Some(format!("{file} erlang"))));
            }
            if let Some(m) = tv::mise(file, &text, "elixir")?.as_deref().and_then(suffix) {
                return Ok((Some(m), Some(format!("{file} elixir"))));
            }
        }
    }
    let erlang = buildpack_config(project, "erlang_version")?;
    if let Some(m) = erlang.as_deref().and_then(major) {
        return Ok((Some(m), Some(format!("{BUILDPACK_CONFIG} erlang_version"))));
    }
    Ok((None, None))
}

/// The (elixir line, OTP major) pairs the catalogue publishes build images for.
pub(crate) fn published(rules: &Rules) -> Vec<(String, u32)> {
    rules
        .images
        .build
        .iter()
        .filter(|r| r.language.as_deref() == Some("elixir"))
        .flat_map(|r| &r.versions)
        .filter_map(|v| {
            let (line, otp) = v.split_once("-otp-")?;
            Some((line.to_string(), otp.parse().ok()?))
        })
        .collect()
}

/// Settle the image pair: the Elixir line with the pinned OTP (or its newest OTP). A line without images
/// moves to the nearest newer line that has them, with a warning; an OTP the line has no image for is an
/// error naming the OTP majors that exist.
fn image_pair(
    project: &Project,
    rules: &Rules,
    line: &str,
    otp: Option<u32>,
    otp_source: &Option<String>,
    facts: &mut Facts,
) -> Result<(String, u32)> {
    let pairs = published(rules);
    let otps = |l: &str| -> Vec<u32> {
        pairs
            .iter()
            .filter(|(x, _)| x == l)
            .map(|(_, o)| *o)
            .collect()
    };
    let mut chosen = line.to_string();
    if otps(line).is_empty() {
        let wanted = Version::parse(line);
        let newer = pairs
            .iter()
            .filter(|(l, o)| Version::parse(l) > wanted && otp.is_none_or(|otp| *o == otp))
            .min_by_key(|(l, _)| Version::parse(l));
        match newer {
            Some((l, _)) => {
                facts.warnings.push(format!(
                    "no official elixir image for Elixir {line}; using {l}, the nearest newer line"
                ));
                chosen = l.clone();
            }
            None => {
                let lines = rules
                    .stack(crate::stacks::elixir::ID)
                    .toolchain
                    .known
                    .join(", ");
                let oldest_otp = pairs.iter().map(|(_, o)| *o).min().unwrap_or_default();
                let message = match (otp, otp_source) {
                    (Some(o), Some(src)) => format!(
                        "no official elixir image serves Elixir {line} on OTP {o} ({src}); the oldest published images carry OTP {oldest_otp}: move to Elixir {} or newer and OTP {oldest_otp} or newer there",
                        rules.stack(crate::stacks::elixir::ID).toolchain.known[0]
                    ),
                    _ => format!(
                        "no official elixir image serves Elixir {line}; pass --toolchain-version with one of {lines}"
                    ),
                };
                return Err(Error::Unsupported {
                    path: project.root.clone(),
                    message,
                });
            }
        }
    }
    let available = otps(&chosen);
    let otp = match otp {
        None => *available.iter().max().expect("a published line has an OTP"),
        Some(o) if available.contains(&o) => o,
        Some(o) => {
            let list: Vec<String> = available.iter().map(u32::to_string).collect();
            return Err(Error::Unsupported {
                path: project.root.clone(),
                message: format!(
                    "{}: OTP {o} with Elixir {chosen} has no official elixir image (Elixir {chosen} images carry OTP {}); pin one of those in .tool-versions, or another Elixir line with --toolchain-version",
                    otp_source.as_deref().unwrap_or("the project"),
                    list.join(", ")
                ),
            });
        }
    };
    Ok((chosen, otp))
}
