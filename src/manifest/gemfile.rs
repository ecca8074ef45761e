//! Bundler's files. Gemfile.lock is a line format with sections (GEM, GIT, PATH, PLATFORMS, DEPENDENCIES,
//! CHECKSUMS, RUBY VERSION, BUNDLED WITH) and indentation that means nesting; it is parsed whole, and a
//! line that fits nowhere is an error naming the file and line. The Gemfile is Ruby code: only its `ruby`
//! directive and `gem` lines are read, by scanning lines, never by evaluating anything.

use crate::error::{Error, Result};

/// A locked gem: `name (version)` or `name (version-platform)` under a source's `specs:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub name: String,
    pub version: String,
    /// `x86_64-linux-gnu` for a precompiled gem; `None` for the `ruby` (source) platform.
    pub platform: Option<String>,
    /// The section the spec sits in: `GEM`, `GIT` or `PATH`.
    pub source: String,
    /// The source's `remote:` (a URL, or a folder for PATH).
    pub remote: Option<String>,
}

/// A parsed Gemfile.lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockfile {
    pub specs: Vec<Spec>,
    pub platforms: Vec<String>,
    /// DEPENDENCIES: the gems the Gemfile names, without their requirements.
    pub dependencies: Vec<String>,
    /// RUBY VERSION without the patch level: `ruby 3.4.4p34` → `3.4.4`.
    pub ruby_version: Option<String>,
    pub bundled_with: Option<String>,
}

impl Lockfile {
    pub fn parse(path: &str, text: &str) -> Result<Lockfile> {
        if text.trim().is_empty() {
            return Err(Error::manifest_at(path, text, None, "is empty"));
        }
        let mut lock = Lockfile::default();
        let mut section = String::new();
        let mut remote: Option<String> = None;
        let mut in_specs = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let at = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            let err = |m: String| Err(Error::manifest_at(path, text, Some(at), m));
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>") || line == "=======" {
                return err(
                    "holds merge-conflict markers; resolve them (or run `bundle lock`)".into(),
                );
            }
            if line.contains('\t') {
                return err("has a tab: Gemfile.lock is indented with spaces".into());
            }
            let indent = line.len() - line.trim_start().len();
            let body = line.trim();
            if indent == 0 {
                if !body
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '_')
                {
                    return err(format!("unexpected line `{body}`: expected a section name such as GEM or DEPENDENCIES"));
                }
                section = body.to_string();
                remote = None;
                in_specs = false;
                continue;
            }
            if section.is_empty() {
                return err(format!("`{body}` comes before any section"));
            }
            match section.as_str() {
                "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" => match indent {
                    2 => {
                        let Some((key, value)) = body.split_once(':') else {
                            return err(format!(
                                "expected `key: value` in {section}, found `{body}`"
                            ));
                        };
                        in_specs = key == "specs";
                        if key == "remote" {
                            remote = Some(value.trim().to_string());
                        }
                    }
                    4 if in_specs => {
                        let (name, version) = name_and_parens(body).ok_or_else(|| {
                            Error::manifest_at(
                                path,
                                text,
                                Some(at),
                                format!("expected `name (version)` in specs, found `{body}`"),
                            )
                        })?;
                        let Some(version) = version.filter(|v| !v.is_empty()) else {
                            return err(format!("locked gem `{name}` has no version"));
                        };
                        if section == "PLUGIN SOURCE" {
                            continue;
                        }
                        let (version, platform) = split_platform(version);
                        lock.specs.push(Spec {
                            name,
                            version,
                            platform,
                            source: section.clone(),
                            remote: remote.clone(),
                        });
                    }
                    6 if in_specs => {
                        if name_and_parens(body).is_none() {
                            return err(format!(
                                "expected a dependency `name (requirement)`, found `{body}`"
                            ));
                        }
                    }
                    _ => {
                        return err(format!(
                            "unexpected indentation ({indent} spaces) in {section}"
                        ))
                    }
                },
                "PLATFORMS" => {
                    if indent != 2 || body.contains(' ') {
                        return err(format!("expected one platform per line, found `{body}`"));
                    }
                    lock.platforms.push(body.to_string());
                }
                "DEPENDENCIES" => {
                    if indent != 2 {
                        return err(format!(
                            "unexpected indentation ({indent} spaces) in DEPENDENCIES"
                        ));
                    }
                    let Some((name, _)) = name_and_parens(body) else {
                        return err(format!(
                            "expected `name` or `name (requirement)`, found `{body}`"
                        ));
                    };
                    lock.dependencies
                        .push(name.trim_end_matches('!').to_string());
                }
                "RUBY VERSION" => {
                    let Some(v) = body.strip_prefix("ruby ") else {
                        return err(format!("expected `ruby X.Y.Z`, found `{body}`"));
                    };
                    let v = v.split('p').next().unwrap_or(v).trim();
                    if crate::version::Version::parse(v).is_none() {
                        return err(format!("invalid Ruby version `{v}`"));
                    }
                    lock.ruby_version = Some(v.to_string());
                }
                "BUNDLED WITH" => {
                    if crate::version::Version::parse(body).is_none()
                        || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
                    {
                        return err(format!("invalid Bundler version `{body}`"));
                    }
                    lock.bundled_with = Some(body.to_string());
                }
                // CHECKSUMS and sections newer Bundlers may add are read past.
                _ => {}
            }
        }
        // An empty Gemfile locks to no specs and no DEPENDENCIES (what `bundle lock` writes for it), but
        // still names its platforms and Bundler: only a file with none of it is not a Gemfile.lock.
        if lock.specs.is_empty()
            && lock.dependencies.is_empty()
            && lock.platforms.is_empty()
            && lock.bundled_with.is_none()
        {
            return Err(Error::manifest_at(
                path,
                text,
                None,
                "has no GEM specs, DEPENDENCIES, PLATFORMS or BUNDLED WITH: not a Gemfile.lock",
            ));
        }
        Ok(lock)
    }

    /// Whether a gem is locked (directly or as a dependency of another).
    pub fn has(&self, gem: &str) -> bool {
        self.specs.iter().any(|s| s.name == gem) || self.dependencies.iter().any(|d| d == gem)
    }

    /// The locked version of a gem.
    pub fn version_of(&self, gem: &str) -> Option<&str> {
        self.specs
            .iter()
            .find(|s| s.name == gem)
            .map(|s| s.version.as_str())
    }
}

