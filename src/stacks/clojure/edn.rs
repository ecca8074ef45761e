//! A reader for the Clojure data a build reads: deps.edn, project.clj's `defproject` and build.clj's
//! top-level forms. It reads forms as data (lists, vectors, maps, sets, strings, keywords, symbols,
//! numbers) and evaluates nothing; reader macros it has no use for (`#(…)`, `#"…"`, `@x`) are read
//! and kept as opaque forms, so a file that uses them still yields the forms around them.

use std::fmt;

/// One form.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    List(Vec<Form>),
    Vector(Vec<Form>),
    /// Keys and values in file order (a map with an odd count keeps its last key with `Nil`).
    Map(Vec<(Form, Form)>),
    Set(Vec<Form>),
    Str(String),
    /// `:main` → `main`, `::port` → `:port`.
    Keyword(String),
    Symbol(String),
    /// A number, kept as written.
    Number(String),
    Nil,
    /// What the reader recognises but keeps no value of (a regex, a character, an anonymous fn).
    Other,
}

/// A reading error: what is wrong, and the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Deeper nesting than this is refused (a hostile file must not exhaust the stack).
const MAX_DEPTH: usize = 200;

/// Every top-level form of `text`.
pub fn read_all(text: &str) -> Result<Vec<Form>, ReadError> {
    let mut r = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        depth: 0,
    };
    let mut out = Vec::new();
    loop {
        r.skip_blank();
        if r.peek().is_none() {
            return Ok(out);
        }
        if let Some(form) = r.form()? {
            out.push(form);
        }
    }
}

impl Form {
    /// The value after `key` in a map (`:deps` in deps.edn).
    pub fn get(&self, key: &str) -> Option<&Form> {
        match self {
            Form::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.keyword() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn keyword(&self) -> Option<&str> {
        match self {
            Form::Keyword(k) => Some(k),
            _ => None,
        }
    }

    pub fn symbol(&self) -> Option<&str> {
        match self {
            Form::Symbol(s) => Some(s),
            _ => None,
        }
    }

    pub fn string(&self) -> Option<&str> {
        match self {
            Form::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The forms of a list or vector.
    pub fn items(&self) -> &[Form] {
        match self {
            Form::List(v) | Form::Vector(v) | Form::Set(v) => v,
            _ => &[],
        }
    }

    /// A list whose head is the symbol `head` (`(defproject …)`, `(def …)`).
    pub fn is_call(&self, head: &str) -> bool {
        matches!(self, Form::List(v) if v.first().and_then(Form::symbol) == Some(head))
    }

    /// `'x` reads as `(quote x)`: the quoted form, or the form itself.
    pub fn unquoted(&self) -> &Form {
        match self {
            Form::List(v) if v.len() == 2 && v[0].symbol() == Some("quote") => &v[1],
            other => other,
        }
    }
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: usize,
    depth: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn err(&self, message: impl Into<String>) -> ReadError {
        ReadError {
            line: self.line,
            message: message.into(),
        }
    }

    /// Whitespace, commas (whitespace in Clojure) and `;` comments.
    fn skip_blank(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == ',' {
                self.next();
            } else if c == ';' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.next();
                }
            } else {
                break;
            }
        }
    }

    /// The next form; `None` for one that reads as nothing (`#_ x`, a metadata-only tail).
    fn form(&mut self) -> Result<Option<Form>, ReadError> {
        self.skip_blank();
        let Some(c) = self.next() else {
            return Err(self.err("unexpected end of file: a form is missing"));
        };
        let form = match c {
            '(' => Form::List(self.seq(')')?),
            '[' => Form::Vector(self.seq(']')?),
            '{' => self.map()?,
            ')' | ']' | '}' => return Err(self.err(format!("unmatched `{c}`"))),
            '"' => Form::Str(self.string()?),
            '\\' => {
                self.token();
                Form::Other
            }
            '\'' | '`' | '~' | '@' => {
                let quoted = self.required()?;
                Form::List(vec![Form::Symbol("quote".into()), quoted])
            }
            '^' => {
                // Metadata (`^:skip-aot greeter.core`): read and dropped; the form it annotates stays.
                self.required()?;
                return self.form();
            }
            '#' => return self.dispatch(),
            _ => {
                let mut tok = c.to_string();
                tok.push_str(&self.token());
                atom(tok)
            }
        };
        Ok(Some(form))
    }

    /// A form that must be there (after a quote or metadata marker).
    fn required(&mut self) -> Result<Form, ReadError> {
        loop {
            self.skip_blank();
            if self.peek().is_none() {
                return Err(self.err("unexpected end of file after a reader macro"));
            }
            if let Some(f) = self.form()? {
                return Ok(f);
            }
        }
    }

    /// What follows `#`: a set, a discard, a regex, an anonymous fn, a tagged or conditional form.
    fn dispatch(&mut self) -> Result<Option<Form>, ReadError> {
        match self.peek() {
            Some('{') => {
                self.next();
                Ok(Some(Form::Set(self.seq('}')?)))
            }
            Some('_') => {
                self.next();
                self.required()?;
                Ok(None)
            }
            Some('"') => {
                self.next();
                self.string()?;
                Ok(Some(Form::Other))
            }
            Some('(') => {
                self.next();
                self.seq(')')?;
                Ok(Some(Form::Other))
            }
            Some('\'') | Some('?') | Some(':') | Some('#') | Some('=') => {
                self.next();
                if self.peek() == Some('@') {
                    self.next();
                }
                self.required()?;
                Ok(Some(Form::Other))
            }
            _ => {
                // A tagged literal (`#inst "…"`): the tag, then its form.
                self.token();
                self.required()?;
                Ok(Some(Form::Other))
            }
        }
    }

    fn seq(&mut self, close: char) -> Result<Vec<Form>, ReadError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!("forms nested deeper than {MAX_DEPTH}")));
        }
        let open_line = self.line;
        let mut out = Vec::new();
        loop {
            self.skip_blank();
            match self.peek() {
                None => {
                    return Err(ReadError {
                        line: open_line,
                        message: format!("the form opened here is never closed with `{close}`"),
                    })
                }
                Some(c) if c == close => {
                    self.next();
                    self.depth -= 1;
                    return Ok(out);
                }
                Some(_) => {
                    if let Some(f) = self.form()? {
                        out.push(f);
                    }
                }
            }
        }
    }

    fn map(&mut self) -> Result<Form, ReadError> {
        let mut items = self.seq('}')?.into_iter();
        let mut pairs = Vec::new();
        while let Some(k) = items.next() {
            pairs.push((k, items.next().unwrap_or(Form::Nil)));
        }
        Ok(Form::Map(pairs))
    }

    fn string(&mut self) -> Result<String, ReadError> {
        let start = self.line;
        let mut s = String::new();
        loop {
            match self.next() {
                None => {
                    return Err(ReadError {
                        line: start,
                        message: "a string opened here is never closed".into(),
                    })
                }
                Some('"') => return Ok(s),
                Some('\\') => match self.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some(c) => s.push(c),
                    None => continue,
                },
                Some(c) => s.push(c),
            }
        }
    }

    /// The rest of a symbol, keyword or number: up to a delimiter.
    fn token(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | ';')
            {
                break;
            }
            s.push(c);
            self.next();
        }
        s
    }
}

