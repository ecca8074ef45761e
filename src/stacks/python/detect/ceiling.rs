//! The default Python line lowered for pinned dependencies too old for it (the rules' `[[toolchain_ceiling]]`).

use super::*;
use crate::facts::Origin;
use crate::version::Version;

/// With no Python version stated (the default line), the newest line every exact pin runs on: a pin
/// older than a ceiling row's `below` brings the line down to the row's `line`. A stated version is the
/// project's choice and is left alone.
pub(super) fn lower_to_ceiling(rules: &StackRules, pins: &[(String, String)], facts: &mut Facts) {
    let Some(current) = facts.toolchain.as_ref().filter(|t| t.source == "default") else {
        return;
    };
    let Some(mut line) = Version::parse(&current.version) else {
        return;
    };
    let mut because = None;
    for row in &rules.toolchain_ceilings {
        let pinned = pins
            .iter()
            .find(|(name, _)| *name == row.dependency)
            .and_then(|(_, v)| Some((v, Version::parse(v)?)));
        let (Some((pinned, version)), Some(below), Some(ceiling)) = (
            pinned,
            Version::parse(&row.below),
            Version::parse(&row.line),
        ) else {
            continue;
        };
        if version < below && ceiling < line {
            line = ceiling;
            because = Some((format!("{}=={pinned}", row.dependency), row));
        }
    }
    let Some((pin, row)) = because else { return };
    let name = rules.toolchain.name.clone();
    // The default's evidence gives way: the line is now read from the project.
    facts.evidence.retain(|e| e.fact != "toolchain");
    facts.decided(
        "toolchain",
        format!("{name} {}", row.line),
        "requirements.txt",
        format!(
            "no version stated and {pin} pinned: {}; the newest line it runs on",
            row.why
        ),
        Origin::Detected,
    );
    facts.toolchain = Some(crate::facts::Toolchain {
        name,
        version: row.line.clone(),
        source: "requirements.txt".into(),
    });
}
