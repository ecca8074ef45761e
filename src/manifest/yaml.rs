//! The small subset of YAML that shard.yml and pubspec.yaml use (`key: value` lines, indented sections,
//! quoted scalars, `#` comments), read line by line: enough for the facts dockgen needs, never a full parser.

use crate::error::{Error, Result};

/// One `key: value` line of a block mapping, with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// 1-based.
    pub line: usize,
    /// Columns of indentation (0 for a top-level key).
    pub indent: usize,
    /// The top-level key this line sits under (the key itself when `indent` is 0).
    pub section: &'a str,
    pub key: &'a str,
    pub value: &'a str,
}

/// Every `key: value` line of `text` in order, comments, blank lines and list items skipped. A top-level
/// line that is not `key: value` is an error naming `path` and the line: nothing below it can be placed.
pub fn entries<'a>(path: &str, text: &'a str) -> Result<Vec<Entry<'a>>> {
    let mut out = Vec::new();
    let mut section = "";
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comment(raw);
        if line.trim().is_empty() || line.trim() == "---" {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let Some((key, value)) = entry(line.trim()) else {
            if indent == 0 {
                return Err(Error::Manifest {
                    path: path.into(),
                    line: Some(i + 1),
                    message: format!("`{}` is not a `key: value` line", line.trim()),
                });
            }
            continue;
        };
        if indent == 0 {
            section = key;
        }
        out.push(Entry {
            line: i + 1,
            indent,
            section,
            key,
            value,
        });
    }
    Ok(out)
}

/// `key: value` (value possibly empty), the key unquoted.
pub fn entry(line: &str) -> Option<(&str, &str)> {
    if line.starts_with('-') {
        return None;
    }
    let (k, v) = line.split_once(':')?;
    let k = unquote(k.trim());
    (!k.is_empty() && !k.contains(' ')).then_some((k, v.trim()))
}

/// A scalar without its surrounding quotes.
pub fn unquote(v: &str) -> &str {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

/// The line without a `#` comment outside quotes.
pub fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('#', None) if i == 0 || line[..i].ends_with(' ') => return &line[..i],
            _ => {}
        }
    }
    line
}
