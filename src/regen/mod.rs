//! Regenerate: a three-way merge of what dockgen generated last (base), the file as the user left it
//! (ours) and the new rendering (theirs), so hand edits survive a stack change. Pure functions; the CLI
//! reads and writes the files.

pub mod dockerfile;
pub mod ignore;
pub mod merge;
pub mod state;
pub mod yaml;

use crate::plan::Plan;
pub use merge::Piece;
pub use state::STATE_DIR;

/// What regenerating one file comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// No file yet: write the rendering.
    Create(String),
    /// Nothing would change.
    Unchanged,
    /// The user had not edited the file: take the rendering.
    FastForward(String),
    /// The user's edits and the new rendering merged cleanly.
    Merged(String),
    /// Overlapping edits: the text carries git-style conflict markers; `count` conflicts.
    Conflict { text: String, count: usize },
    /// A file dockgen did not write (no base): replaced only with --force.
    Foreign,
}

impl Update {
    /// The file's new contents, if it changes.
    pub fn contents(&self) -> Option<&str> {
        match self {
            Update::Create(t) | Update::FastForward(t) | Update::Merged(t) => Some(t),
            Update::Conflict { text, .. } => Some(text),
            Update::Unchanged | Update::Foreign => None,
        }
    }
}

/// Which merge a generated file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Instructions grouped by stage.
    Dockerfile,
    /// A set of lines in order (.dockerignore, .env.example).
    Ignore,
    /// YAML entries by key (compose.yaml).
    Yaml,
}

impl Kind {
    pub fn of(name: &str) -> Kind {
        if name.ends_with(".dockerignore") || name.ends_with(".env.example") {
            Kind::Ignore
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Kind::Yaml
        } else {
            Kind::Dockerfile
        }
    }
}

/// Merge one Dockerfile. `base` is what dockgen last generated, `ours` the file on disk, `theirs` the new
/// rendering.
pub fn merge(base: Option<&str>, ours: Option<&str>, theirs: &str) -> Update {
    merge_as(Kind::Dockerfile, base, ours, theirs)
}

/// Merge one file with the merge its kind gets.
pub fn merge_as(kind: Kind, base: Option<&str>, ours: Option<&str>, theirs: &str) -> Update {
    let Some(ours) = ours else {
        return Update::Create(theirs.to_string());
    };
    if ours == theirs {
        return Update::Unchanged;
    }
    let Some(base) = base else {
        return Update::Foreign;
    };
    if ours == base {
        return Update::FastForward(theirs.to_string());
    }
    if theirs == base {
        return Update::Unchanged;
    }
    let pieces = match kind {
        Kind::Ignore => vec![Piece::Text(ignore::merge(base, ours, theirs))],
        Kind::Dockerfile => dockerfile_pieces(base, ours, theirs),
        Kind::Yaml => yaml::merge(base, ours, theirs),
    };
    from_pieces(&pieces, ours)
}

fn dockerfile_pieces(base: &str, ours: &str, theirs: &str) -> Vec<Piece> {
    let pieces = merge::merge(base, ours, theirs);
    let clean = pieces.iter().all(|p| matches!(p, Piece::Text(_)));
    // A merge may not leave two stages of one name: then the user chooses between the whole files.
    if clean && !merge::duplicate_stages(&print(&pieces)).is_empty() {
        return vec![Piece::Conflict {
            ours: ours.to_string(),
            theirs: theirs.to_string(),
        }];
    }
    pieces
}

fn from_pieces(pieces: &[Piece], ours: &str) -> Update {
    let count = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Conflict { .. }))
        .count();
    let text = print(pieces);
    match count {
        0 if text == ours => Update::Unchanged,
        0 => Update::Merged(text),
        _ => Update::Conflict { text, count },
    }
}

/// The pieces as text, each conflict between git-style markers.
pub fn print(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Conflict { ours, theirs } => {
                format!("<<<<<<< ours\n{ours}=======\n{theirs}>>>>>>> theirs\n")
            }
        })
        .collect()
}

/// Read a file with conflict markers back into pieces (marker lines as `print` and git write them).
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if !line.starts_with("<<<<<<< ") {
            plain.push_str(line);
            continue;
        }
        let (mut ours, mut theirs) = (String::new(), String::new());
        let mut in_theirs = false;
        for l in lines.by_ref() {
            if l.starts_with("=======") && !in_theirs {
                in_theirs = true;
            } else if l.starts_with(">>>>>>> ") {
                break;
            } else if in_theirs {
                theirs.push_str(l);
            } else if !l.starts_with("||||||| ") {
                ours.push_str(l);
            }
        }
        if !plain.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut plain)));
        }
        out.push(Piece::Conflict { ours, theirs });
    }
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// The 1-based line of the first conflict marker in `text`, if any is left.
pub fn marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.starts_with("<<<<<<< ") || l.starts_with(">>>>>>> ") || l == "=======")
        .map(|i| i + 1)
}