/// `name (inside)` → (name, Some(inside)); `name` → (name, None); anything else → None.
fn name_and_parens(body: &str) -> Option<(String, Option<String>)> {
    let valid = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.!".contains(c))
    };
    match body.split_once(' ') {
        None => valid(body).then(|| (body.to_string(), None)),
        Some((name, rest)) => {
            let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
            (valid(name) && !inner.contains(['(', ')']))
                .then(|| (name.to_string(), Some(inner.trim().to_string())))
        }
    }
}

/// `1.18.8-x86_64-linux-gnu` → (`1.18.8`, `x86_64-linux-gnu`). Versions themselves never hold a `-`.
fn split_platform(v: String) -> (String, Option<String>) {
    match v.split_once('-') {
        Some((ver, platform)) => (ver.to_string(), Some(platform.to_string())),
        None => (v, None),
    }
}

/// What the scan of a Gemfile finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gemfile {
    /// The `ruby` directive's version (`"3.4.4"`, `"~> 3.3.0"`, `">= 3.2"`) and its 1-based line.
    pub ruby: Option<(String, usize)>,
    /// `ruby file: ".ruby-version"`: the file the version is read from, and the line.
    pub ruby_file: Option<(String, usize)>,
    /// Gem names in order, with the groups the gem is in (`group :development do … end`, `group:`).
    pub gems: Vec<(String, Vec<String>)>,
    /// Folders gems install from: `path:` options and `vendor/cache` is added by the detector.
    pub paths: Vec<String>,
}

