//! mix.exs and mix.lock. mix.exs is Elixir code: it is never evaluated, only scanned for the declarative
//! keyword-list entries a generated project writes (`app: :name`, `elixir: "~> 1.17"`, `releases:`,
//! `apps_path:`, alias names) and the `{:dep, …}` tuples of its `deps` function. mix.lock is an Elixir map
//! literal that mix writes one entry per line; it is parsed line by line, and anything else is an error
//! naming the line.

use crate::error::{Error, Result};

mod lock;
pub use lock::*;

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

/// A line of code, not a comment.
fn is_code(l: &str) -> bool {
    !l.trim_start().starts_with('#')
}

/// Module attributes set to an atom or a string (`@app :shop`, `@version "1.0.0"`), in order.
fn attributes(lines: &[&str]) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = Vec::new();
    for l in lines.iter().filter(|l| is_code(l)) {
        let t = l.trim_start();
        if let Some(rest) = t.strip_prefix('@') {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            let value = &rest[name.len()..];
            if let Some(v) = atom(value).or_else(|| string(value)) {
                attrs.push((name, v));
            }
        }
    }
    attrs
}

/// The value of the attribute a value refers to (` @app`), when it is one of `attrs`.
fn attr_ref(attrs: &[(String, String)], s: &str) -> Option<String> {
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
}

/// The release `releases:` on line `i` (value from byte `at`) names inline: `releases: [shop: [...]]`, or
/// the name on the next line after `releases: [`.
fn inline_release(lines: &[&str], i: usize, at: usize) -> Option<String> {
    let mut text = lines[i][at..].trim().to_string();
    if text == "[" {
        if let Some(next) = lines[i + 1..].iter().find(|x| !x.trim().is_empty()) {
            text.push_str(next.trim());
        }
    }
    let inner = text.strip_prefix('[').map(str::trim_start)?;
    let name: String = inner.chars().take_while(|c| is_ident(*c)).collect();
    (!name.is_empty() && inner[name.len()..].starts_with(':')).then_some(name)
}

/// The dependencies of a `defp deps` function whose body starts at line index `from`: the body as one
/// text (comment lines blanked), so a tuple spanning lines is read whole.
fn deps_function(lines: &[&str], from: usize, depth: usize) -> Vec<MixDep> {
    let mut body = String::new();
    let mut starts = Vec::new();
    for l in lines.iter().skip(from) {
        let t = l.trim_start();
        if !t.is_empty() && indent(l) <= depth && !t.starts_with('#') {
            break;
        }
        starts.push(body.len());
        if is_code(l) {
            body.push_str(l);
        }
        body.push('\n');
    }
    let line_at = |off: usize| from + starts.partition_point(|s| *s <= off);
    deps_in(&body, line_at)
}

/// The dependencies of a `deps: [...]` list written inline in project/0, read to its closing bracket;
/// `None` when there is no such list.
fn inline_deps(lines: &[&str]) -> Option<Vec<MixDep>> {
    let first = lines.iter().enumerate().find_map(|(i, l)| {
        let at = keyword(l, "deps").filter(|_| is_code(l))?;
        l[at..].trim_start().starts_with('[').then_some(i)
    })?;
    let mut body = String::new();
    let mut starts = Vec::new();
    let mut level = 0i32;
    for l in lines.iter().skip(first) {
        starts.push(body.len());
        if is_code(l) {
            body.push_str(l);
            level += l.matches('[').count() as i32 - l.matches(']').count() as i32;
        }
        body.push('\n');
        if level <= 0 {
            break;
        }
    }
    let line_at = |off: usize| first + starts.partition_point(|s| *s <= off);
    Some(deps_in(&body, line_at))
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
        let attrs = attributes(&lines);
        let mut p = MixProject::default();
        let mut deps_from: Option<(usize, usize)> = None;
        for (i, l) in lines.iter().enumerate() {
            if !is_code(l) {
                continue;
            }
            p.scan_keys(&lines, i, &attrs);
            let t = l.trim_start();
            if deps_from.is_none() && (t.starts_with("defp deps") || t.starts_with("def deps")) {
                deps_from = Some((i + 1, indent(l)));
            }
        }
        if let (Some(at), None) = (p.releases, &p.release) {
            p.release = release_from_function(&lines, at);
        }
        let deps = match deps_from {
            Some((from, depth)) => Some(deps_function(&lines, from, depth)),
            // `deps: [{:plug, "~> 1.18"}, …]` written inline in project/0.
            None => inline_deps(&lines),
        };
        if let Some(deps) = deps {
            p.deps = deps;
            for d in &mut p.deps {
                d.file = path.to_string();
            }
        }
        Ok(p)
    }

    /// The project keys line `i` states, each kept at its first occurrence: `app:`, `elixir:`,
    /// `releases:` (and the release it names inline), `apps_path:`, and quoted alias names.
    fn scan_keys(&mut self, lines: &[&str], i: usize, attrs: &[(String, String)]) {
        let l = lines[i];
        let n = i + 1;
        if self.app.is_none() {
            if let Some(at) = keyword(l, "app") {
                if let Some(v) = atom(&l[at..]).or_else(|| attr_ref(attrs, &l[at..])) {
                    self.app = Some((v, n));
                }
            }
        }
        if self.elixir.is_none() {
            if let Some(at) = keyword(l, "elixir") {
                if let Some(v) = string(&l[at..]).or_else(|| attr_ref(attrs, &l[at..])) {
                    self.elixir = Some((v, n));
                }
            }
        }
        if self.releases.is_none() {
            if let Some(at) = keyword(l, "releases") {
                self.releases = Some(n);
                self.release = inline_release(lines, i, at);
            }
        }
        if self.apps_path.is_none() {
            if let Some(at) = keyword(l, "apps_path") {
                self.apps_path = Some((string(&l[at..]).unwrap_or_else(|| "apps".into()), n));
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
                self.aliases.push(name.to_string());
            }
        }
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
