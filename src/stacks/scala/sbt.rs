//! sbt build definitions read as text, never loaded: module ids (`"org" %% "name" % "1.0"`) from
//! build.sbt and project/plugins.sbt, `key := "value"` settings, `enablePlugins(…)`, and
//! project/build.properties' `sbt.version`. String literals are read whole and comments skipped.

/// What a build definition declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SbtBuild {
    /// `(organization, name)` of every module id, plugins and libraries alike.
    pub modules: Vec<(String, String)>,
    /// `key := "value"` and `scope / key := "value"` (`Some("…")` too), by the key's last segment.
    pub settings: Vec<(String, String)>,
    /// Plugins named in `enablePlugins(…)`.
    pub enabled: Vec<String>,
}

/// A read error: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl SbtBuild {
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_module(&self, name: &str) -> bool {
        self.modules.iter().any(|(_, n)| n == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Str(String),
    Op(String),
}

/// Read one .sbt file (several files are read into one build with [`parse_into`]).
pub fn parse(text: &str) -> Result<SbtBuild, ParseError> {
    let mut b = SbtBuild::default();
    parse_into(text, &mut b)?;
    Ok(b)
}

pub fn parse_into(text: &str, b: &mut SbtBuild) -> Result<(), ParseError> {
    let toks = tokens(text)?;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Op(op) if op == "%" || op == "%%" || op == "%%%" => {
                if let (Some(Tok::Str(org)), Some(Tok::Str(name))) =
                    (toks.get(i.wrapping_sub(1)), toks.get(i + 1))
                {
                    let id = (org.clone(), name.clone());
                    // `"org" %% "name" % "1.0"`: the second `%` pairs name and version, not a module.
                    let after_module = matches!(toks.get(i.wrapping_sub(2)), Some(Tok::Op(o)) if o.starts_with('%'));
                    if !after_module && !b.modules.contains(&id) {
                        b.modules.push(id);
                    }
                }
            }
            Tok::Op(op) if op == ":=" => {
                if let Some(value) = setting_value(&toks[i + 1..]) {
                    if let Some(Tok::Word(key)) = toks.get(i.wrapping_sub(1)) {
                        b.settings.push((key.clone(), value));
                    }
                }
            }
            Tok::Word(w) if w == "enablePlugins" => {
                for t in toks[i + 1..].iter().skip(1) {
                    match t {
                        Tok::Word(p) => b.enabled.push(p.clone()),
                        Tok::Op(o) if o == ")" => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `"v"` or `Some("v")` right after `:=`.
fn setting_value(rest: &[Tok]) -> Option<String> {
    match rest {
        [Tok::Str(v), ..] => Some(v.clone()),
        [Tok::Word(w), Tok::Op(o), Tok::Str(v), ..] if w == "Some" && o == "(" => Some(v.clone()),
        _ => None,
    }
}

/// The definition as words, string literals and operators; comments dropped, brackets checked.
fn tokens(text: &str) -> Result<Vec<Tok>, ParseError> {
    let mut lx = Lexer {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        out: Vec::new(),
        open: Vec::new(),
    };
    while let Some(&c) = lx.chars.get(lx.i) {
        lx.step(c)?;
    }
    match lx.open.pop() {
        Some((o, l)) => Err(err(l, &format!("`{o}` opened here is never closed"))),
        None => Ok(lx.out),
    }
}

/// A [`ParseError`] at `line`.
fn err(line: usize, message: &str) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// The tokenizer's state: where it is (char index and 1-based line), the tokens so far, and the brackets
/// still open with the line each opened on, so an unclosed one is reported where it starts.
struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: usize,
    out: Vec<Tok>,
    open: Vec<(char, usize)>,
}

impl Lexer {
    /// Read the token (or comment, or whitespace) starting with `c`, at `self.i`, and move past it.
    /// Each kind has its own method, so this reads as the language's lexical grammar.
    fn step(&mut self, c: char) -> Result<(), ParseError> {
        let next = self.chars.get(self.i + 1).copied();
        match c {
            '/' if next == Some('/') => self.line_comment(),
            '/' if next == Some('*') => self.block_comment()?,
            '"' => {
                let s = self.string()?;
                self.out.push(Tok::Str(s));
            }
            c if c.is_alphanumeric() || c == '_' || c == '`' => self.word(),
            '(' | '[' | '{' => {
                self.open.push((c, self.line));
                self.out.push(Tok::Op(c.to_string()));
                self.i += 1;
            }
            ')' | ']' | '}' => {
                self.close(c)?;
                self.i += 1;
            }
            c if !c.is_whitespace() => self.operator(),
            c => {
                self.line += usize::from(c == '\n');
                self.i += 1;
            }
        }
        Ok(())
    }

    /// `// …` up to (not past) the newline, so the newline still counts a line.
    fn line_comment(&mut self) {
        while self.i < self.chars.len() && self.chars[self.i] != '\n' {
            self.i += 1;
        }
    }

    /// `/* … */`, counting the lines inside; an unclosed one is an error at the line it opens on.
    fn block_comment(&mut self) -> Result<(), ParseError> {
        let start = self.line;
        self.i += 2;
        while self.i < self.chars.len()
            && !(self.chars[self.i] == '*' && self.chars.get(self.i + 1) == Some(&'/'))
        {
            self.line += usize::from(self.chars[self.i] == '\n');
            self.i += 1;
        }
        if self.i >= self.chars.len() {
            return Err(err(start, "a /* comment opened here is never closed"));
        }
        self.i += 2;
        Ok(())
    }

    /// A string literal's content: `"…"` on one line with backslash escapes, or `"""…"""` raw and
    /// spanning lines. Read whole, so a `//` or a bracket inside is text, not syntax.
    fn string(&mut self) -> Result<String, ParseError> {
        let chars = &self.chars;
        let triple = chars[self.i..].starts_with(&['"', '"', '"']);
        let (start, mut s) = (self.line, String::new());
        self.i += if triple { 3 } else { 1 };
        loop {
            match chars.get(self.i) {
                None => return Err(err(start, "a string opened here is never closed")),
                Some('"') if triple && chars[self.i..].starts_with(&['"', '"', '"']) => {
                    self.i += 3;
                    return Ok(s);
                }
                Some('"') if !triple => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\n') if !triple => {
                    return Err(err(start, "a string opened here is never closed"))
                }
                Some('\\') if !triple => {
                    s.extend(chars.get(self.i + 1));
                    self.i += 2;
                    continue;
                }
                Some(&ch) => {
                    self.line += usize::from(ch == '\n');
                    s.push(ch);
                }
            }
            self.i += 1;
        }
    }

    /// A name, dotted path or backquoted identifier, backquotes dropped (`` `my-key` `` is `my-key`).
    fn word(&mut self) {
        let start = self.i;
        while self.i < self.chars.len()
            && (self.chars[self.i].is_alphanumeric()
                || matches!(self.chars[self.i], '_' | '.' | '`'))
        {
            self.i += 1;
        }
        let word: String = self.chars[start..self.i].iter().collect();
        self.out.push(Tok::Word(word.replace('`', "")));
    }

    /// A closing bracket, which must match the last one opened: a mismatch is an error on its line.
    fn close(&mut self, c: char) -> Result<(), ParseError> {
        let want = match c {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        match self.open.pop() {
            Some((o, _)) if o == want => {}
            _ => return Err(err(self.line, &format!("unmatched `{c}`"))),
        }
        self.out.push(Tok::Op(c.to_string()));
        Ok(())
    }

    /// A run of operator characters as one operator (`%%`, `:=`, `++=`), or any other single character.
    fn operator(&mut self) {
        let start = self.i;
        while self.i < self.chars.len() && "%:=+-*/<>|&!~^@#?\\".contains(self.chars[self.i]) {
            self.i += 1;
        }
        if self.i == start {
            self.i += 1;
        }
        self.out
            .push(Tok::Op(self.chars[start..self.i].iter().collect()));
    }
}

/// `sbt.version=1.10.7` of project/build.properties.
pub fn sbt_version(properties: &str) -> Option<String> {
    properties.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "sbt.version")
            .then(|| v.trim().to_string())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_modules_settings_and_plugins() {
        let text = "// a comment with \"quotes\n/* block\n */\nThisBuild / scalaVersion := \"3.3.4\"\nlazy val root = (project in file(\".\"))\n  .enablePlugins(JavaAppPackaging, DockerPlugin)\n  .settings(\n    name := \"shop\",\n    Compile / mainClass := Some(\"shop.Main\"),\n    libraryDependencies ++= Seq(\n      \"org.http4s\" %% \"http4s-ember-server\" % \"0.23.30\",\n      \"org.typelevel\" %% \"cats-effect\" % \"3.5.7\" % Test\n    )\n  )\n";
        let b = parse(text).unwrap();
        assert_eq!(b.setting("scalaVersion"), Some("3.3.4"));
        assert_eq!(b.setting("mainClass"), Some("shop.Main"));
        assert_eq!(b.setting("name"), Some("shop"));
        assert_eq!(b.enabled, vec!["JavaAppPackaging", "DockerPlugin"]);
        assert_eq!(
            b.modules,
            vec![
                ("org.http4s".to_string(), "http4s-ember-server".to_string()),
                ("org.typelevel".to_string(), "cats-effect".to_string())
            ]
        );
    }

    #[test]
    fn errors_and_properties() {
        assert_eq!(parse("name := \"x\n").unwrap_err().line, 1);
        assert_eq!(parse("lazy val a = (\n\n").unwrap_err().line, 1);
        assert_eq!(parse("a\n)").unwrap_err().line, 2);
        assert_eq!(
            sbt_version("# x\nsbt.version = 1.10.7\n").as_deref(),
            Some("1.10.7")
        );
        assert_eq!(sbt_version("sbt.version=\n"), None);
    }
}
