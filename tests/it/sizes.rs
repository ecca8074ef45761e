//! Files short enough to read: no source file of the crate is over 500 lines (issue 13). Functions have
//! their own limit, clippy's `too_many_lines` (threshold in clippy.toml); a file over this one is a module
//! holding several concerns, to be split along them.

use std::path::{Path, PathBuf};

/// The most lines a file under src/ may have.
const MAX_LINES: usize = 500;

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The files of `files` longer than `max` lines, with their length, as `path: N lines`.
fn too_long(files: &[PathBuf], root: &Path, max: usize) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > max)
                .then(|| format!("{}: {lines} lines", f.strip_prefix(root).unwrap().display()))
        })
        .collect()
}

#[test]
fn no_source_file_is_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    // The walk must see the crate, or the check below passes on nothing.
    assert!(
        files.iter().any(|f| f.ends_with("src/lib.rs")) && files.len() > 50,
        "the walk found {} files under src/",
        files.len()
    );
    let long = too_long(&files, root, MAX_LINES);
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines; split each along its concerns:\n{}",
        long.join("\n")
    );
}

#[test]
fn a_file_over_the_limit_is_named_with_its_length() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("short.rs"), "fn a() {}\n".repeat(3)).unwrap();
    std::fs::write(dir.path().join("long.rs"), "fn a() {}\n".repeat(4)).unwrap();
    let files = rust_files(dir.path());
    assert_eq!(too_long(&files, dir.path(), 3), vec!["long.rs: 4 lines"]);
}

// ---- Function length: clippy's too_many_lines, without its string-literal blind spot -------------------
//
// clippy counts a function body's lines that hold code, skipping blank lines and comments; but it finds
// comments by searching each line for `/*` and `//`, so a `/*` inside a string literal (a glob such as
// "target/*/release") starts a "comment" that swallows the rest of the function, and a long function
// passes. This walker reads literals (strings, raw strings, chars) whole, so it counts what clippy means to.

/// What a character of a source file is, for counting: code, literal text (both count a line), or
/// neither (whitespace, comments).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Blank,
    Code,
    Literal,
}

/// One function over the limit, or allowed over it: where its `fn` is, and its body's code lines.
#[derive(Debug, PartialEq, Eq)]
struct LongFn {
    line: usize,
    name: String,
    lines: usize,
    allowed: bool,
}

/// Every character of `src` classed, and where each `fn` keyword (in code) starts.
fn classify(src: &[char]) -> (Vec<Class>, Vec<usize>) {
    let mut class = vec![Class::Blank; src.len()];
    let mut fns = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        let next = src.get(i + 1).copied();
        let start = i;
        let kind = if c == '/' && next == Some('/') {
            while i < src.len() && src[i] != '\n' {
                i += 1;
            }
            Class::Blank
        } else if c == '/' && next == Some('*') {
            i = block_comment_end(src, i);
            Class::Blank
        } else if c == '"' {
            i = string_end(src, i + 1);
            Class::Literal
        } else if c == '\'' {
            i = char_end(src, i);
            if i == start + 1 {
                Class::Code // a lifetime or label's tick
            } else {
                Class::Literal
            }
        } else if c.is_alphanumeric() || c == '_' {
            while i < src.len() && (src[i].is_alphanumeric() || src[i] == '_') {
                i += 1;
            }
            let word: String = src[start..i].iter().collect();
            let end = i;
            match (word.as_str(), src.get(i)) {
                ("fn", _) => fns.push(start),
                ("r" | "br" | "cr", Some('"' | '#')) => i = raw_string_end(src, i),
                ("b" | "c", Some('"')) => i = string_end(src, i + 1),
                ("b", Some('\'')) => i = char_end(src, i),
                _ => {}
            }
            // A prefixed literal (r"…", b'…') is literal text: its braces are not the code's.
            if i == end {
                Class::Code
            } else {
                Class::Literal
            }
        } else {
            i += 1;
            if c.is_whitespace() {
                Class::Blank
            } else {
                Class::Code
            }
        };
        for k in start..i.min(src.len()) {
            if !src[k].is_whitespace() {
                class[k] = kind;
            }
        }
    }
    (class, fns)
}

