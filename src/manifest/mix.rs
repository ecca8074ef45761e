//! mix.exs and mix.lock. mix.exs is Elixir code: it is never evaluated, only scanned for the declarative
//! keyword-list entries a generated project writes (`app: :name`, `elixir: "~> 1.17"`, `releases:`,
//! `apps_path:`, alias names) and the `{:dep, …}` tuples of its `deps` function. mix.lock is an Elixir map
//! literal that mix writes one entry per line; it is parsed line by line, and anything else is an error
//! naming the line.

use crate::error::{Error, Result};

/// What mix.exs declares, each value with its 1-based line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MixProject {
    pub app: Option<(String, usize)>,
    /// The `elixir:` requirement, e.g. `~> 1.17`.
    pub elixir: Option<(String, usize)>,
    pub deps: Vec<MixDep>,
    /// A `releases:` entry in project/0 (a release configured by name).
    pub releases: Option<usize>,
    /// The first release named inline (`releases: [shop: [...]]`): `mix release` builds it under its name.
    pub release: Option<String>,
    /// An umbrella project's `apps_path:` folder.
    pub apps_path: Option<(String, usize)>,
    /// Alias names defined (`"assets.deploy"`, `setup`), as written.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MixDep {
    pub name: String,
    /// The mix.exs that declares it (an umbrella's apps each have their own).
    pub file: String,
    /// The version requirement when the tuple gives one (`"~> 1.7"`).
    pub requirement: Option<String>,
    /// Fetched with git (`github:` or `git:`): the build image needs git.
    pub git: bool,
    /// Limited to environments that do not include prod (`only: :dev`, `only: [:dev, :test]`).
    pub dev_only: bool,
    pub line: usize,
}

