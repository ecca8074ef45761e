//! go.mod: module path, `go` and `toolchain` directives, and required module paths.

use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoMod {
    pub module: String,
    /// The `go` directive and its line.
    pub go: Option<(String, usize)>,
    /// The `toolchain` directive (without the `go` prefix) and its line.
    pub toolchain: Option<(String, usize)>,
    pub requires: Vec<String>,
    /// The line of each entry of `requires`, in the same order.
    pub require_lines: Vec<usize>,
}

const DIRECTIVES: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "require",
    "replace",
    "exclude",
    "retract",
    "godebug",
    "tool",
    "ignore",
];

impl GoMod {
    pub fn parse(path: &str, text: &str) -> Result<GoMod> {
        let err = |line: usize, msg: String| Error::Manifest {
            path: path.into(),
            line: Some(line),
            message: msg,
        };
        if text.trim().is_empty() {
            return Err(Error::manifest_at(path, text, None, "is empty"));
        }
        let mut m = GoMod::default();
        let mut block: Option<(&str, usize)> = None;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.split("//").next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some((kind, _)) = block {
                if line == ")" {
                    block = None;
                } else if kind == "require" {
                    m.requires.push(first_word(line).to_string());
                    m.require_lines.push(n);
                }
                continue;
            }
            let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            if !DIRECTIVES.contains(&word) {
                return Err(err(n, format!("unknown directive `{word}`")));
            }
            if rest == "(" {
                block = Some((word, n));
                continue;
            }
            match word {
                "module" => m.module = rest.trim_matches('"').to_string(),
                "go" => {
                    if crate::version::Version::parse(rest).is_none()
                        || !rest.starts_with(|c: char| c.is_ascii_digit())
                    {
                        return Err(err(n, format!("invalid go version `{rest}`")));
                    }
                    m.go = Some((rest.to_string(), n));
                }
                "toolchain" => {
                    let v = rest.trim_start_matches("go");
                    if v != "default" && crate::version::Version::parse(v).is_none() {
                        return Err(err(n, format!("invalid toolchain `{rest}`")));
                    }
                    m.toolchain = Some((v.to_string(), n));
                }
                "require" => {
                    m.requires.push(first_word(rest).to_string());
                    m.require_lines.push(n);
                }
                _ => {}
            }
        }
        if let Some((kind, n)) = block {
            return Err(err(n, format!("`{kind} (` block is never closed")));
        }
        if m.module.is_empty() {
            return Err(Error::manifest_at(
                path,
                text,
                None,
                "has no `module` directive",
            ));
        }
        Ok(m)
    }
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_directives_and_blocks() {
        let m = GoMod::parse("go.mod", "module example.com/x\n\ngo 1.23.0\ntoolchain go1.24.5\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0 // indirect\n)\n").unwrap();
        assert_eq!(m.module, "example.com/x");
        assert_eq!(m.go, Some(("1.23.0".into(), 3)));
        assert_eq!(m.toolchain, Some(("1.24.5".into(), 4)));
        assert_eq!(m.requires, vec!["github.com/gin-gonic/gin"]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = GoMod::parse("go.mod", "module x\ngo banana\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "go.mod:2: invalid go version `banana`");
        let e = GoMod::parse("go.mod", "module x\nrequire (\n a v1\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "go.mod:2: `require (` block is never closed");
        let e = GoMod::parse("go.mod", "\u{1}\u{2}junk")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("go.mod:1: unknown directive"), "{e}");
    }
}
