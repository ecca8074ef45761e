//! Manifest parsers: one per format, each turning a file's text into a typed value or an error naming the
//! file and line. Parsers decide nothing; detectors read what they return.

pub mod angular;
pub mod cargo;
pub mod composer;
pub mod deno;
pub mod dotnet;
pub mod gemfile;
pub mod gomod;
pub mod gradle;
pub mod maven;
pub mod mix;
pub mod nx;
pub mod package_json;
pub mod procfile;
pub mod python;
pub mod tool_versions;
pub mod yaml;

use crate::error::{Error, Result};

/// Parse TOML into `T`, mapping the parser's span to a line in the error.
pub fn toml<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T> {
    if text.trim().is_empty() {
        return Err(Error::manifest_at(path, text, None, "is empty"));
    }
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        Error::manifest_at(
            path,
            text,
            offset,
            format!(
                "invalid TOML: {}",
                e.message().lines().next().unwrap_or("").trim()
            ),
        )
    })
}

/// Parse JSON into `T`, with the parser's line.
pub fn json<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T> {
    if text.trim().is_empty() {
        return Err(Error::manifest_at(path, text, None, "is empty"));
    }
    serde_json::from_str(text).map_err(|e| {
        let message = format!("invalid JSON: {}", strip_position(&e.to_string()));
        match e.line() {
            0 => Error::manifest_at(path, text, None, message),
            line => Error::manifest_line(path, text, line, message),
        }
    })
}

/// Parse XML (pom.xml, *.csproj, *.slnx), with the parser's line in the error.
pub fn xml<'t>(path: &str, text: &'t str) -> Result<roxmltree::Document<'t>> {
    if text.trim().is_empty() {
        return Err(Error::manifest_at(path, text, None, "is empty"));
    }
    roxmltree::Document::parse(text).map_err(|e| {
        Error::manifest_line(
            path,
            text,
            e.pos().row as usize,
            format!("invalid XML: {e}"),
        )
    })
}

/// serde_json appends " at line L column C"; the line is reported separately.
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// A name or relative path taken from a project (a binary name, a target's path) that a Dockerfile uses in
/// a shell line: only characters that need no quoting, and a path must stay inside the build context. A
/// Cargo.toml with `path = "/etc/passwd"` or a name holding `$(…)` is refused here, naming the file,
/// rather than turned into a RUN line.
pub fn shell_word<'a>(file: &str, what: &str, value: &'a str, is_path: bool) -> Result<&'a str> {
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || "._+@-".contains(c) || (is_path && c == '/');
    let problem = if value.is_empty() {
        Some("is empty")
    } else if !value.chars().all(allowed) {
        Some("has characters a Dockerfile would need to quote (only letters, digits and ._+@-/ are used)")
    } else if value.starts_with('-') {
        Some("starts with `-`")
    } else if is_path && (value.starts_with('/') || value.split('/').any(|s| s == "..")) {
        Some("leads outside the project")
    } else {
        None
    };
    match problem {
        Some(p) => Err(Error::manifest_at(
            file,
            "",
            None,
            format!("{what} `{value}` {p}"),
        )),
        None => Ok(value),
    }
}

/// A Procfile's `web:` command, for a detector that looks at it before the shared Procfile step
/// (`probe::procfile`) applies it over the detected start: a Procfile that does not parse has none here,
/// and fails there, naming its line.
pub fn procfile_web(text: &str) -> Option<String> {
    procfile::parse("Procfile", text)
        .ok()?
        .into_iter()
        .find(|p| p.name == "web")
        .map(|p| p.command)
}

/// Split a command line into words, honouring single and double quotes (no expansion).
pub fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}
