//! Scan: the one walk over the project folder, pruned and bounded, and the only place detection reads files.
//!
//! The walk visits at most `MAX_DEPTH` levels, never follows symlinks, and prunes dependency and build
//! folders (node_modules, target, .git, …) instead of descending into them, so a tree of 100,000 vendored
//! files costs no more than its manifests. Everything after the scan works on the returned [`Project`].

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How deep the walk goes: deep enough for `cmd/<name>/main.go` and workspace members, no deeper.
pub const MAX_DEPTH: usize = 4;
/// A manifest larger than this is refused rather than read whole (lockfiles are only checked for presence).
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;

/// Folders never descended into: dependencies, build output, VCS data and caches.
const PRUNED: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".next",
    ".nuxt",
    ".yarn",
    ".pnpm-store",
    "dist",
    "build",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".cache",
    "vendor",
    ".idea",
    ".vscode",
    "coverage",
    ".turbo",
    ".svelte-kit",
    "staticfiles",
];

/// The scanned folder: its root and every file path (relative, `/`-separated, sorted).
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub root: PathBuf,
    files: BTreeSet<String>,
    /// Pruned folders that exist at the top level (e.g. `vendor`), which some detectors care about.
    pruned_dirs: BTreeSet<String>,
}

impl Project {
    /// Walk `root` once. Unreadable entries are skipped; the root itself must be a readable folder.
    pub fn scan(root: &Path) -> Result<Project> {
        let meta = std::fs::metadata(root).map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(Error::Usage(format!("{}: is not a folder", root.display())));
        }
        let mut project = Project {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .follow_links(false)
            .max_depth(Some(MAX_DEPTH))
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !(is_dir
                    && e.depth() > 0
                    && PRUNED.contains(&e.file_name().to_string_lossy().as_ref()))
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
            if kind.is_file() {
                project.files.insert(rel);
            }
        }
        for name in PRUNED {
            if root.join(name).is_dir() {
                project.pruned_dirs.insert((*name).to_string());
            }
        }
        Ok(project)
    }

    /// An in-memory project, for tests and for callers that already know the files.
    pub fn from_files(root: &Path, files: impl IntoIterator<Item = String>) -> Project {
        Project {
            root: root.to_path_buf(),
            files: files.into_iter().collect(),
            pruned_dirs: BTreeSet::new(),
        }
    }

    pub fn has(&self, rel: &str) -> bool {
        self.files.contains(rel)
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

    /// Read a text file of the project, refusing files that are too large or not UTF-8.
    pub fn read(&self, rel: &str) -> Result<String> {
        let path = self.root.join(rel);
        let display = PathBuf::from(rel);
        let meta = std::fs::metadata(&path).map_err(|source| Error::Read {
            path: display.clone(),
            source,
        })?;
        if meta.len() > MAX_MANIFEST_BYTES {
            return Err(Error::TooLarge {
                path: display,
                size: meta.len(),
                limit: MAX_MANIFEST_BYTES,
            });
        }
        let bytes = std::fs::read(&path).map_err(|source| Error::Read {
            path: display.clone(),
            source,
        })?;
        String::from_utf8(bytes).map_err(|_| Error::NotText { path: display })
    }

    /// Read a file if it exists, `None` when it does not.
    pub fn read_opt(&self, rel: &str) -> Result<Option<String>> {
        if self.has(rel) {
            self.read(rel).map(Some)
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
            files: self
                .files
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix).map(str::to_string))
                .collect(),
            pruned_dirs: BTreeSet::new(),
        }
    }
}

impl Project {
    /// The first `n` bytes of a file as lossy text: for telling lockfile formats apart without reading a
    /// lockfile of any size whole.
    pub fn read_head(&self, rel: &str, n: usize) -> Result<String> {
        use std::io::Read;
        let path = self.root.join(rel);
        let file = std::fs::File::open(&path).map_err(|source| Error::Read {
            path: PathBuf::from(rel),
            source,
        })?;
        let mut buf = Vec::with_capacity(n);
        file.take(n as u64)
            .read_to_end(&mut buf)
            .map_err(|source| Error::Read {
                path: PathBuf::from(rel),
                source,
            })?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}