/// Past the `*/` closing the (nesting, as Rust's do) block comment opening at `i`.
fn block_comment_end(src: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < src.len() {
        if src[i] == '/' && src.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if src[i] == '*' && src.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Past the `"` closing a string whose text starts at `i` (backslash escapes skipped).
fn string_end(src: &[char], mut i: usize) -> usize {
    while i < src.len() {
        match src[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Past a raw string whose `#`s (or `"`) start at `i`: it ends at `"` and as many `#`s, escapes not read.
/// `r#ident` (a raw identifier) has no `"` after its `#`s and ends at once.
fn raw_string_end(src: &[char], mut i: usize) -> usize {
    let hashes = src[i..].iter().take_while(|&&c| c == '#').count();
    if src.get(i + hashes) != Some(&'"') {
        return i;
    }
    i += hashes + 1;
    while i < src.len() {
        if src[i] == '"'
            && src[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// Past a char literal whose `'` is at `i` (`'a'`, `'\n'`, `'\u{7f}'`, `'"'`), or just past the tick of
/// a lifetime or label (`'a`, `'static`), which has no closing `'` right after its first character.
fn char_end(src: &[char], i: usize) -> usize {
    if src.get(i + 1) == Some(&'\\') {
        // The escaped character itself may be a quote: search after it.
        let close = src[(i + 3).min(src.len())..]
            .iter()
            .position(|&c| c == '\'')
            .map_or(src.len(), |p| i + 3 + p);
        return close + 1;
    }
    if src.get(i + 2) == Some(&'\'') {
        return i + 3;
    }
    i + 1
}

/// The functions of `text` whose body holds more than `max` lines of code (lines with a code or literal
/// character strictly between its braces), with whether `#[allow(clippy::too_many_lines)]` is on it.
fn long_functions(text: &str, max: usize) -> Vec<LongFn> {
    let src: Vec<char> = text.chars().collect();
    let (class, fns) = classify(&src);
    let line_of: Vec<usize> = src
        .iter()
        .scan(1, |line, &c| {
            let here = *line;
            *line += usize::from(c == '\n');
            Some(here)
        })
        .collect();
    let mut long = Vec::new();
    for at in fns {
        let Some((name, open, close)) = body(&src, &class, at) else {
            continue;
        };
        let mut lines: Vec<usize> = (open + 1..close)
            .filter(|&k| class[k] != Class::Blank)
            .map(|k| line_of[k])
            .collect();
        lines.dedup();
        if lines.len() > max {
            long.push(LongFn {
                line: line_of[at],
                name,
                lines: lines.len(),
                allowed: allowed(text, line_of[at]),
            });
        }
    }
    long
}

/// The name, and the opening and closing braces, of the function whose `fn` is at `at`; `None` for a
/// body-less declaration (a trait's), a `fn(…)` pointer type, or unbalanced braces.
fn body(src: &[char], class: &[Class], at: usize) -> Option<(String, usize, usize)> {
    let mut i = at + 2;
    while src.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let name: String = src[i..]
        .iter()
        .take_while(|c| c.is_alphanumeric() || **c == '_')
        .collect();
    if name.is_empty() {
        return None;
    }
    let code = |k: usize| (class[k] == Class::Code).then_some(src[k]);
    let mut depth = 0i32; // of ( and [, where a `;` (array type) is not the declaration's end
    let open = loop {
        i += 1;
        if i >= src.len() {
            return None;
        }
        match code(i) {
            Some('(' | '[') => depth += 1,
            Some(')' | ']') => depth -= 1,
            Some(';') if depth == 0 => return None,
            Some('{') if depth == 0 => break i,
            _ => {}
        }
    };
    let mut braces = 0;
    for k in open..src.len() {
        match code(k) {
            Some('{') => braces += 1,
            Some('}') => {
                braces -= 1;
                if braces == 0 {
                    return Some((name, open, k));
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the attributes right above line `fn_line` (1-based), through doc comments and other
/// attributes, allow clippy's `too_many_lines`.
fn allowed(text: &str, fn_line: usize) -> bool {
    let above: Vec<&str> = text.lines().take(fn_line - 1).collect();
    above
        .into_iter()
        .rev()
        .map(str::trim)
        .take_while(|l| l.starts_with("#[") || l.starts_with("//"))
        .any(|l| {
            l.starts_with("#[")
                && (l.contains("allow(") || l.contains("expect("))
                && l.contains("clippy::too_many_lines")
        })
}

/// clippy.toml's `too-many-lines-threshold`, so the test and clippy share one number.
fn threshold(root: &Path) -> usize {
    let toml = std::fs::read_to_string(root.join("clippy.toml")).unwrap();
    toml.lines()
        .find_map(|l| {
            l.strip_prefix("too-many-lines-threshold")?
                .trim()
                .strip_prefix('=')?
                .trim()
                .parse()
                .ok()
        })
        .expect("clippy.toml sets too-many-lines-threshold")
}

#[test]
fn no_function_is_over_the_threshold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let max = threshold(root);
    let mut files = rust_files(&root.join("src"));
    if root.join("fuzz/fuzz_targets").is_dir() {
        files.extend(rust_files(&root.join("fuzz/fuzz_targets")));
    }
    let (mut over, mut allowed, mut seen) = (Vec::new(), Vec::new(), 0);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        seen += text.matches("fn ").count();
        for l in long_functions(&text, max) {
            let at = format!(
                "{}:{} fn {}: {} lines",
                f.strip_prefix(root).unwrap().display(),
                l.line,
                l.name,
                l.lines
            );
            if l.allowed {
                allowed.push(at)
            } else {
                over.push(at)
            }
        }
    }
    assert!(seen > 500, "the walk saw only {seen} functions");
    if !allowed.is_empty() {
        eprintln!(
            "over {max} lines under #[allow(clippy::too_many_lines)]:\n{}",
            allowed.join("\n")
        );
    }
    assert!(
        over.is_empty(),
        "functions over {max} lines of code (clippy's too_many_lines, counted with string literals read \
         whole); split each along its steps:\n{}",
        over.join("\n")
    );
}

/// A function of `n` code lines (one `let` each), after `head` (attributes, comments) and with `inner`
/// as its first body line.
fn synthetic(head: &str, inner: &str, n: usize) -> String {
    let lets: String = (1..n).map(|k| format!("    let _v{k} = {k};\n")).collect();
    format!("{head}fn long() {{\n    {inner}\n\n    // a comment line, not counted\n{lets}}}\n\nfn short() {{}}\n")
}

#[test]
fn a_slash_star_in_a_string_does_not_hide_the_rest_of_a_function() {
    // clippy would stop counting at the glob: 85 lines pass it as 1. Here they are 85.
    let text = synthetic("", r#"let dir = "target/*/release";"#, 85);
    let long = long_functions(&text, 80);
    assert_eq!(
        long,
        vec![LongFn {
            line: 1,
            name: "long".into(),
            lines: 85,
            allowed: false
        }]
    );
}

#[test]
fn literals_and_comments_are_read_whole() {
    for inner in [
        r##"let s = r#"a "quoted" /* not a comment */ { brace"#;"##,
        r#"let c = ['"', '{', '\'', '\u{7b}']; let _: &'static str = "}";"#,
        r#"let b = b"/*"; let n = br"*/ }"; /* a /* nested */ comment */ let x = 1;"#,
        "let s = \"multi\n  line /* string\";",
    ] {
        let text = synthetic("", inner, 81);
        let long = long_functions(&text, 80);
        assert_eq!(long.len(), 1, "{inner}: {long:?}");
        let want = 81 + usize::from(inner.contains('\n'));
        assert_eq!(long[0].lines, want, "{inner}");
        assert!(long_functions(&text, want).is_empty(), "{inner}");
    }
}

#[test]
fn comments_blank_lines_and_declarations_do_not_count() {
    let text = synthetic("", "/* a block\n comment\n over lines */", 80);
    // The comment's three lines and the blank and comment lines synthetic() adds: 79 lines of code.
    assert!(long_functions(&text, 79).is_empty());
    assert_eq!(long_functions(&text, 78)[0].lines, 79);
    let decls = "trait T { fn f(&self, a: [u8; 4]); }\nfn g(f: fn(u8) -> u8) -> u8 { f(1) }\n";
    let names: Vec<String> = long_functions(decls, 0)
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, vec!["g"]);
}

#[test]
fn an_allow_attribute_above_the_function_is_seen() {
    let text = synthetic(
        "/// Why it is long.\n#[allow(clippy::too_many_lines)] // reason\n#[must_use]\n",
        "",
        90,
    );
    let long = long_functions(&text, 80);
    assert_eq!((long[0].line, long[0].allowed), (4, true));
    let elsewhere = format!(
        "#[allow(clippy::too_many_lines)]\nfn other() {{}}\n{}",
        synthetic("", "", 90)
    );
    assert!(!long_functions(&elsewhere, 80)[0].allowed);
}
