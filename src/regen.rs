//! Regenerate: a three-way merge of what dockgen generated last (base), the file as the user left it
//! (ours) and the new rendering (theirs), so hand edits survive a stack change. Pure functions; the CLI
//! reads and writes the files.

use crate::plan::Plan;

/// Where dockgen keeps what it generated last, beside the app, so the project can commit it.
pub const STATE_DIR: &str = ".dockgen";

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

/// Merge one file. `base` is what dockgen last generated, `ours` the file on disk, `theirs` the new rendering.
pub fn merge(base: Option<&str>, ours: Option<&str>, theirs: &str) -> Update {
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
    let mut opts = diffy::MergeOptions::new();
    opts.set_conflict_style(diffy::ConflictStyle::Merge);
    opts.set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git);
    match opts.merge(base, ours, theirs) {
        Ok(text) if text == ours => Update::Unchanged,
        Ok(text) => Update::Merged(text),
        Err(text) => {
            let count = text.lines().filter(|l| l.starts_with("<<<<<<< ")).count();
            Update::Conflict { text, count }
        }
    }
}

/// How one conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
    Both,
}

/// Settle each conflict block of `text` with `choose(ours_lines, theirs_lines)`.
pub fn resolve(text: &str, mut choose: impl FnMut(&str, &str) -> Choice) -> String {
    let mut out = String::new();
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if !line.starts_with("<<<<<<< ") {
            out.push_str(line);
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
            } else {
                ours.push_str(l);
            }
        }
        match choose(&ours, &theirs) {
            Choice::Ours => out.push_str(&ours),
            Choice::Theirs => out.push_str(&theirs),
            Choice::Both => {
                out.push_str(&ours);
                out.push_str(&theirs);
            }
        }
    }
    out
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
/// (`node 20 → 22 from .nvmrc`).
pub fn changed_facts(old: &serde_json::Value, plan: &Plan) -> Vec<String> {
    let new = crate::plan::summary(plan);
    let mut out = Vec::new();
    let text = |v: &serde_json::Value| match v {
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
    };
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
        assert_eq!(resolve(&text, |_, _| Choice::Ours), ours);
        assert_eq!(resolve(&text, |_, _| Choice::Theirs), theirs);
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
