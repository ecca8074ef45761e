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
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let mut open: Vec<(char, usize)> = Vec::new();
    let err = |line, message: &str| ParseError {
        line,
        message: message.into(),
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
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
        } else if c == '"' {
            let triple = chars[i..].starts_with(&['"', '"', '"']);
            let (start, mut s) = (line, String::new());
            i += if triple { 3 } else { 1 };
            loop {
                match chars.get(i) {
                    None => return Err(err(start, "a string opened here is never closed")),
                    Some('"') if triple && chars[i..].starts_with(&['"', '"', '"']) => {
                        i += 3;
                        break;
                    }
                    Some('"') if !triple => {
                        i += 1;
                        break;
                    }
                    Some('\n') if !triple => {
                        return Err(err(start, "a string opened here is never closed"))
                    }
                    Some('\\') if !triple => {
                        s.extend(chars.get(i + 1));
                        i += 2;
                        continue;
                    }
                    Some(&ch) => {
                        line += usize::from(ch == '\n');
                        s.push(ch);
                    }
                }
                i += 1;
            }
            out.push(Tok::Str(s));
            continue;
        } else if c.is_alphanumeric() || c == '_' || c == '`' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '_'
                    || chars[i] == '.'
                    || chars[i] == '`')
            {
                i += 1;
            }
            out.push(Tok::Word(
                chars[start..i].iter().collect::<String>().replace('`', ""),
            ));
            continue;
        } else if "([{".contains(c) {
            open.push((c, line));
            out.push(Tok::Op(c.to_string()));
        } else if ")]}".contains(c) {
            let want = match c {
                ')' => '(',
                ']' => '[',
                _ => '{',
            };
            match open.pop() {
                Some((o, _)) if o == want => {}
                _ => return Err(err(line, &format!("unmatched `{c}`"))),
            }
            out.push(Tok::Op(c.to_string()));
        } else if !c.is_whitespace() {
            let start = i;
            while i < chars.len() && "%:=+-*/<>|&!~^@#?\\".contains(chars[i]) {
                i += 1;
            }
            if i == start {
                i += 1;
            }
            out.push(Tok::Op(chars[start..i].iter().collect()));
            continue;
        }
        i += 1;
    }
    match open.pop() {
        Some((o, l)) => Err(err(l, &format!("`{o}` opened here is never closed"))),
        None => Ok(out),
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
