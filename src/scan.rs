//! Scan: the one walk over the project folder, pruned and bounded, and the only place detection reads files.
//!
//! The walk visits at most `MAX_DEPTH` levels, never descends into a symlinked folder, and prunes dependency
//! and build folders (node_modules, target, .git, …) instead of descending into them, so a tree of 100,000
//! vendored files costs no more than its manifests. Everything after the scan works on the returned
//! [`Project`].
//!
//! Every read goes through one gate ([`Project::open`]): the path must stay inside the project once
//! symlinks are resolved, must be a regular file (a FIFO would block a read forever), and is read up to a
//! size cap, so a hostile folder can neither point dockgen outside itself nor make it read gigabytes.

use crate::error::{Error, Result};
use crate::rules::Rules;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How deep the walk goes: deep enough for `cmd/<name>/main.go` and workspace members, no deeper.
pub const MAX_DEPTH: usize = 4;
/// A manifest larger than this is refused rather than read whole (lockfiles are only checked for presence).
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;
/// Source files are searched for hints (a port, `package main`, the app object) in their first bytes only:
/// a generated 50 MB bundle must neither fail detection nor cost its size.
pub const MAX_SOURCE_BYTES: u64 = 1024 * 1024;

/// Folders never descended into whatever the stack: VCS data, editor state, caches and the usual build
/// output. Each stack adds its own dependency and build folders (`pruned` in detectors/<stack>.toml).
const PRUNED: &[&str] = &[
    ".git", ".hg", ".svn", ".idea", ".vscode", ".cache", "coverage", "dist", "build",
];

/// Every folder the walk prunes: the fixed ones and each stack's.
fn pruned(rules: &Rules) -> Vec<String> {
    let mut all: Vec<String> = PRUNED.iter().map(|s| s.to_string()).collect();
    for name in rules.stacks.iter().flat_map(|s| &s.pruned) {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    all
}

/// How many walks this process made: a command scans its folder once (`tests/it/session.rs` checks it
/// through the binary's `DOCKGEN_COUNT_SCANS`).
static SCANS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times [`Project::scan`] walked a folder in this process.
pub fn scans() -> usize {
    SCANS.load(std::sync::atomic::Ordering::Relaxed)
}

/// The scanned folder: its root and every file path (relative, `/`-separated, sorted).
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub root: PathBuf,
    /// `root` with symlinks resolved: what "inside the project" means for every read.
    real_root: PathBuf,
    /// Every entry that is not a folder: regular files, and symlinks that do not lead to a folder (a link
    /// out of the project, a loop or a FIFO is listed so that reading it fails with a message naming it).
    files: BTreeSet<String>,
    /// Pruned folders that exist at the top level (e.g. `vendor`), which some detectors care about.
    pruned_dirs: BTreeSet<String>,
    /// A workspace member's view: files listed as its own that live at the workspace root (the lockfile),
    /// and that root, which they are read from.
    inherited: BTreeSet<String>,
    outer: Option<PathBuf>,
}

