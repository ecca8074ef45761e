//! What dockgen keeps in an app's `.dockgen/`: the merge base of each generated file, the rendering a
//! conflicted merge is waiting on, the base a backup was made against, and a lock so runs take turns.
//!
//! Layout (per app, so one project can hold one base per app): `<file>` is the base; `pending/<file>` the
//! rendering an unresolved merge conflicted with; `previous/<file>` the base the last backup was made
//! against; `state.json` hashes that tell a restored backup or a hand-edited base from the real thing.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where dockgen keeps what it generated last, beside the app, so the project can commit it.
pub const STATE_DIR: &str = ".dockgen";

const README: &str = "# .dockgen/\n\nWhat `dockgen generate` merges against: the Dockerfile and .dockerignore exactly as dockgen last\nrendered them, and state.json recording what they were rendered from. Commit this folder with the\nDockerfile, .dockerignore and dockgen.toml: without it the next `generate` cannot tell your edits from\ndockgen's and stops (`--rebuild-base` or `--force` then). Do not edit these files by hand.\nSee docs/regeneration.md in the dockgen repository.\n";

/// A 64-bit FNV-1a hash as hex: stable across Rust releases, enough to tell one text from another.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The recorded hashes for one generated file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileState {
    /// The base as dockgen wrote it; a base that no longer hashes to this was edited by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The file as it was before the last backup; the same file again means the backup was restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backed_up: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// Hash of the plan summary the base was rendered from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered_from: Option<String>,
    #[serde(default)]
    pub files: BTreeMap<String, FileState>,
}

/// One app's state folder.
#[derive(Debug, Clone)]
pub struct State {
    pub dir: PathBuf,
    pub recorded: Recorded,
}

impl State {
    pub fn open(dir: PathBuf) -> Result<State> {
        check_dir(&dir)?;
        let path = dir.join("state.json");
        let recorded = match read_opt(&path)? {
            Some(t) => serde_json::from_str(&t).map_err(|e| Error::Manifest {
                path: path.clone(),
                line: Some(e.line()),
                message: format!("{e}; restore it from version control, or delete it and rerun `dockgen generate --rebuild-base`"),
            })?,
            None => Recorded::default(),
        };
        Ok(State { dir, recorded })
    }

    pub fn exists(&self) -> bool {
        self.dir.is_dir()
    }

    pub fn base(&self, name: &str) -> Result<Option<String>> {
        self.read(name)
    }

    pub fn pending(&self, name: &str) -> Result<Option<String>> {
        self.read(&format!("pending/{name}"))
    }

    pub fn previous(&self, name: &str) -> Result<Option<String>> {
        self.read(&format!("previous/{name}"))
    }

    pub fn file(&self, name: &str) -> FileState {
        self.recorded.files.get(name).cloned().unwrap_or_default()
    }

    fn read(&self, rel: &str) -> Result<Option<String>> {
        let p = self.dir.join(rel);
        crate::write::check_target(&p)?;
        read_opt(&p)
    }

    /// The merge is settled: `theirs` becomes the base and nothing waits.
    pub fn settle(&mut self, name: &str, theirs: &str) -> Result<()> {
        self.write(name, theirs)?;
        self.remove(&format!("pending/{name}"))?;
        self.recorded.files.entry(name.into()).or_default().base = Some(hash(theirs));
        Ok(())
    }

    /// The merge conflicted: the base stays, `theirs` waits until the user resolves the markers.
    pub fn hold(&mut self, name: &str, theirs: &str) -> Result<()> {
        self.write(&format!("pending/{name}"), theirs)
    }

    /// A backup of `before` was written while `base` was the base: keep both to recognise a restore.
    pub fn backed_up(&mut self, name: &str, before: &str, base: Option<&str>) -> Result<()> {
        let prev = format!("previous/{name}");
        match base {
            Some(b) => self.write(&prev, b)?,
            None => self.remove(&prev)?,
        }
        self.recorded
            .files
            .entry(name.into())
            .or_default()
            .backed_up = Some(hash(before));
        Ok(())
    }

    /// Write state.json, the README and a .gitignore for the lock.
    pub fn save(&self, rendered_from: &str, facts: &str) -> Result<()> {
        let mut recorded = self.recorded.clone();
        recorded.rendered_from = Some(hash(rendered_from));
        let json = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        self.write("state.json", &format!("{json}\n"))?;
        self.write("facts.json", facts)?;
        self.write("README.md", README)?;
        self.write(".gitignore", "lock\n")
    }

    /// Write state.json, the README and the .gitignore of a folder that holds no app's plan (the project
    /// root's, for compose.yaml): what it was rendered from stays as recorded.
    pub fn save_files(&self) -> Result<()> {
        let json = serde_json::to_string_pretty(&self.recorded).unwrap_or_default();
        self.write("state.json", &format!("{json}\n"))?;
        self.write("README.md", README)?;
        self.write(".gitignore", "lock\n")
    }

    fn write(&self, rel: &str, text: &str) -> Result<()> {
        let p = self.dir.join(rel);
        if read_opt(&p)?.as_deref() == Some(text) {
            return Ok(());
        }
        crate::write::atomic_write(&p, text)
    }

    fn remove(&self, rel: &str) -> Result<()> {
        let p = self.dir.join(rel);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::Write { path: p, source: e })
            }
            _ => Ok(()),
        }
    }
}

/// The state folder is written into: a link there could lead anywhere.
fn check_dir(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Unsupported {
            path: dir.to_path_buf(),
            message: "is not a plain folder (a symlink or a file); dockgen keeps its state there: remove it".into(),
        });
    }
    Ok(())
}

pub fn read_opt(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A run's hold on a project's `.dockgen/lock`; released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The state folder did not exist before: a run that writes nothing leaves none behind.
    made_dir: Option<PathBuf>,
}

impl Lock {
    /// Take the lock, waiting up to `wait` for another run to finish. A lock left by a process that is
    /// gone is taken over.
    pub fn take(state_dir: &Path, wait: std::time::Duration) -> Result<Lock> {
        check_dir(state_dir)?;
        let made_dir = (!state_dir.exists()).then(|| state_dir.to_path_buf());
        std::fs::create_dir_all(state_dir).map_err(|source| Error::Write {
            path: state_dir.to_path_buf(),
            source,
        })?;
        let path = state_dir.join("lock");
        let start = std::time::Instant::now();
        loop {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path);
            match file {
                Ok(mut f) => {
                    use std::io::Write;
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock { path, made_dir });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid = holder.trim().parse::<u32>().ok();
                    if pid.is_some_and(|p| !alive(p)) {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() >= wait {
                        return Err(Error::Locked {
                            path,
                            holder: pid
                                .map_or_else(|| "another run".into(), |p| format!("process {p}")),
                        });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(source) => return Err(Error::Write { path, source }),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Some(d) = &self.made_dir {
            // Fails, as it should, when the run wrote state there.
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Whether a process is running (Linux: /proc; elsewhere assumed alive, so a lock is never stolen).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}