fn atom(tok: String) -> Form {
    if let Some(k) = tok.strip_prefix(':') {
        return Form::Keyword(k.to_string());
    }
    let first = tok.chars().next().unwrap_or(' ');
    let signed = matches!(first, '+' | '-') && tok[1..].starts_with(|c: char| c.is_ascii_digit());
    if first.is_ascii_digit() || signed {
        return Form::Number(tok);
    }
    match tok.as_str() {
        "nil" => Form::Nil,
        _ => Form::Symbol(tok),
    }
}

impl Form {
    /// The value under a symbol key (deps.edn's `:deps` map is keyed by library symbols).
    pub fn get_symbol_key(&self, key: &str) -> Option<&Form> {
        match self {
            Form::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.symbol() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_defproject() {
        let text = "; a comment\n(defproject org/greeter \"0.1.0\"\n  :main ^:skip-aot greeter.core\n  :dependencies [[org.clojure/clojure \"1.12.0\"] #_[x \"1\"]]\n  :profiles {:uberjar {:aot :all}})\n";
        let forms = read_all(text).unwrap();
        let items = forms[0].items();
        assert!(forms[0].is_call("defproject"));
        assert_eq!(items[1].symbol(), Some("org/greeter"));
        assert_eq!(items[2].string(), Some("0.1.0"));
        assert_eq!(items[3].keyword(), Some("main"));
        assert_eq!(items[4].symbol(), Some("greeter.core"));
        assert_eq!(items[6].items().len(), 1, "the #_ form is discarded");
        assert_eq!(
            items[8].get("uberjar").and_then(|m| m.get("aot")),
            Some(&Form::Keyword("all".into()))
        );
    }

    #[test]
    fn reads_deps_edn_with_sets_regexes_and_quotes() {
        let text = "{:paths [\"src\"] :deps {ring/ring {:mvn/version \"1.12.2\"}}\n :x #{1 2} :r #\"a\\\"b\" :f #(inc %) :q 'my/app}";
        let m = &read_all(text).unwrap()[0];
        assert_eq!(
            m.get("deps")
                .and_then(|d| d.get_symbol_key("ring/ring"))
                .and_then(|v| v.get("mvn/version"))
                .and_then(Form::string),
            Some("1.12.2")
        );
        assert_eq!(m.get("x").map(|s| s.items().len()), Some(2));
        assert_eq!(
            m.get("q").map(Form::unquoted),
            Some(&Form::Symbol("my/app".into()))
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(read_all("{:a 1\n :b [2 3}").unwrap_err().line, 2);
        let e = read_all("(defproject x\n \"1\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"), "{e}");
        assert_eq!(read_all("\n\"abc").unwrap_err().line, 2);
        assert!(read_all(&"[".repeat(500)).is_err());
    }
}
