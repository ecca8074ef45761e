//! Write: atomic file replacement that never clobbers a file silently.
//!
//! Every target is checked before any is written, so a refusal leaves the folder exactly as it was; each
//! file is written to a temporary file in the same folder and renamed over the target, so a crash leaves
//! either the old file or the new one, never half of either.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file to write.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: PathBuf,
    pub contents: String,
}

/// What happened to each file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Created(PathBuf),
    Replaced { path: PathBuf, backup: PathBuf },
    Unchanged(PathBuf),
}

/// Write all outputs, or none: without `force`, an existing file with other contents is an error.
/// With `force`, the replaced file is first copied to `<name>.bak` (or `.bak.N`).
pub fn write_all(outputs: &[Output], force: bool) -> Result<Vec<Outcome>> {
    for o in outputs {
        check_target(&o.path)?;
        if !force
            && o.path.exists()
            && std::fs::read_to_string(&o.path).ok().as_deref() != Some(o.contents.as_str())
        {
            return Err(Error::Exists {
                path: o.path.clone(),
            });
        }
    }
    let mut done = Vec::new();
    for o in outputs {
        if std::fs::read_to_string(&o.path).ok().as_deref() == Some(o.contents.as_str()) {
            done.push(Outcome::Unchanged(o.path.clone()));
            continue;
        }
        if o.path.exists() {
            let backup = backup(&o.path)?;
            atomic_write(&o.path, &o.contents)?;
            done.push(Outcome::Replaced {
                path: o.path.clone(),
                backup,
            });
        } else {
            atomic_write(&o.path, &o.contents)?;
            done.push(Outcome::Created(o.path.clone()));
        }
    }
    Ok(done)
}

/// Write `contents` to `path` through a temporary file in the same folder and a rename. A new file gets
/// the mode the umask gives; a replaced file keeps its mode.
pub fn atomic_write(path: &Path, contents: &str) -> Result<()> {
    check_target(path)?;
    let mode = std::fs::metadata(path).ok().map(|m| m.permissions());
    write_through_temp(path, contents.as_bytes(), mode)
}

fn write_through_temp(
    path: &Path,
    contents: &[u8],
    mode: Option<std::fs::Permissions>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    // A new file may need new folders (.github/workflows); a refusal never gets this far.
    std::fs::create_dir_all(dir).map_err(err)?;
    let (tmp, mut file) = temp_in(dir).map_err(err)?;
    let written = (|| {
        file.write_all(contents)?;
        if let Some(m) = mode {
            file.set_permissions(m)?;
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        // A full disk leaves no half-written file behind, not even the temporary one.
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// A fresh temporary file: created like any new file, so the process umask sets its mode.
fn temp_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    loop {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".dockgen-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Copy `path` to a fresh `<name>.bak` (or `.bak.N`) before it is replaced, as atomically as any file
/// dockgen writes and with the original's mode; returns the backup's path.
pub fn backup(path: &Path) -> Result<PathBuf> {
    let b = backup_path(path);
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mode = std::fs::metadata(path).ok().map(|m| m.permissions());
    write_through_temp(&b, &bytes, mode)?;
    Ok(b)
}

/// Only a regular file (or nothing) may be replaced. A symlink would make the comparison and the backup
/// read whatever it points to, maybe outside the project; a folder or FIFO cannot be replaced sensibly.
pub fn check_target(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: "is a symlink; dockgen replaces only regular files and never writes through a link: remove it, or pass --stdout".into(),
        }),
        Ok(m) if !m.is_file() => Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: "exists and is not a regular file; dockgen will not replace it: move it away, or pass --stdout".into(),
        }),
        _ => Ok(()),
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidate = path.with_file_name(format!("{name}.bak"));
    let mut n = 1;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{name}.bak.{n}"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_then_replaces_with_backup() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("Dockerfile");
        let b = dir.path().join(".dockerignore");
        std::fs::write(&a, "mine").unwrap();
        let outs = vec![
            Output {
                path: b.clone(),
                contents: "new-b".into(),
            },
            Output {
                path: a.clone(),
                contents: "new-a".into(),
            },
        ];
        assert!(matches!(write_all(&outs, false), Err(Error::Exists { .. })));
        assert!(!b.exists(), "nothing is written when any target is refused");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "mine");
        let done = write_all(&outs, true).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new-a");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(),
            "mine"
        );
        assert!(matches!(done[1], Outcome::Replaced { .. }));
        assert_eq!(write_all(&outs, false).unwrap()[0], Outcome::Unchanged(b));
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_backup_copies_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("Dockerfile");
        std::fs::write(&a, "old").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        let b = backup(&a).unwrap();
        atomic_write(&a, "new").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&a), mode(&b)), (0o640, 0o640));
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }
}