impl Gemfile {
    /// Scan the Gemfile's lines for `ruby` and `gem` calls; everything else is left alone.
    pub fn scan(text: &str) -> Gemfile {
        let mut g = Gemfile::default();
        // Open blocks: the groups a `group … do` names, empty for any other block (`platforms … do`).
        let mut blocks: Vec<Vec<String>> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let first = line
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            if line == "end" || line.starts_with("end ") || line.starts_with("end;") {
                blocks.pop();
                continue;
            }
            let opens = line.ends_with(" do") || line.contains(" do |");
            match first {
                "ruby" => {
                    let rest = line[4..].trim_start_matches('(').trim();
                    if let Some(file) = option_value(rest, "file") {
                        g.ruby_file = Some((file, i + 1));
                    } else if let Some(v) = first_string(rest) {
                        g.ruby = Some((v, i + 1));
                    }
                }
                "gem" => {
                    if let Some(name) = first_string(&line[3..]) {
                        let mut groups: Vec<String> = blocks.iter().flatten().cloned().collect();
                        if let Some(gs) =
                            option_symbols(line, "group").or_else(|| option_symbols(line, "groups"))
                        {
                            groups.extend(gs);
                        }
                        if let Some(p) = option_value(line, "path") {
                            g.paths.push(p);
                        }
                        g.gems.push((name, groups));
                    }
                }
                "group" if opens => {
                    let names = line[5..]
                        .split(|c: char| c == ',' || c.is_whitespace() || c == '(' || c == ')')
                        .filter_map(|w| w.strip_prefix(':'))
                        .map(str::to_string)
                        .collect();
                    blocks.push(names);
                    continue;
                }
                _ => {}
            }
            if opens {
                blocks.push(Vec::new());
            }
        }
        g
    }

    pub fn has(&self, gem: &str) -> bool {
        self.gems.iter().any(|(n, _)| n == gem)
    }

    /// Whether a gem is only in development or test groups (so deployment mode leaves it out).
    pub fn dev_only(&self, gem: &str) -> bool {
        let mut seen = false;
        for (n, groups) in &self.gems {
            if n == gem {
                seen = true;
                if groups.is_empty() || groups.iter().any(|g| g != "development" && g != "test") {
                    return false;
                }
            }
        }
        seen
    }
}

/// A line without its `#` comment (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The first quoted string in `s` (either quote).
fn first_string(s: &str) -> Option<String> {
    let start = s.find(['"', '\''])?;
    let q = s[start..].chars().next()?;
    let rest = &s[start + 1..];
    let end = rest.find(q)?;
    Some(rest[..end].to_string())
}

/// `key: "value"` or `:key => "value"` anywhere in a call's arguments.
fn option_value(s: &str, key: &str) -> Option<String> {
    for pat in [format!("{key}:"), format!(":{key} =>"), format!(":{key}=>")] {
        if let Some(at) = s.find(&pat) {
            let before = s[..at].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            return first_string(&s[at + pat.len()..]);
        }
    }
    None
}

/// `group: :test` or `group: [:development, :test]` → the symbols.
fn option_symbols(s: &str, key: &str) -> Option<Vec<String>> {
    let at = s.find(&format!("{key}:"))?;
    if s[..at]
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let rest = s[at + key.len() + 1..].trim_start();
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.split(']').next().unwrap_or(""),
        None => rest.split(',').next().unwrap_or(""),
    };
    let syms: Vec<String> = rest
        .split(',')
        .filter_map(|w| w.trim().strip_prefix(':'))
        .map(|w| w.trim().to_string())
        .collect();
    (!syms.is_empty()).then_some(syms)
}

/// `.ruby-version` holds `3.4.4`, `ruby-3.4.4` or `3.4.4p34`: the version alone.
pub fn ruby_version_file(text: &str) -> Option<String> {
    let v = super::tool_versions::single_line(text)?;
    let v = v.strip_prefix("ruby-").unwrap_or(&v);
    Some(v.split('p').next().unwrap_or(v).to_string())
}

#[cfg(test)]
mod tests;
