//! build.zig.zon and build.zig, read as far as the detector needs: the package name, the minimum Zig
//! version, whether there are dependencies to fetch, and the executables `build.zig` installs. Neither file
//! is evaluated (Zig code is never run); a value written other than as a plain literal is not read.

use crate::error::{Error, Result};

/// What build.zig.zon says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Zon {
    /// `.name = .hello` (Zig 0.14) or `.name = "hello"` (earlier).
    pub name: Option<String>,
    /// `.minimum_zig_version = "0.14.0"`, with its 1-based line.
    pub minimum_zig_version: Option<(String, usize)>,
    /// `.dependencies = .{ … }` names at least one package.
    pub has_dependencies: bool,
}

impl Zon {
    /// Read `text` (the file `path`): it must open with `.{` as every build.zig.zon does.
    pub fn parse(path: &str, text: &str) -> Result<Zon> {
        let body = strip_comments(text);
        if !body.trim_start().starts_with(".{") {
            return Err(Error::Manifest {
                path: path.into(),
                line: Some(1),
                message: "not a build.zig.zon: it must start with `.{`; run `zig init` for one"
                    .into(),
            });
        }
        let mut zon = Zon::default();
        for (i, line) in body.lines().enumerate() {
            let t = line.trim();
            if let Some(v) = field(t, ".name") {
                zon.name = literal(v);
            } else if let Some(v) = field(t, ".minimum_zig_version") {
                zon.minimum_zig_version = literal(v).map(|v| (v, i + 1));
            }
        }
        zon.has_dependencies = dependencies(&body);
        Ok(zon)
    }
}

/// The value after `.key =` on a line that sets it.
fn field<'t>(line: &'t str, key: &str) -> Option<&'t str> {
    let rest = line.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim())
}

/// A string literal (`"x"`) or an enum literal (`.x`), without the trailing comma.
fn literal(v: &str) -> Option<String> {
    let v = v.trim_end_matches(',').trim();
    let s = if let Some(s) = v.strip_prefix('"') {
        s.strip_suffix('"')?
    } else {
        v.strip_prefix('.')
            .filter(|s| s.chars().all(|c| c.is_alphanumeric() || c == '_'))?
    };
    (!s.is_empty()).then(|| s.to_string())
}

/// Whether `.dependencies = .{ … }` holds a `.name = .{` entry before it closes.
fn dependencies(body: &str) -> bool {
    let Some(at) = body.find(".dependencies") else {
        return false;
    };
    let Some(open) = body[at..].find(".{") else {
        return false;
    };
    let mut depth = 0usize;
    let inner = &body[at + open..];
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return inner[..i].matches(".{").count() > 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// `text` without `//` comments (Zig has no block comments); string contents are kept.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| {
            let mut in_str = false;
            let b = l.as_bytes();
            for i in 0..b.len() {
                match b[i] {
                    b'"' if i == 0 || b[i - 1] != b'\\' => in_str = !in_str,
                    b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return &l[..i],
                    _ => {}
                }
            }
            l
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The executables build.zig adds (`b.addExecutable(.{ .name = "hello", … })`), in order.
pub fn executables(build_zig: &str) -> Vec<String> {
    let body = strip_comments(build_zig);
    let mut names = Vec::new();
    for (at, m) in body.match_indices("addExecutable(") {
        let call = call_args(&body[at + m.len()..]);
        let name = call.match_indices(".name").find_map(|(n, _)| {
            let v = field(&call[n..], ".name")?;
            literal(v.split([',', '\n', '}']).next()?)
        });
        names.extend(name);
    }
    names
}

/// The text of a call's arguments: up to the parenthesis that closes it.
fn call_args(rest: &str) -> &str {
    let mut depth = 1usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &rest[..i];
                }
            }
            _ => {}
        }
    }
    rest
}

/// Whether build.zig links libc (`linkLibC()` or `.link_libc = true`): the binary is then dynamic.
pub fn links_libc(build_zig: &str) -> bool {
    let body = strip_comments(build_zig);
    body.contains("linkLibC()") || body.contains(".link_libc = true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_version_and_dependencies() {
        let z = Zon::parse(
            "build.zig.zon",
            ".{\n    .name = .hello, // the package\n    .version = \"0.1.0\",\n    .minimum_zig_version = \"0.14.0\",\n    .dependencies = .{\n        .zap = .{ .url = \"https://x\", .hash = \"1220\" },\n    },\n}\n",
        )
        .unwrap();
        assert_eq!(z.name.as_deref(), Some("hello"));
        assert_eq!(z.minimum_zig_version, Some(("0.14.0".into(), 4)));
        assert!(z.has_dependencies);
        let z = Zon::parse("build.zig.zon", ".{ .name = \"x\", .dependencies = .{} }").unwrap();
        assert!(!z.has_dependencies);
    }

    #[test]
    fn a_file_that_is_not_zon_names_itself() {
        let e = Zon::parse("build.zig.zon", "name = 1")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("build.zig.zon:1: not a build.zig.zon"), "{e}");
    }

    #[test]
    fn executables_and_libc() {
        let b = "const exe = b.addExecutable(.{\n    .root_source_file = b.path(\"src/main.zig\"),\n    .name = \"server\",\n    .root_source_file = b.path(\"src/main.zig\"),\n});\n// b.addExecutable(.{ .name = \"old\" })\nexe.linkLibC();\n";
        assert_eq!(executables(b), vec!["server".to_string()]);
        assert!(links_libc(b));
        assert!(!links_libc("// exe.linkLibC();"));
    }
}
