//! mix.lock: each locked package (name, version, manager, its own dependencies) and the production closure of the root's.

use super::*;

/// The lock entries a release needs: `roots` (the project's prod dependencies) and, through the lock,
/// everything they need in turn. Dev- and test-only packages (and their C or git needs) drop out.
pub fn prod_closure<'a>(lock: &'a [LockEntry], roots: &[&str]) -> Vec<&'a LockEntry> {
    let mut seen: Vec<&str> = Vec::new();
    let mut queue: Vec<&str> = roots.to_vec();
    while let Some(name) = queue.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some(e) = lock.iter().find(|e| e.name == name) {
            queue.extend(e.deps.iter().map(String::as_str));
        }
    }
    lock.iter()
        .filter(|e| seen.contains(&e.name.as_str()))
        .collect()
}

/// Parse mix.lock: `%{`, then one `"name": {:source, …},` entry per line, then `}`.
pub fn parse_lock(path: &str, text: &str) -> Result<Vec<LockEntry>> {
    let err = |offset: usize, msg: String| Error::manifest_at(path, text, Some(offset), msg);
    let mut entries = Vec::new();
    let mut opened = false;
    let mut closed = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if closed {
            return Err(err(at, "text after the map's closing `}`".into()));
        }
        if !opened {
            match t {
                "%{" => opened = true,
                "%{}" => {
                    opened = true;
                    closed = true;
                }
                _ => {
                    return Err(err(
                        at,
                        "does not start with `%{`: not a mix.lock map".into(),
                    ))
                }
            }
            continue;
        }
        if t == "}" {
            closed = true;
            continue;
        }
        if t.starts_with("<<<<<<<") || t.starts_with(">>>>>>>") || t == "=======" {
            return Err(err(
                at,
                "holds merge-conflict markers; resolve them (or rerun `mix deps.get`)".into(),
            ));
        }
        let line_no = text[..at].matches('\n').count() + 1;
        entries.push(lock_entry(t, line_no).map_err(|m| err(at, m))?);
    }
    if !opened {
        return Err(Error::manifest_at(path, text, None, "is empty"));
    }
    if !closed {
        return Err(err(
            text.len(),
            "the map opened by `%{` is never closed".into(),
        ));
    }
    Ok(entries)
}

pub(super) fn lock_entry(t: &str, line: usize) -> std::result::Result<LockEntry, String> {
    let shape = "expected `\"name\": {:hex, :name, \"version\", …},`";
    let bad = |what: &str| format!("{what}; {shape}");
    let rest = t
        .strip_prefix('"')
        .ok_or_else(|| bad("an entry must start with its quoted name"))?;
    let (name, rest) = rest
        .split_once('"')
        .ok_or_else(|| bad("the entry's name is never closed"))?;
    if name.is_empty() || !name.chars().all(is_ident) {
        return Err(bad(&format!("`{name}` is not a package name")));
    }
    let rest = rest
        .strip_prefix(':')
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('{'))
        .ok_or_else(|| bad(&format!("`{name}` is not followed by `: {{`")))?;
    if !(t.ends_with("},") || t.ends_with('}')) {
        return Err(bad(&format!(
            "the entry for `{name}` does not end with `}},`"
        )));
    }
    let source = atom(rest).ok_or_else(|| bad(&format!("`{name}` names no source atom")))?;
    let rest = rest.trim_start()[1 + source.len()..].trim_start();
    let version = match source.as_str() {
        "hex" => {
            let rest = rest
                .strip_prefix(',')
                .ok_or_else(|| bad(&format!("`{name}`: no package atom after :hex")))?;
            let package =
                atom(rest).ok_or_else(|| bad(&format!("`{name}`: no package atom after :hex")))?;
            let rest = rest.trim_start()[1 + package.len()..].trim_start();
            let v = rest
                .strip_prefix(',')
                .and_then(string)
                .ok_or_else(|| bad(&format!("`{name}`: the version is not a quoted string")))?;
            if crate::version::Version::parse(&v).is_none() {
                return Err(bad(&format!("`{name}`: `{v}` is not a version")));
            }
            Some(v)
        }
        "git" | "path" => None,
        other => return Err(bad(&format!("`{name}`: unknown source `:{other}`"))),
    };
    // Each dependency is `{:name, "req", [hex: :name, repo: "hexpm", optional: false]}`.
    let mut deps = Vec::new();
    if source == "hex" {
        let pieces: Vec<&str> = rest.split("{:").skip(1).collect();
        for piece in pieces {
            let dep: String = piece.chars().take_while(|c| is_ident(*c)).collect();
            let optional = piece.contains("optional: true");
            if !dep.is_empty() && !optional {
                deps.push(dep);
            }
        }
    }
    Ok(LockEntry {
        name: name.to_string(),
        source,
        version,
        deps,
        line,
    })
}
