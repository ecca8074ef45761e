//! `dockgen generate` (and the writing half of `init`): re-detect, render, and merge into the files on
//! disk so hand edits survive; `--check` and `--diff` for CI and review.

use super::{prompt, show, AnswerArgs};
use dockgen::plan::Plan;
use dockgen::regen::{self, Update, STATE_DIR};
use dockgen::Error;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Change nothing; print the diff and exit 1 when regenerating would change a file (a CI gate).
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,
    /// Print the diff regenerating would make, and write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Replace the files outright instead of merging, keeping a backup (<name>.bak) of each.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub answers: AnswerArgs,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Mode {
    pub check: bool,
    pub diff: bool,
    pub force: bool,
    /// Settle conflicts by asking (a terminal is attached).
    pub ask: bool,
}

pub fn run(args: GenerateArgs) -> Result<(), Error> {
    let (_, answers) = super::load_answers(&args.dir, &args.answers)?;
    let plans = show::plans(&args.dir, &answers)?;
    let mode = Mode {
        check: args.check,
        diff: args.diff,
        force: args.force,
        ask: prompt::interactive(),
    };
    regenerate(&args.dir, &plans, mode)?;
    Ok(())
}

/// One generated file: where it goes, where its base is kept, and what regenerating it comes to.
struct Pending {
    path: PathBuf,
    base_path: PathBuf,
    /// The file relative to the project, for diff headers (`a/Dockerfile`).
    name: String,
    /// The file as the user reaches it from where they ran dockgen, for messages.
    shown: String,
    ours: Option<String>,
    theirs: String,
    update: Update,
}

fn read_opt(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The app's folder inside the project (`.` is the project itself, without a `./` in messages).
fn app_dir(dir: &Path, plan: &Plan) -> PathBuf {
    if plan.facts.path == "." {
        dir.to_path_buf()
    } else {
        dir.join(&plan.facts.path)
    }
}

/// Merge every app's files; returns whether anything changed (or would, with check/diff).
pub fn regenerate(dir: &Path, plans: &[Plan], mode: Mode) -> Result<bool, Error> {
    let mut pending = Vec::new();
    for plan in plans {
        let app = app_dir(dir, plan);
        let state = app.join(STATE_DIR);
        // The state folder is written into: a link there could lead anywhere.
        if std::fs::symlink_metadata(&state).is_ok_and(|m| !m.is_dir()) {
            return Err(Error::Unsupported {
                path: state.clone(),
                message: "is not a plain folder (a symlink or a file); dockgen keeps its state there: remove it".into(),
            });
        }
        if let Some(old) = read_opt(&state.join("facts.json"))? {
            if let Ok(old) = serde_json::from_str::<serde_json::Value>(&old) {
                for change in regen::changed_facts(&old, plan) {
                    eprintln!("changed: {change}");
                }
            }
        }
        let files = [
            ("Dockerfile", dockgen::render::dockerfile(plan)?),
            (".dockerignore", dockgen::render::dockerignore(plan)?),
        ];
        for (name, theirs) in files {
            let path = app.join(name);
            let base_path = state.join(name);
            // Never read or write through a symlink: it may point outside the project.
            dockgen::write::check_target(&path)?;
            dockgen::write::check_target(&base_path)?;
            let ours = read_opt(&path)?;
            let base = read_opt(&base_path)?;
            let update = if mode.force && ours.as_deref() != Some(theirs.as_str()) {
                match &ours {
                    None => Update::Create(theirs.clone()),
                    Some(_) => Update::FastForward(theirs.clone()),
                }
            } else {
                regen::merge(base.as_deref(), ours.as_deref(), &theirs)
            };
            let shown = super::shown(dir, &[&plan.facts.path, name]);
            let name = super::shown(Path::new("."), &[&plan.facts.path, name]);
            pending.push(Pending {
                path,
                base_path,
                name,
                shown,
                ours,
                theirs,
                update,
            });
        }
    }

    if mode.check || mode.diff {
        let mut changed = 0;
        for p in &pending {
            let new = match &p.update {
                Update::Foreign => Some(p.theirs.as_str()),
                u => u.contents(),
            };
            if let Some(new) = new {
                print!(
                    "{}",
                    regen::diff(&p.name, p.ours.as_deref().unwrap_or(""), new)
                );
                changed += 1;
            }
        }
        if mode.check && changed > 0 {
            return Err(Error::Drift { files: changed });
        }
        return Ok(changed > 0);
    }

    if let Some(p) = pending.iter().find(|p| p.update == Update::Foreign) {
        return Err(Error::Exists {
            path: p.path.clone(),
        });
    }
    let mut conflicts = Vec::new();
    let mut changed = false;
    for p in &mut pending {
        if let Update::Conflict { text, count } = &p.update {
            if mode.ask {
                let resolved = regen::resolve(text, |ours, theirs| {
                    prompt::conflict(&p.shown, ours, theirs).unwrap_or(regen::Choice::Both)
                });
                p.update = Update::Merged(resolved);
            } else {
                conflicts.push(format!("{} ({count})", p.shown));
            }
        }
        let Some(contents) = p.update.contents() else {
            eprintln!("unchanged {}", p.shown);
            continue;
        };
        changed = true;
        // A file replaced outright, or left with conflict markers, is backed up first.
        let replaced_outright = mode.force && p.ours.is_some();
        if replaced_outright || matches!(p.update, Update::Conflict { .. }) {
            let b = dockgen::write::backup(&p.path)?;
            eprintln!("backed up {} to {}", p.shown, b.display());
        }
        dockgen::write::atomic_write(&p.path, contents)?;
        let verb = match p.update {
            Update::Create(_) => "wrote",
            Update::FastForward(_) => "updated",
            Update::Merged(_) => "merged your edits into",
            _ => "wrote conflict markers into",
        };
        eprintln!("{verb} {}", p.shown);
    }
    for p in &pending {
        std::fs::create_dir_all(p.base_path.parent().unwrap_or(dir)).map_err(|source| {
            Error::Write {
                path: p.base_path.clone(),
                source,
            }
        })?;
        dockgen::write::atomic_write(&p.base_path, &p.theirs)?;
    }
    for plan in plans {
        let state = app_dir(dir, plan).join(STATE_DIR);
        let facts = serde_json::to_string_pretty(&dockgen::plan::summary(plan)).unwrap_or_default();
        dockgen::write::atomic_write(&state.join("facts.json"), &format!("{facts}\n"))?;
    }
    if !conflicts.is_empty() {
        return Err(Error::Conflicts {
            list: conflicts.join(", "),
        });
    }
    Ok(changed)
}