/// One mix.lock entry: `"name": {:hex, :name, "1.7.14", …}` or a `:git` / `:path` source.
#[derive(Debug, Clone, PartialEq)]
pub struct LockEntry {
    pub name: String,
    /// `hex`, `git` or `path`.
    pub source: String,
    /// The locked version of a Hex package.
    pub version: Option<String>,
    /// The packages a Hex package needs (its optional ones left out: mix fetches those only when the
    /// project itself asks for them).
    pub deps: Vec<String>,
    pub line: usize,
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The position just after `key:` used as a keyword key (not part of a longer word) in `line`.
fn keyword(line: &str, key: &str) -> Option<usize> {
    let pat = format!("{key}:");
    let mut from = 0;
    while let Some(pos) = line[from..].find(&pat) {
        let start = from + pos;
        let end = start + pat.len();
        from = end;
        let before_ok = line[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident(c) && c != ':' && c != '@');
        // `key::` is a module path or a typespec, not a keyword.
        let after_ok = !line[end..].starts_with(':');
        if before_ok && after_ok {
            return Some(end);
        }
    }
    None
}

/// An atom `:name` at the start of `s` (after spaces).
fn atom(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix(':')?;
    let name: String = s.chars().take_while(|c| is_ident(*c)).collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// A double-quoted string without escapes at the start of `s` (after spaces).
fn string(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('"')?;
    let end = s.find('"')?;
    let v = &s[..end];
    (!v.contains('\\') && !v.contains("#{")).then(|| v.to_string())
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

impl MixProject {
    /// Scan mix.exs. Only a file that is not a Mix project at all is an error; values it states in code
    /// this scan cannot read are left out (the detector says what it could not find).
    pub fn parse(path: &str, text: &str) -> Result<MixProject> {
        if text.trim().is_empty() {
            return Err(Error::manifest_at(path, text, None, "is empty"));
        }
        if !text.contains("Mix.Project") {
            return Err(Error::manifest_at(
                path,
                text,
                None,
                "does not `use Mix.Project`: not a Mix project file",
            ));
        }
        let lines: Vec<&str> = text.lines().collect();
        let code = |l: &str| !l.trim_start().starts_with('#');
        let mut p = MixProject::default();
        let mut attrs: Vec<(String, String)> = Vec::new();
        for l in lines.iter().filter(|l| code(l)) {
            let t = l.trim_start();
            if let Some(rest) = t.strip_prefix('@') {
                let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
                let value = &rest[name.len()..];
                if let Some(v) = atom(value).or_else(|| string(value)) {
                    attrs.push((name, v));
                }
            }
        }
        let attr = |s: &str| -> Option<String> {
            let name: String = s
                .trim_start()
                .strip_prefix('@')?
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            attrs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        let mut deps_from: Option<(usize, usize)> = None;
        for (i, l) in lines.iter().enumerate() {
            if !code(l) {
                continue;
            }
            let n = i + 1;
            if p.app.is_none() {
                if let Some(at) = keyword(l, "app") {
                    if let Some(v) = atom(&l[at..]).or_else(|| attr(&l[at..])) {
                        p.app = Some((v, n));
                    }
                }
            }
            if p.elixir.is_none() {
                if let Some(at) = keyword(l, "elixir") {
                    if let Some(v) = string(&l[at..]).or_else(|| attr(&l[at..])) {
                        p.elixir = Some((v, n));
                    }
                }
            }
            if p.releases.is_none() {
                if let Some(at) = keyword(l, "releases") {
                    p.releases = Some(n);
                    // `releases: [shop: [...]]`, or the name on the next line after `releases: [`.
                    let mut text = l[at..].trim().to_string();
                    if text == "[" {
                        if let Some(next) = lines[i + 1..].iter().find(|x| !x.trim().is_empty()) {
                            text.push_str(next.trim());
                        }
                    }
                    let inner = text.strip_prefix('[').map(str::trim_start);
                    if let Some(inner) = inner {
                        let name: String = inner.chars().take_while(|c| is_ident(*c)).collect();
                        if !name.is_empty() && inner[name.len()..].starts_with(':') {
                            p.release = Some(name);
                        }
                    }
                }
            }
            if p.apps_path.is_none() {
                if let Some(at) = keyword(l, "apps_path") {
                    p.apps_path = Some((string(&l[at..]).unwrap_or_else(|| "apps".into()), n));
                }
            }
            // Quoted keyword keys (`"assets.deploy": [...]`), wherever on the line they are.
            let quoted: Vec<&str> = l.split('"').collect();
            for pair in quoted.windows(2).skip(1).step_by(2) {
                let (name, after) = (pair[0], pair[1]);
                let key = !name.is_empty()
                    && name.chars().all(|c| is_ident(c) || c == '.')
                    && after.starts_with(':')
                    && !after.starts_with("::");
                if key {
                    p.aliases.push(name.to_string());
                }
            }
            let t = l.trim_start();
            if deps_from.is_none() && (t.starts_with("defp deps") || t.starts_with("def deps")) {
                deps_from = Some((i + 1, indent(l)));
            }
        }
        if let (Some(at), None) = (p.releases, &p.release) {
            p.release = release_from_function(&lines, at);
        }
        if let Some((from, depth)) = deps_from {
            // The deps body as one text (comment lines blanked), so a tuple spanning lines is read whole.
            let mut body = String::new();
            let mut starts = Vec::new();
            for l in lines.iter().skip(from) {
                let t = l.trim_start();
                if !t.is_empty() && indent(l) <= depth && !t.starts_with('#') {
                    break;
                }
                starts.push(body.len());
                if code(l) {
                    body.push_str(l);
                }
                body.push('\n');
            }
            let line_at = |off: usize| from + starts.partition_point(|s| *s <= off);
            p.deps = deps_in(&body, line_at);
            for d in &mut p.deps {
                d.file = path.to_string();
            }
        }
        if deps_from.is_none() {
            // `deps: [{:plug, "~> 1.18"}, …]` written inline in project/0.
            let inline = lines.iter().enumerate().find_map(|(i, l)| {
                let at = keyword(l, "deps").filter(|_| code(l))?;
                l[at..].trim_start().starts_with('[').then_some(i)
            });
            if let Some(first) = inline {
                let mut body = String::new();
                let mut starts = Vec::new();
                let mut level = 0i32;
                for l in lines.iter().skip(first) {
                    starts.push(body.len());
                    if code(l) {
                        body.push_str(l);
                        level += l.matches('[').count() as i32 - l.matches(']').count() as i32;
                    }
                    body.push('\n');
                    if level <= 0 {
                        break;
                    }
                }
                let line_at = |off: usize| first + starts.partition_point(|s| *s <= off);
                p.deps = deps_in(&body, line_at);
                for d in &mut p.deps {
                    d.file = path.to_string();
                }
            }
        }
        Ok(p)
    }

    /// Whether a dependency the release includes (not dev- or test-only) is named `name`.
    pub fn depends_on(&self, name: &str) -> bool {
        self.deps.iter().any(|d| d.name == name && !d.dev_only)
    }

    pub fn has_alias(&self, name: &str) -> bool {
        self.aliases.iter().any(|a| a == name)
    }
}

/// The `{:name, …}` tuples of the deps list; `line_at` maps an offset in `body` to its line in mix.exs.
fn deps_in(body: &str, line_at: impl Fn(usize) -> usize) -> Vec<MixDep> {
    let mut out = Vec::new();
    for (pos, _) in body.match_indices('{') {
        let after = &body[pos + 1..];
        let Some(name) = atom(after) else {
            continue;
        };
        // The tuple's text up to its closing brace (nested braces counted).
        let mut level = 1;
        let end = after
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    _ => {}
                }
                level == 0
            })
            .map_or(after.len(), |(i, _)| i);
        let tuple = &after[..end];
        let requirement = tuple
            .trim_start()
            .strip_prefix(':')
            .and_then(|b| b.get(name.len()..))
            .and_then(|b| b.trim_start().strip_prefix(','))
            .and_then(string);
        let git = keyword(tuple, "github").is_some() || keyword(tuple, "git").is_some();
        let dev_only = keyword(tuple, "only").is_some_and(|at| !tuple[at..].contains(":prod"));
        out.push(MixDep {
            name,
            file: String::new(),
            requirement,
            git,
            dev_only,
            line: line_at(pos),
        });
    }
    out
}

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

fn lock_entry(t: &str, line: usize) -> std::result::Result<LockEntry, String> {
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

/// `releases: releases()` names a private function (`defp releases do [shop: [...]] end`, or
/// `defp releases, do: [shop: [...]]`): the first release it lists, as `mix release` builds it.
fn release_from_function(lines: &[&str], at: usize) -> Option<String> {
    let line = lines.get(at - 1)?;
    let after = &line[keyword(line, "releases")?..];
    let name: String = after.trim().chars().take_while(|c| is_ident(*c)).collect();
    if name.is_empty() {
        return None;
    }
    let def = lines.iter().position(|l| {
        let t = l.trim_start();
        [format!("defp {name}"), format!("def {name}")]
            .iter()
            .any(|d| {
                t.strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with([' ', ',', '(']))
            })
    })?;
    let head = lines[def];
    let mut body = match head.split_once("do:") {
        Some((_, b)) => b.trim().to_string(),
        None => String::new(),
    };
    for l in lines[def + 1..].iter().take(3) {
        if body.len() > 1 && body != "[" {
            break;
        }
        body.push_str(l.trim());
    }
    let inner = body.strip_prefix('[')?.trim_start();
    let release: String = inner.chars().take_while(|c| is_ident(*c)).collect();
    (!release.is_empty() && inner[release.len()..].starts_with(':')).then_some(release)
}

#[cfg(test)]
mod tests;
