//! The small subset of YAML that shard.yml and pubspec.yaml use (`key: value` lines, indented sections,
//! quoted scalars, `#` comments), read line by line: enough for the facts dockgen needs, never a full parser.

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
