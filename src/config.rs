//! Answers: values a person chose over detection, from flags, prompts or `dockgen.toml`, and how they are
//! applied to the facts so a later run reproduces them.

use crate::error::{Error, Result};
use crate::facts::{Facts, Origin, PackageManager, StackId};
use crate::rules::Rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FILE: &str = "dockgen.toml";

/// Choices that override or settle detection. Every field is optional: `None` means "as detected".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<StackId>,
    #[serde(
        default,
        alias = "package-manager",
        skip_serializing_if = "Option::is_none"
    )]
    pub package_manager: Option<PackageManager>,
    /// Toolchain version line (`22`, `3.12`, `1.24`); a whole number may be written bare (`22`).
    #[serde(
        default,
        alias = "toolchain_version",
        alias = "toolchain-version",
        deserialize_with = "de::version",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<String>,
    /// The port the app listens on, or `none` for a worker that serves nothing (a number, or a string
    /// holding one, as `--port` takes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<PortAnswer>,
    /// `start = "node server.js"` (split as `--start` splits it) or `start = ["node", "server.js"]`.
    #[serde(
        default,
        deserialize_with = "de::start",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<Vec<String>>,
    /// Build command; an empty string means no build step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Which binary or main package to ship when there are several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<String>,
    /// Runtime base image, replacing the catalogue's choice.
    #[serde(
        default,
        alias = "runtime-image",
        skip_serializing_if = "Option::is_none"
    )]
    pub runtime_image: Option<String>,
    /// `cds = true`: a Spring Boot app (3.3+) gets a JVM class-data archive from a training run in the
    /// image. Opt-in, because the training run refreshes the app's context at build time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cds: Option<bool>,
    /// Where these answers came from, for the evidence (not stored).
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// A port answer: a port from 1 to 65535, or `none` for an app that listens on nothing (a worker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortAnswer {
    None,
    Port(u16),
}

impl PortAnswer {
    /// `none`, or a number from 1 to 65535; the error says what was typed and what to type instead.
    pub fn parse(s: &str) -> std::result::Result<PortAnswer, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("none") {
            return Ok(PortAnswer::None);
        }
        match s.parse::<u32>() {
            Ok(0) => Err("`0` is not a port; an app that listens on none takes `none`".into()),
            Ok(p) if p <= 65535 => Ok(PortAnswer::Port(p as u16)),
            _ => Err(format!(
                "`{s}` is not a port: a number from 1 to 65535, or `none` for an app that listens on none"
            )),
        }
    }

    /// The port, if any.
    pub fn number(self) -> Option<u16> {
        match self {
            PortAnswer::None => None,
            PortAnswer::Port(p) => Some(p),
        }
    }
}

impl std::fmt::Display for PortAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortAnswer::None => f.write_str("none"),
            PortAnswer::Port(p) => write!(f, "{p}"),
        }
    }
}

impl Serialize for PortAnswer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            PortAnswer::None => s.serialize_str("none"),
            PortAnswer::Port(p) => s.serialize_u16(*p),
        }
    }
}

impl<'de> Deserialize<'de> for PortAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(i64),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Number(n) => n.to_string(),
            Raw::Text(t) => t,
        };
        PortAnswer::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// dockgen.toml accepts what the flags accept: these read the looser spellings.
mod de {
    use serde::de::{Deserializer, Error};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Int(i64),
        Float(f64),
        Text(String),
        List(Vec<String>),
    }

    fn loose<'d, D: Deserializer<'d>>(d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }

    pub fn start<'d, D: Deserializer<'d>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
        match loose(d)? {
            Loose::Text(s) => Ok(Some(crate::manifest::split_words(&s))),
            Loose::List(l) => Ok(Some(l)),
            _ => Err(D::Error::custom(
                "start: write the command as a string (\"node server.js\") or a list ([\"node\", \"server.js\"])",
            )),
        }
    }

    pub fn version<'d, D: Deserializer<'d>>(d: D) -> Result<Option<String>, D::Error> {
        match loose(d)? {
            Loose::Text(s) => Ok(Some(s)),
            Loose::Int(n) => Ok(Some(n.to_string())),
            // 3.10 as a TOML float is 3.1: a version line must be quoted to keep its digits.
            Loose::Float(f) => Err(D::Error::custom(format!(
                "version = {f}: write a version line as a string, e.g. version = \"3.12\""
            ))),
            Loose::List(_) => Err(D::Error::custom(
                "version: write a version line as a string, e.g. version = \"3.12\"",
            )),
        }
    }
}

/// dockgen.toml: answers for the app at the root, and per app folder in a monorepo.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub app: Answers,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub apps: BTreeMap<String, Answers>,
}

impl Config {
    pub fn parse(text: &str) -> Result<Config> {
        let mut c: Config = crate::manifest::toml(FILE, text).or_else(|e| {
            if text.trim().is_empty() {
                Ok(Config::default())
            } else {
                Err(e)
            }
        })?;
        c.app.origin = Some(Origin::Config);
        for a in c.apps.values_mut() {
            a.origin = Some(Origin::Config);
        }
        Ok(c)
    }

    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("# Answers that dockgen's detection needed, or that differ from what it detects. dockgen reads them\n# on every run, so regenerating reproduces them; edit or delete lines freely (docs/dockgen-toml.md).\n\n{body}")
    }
}

