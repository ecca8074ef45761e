//! Names derived from a project: a valid image name from its folder.

use std::path::Path;

/// A valid image name from a folder's name (see [`sanitize`]).
pub fn image_name(dir: &Path) -> String {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let folder = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    sanitize(&folder)
}

/// A valid image name from any name: lowercase, `[a-z0-9._-]` only, `app` when nothing is left.
pub fn sanitize(name: &str) -> String {
    let name: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    if name.is_empty() {
        "app".into()
    } else {
        name
    }
}