/// How one conflict is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The user's lines.
    Ours,
    /// dockgen's lines (the user's neighbouring lines are outside the conflict and stay).
    Theirs,
    /// The user's lines, then dockgen's.
    Both,
    /// Text the user wrote (in an editor).
    Edited(String),
    /// Not settled: the markers stay.
    Leave,
}

/// Whether keeping both sides of a conflict makes a valid Dockerfile: not for an instruction a stage holds
/// once, a FROM (two stages of one name), or a whole-file conflict.
pub fn both_valid(ours: &str, theirs: &str) -> bool {
    const ONCE: &[&str] = &[
        "FROM",
        "CMD",
        "ENTRYPOINT",
        "HEALTHCHECK",
        "USER",
        "SHELL",
        "STOPSIGNAL",
    ];
    let has_once = |t: &str| {
        t.lines().any(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|k| ONCE.contains(&k.to_ascii_uppercase().as_str()))
        })
    };
    !ours.trim().is_empty() && !theirs.trim().is_empty() && !has_once(ours) && !has_once(theirs)
}

/// Settle each conflict of `text` with `choose(ours, theirs)`; returns the text and how many are left.
pub fn resolve(text: &str, mut choose: impl FnMut(&str, &str) -> Choice) -> (String, usize) {
    let mut left = 0;
    let settled: Vec<Piece> = pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(_) => p,
            Piece::Conflict { ours, theirs } => match choose(&ours, &theirs) {
                Choice::Ours => Piece::Text(ours),
                Choice::Theirs => Piece::Text(theirs),
                Choice::Both => Piece::Text(format!("{ours}{theirs}")),
                Choice::Edited(t) => Piece::Text(t),
                Choice::Leave => {
                    left += 1;
                    Piece::Conflict { ours, theirs }
                }
            },
        })
        .collect();
    (print(&settled), left)
}

/// A unified diff from `old` to `new`, labelled with `name`; empty when they are equal.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let mut opts = diffy::DiffOptions::new();
    opts.set_original_filename(format!("a/{name}"));
    opts.set_modified_filename(format!("b/{name}"));
    opts.create_patch(old, new).to_string()
}

/// The facts that changed between the last generation and this one, as sentences
/// (`node 20 → 22 from .nvmrc`): see [`crate::plan::Summary::changes_from`].
pub fn changed_facts(old: &serde_json::Value, plan: &Plan) -> Vec<String> {
    crate::plan::Summary::of(plan).changes_from(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "FROM a:1\nRUN one\nRUN two\nCMD [\"x\"]\n";

    #[test]
    fn user_edit_away_from_the_change_survives() {
        let ours = "FROM a:1\nRUN one\nLABEL team=core\nRUN two\nCMD [\"x\"]\n";
        let theirs = "FROM a:2\nRUN one\nRUN two\nCMD [\"x\"]\n";
        assert_eq!(
            merge(Some(BASE), Some(ours), theirs),
            Update::Merged("FROM a:2\nRUN one\nLABEL team=core\nRUN two\nCMD [\"x\"]\n".into())
        );
    }

    #[test]
    fn overlapping_edits_conflict_and_keep_both_texts() {
        let ours = "FROM a:1\nRUN one --mine\nRUN two\nCMD [\"x\"]\n";
        let theirs = "FROM a:1\nRUN one --theirs\nRUN two\nCMD [\"x\"]\n";
        let Update::Conflict { text, count } = merge(Some(BASE), Some(ours), theirs) else {
            panic!("expected a conflict")
        };
        assert_eq!(count, 1);
        assert!(
            text.contains(
                "<<<<<<< ours\nRUN one --mine\n=======\nRUN one --theirs\n>>>>>>> theirs\n"
            ),
            "{text}"
        );
        assert_eq!(resolve(&text, |_, _| Choice::Ours), (ours.to_string(), 0));
        assert_eq!(
            resolve(&text, |_, _| Choice::Theirs),
            (theirs.to_string(), 0)
        );
    }

    #[test]
    fn trivial_cases() {
        assert_eq!(merge(None, None, "x\n"), Update::Create("x\n".into()));
        assert_eq!(
            merge(Some(BASE), Some(BASE), "y\n"),
            Update::FastForward("y\n".into())
        );
        assert_eq!(merge(Some(BASE), Some("mine\n"), BASE), Update::Unchanged);
        assert_eq!(merge(None, Some("mine\n"), BASE), Update::Foreign);
        assert!(diff("Dockerfile", "a\n", "b\n").contains("--- a/Dockerfile\n+++ b/Dockerfile\n"));
    }
}