impl Answers {
    /// `self` with every field `over` sets replaced by it (flags over dockgen.toml).
    pub fn overlay(&self, over: &Answers) -> Answers {
        let pick = |a: &Option<String>, b: &Option<String>| b.clone().or_else(|| a.clone());
        Answers {
            stack: over.stack.or(self.stack),
            package_manager: over.package_manager.or(self.package_manager),
            version: pick(&self.version, &over.version),
            port: over.port.or(self.port),
            start: over.start.clone().or_else(|| self.start.clone()),
            build: pick(&self.build, &over.build),
            binary: pick(&self.binary, &over.binary),
            runtime_image: pick(&self.runtime_image, &over.runtime_image),
            cds: over.cds.or(self.cds),
            // Flags always carry an origin; a run with no flag set keeps dockgen.toml's.
            origin: if over.is_empty() {
                self.origin
            } else {
                over.origin.or(self.origin)
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        Answers {
            origin: None,
            ..self.clone()
        } == Answers::default()
    }

    /// Keep only the answers whose value differs from `detected`.
    pub fn differing_from(&self, detected: &Facts) -> Answers {
        let version = detected.toolchain.as_ref().map(|t| t.version.clone());
        Answers {
            stack: self.stack.filter(|s| *s != detected.stack),
            package_manager: self
                .package_manager
                .filter(|p| *p != detected.package_manager),
            version: self.version.clone().filter(|v| Some(v) != version.as_ref()),
            port: self.port.filter(|p| p.number() != detected.port),
            start: self.start.clone().filter(|s| *s != detected.start),
            build: self.build.clone().filter(|b| {
                Some(b) != detected.build.as_ref() && !(b.is_empty() && detected.build.is_none())
            }),
            binary: self.binary.clone(),
            runtime_image: self.runtime_image.clone(),
            cds: self.cds,
            origin: None,
        }
    }
}

/// Apply the answers to detected facts, recording each as evidence from its origin.
pub fn apply(facts: &mut Facts, answers: &Answers, rules: &Rules) -> Result<()> {
    let origin = answers.origin.unwrap_or(Origin::Flag);
    let source = if origin == Origin::Config {
        FILE
    } else {
        "command line"
    };
    // The class-data archive is a JVM answer; the JVM stack reads it itself, every other one says so.
    if answers.cds == Some(true) && rules.stack(facts.stack).jvm_cds.is_none() {
        facts.warnings.push(format!(
            "{source}: cds (--jvm-cds) ignored: a class-data archive is for a Spring Boot app on the JVM, not {}",
            rules.stack(facts.stack).name
        ));
    }
    if let Some(v) = &answers.version {
        let name = rules.stack(facts.stack).toolchain.name.clone();
        if crate::version::Version::parse(v).is_none() {
            return Err(Error::bad_flag(
                "--toolchain-version",
                v,
                format!(
                    "`{v}` is not a {name} version; known lines: {}",
                    rules.stack(facts.stack).toolchain.known.join(", ")
                ),
            ));
        }
        facts.toolchain = Some(crate::facts::Toolchain {
            name: name.clone(),
            version: v.clone(),
            source: source.into(),
        });
        facts.decided("toolchain", format!("{name} {v}"), source, "answer", origin);
    }
    if let Some(p) = answers.port {
        facts.port = p.number();
        // The port is settled: a warning that the detected one was assumed no longer applies.
        let assumed = crate::facts::SETTLE_WITH_PORT;
        facts.warnings.retain(|w| !w.ends_with(assumed));
        facts.decided("port", p, source, "answer", origin);
    }
    if let Some(s) = &answers.start {
        if s.is_empty() {
            return Err(Error::BadFlag {
                flag: "--start",
                value: None,
                why: "the start command is empty".into(),
            });
        }
        facts.start = s.clone();
        facts.decided("start", s.join(" "), source, "answer", origin);
    }
    if let Some(b) = &answers.build {
        facts.build = Some(b.clone()).filter(|b| !b.trim().is_empty());
        facts.decided("build", b, source, "answer", origin);
    }
    if let Some(pm) = answers.package_manager {
        if pm != facts.package_manager {
            return Err(Error::bad_flag(
                "--package-manager",
                pm.as_str(),
                format!(
                    "this is a {} project detected as using {}; dockgen cannot switch its lockfile",
                    facts.stack.as_str(),
                    facts.package_manager.as_str()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_takes_a_string_or_a_list_as_the_flag_does() {
        let c = Config::parse(
            "[app]\nstart = \"node 'my server.js'\"\nport = \"8080\"\nversion = 22\n",
        )
        .unwrap();
        assert_eq!(
            c.app.start,
            Some(vec!["node".into(), "my server.js".into()])
        );
        assert_eq!(c.app.port, Some(PortAnswer::Port(8080)));
        assert_eq!(c.app.version.as_deref(), Some("22"));
        let c = Config::parse("[app]\nstart = [\"node\", \"server.js\"]\n").unwrap();
        assert_eq!(c.app.start, Some(vec!["node".into(), "server.js".into()]));
    }

    #[test]
    fn a_float_version_or_bad_port_is_refused_with_the_fix() {
        let e = Config::parse("[app]\nversion = 3.10\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("dockgen.toml") && e.contains("version = \"3.12\""),
            "{e}"
        );
        let e = Config::parse("[app]\nport = 70000\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1 to 65535"), "{e}");
    }

    #[test]
    fn saved_answers_read_back() {
        let c = Config {
            app: Answers {
                start: Some(vec!["node".into(), "server.js".into()]),
                port: Some(PortAnswer::Port(8080)),
                ..Answers::default()
            },
            ..Config::default()
        };
        let back = Config::parse(&c.to_toml()).unwrap();
        assert_eq!((back.app.start, back.app.port), (c.app.start, c.app.port));
        let none = Config::parse("[app]\nport = \"none\"\n").unwrap();
        assert_eq!(none.app.port, Some(PortAnswer::None));
        assert_eq!(
            Config::parse(&none.to_toml()).unwrap().app.port,
            Some(PortAnswer::None)
        );
        let e = Config::parse("[app]\nport = 0\n").unwrap_err().to_string();
        assert!(e.contains("`none`"), "{e}");
    }
}
