//! Gradle build scripts (Groovy `build.gradle` and Kotlin `build.gradle.kts`) and settings, read by
//! scanning their declarative lines — plugins, toolchain, compatibility, main class, includes — never by
//! running them; and the version catalog (`gradle/libs.versions.toml`) that `alias(libs.plugins.x)` names.

use crate::error::Result;
use std::collections::BTreeMap;

/// A plugin applied by id, with its version when the line states one, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradlePlugin {
    pub id: String,
    pub version: Option<String>,
    pub line: usize,
    /// False for `id(…) version "…" apply false`: declared for sub-projects, not applied here.
    pub applied: bool,
}

#[derive(Debug, Clone, Default)]
pub struct GradleBuild {
    pub plugins: Vec<GradlePlugin>,
    /// `alias(libs.plugins.spring.boot)`: the catalog accessor (`spring.boot`) and its line.
    pub plugin_aliases: Vec<(String, usize)>,
    /// `JavaLanguageVersion.of(21)` or Kotlin's `jvmToolchain(21)`.
    pub toolchain: Option<(String, usize)>,
    /// `sourceCompatibility`/`targetCompatibility` or Kotlin's `jvmTarget`, as written (`17`, `1.8`).
    pub compatibility: Option<(String, usize)>,
    /// `application { mainClass = "…" }` (or `mainClass.set(…)`, `mainClassName = …`).
    pub main_class: Option<(String, usize)>,
    /// The `Main-Class` a `jar { manifest { attributes … } }` block writes into the jar itself.
    pub manifest_main: Option<(String, usize)>,
    /// Lines declaring a dependency the app needs at run time (`implementation`, `api`, `compile`,
    /// `runtimeOnly`): a plain jar without them on its class path does not start.
    pub runtime_dependencies: Vec<usize>,
    /// Dependency notations (`group:artifact[:version]`) quoted anywhere in the script.
    pub dependencies: Vec<(String, usize)>,
    /// Simple string assignments (`springBootVersion = '2.7.18'`, `ext.x = "…"`), for `${x}` in notations.
    pub assignments: std::collections::BTreeMap<String, String>,
}

