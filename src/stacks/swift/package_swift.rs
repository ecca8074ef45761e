//! Package.swift read as text, never compiled or run: the `swift-tools-version` comment on its first line,
//! the packages it depends on (`.package(url: "…/vapor.git", …)`), its executable products and targets.
//! Comments are skipped and string literals read whole, so a `//` inside a URL is not a comment.

/// What the manifest declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Package {
    /// `5.9`, `6.0` (major.minor of `// swift-tools-version:…`).
    pub tools_version: String,
    /// Dependencies by package name: the last segment of the URL without `.git` (`vapor`), or the
    /// `id:` of a registry dependency.
    pub dependencies: Vec<String>,
    /// `.executable(name: …)` products.
    pub products: Vec<String>,
    /// `.executableTarget(name: …)` targets.
    pub executable_targets: Vec<String>,
}

/// A manifest error: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// Read a Package.swift.
pub fn parse(text: &str) -> Result<Package, ParseError> {
    let tools_version = tools_version(text)?;
    let tokens = tokens(text)?;
    let mut p = Package {
        tools_version,
        ..Package::default()
    };
    for (i, t) in tokens.iter().enumerate() {
        let Tok::Ident(word) = t else { continue };
        let call = matches!(tokens.get(i.wrapping_sub(1)), Some(Tok::Punct('.')))
            && matches!(tokens.get(i + 1), Some(Tok::Punct('(')));
        if !call {
            continue;
        }
        let (label, out) = match word.as_str() {
            "package" => (["url", "id"].as_slice(), &mut p.dependencies),
            "executable" => (["name"].as_slice(), &mut p.products),
            "executableTarget" => (["name"].as_slice(), &mut p.executable_targets),
            _ => continue,
        };
        if let Some(value) = labelled(&tokens[i + 2..], label) {
            let value = if word == "package" {
                package_name(&value)
            } else {
                value
            };
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    Ok(p)
}

/// `// swift-tools-version:5.9` or `// swift-tools-version: 6.0.1;(…)` on the first line → `5.9`, `6.0`.
fn tools_version(text: &str) -> Result<String, ParseError> {
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    let missing = || ParseError {
        line: 1,
        message: "the first line is not `// swift-tools-version:X.Y`; SwiftPM requires it".into(),
    };
    let rest = first
        .trim()
        .strip_prefix("//")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix("swift-tools-version"))
        .ok_or_else(missing)?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(missing)?
        .trim();
    let version: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = version.split('.').filter(|s| !s.is_empty());
    match (parts.next(), parts.next()) {
        (Some(major), minor) => Ok(format!("{major}.{}", minor.unwrap_or("0"))),
        _ => Err(ParseError {
            line: 1,
            message: format!("swift-tools-version `{rest}` is not a version (X.Y)"),
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
}

/// The manifest as identifiers, string literals and punctuation; comments dropped.
fn tokens(text: &str) -> Result<Vec<Tok>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let start = line;
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(err(start, "a /* comment opened here is never closed"));
                }
                i += 2;
                continue;
            }
            '"' if chars[i..].starts_with(&['"', '"', '"']) => {
                // A multi-line literal: read past it, counting its lines.
                let start = line;
                i += 3;
                while i < chars.len() && !chars[i..].starts_with(&['"', '"', '"']) {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(err(start, "a \"\"\" string opened here is never closed"));
                }
                out.push(Tok::Str(String::new()));
                i += 3;
                continue;
            }
            '"' => {
                let (s, next) = string(&chars, i + 1)
                    .ok_or_else(|| err(line, "a string literal opened here is never closed"))?;
                out.push(Tok::Str(s));
                i = next;
                continue;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
                continue;
            }
            c if !c.is_whitespace() => out.push(Tok::Punct(c)),
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

fn err(line: usize, message: &str) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// A string literal's text from `i` (after its quote): the text, the index after the closing quote,
/// on its one line. Interpolations are kept as written.
fn string(chars: &[char], mut i: usize) -> Option<(String, usize)> {
    let mut s = String::new();
    while i < chars.len() {
        match chars[i] {
            '"' => return Some((s, i + 1)),
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    s.push(n);
                }
                i += 2;
                continue;
            }
            '\n' => return None,
            c => s.push(c),
        }
        i += 1;
    }
    None
}

/// The string after the first of `labels` (`name: "App"`) within this call's parentheses.
fn labelled(tokens: &[Tok], labels: &[&str]) -> Option<String> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct(')') | Tok::Punct(']') if depth == 0 => return None,
            Tok::Punct(')') | Tok::Punct(']') => depth -= 1,
            Tok::Ident(w) if depth == 0 && labels.contains(&w.as_str()) => {
                if let (Some(Tok::Punct(':')), Some(Tok::Str(v))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    return Some(v.clone());
                }
            }
            _ => {}
        }
    }
    None
}

/// `https://github.com/vapor/vapor.git` → `vapor`; a registry id `vapor.vapor` → `vapor`.
fn package_name(url: &str) -> String {
    let last = url
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(url);
    let last = last.strip_suffix(".git").unwrap_or(last);
    last.rsplit('.').next().unwrap_or(last).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_vapor_manifest() {
        let text = "// swift-tools-version:6.0\nimport PackageDescription\n\n// .package(url: \"https://example.com/ignored.git\", from: \"1.0.0\")\nlet package = Package(\n    name: \"hello\",\n    platforms: [.macOS(.v13)],\n    dependencies: [\n        .package(url: \"https://github.com/vapor/vapor.git\", from: \"4.110.1\"),\n        .package(url: \"https://github.com/apple/swift-nio.git\", from: \"2.65.0\"),\n    ],\n    targets: [\n        .executableTarget(\n            name: \"App\",\n            dependencies: [.product(name: \"Vapor\", package: \"vapor\")]\n        ),\n        .testTarget(name: \"AppTests\", dependencies: [.target(name: \"App\")]),\n    ]\n)\n";
        let p = parse(text).unwrap();
        assert_eq!(p.tools_version, "6.0");
        assert_eq!(p.dependencies, vec!["vapor", "swift-nio"]);
        assert_eq!(p.executable_targets, vec!["App"]);
        assert!(p.products.is_empty());
    }

    #[test]
    fn tools_version_forms() {
        assert_eq!(
            tools_version("// swift-tools-version: 5.10.1\n").unwrap(),
            "5.10"
        );
        assert_eq!(tools_version("//swift-tools-version:6;x\n").unwrap(), "6.0");
        assert_eq!(
            tools_version("import PackageDescription\n")
                .unwrap_err()
                .line,
            1
        );
        assert!(tools_version("// swift-tools-version:x\n").is_err());
    }

    #[test]
    fn products_and_errors() {
        let p = parse("// swift-tools-version:5.9\nlet p = Package(name: \"x\", products: [.executable(name: \"Server\", targets: [\"Server\"])], targets: [.executableTarget(name: \"Server\")])").unwrap();
        assert_eq!(p.products, vec!["Server"]);
        let e = parse("// swift-tools-version:5.9\n\nlet x = \"open\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(
            parse("// swift-tools-version:5.9\n/* a\n\n")
                .unwrap_err()
                .line,
            2
        );
        let multi = parse("// swift-tools-version:5.9\nlet s = \"\"\"\n a \" b\n\"\"\"\nlet p = Package(targets: [.executableTarget(name: \"Run\")])").unwrap();
        assert_eq!(multi.executable_targets, vec!["Run"]);
    }
}
