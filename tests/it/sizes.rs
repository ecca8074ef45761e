//! Files short enough to read: no source file of the crate is over 500 lines (issue 13). Functions have
//! their own limit, clippy's `too_many_lines` (threshold in clippy.toml); a file over this one is a module
//! holding several concerns, to be split along them.

use std::path::{Path, PathBuf};

/// The most lines a file under src/ may have.
const MAX_LINES: usize = 500;

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The files of `files` longer than `max` lines, with their length, as `path: N lines`.
fn too_long(files: &[PathBuf], root: &Path, max: usize) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > max)
                .then(|| format!("{}: {lines} lines", f.strip_prefix(root).unwrap().display()))
        })
        .collect()
}

#[test]
fn no_source_file_is_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    // The walk must see the crate, or the check below passes on nothing.
    assert!(
        files.iter().any(|f| f.ends_with("src/lib.rs")) && files.len() > 50,
        "the walk found {} files under src/",
        files.len()
    );
    let long = too_long(&files, root, MAX_LINES);
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines; split each along its concerns:\n{}",
        long.join("\n")
    );
}

#[test]
fn a_file_over_the_limit_is_named_with_its_length() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("short.rs"), "fn a() {}\n".repeat(3)).unwrap();
    std::fs::write(dir.path().join("long.rs"), "fn a() {}\n".repeat(4)).unwrap();
    let files = rust_files(dir.path());
    assert_eq!(too_long(&files, dir.path(), 3), vec!["long.rs: 4 lines"]);
}