impl Project {
    /// Walk `root` once, pruning the folders `rules` name. Unreadable entries are skipped; the root itself
    /// must be a readable folder.
    pub fn scan(root: &Path, rules: &Rules) -> Result<Project> {
        SCANS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let meta = std::fs::metadata(root).map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(Error::Usage(format!("{}: is not a folder", root.display())));
        }
        let mut project = Project {
            root: root.to_path_buf(),
            real_root: real_root(root),
            ..Default::default()
        };
        let pruned = pruned(rules);
        let prune = pruned.clone();
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .follow_links(false)
            .max_depth(Some(MAX_DEPTH))
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !(is_dir
                    && e.depth() > 0
                    && prune.iter().any(|p| *p == e.file_name().to_string_lossy()))
            })
            .build();
        for entry in walker.flatten() {
            let Some(kind) = entry.file_type() else {
                continue;
            };
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let Some(rel) = rel.to_str() else { continue };
            let rel = rel.replace('\\', "/");
            // A symlink to a folder is not descended (no loops, nothing counted twice); a link to anything
            // else, even a broken one, is listed and judged when read.
            let listed = if kind.is_symlink() {
                !std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir())
            } else {
                !kind.is_dir()
            };
            if listed {
                project.files.insert(rel);
            }
        }
        for name in pruned {
            if root.join(&name).is_dir() {
                project.pruned_dirs.insert(name);
            }
        }
        Ok(project)
    }

    /// An in-memory project, for tests and for callers that already know the files.
    pub fn from_files(root: &Path, files: impl IntoIterator<Item = String>) -> Project {
        Project {
            root: root.to_path_buf(),
            real_root: real_root(root),
            files: files.into_iter().collect(),
            ..Default::default()
        }
    }

    pub fn has(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// Whether a listed file has an execute bit, as the build context will carry it (a wrapper script
    /// committed from Windows often has none). Unknown (unreadable, not Unix) counts as executable.
    pub fn is_executable(&self, rel: &str) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(self.root.join(rel)) {
                return meta.permissions().mode() & 0o111 != 0;
            }
        }
        true
    }

    pub fn has_dir(&self, rel: &str) -> bool {
        self.pruned_dirs.contains(rel) || {
            let prefix = format!("{rel}/");
            self.files
                .range(prefix.clone()..)
                .next()
                .is_some_and(|f| f.starts_with(&prefix))
        }
    }

    /// The first of `names` that exists.
    pub fn first_of<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|n| self.has(n))
    }

    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// Files under `dir` (relative) whose name ends with `suffix`.
    pub fn files_under<'a>(
        &'a self,
        dir: &'a str,
        suffix: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.files()
            .filter(move |f| (dir.is_empty() || f.starts_with(dir)) && f.ends_with(suffix))
    }

    /// Read a manifest: whole, UTF-8 (a leading byte-order mark is dropped), at most `MAX_MANIFEST_BYTES`.
    pub fn read(&self, rel: &str) -> Result<String> {
        let bytes = read_capped(
            &self.real_root,
            self.base(rel),
            rel,
            MAX_MANIFEST_BYTES,
            true,
        )?;
        text(rel, bytes)
    }

    /// Read a source file to search it for hints: its first `MAX_SOURCE_BYTES`, as lossy text, since a
    /// hint is ASCII and a stray byte elsewhere in a source file is no reason to fail.
    pub fn read_source(&self, rel: &str) -> Result<String> {
        let bytes = read_capped(
            &self.real_root,
            self.base(rel),
            rel,
            MAX_SOURCE_BYTES,
            false,
        )?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Read a file if it exists, `None` when it does not.
    pub fn read_opt(&self, rel: &str) -> Result<Option<String>> {
        if self.has(rel) {
            self.read(rel).map(Some)
        } else {
            Ok(None)
        }
    }

    /// [`Project::read_source`] if the file exists.
    pub fn read_source_opt(&self, rel: &str) -> Result<Option<String>> {
        if self.has(rel) {
            self.read_source(rel).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl Project {
    /// A view of the sub-folder `dir` as a project of its own (for apps inside a monorepo).
    pub fn sub(&self, dir: &str) -> Project {
        let prefix = format!("{dir}/");
        Project {
            root: self.root.join(dir),
            real_root: self.real_root.clone(),
            files: self
                .files
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix).map(str::to_string))
                .collect(),
            ..Default::default()
        }
    }

    /// A workspace member's view: the sub-folder `dir`, plus those of `shared` (the lockfile, the package
    /// manager's settings) that the workspace root holds and the member does not, read from the root.
    pub fn member(&self, dir: &str, shared: &[String]) -> Project {
        let mut p = self.sub(dir);
        let inherit: Vec<&String> = shared.iter().filter(|f| self.has(f) && !p.has(f)).collect();
        for f in inherit {
            p.files.insert(f.clone());
            p.inherited.insert(f.clone());
        }
        p.outer = Some(self.root.clone());
        p
    }

    /// Whether `rel` (relative to this project's folder, `..` allowed) leads out of the folder that was
    /// scanned: a sub-folder's view may reach its siblings, nothing reaches past the scan's root.
    pub fn leaves_scan(&self, rel: &str) -> bool {
        let Ok(mut path) = std::fs::canonicalize(&self.root) else {
            return true;
        };
        for part in rel.split('/') {
            match part {
                ".." => {
                    path.pop();
                }
                "." | "" => {}
                name => path.push(name),
            }
        }
        !path.starts_with(&self.real_root)
    }

    /// The folder `rel` is read from: the workspace root for an inherited file, else the project's.
    fn base(&self, rel: &str) -> &Path {
        match &self.outer {
            Some(outer) if self.inherited.contains(rel) => outer,
            _ => &self.root,
        }
    }
}

impl Project {
    /// The first `n` bytes of a file as lossy text: for telling lockfile formats apart without reading a
    /// lockfile of any size whole.
    pub fn read_head(&self, rel: &str, n: usize) -> Result<String> {
        let bytes = read_capped(&self.real_root, self.base(rel), rel, n as u64, false)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Read `rel` in the folder `root` (not scanned): for dockgen.toml, through the same gate as every
/// manifest. `None` when there is no such entry.
pub fn read_in(root: &Path, rel: &str) -> Result<Option<String>> {
    if std::fs::symlink_metadata(root.join(rel)).is_err() {
        return Ok(None);
    }
    let bytes = read_capped(&real_root(root), root, rel, MAX_MANIFEST_BYTES, true)?;
    text(rel, bytes).map(Some)
}

fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

fn text(rel: &str, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| Error::NotText { path: rel.into() })
}

/// The one gate every read of the project passes: `rel` must be a relative path that, symlinks resolved,
/// stays inside `real_root`, and names a regular file. At most `cap` bytes are read; with `whole`, a file
/// larger than `cap` is an error instead of being cut.
fn read_capped(real_root: &Path, root: &Path, rel: &str, cap: u64, whole: bool) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::path::Component;
    let display = PathBuf::from(rel);
    let unsupported = |message: String| Error::Unsupported {
        path: display.clone(),
        message,
    };
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(unsupported(
            "is not a path inside the project; dockgen never reads outside the folder it was given"
                .into(),
        ));
    }
    let path = root.join(rel);
    let read_err = |source| Error::Read {
        path: display.clone(),
        source,
    };
    let real = std::fs::canonicalize(&path).map_err(read_err)?;
    if !real.starts_with(real_root) {
        return Err(unsupported(format!(
            "is a symlink to {}, outside the project; dockgen never follows a link out of the folder it was given",
            real.display()
        )));
    }
    let meta = std::fs::metadata(&real).map_err(read_err)?;
    if !meta.is_file() {
        return Err(unsupported(
            "is not a regular file (a folder, FIFO, socket or device); dockgen reads only regular files"
                .into(),
        ));
    }
    let file = std::fs::File::open(&real).map_err(read_err)?;
    let limit = if whole { cap + 1 } else { cap };
    let mut buf = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit).read_to_end(&mut buf).map_err(read_err)?;
    if whole && buf.len() as u64 > cap {
        return Err(Error::TooLarge {
            path: display,
            size: meta.len().max(buf.len() as u64),
            limit: cap,
        });
    }
    Ok(buf)
}
