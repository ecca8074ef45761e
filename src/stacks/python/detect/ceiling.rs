//! The default Python line lowered for pinned dependencies too old for it (the rules' `[[toolchain_ceiling]]`).

use super::*;
use crate::facts::Origin;
use crate::version::Version;

/// With no Python version stated (the default line), or a range that chose its newest line (`range`: the
/// claim's name and range), the newest line every exact pin runs on: a pin older than a ceiling row's
/// `below` brings the line down to the row's `line` (one the range admits). An exact version stated is
/// the project's choice and is left alone.
pub(super) fn lower_to_ceiling(
    project: &Project,
    rules: &StackRules,
    (requirement_pins, deps): (&[(String, String)], &[String]),
    range: Option<(&str, &Range)>,
    facts: &mut Facts,
) {
    let from_range = |t: &&crate::facts::Toolchain| range.is_some_and(|(name, _)| t.source == name);
    let Some(current) = facts
        .toolchain
        .as_ref()
        .filter(|t| t.source == "default" || from_range(t))
    else {
        return;
    };
    let admits =
        |line: &str| range.is_none_or(|(name, r)| current.source != name || r.admits_line(line));
    let mut pins: Vec<(String, String, &str)> = requirement_pins
        .iter()
        .map(|(n, v)| (n.clone(), v.clone(), "requirements.txt"))
        .collect();
    pins.extend(lock_pins(project));
    let Some(mut line) = Version::parse(&current.version) else {
        return;
    };
    let mut because = None;
    let has = |dep: &String| deps.contains(dep) || pins.iter().any(|(name, _, _)| name == dep);
    for row in rules
        .toolchain_ceilings
        .iter()
        .filter(|r| !r.unless.iter().any(has))
    {
        let pinned = pins
            .iter()
            .find(|(name, _, _)| *name == row.dependency)
            .and_then(|(_, v, file)| Some(((v, *file), Version::parse(v)?)));
        let (Some(((pinned, file), version)), Some(below), Some(ceiling)) = (
            pinned,
            Version::parse(&row.below),
            Version::parse(&row.line),
        ) else {
            continue;
        };
        if version < below && ceiling < line && admits(&row.line) {
            line = ceiling;
            because = Some((format!("{}=={pinned}", row.dependency), file, row));
        }
    }
    let Some((pin, file, row)) = because else {
        return;
    };
    let name = rules.toolchain.name.clone();
    // The default's evidence gives way: the line is now read from the project.
    facts.evidence.retain(|e| e.fact != "toolchain");
    facts.decided(
        "toolchain",
        format!("{name} {}", row.line),
        file,
        format!(
            "no version stated and {pin} pinned: {}; the newest line it runs on",
            row.why
        ),
        Origin::Detected,
    );
    facts.toolchain = Some(crate::facts::Toolchain {
        name,
        version: row.line.clone(),
        source: file.into(),
    });
}

/// The versions the lockfiles lock their production packages at (one that cannot be read gives none:
/// the native-dependency search already warns about it).
fn lock_pins(project: &Project) -> Vec<(String, String, &'static str)> {
    let mut pins = Vec::new();
    for lock in ["uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock"] {
        let Ok(Some(text)) = project.read_opt(lock) else {
            continue;
        };
        for (name, version) in py::locked_packages(lock, &text).unwrap_or_default() {
            pins.extend(version.map(|v| (name, v, lock)));
        }
    }
    pins
}
