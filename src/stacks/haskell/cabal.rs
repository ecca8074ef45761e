//! A `.cabal` file read as its fields and stanzas (never configured): the package name, the executables,
//! every `build-depends` package name, and `tested-with` compilers. Also the one-line fields of
//! cabal.project (`with-compiler:`) and stack.yaml (`resolver:`/`snapshot:`), which share the layout.

/// What a .cabal file declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CabalFile {
    pub name: Option<String>,
    /// `executable <name>` stanzas, in file order.
    pub executables: Vec<String>,
    /// Package names from every `build-depends` (any stanza), without version constraints.
    pub depends: Vec<String>,
    /// GHC versions named by `tested-with: GHC == 9.6.6` (the first is the newest listed first or not).
    pub tested_with: Vec<String>,
}

/// A read error: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// Read a .cabal file: top-level `field: value` lines, stanza headers at column 0 and indented fields
/// under them; a field's value continues on more-indented lines. `--` starts a comment line.
pub fn parse(text: &str) -> Result<CabalFile, ParseError> {
    let mut out = CabalFile::default();
    for (field, value, line) in fields(text)? {
        match field.as_str() {
            "name" if out.name.is_none() => out.name = Some(value.trim().to_string()),
            "executable" => out.executables.push(value.trim().to_string()),
            "build-depends" => {
                for dep in value.split(',') {
                    let name: String = dep
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                        .collect();
                    let name = name.split(':').next().unwrap_or("").to_string();
                    if !name.is_empty() && !out.depends.contains(&name) {
                        out.depends.push(name);
                    }
                }
            }
            "tested-with" => out.tested_with.extend(ghc_versions(&value)),
            _ => {}
        }
        if field == "executable" && value.trim().is_empty() {
            return Err(ParseError {
                line,
                message: "`executable` stanza without a name".into(),
            });
        }
    }
    Ok(out)
}

/// `(field lowercased, value, line)`: a stanza header (`executable app`) reads as field `executable`.
fn fields(text: &str) -> Result<Vec<(String, String, usize)>, ParseError> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    let mut indent_of_last = usize::MAX;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with("--") {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        match trimmed.split_once(':') {
            Some((f, v)) if is_field_name(f) => {
                out.push((f.trim().to_ascii_lowercase(), v.to_string(), i + 1));
                indent_of_last = indent;
            }
            _ if indent > indent_of_last && !out.is_empty() => {
                // A continuation of the previous field's value.
                let last = out.len() - 1;
                out[last].1.push(' ');
                out[last].1.push_str(trimmed);
            }
            _ => {
                let (head, rest) = trimmed
                    .split_once(char::is_whitespace)
                    .unwrap_or((trimmed, ""));
                let head = head.to_ascii_lowercase();
                if trimmed == "{" || trimmed == "}" || head.starts_with("if") || head == "else" {
                    continue;
                }
                if !head.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(ParseError {
                        line: i + 1,
                        message: format!(
                            "`{trimmed}` is neither a `field: value` line nor a stanza header"
                        ),
                    });
                }
                out.push((head, rest.trim().to_string(), i + 1));
                indent_of_last = usize::MAX;
            }
        }
    }
    Ok(out)
}

fn is_field_name(f: &str) -> bool {
    let f = f.trim();
    !f.is_empty()
        && !f.contains(' ')
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `GHC == 9.6.6 || == 9.8.2`, `ghc ==9.4.8, GHC == 9.6.4` → `["9.6.6", "9.8.2"]`, `["9.4.8", "9.6.4"]`.
fn ghc_versions(value: &str) -> Vec<String> {
    value
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|v| v.contains('.') && v.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// A top-level `key:` of cabal.project or stack.yaml (`with-compiler: ghc-9.6.6`, `resolver: lts-22.33`).
pub fn top_field(text: &str, key: &str) -> Option<(String, usize)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let (k, v) = l.split_once(':')?;
        let v = v
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        (k == key && !v.is_empty()).then(|| (v.to_string(), i + 1))
    })
}

/// GHC of a Stackage snapshot: the LTS major's compiler line (`lts-22.33` → 9.6).
pub fn lts_ghc(resolver: &str) -> Option<&'static str> {
    let major = resolver.strip_prefix("lts-")?.split('.').next()?;
    Some(match major {
        "18" => "8.10",
        "19" => "9.0",
        "20" => "9.2",
        "21" => "9.4",
        "22" => "9.6",
        "23" => "9.8",
        "24" => "9.10",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_executables_and_depends() {
        let text = "cabal-version: 3.0\nname:          greeter\nversion:       0.1.0.0\ntested-with:   GHC == 9.6.6\n\ncommon warnings\n    ghc-options: -Wall\n\nexecutable greeter-server\n    import:           warnings\n    main-is:          Main.hs\n    -- a comment\n    build-depends:    base ^>=4.18,\n                      scotty >=0.20 && <0.23,\n                      text\n    if os(windows)\n      buildable: False\n    hs-source-dirs:   app\n";
        let c = parse(text).unwrap();
        assert_eq!(c.name.as_deref(), Some("greeter"));
        assert_eq!(c.executables, vec!["greeter-server"]);
        assert_eq!(c.depends, vec!["base", "scotty", "text"]);
        assert_eq!(c.tested_with, vec!["9.6.6"]);
    }

    #[test]
    fn errors_and_side_files() {
        let e = parse("name: x\n!!! what\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            top_field(
                "packages: .\nwith-compiler: ghc-9.8.4 # pin\n",
                "with-compiler"
            ),
            Some(("ghc-9.8.4".into(), 2))
        );
        assert_eq!(lts_ghc("lts-22.33"), Some("9.6"));
        assert_eq!(lts_ghc("nightly-2025-01-01"), None);
        assert_eq!(
            ghc_versions("GHC == 9.4.8 || == 9.6.4"),
            vec!["9.4.8", "9.6.4"]
        );
    }
}