/// A build script is code dockgen never runs, so it is not parsed whole; but an unbalanced `{`, `(` or
/// `[` (a line cut short, a half-resolved merge) would make every later reading wrong, so it is an error
/// naming where the bracket opened. Strings and comments are skipped; Groovy's slashy strings are not
/// recognised.
pub fn check_brackets(path: &str, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let at = |offset: usize, message: String| {
        Err(crate::error::Error::manifest_at(
            path,
            text,
            Some(offset),
            message,
        ))
    };
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            i += rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            continue;
        }
        if rest.starts_with(b"/*") {
            i += 2 + find(&rest[2..], b"*/").map_or(rest.len(), |e| e + 2);
            continue;
        }
        if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
            let quote = &rest[..3];
            i += 3 + find(&rest[3..], quote).map_or(rest.len(), |e| e + 3);
            continue;
        }
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            // A one-line string: to its closing quote, escapes skipped, or the end of the line.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c && bytes[j] != b'\n' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            continue;
        }
        match c {
            b'{' | b'(' | b'[' => open.push((c, i)),
            b'}' | b')' | b']' => {
                let want = match c {
                    b'}' => b'{',
                    b')' => b'(',
                    _ => b'[',
                };
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    Some((o, start)) => {
                        return at(
                            start,
                            format!("`{}` opened here is closed by `{}`", o as char, c as char),
                        )
                    }
                    None => return at(i, format!("`{}` closes nothing", c as char)),
                }
            }
            _ => {}
        }
        i += 1;
    }
    match open.pop() {
        Some((o, start)) => at(
            start,
            format!("`{}` opened here is never closed", o as char),
        ),
        None => Ok(()),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl GradleBuild {
    pub fn parse(text: &str) -> GradleBuild {
        let mut b = GradleBuild::default();
        for (n, line) in code_lines(text) {
            let t = line.trim();
            if let Some(p) = plugin(t) {
                let applied = !t.contains("apply false");
                b.plugins.push(GradlePlugin {
                    line: n,
                    applied,
                    ..p
                });
            }
            if let Some(rest) = after(t, "alias(libs.plugins.") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                    .collect();
                b.plugin_aliases.push((name, n));
            }
            if b.toolchain.is_none() {
                let v = after(t, "JavaLanguageVersion.of(")
                    .or_else(|| after(t, "jvmToolchain("))
                    .map(|r| r.trim_start_matches(['"', '\'']))
                    .map(leading_version)
                    .filter(|v| !v.is_empty());
                b.toolchain = v.map(|v| (v, n));
            }
            if b.compatibility.is_none() {
                b.compatibility = compatibility(t).map(|v| (v, n));
            }
            if b.main_class.is_none() {
                let rest = after(t, "mainClass.set(")
                    .or_else(|| after(t, "mainClassName").and_then(assigned))
                    .or_else(|| after(t, "mainClass").and_then(assigned));
                b.main_class = rest.and_then(first_quoted).map(|m| (m, n));
            }
            b.read_jar_line(t, n);
            // `name = 'value'` (also inside a one-line `ext { … }`): the word before `=`, a quoted value.
            if let Some((name, value)) = t.split_once('=') {
                let name = name
                    .trim_end()
                    .rsplit(|c: char| c == '{' || c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("ext.");
                let value = value.trim_start();
                if (value.starts_with('"') || value.starts_with('\''))
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    if let Some(v) = first_quoted(value) {
                        b.assignments.entry(name.to_string()).or_insert(v);
                    }
                }
            }
            for q in quoted(t) {
                let parts: Vec<&str> = q.split(':').collect();
                if (2..=4).contains(&parts.len())
                    && parts[..2].iter().all(|p| {
                        !p.is_empty()
                            && p.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "._-$}{".contains(c))
                    })
                    && parts[0].contains('.')
                {
                    b.dependencies.push((q, n));
                }
            }
        }
        b
    }

    /// The version part of a quoted dependency notation `group:artifact:version`, with `$x`/`${x}`
    /// looked up in the script's own assignments, then in `properties` (gradle.properties).
    pub fn dependency_version(
        &self,
        key: &str,
        properties: &std::collections::BTreeMap<String, String>,
    ) -> Option<String> {
        let prefix = format!("{key}:");
        let (n, _) = self
            .dependencies
            .iter()
            .find(|(n, _)| n.starts_with(&prefix))?;
        let v = n[prefix.len()..].split(':').next()?;
        match v.strip_prefix('$') {
            Some(var) => {
                let var = var.trim_start_matches('{').trim_end_matches('}');
                self.assignments
                    .get(var)
                    .or_else(|| properties.get(var))
                    .cloned()
            }
            None => Some(v.to_string()).filter(|v| !v.is_empty()),
        }
    }

    /// A plugin applied to this project.
    pub fn plugin(&self, id: &str) -> Option<&GradlePlugin> {
        self.plugins.iter().find(|p| p.id == id && p.applied)
    }

    /// A plugin declared here, applied or not (`apply false` in a root build gives sub-projects a version).
    pub fn declared(&self, id: &str) -> Option<&GradlePlugin> {
        self.plugins.iter().find(|p| p.id == id)
    }

    /// Plugin aliases resolved through the version catalog into plugins.
    pub fn resolve_aliases(&mut self, catalog: &Catalog) {
        for (alias, line) in &self.plugin_aliases {
            if let Some((id, version)) = catalog.plugins.get(&alias.replace(['-', '_'], ".")) {
                self.plugins.push(GradlePlugin {
                    id: id.clone(),
                    version: version.clone(),
                    line: *line,
                    applied: true,
                });
            }
        }
    }
}

/// `settings.gradle(.kts)`: `rootProject.name` and the included projects, as folder paths (`services/api`).
#[derive(Debug, Clone, Default)]
pub struct GradleSettings {
    pub root_name: Option<String>,
    pub includes: Vec<String>,
}

impl GradleSettings {
    pub fn parse(text: &str) -> GradleSettings {
        let mut s = GradleSettings::default();
        for (_, line) in code_lines(text) {
            let t = line.trim();
            if let Some(rest) = after(t, "rootProject.name").and_then(assigned) {
                s.root_name = first_quoted(rest);
            }
            if t.starts_with("include(") || t.starts_with("include ") || t.starts_with("include\t")
            {
                for q in quoted(&t["include".len()..]) {
                    let path = q.trim_start_matches(':').replace(':', "/");
                    if !path.is_empty() && !s.includes.contains(&path) {
                        s.includes.push(path);
                    }
                }
            }
        }
        s
    }
}

/// The version catalog's plugins: accessor (`spring.boot`, dashes as dots) → (id, version).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub plugins: BTreeMap<String, (String, Option<String>)>,
}

impl Catalog {
    pub fn parse(path: &str, text: &str) -> Result<Catalog> {
        let doc: toml::Table = super::toml(path, text)?;
        let versions = doc.get("versions").and_then(|v| v.as_table());
        let mut out = Catalog::default();
        let Some(plugins) = doc.get("plugins").and_then(|p| p.as_table()) else {
            return Ok(out);
        };
        for (alias, value) in plugins {
            let (id, version) = match value {
                toml::Value::String(s) => match s.split_once(':') {
                    Some((id, v)) => (id.to_string(), Some(v.to_string())),
                    None => (s.clone(), None),
                },
                toml::Value::Table(t) => {
                    let Some(id) = t.get("id").and_then(|i| i.as_str()) else {
                        continue;
                    };
                    let version = match t.get("version") {
                        Some(toml::Value::String(v)) => Some(v.clone()),
                        Some(toml::Value::Table(v)) => v
                            .get("ref")
                            .and_then(|r| r.as_str())
                            .and_then(|r| versions?.get(r)?.as_str())
                            .map(str::to_string),
                        _ => t
                            .get("version.ref")
                            .and_then(|r| r.as_str())
                            .and_then(|r| versions?.get(r)?.as_str())
                            .map(str::to_string),
                    };
                    (id.to_string(), version)
                }
                _ => continue,
            };
            out.plugins
                .insert(alias.replace(['-', '_'], "."), (id, version));
        }
        Ok(out)
    }
}

/// Lines with comments removed (`//` to the end of a line, `/* … */` blocks), with 1-based numbers.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(e) => {
                        rest = &rest[e + 2..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                let block = rest.find("/*");
                let comment = line_comment(rest);
                match (block, comment) {
                    (Some(b), c) if c.is_none_or(|c| b < c) => {
                        line.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    (_, Some(c)) => {
                        line.push_str(&rest[..c]);
                        break;
                    }
                    _ => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push((i + 1, line));
    }
    out
}

/// Where a `//` comment starts: not inside a quoted string (`"https://…"`).
fn line_comment(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '/' && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            None => {}
        }
    }
    None
}

/// The text after the first `token` in `s`, when `token` starts a word there.
fn after<'a>(s: &'a str, token: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(pos) = s[from..].find(token) {
        let start = from + pos;
        let prev = s[..start].chars().next_back();
        if prev.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_') {
            return Some(&s[start + token.len()..]);
        }
        from = start + token.len();
    }
    None
}

/// `= "x"` / ` "x"` / `.set("x")` after a property name: the text from the value on.
fn assigned(rest: &str) -> Option<&str> {
    let r = rest.trim_start();
    if let Some(v) = r.strip_prefix('=') {
        return Some(v);
    }
    if let Some(v) = r.strip_prefix(".set(") {
        return Some(v);
    }
    (r.starts_with('"') || r.starts_with('\'')).then_some(r)
}

fn first_quoted(s: &str) -> Option<String> {
    quoted(s).into_iter().next()
}

/// Every single- or double-quoted string on a line.
fn quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                out.push(std::mem::take(&mut cur));
                quote = None;
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
    }
    out
}

/// The version at the start of `s`: `21`, `1.8`, `17.0.2`.
fn leading_version(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

/// `sourceCompatibility = JavaVersion.VERSION_17` / `'17'` / `17`, `targetCompatibility`, Kotlin's
/// `jvmTarget = JvmTarget.JVM_21` or `jvmTarget.set(JvmTarget.JVM_17)` or `jvmTarget = "17"`.
fn compatibility(t: &str) -> Option<String> {
    for key in ["sourceCompatibility", "targetCompatibility", "jvmTarget"] {
        let Some(rest) = after(t, key).and_then(assigned) else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix("JavaVersion.VERSION_")
            .or_else(|| rest.strip_prefix("JvmTarget.JVM_"))
            .unwrap_or(rest);
        let rest = rest.trim_start_matches(['"', '\'']).replace('_', ".");
        let v = leading_version(&rest);
        if !v.is_empty() {
            return Some(v);
        }
    }
    None
}

/// A plugin applied on this line: `id("x") version "y"`, `id 'x' version 'y'`, `kotlin("jvm")`,
/// `apply plugin: 'x'`, or a core plugin named bare in a plugins block (`application`, `` `java-library` ``).
fn plugin(t: &str) -> Option<GradlePlugin> {
    let version = after(t, "version").and_then(|r| {
        let r = r.trim_start();
        let r = r.strip_prefix('(').unwrap_or(r);
        first_quoted(r).filter(|_| r.starts_with('"') || r.starts_with('\''))
    });
    let make = |id: String| {
        Some(GradlePlugin {
            id,
            version: version.clone(),
            line: 0,
            applied: true,
        })
    };
    if let Some(rest) = t.strip_prefix("id") {
        let r = rest.trim_start();
        if r.starts_with('(') || r.starts_with('"') || r.starts_with('\'') {
            return make(first_quoted(r)?);
        }
    }
    if let Some(rest) = t.strip_prefix("kotlin(") {
        return make(format!("org.jetbrains.kotlin.{}", first_quoted(rest)?));
    }
    if let Some(rest) = after(t, "apply plugin:") {
        return make(first_quoted(rest)?);
    }
    let bare = t.trim_matches('`');
    if matches!(bare, "application" | "java" | "java-library" | "war") {
        return make(bare.to_string());
    }
    None
}

mod jar;
#[cfg(test)]
mod tests;
