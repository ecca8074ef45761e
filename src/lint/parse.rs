//! The Dockerfile parser: parser directives, line continuations, comments, heredocs, flags, stages.
//!
//! It follows BuildKit's reading of a file closely enough to put every finding on the line a person would
//! point at: each instruction keeps the line it starts on. It never fails: what BuildKit would reject is kept
//! in `errors` (rule DG016) and parsing goes on, so one bad line does not hide the findings of the rest.

use std::collections::HashMap;

/// The instructions BuildKit knows; anything else is an error.
const KEYWORDS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// `# syntax=`, `# escape=`, `# check=` at the top, lowercased names.
    pub directives: Vec<(String, String)>,
    pub instructions: Vec<Instruction>,
    /// Comment lines outside instructions: (line, text after `#`, trimmed).
    pub comments: Vec<(usize, String)>,
    pub stages: Vec<Stage>,
    /// ARGs declared before the first FROM, with their defaults: the only variables FROM can use.
    pub global_args: HashMap<String, Option<String>>,
    /// What BuildKit would reject: (line, message).
    pub errors: Vec<(usize, String)>,
}

/// One instruction, its continuation lines joined.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The line the instruction starts on (1-based).
    pub line: usize,
    /// Uppercase keyword.
    pub keyword: String,
    /// Leading `--name=value` flags, in order (`--mount` may repeat).
    pub flags: Vec<(String, String)>,
    /// The arguments after the flags, continuation lines joined as BuildKit joins them.
    pub args: String,
    pub heredocs: Vec<Heredoc>,
    /// The stage it belongs to; `None` for ARGs before the first FROM.
    pub stage: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Heredoc {
    pub name: String,
    pub body: String,
}

/// One build stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name, lowercased (stage names are case-insensitive).
    pub name: Option<String>,
    /// The line of its FROM.
    pub line: usize,
    /// The base image with global ARGs substituted; `None` when it uses an ARG without a default.
    pub image: Option<String>,
    /// The earlier stage this one is built on (`FROM build`), whose files and USER it inherits.
    pub parent: Option<usize>,
    /// Indices into `instructions`, FROM excluded.
    pub instructions: Vec<usize>,
}

impl Instruction {
    /// The values of every flag called `name`.
    pub fn flag_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flags
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn flag<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.flag_values(name).next()
    }

    /// The exec-form argv when the arguments are a JSON array of strings (else the shell form applies).
    pub fn exec(&self) -> Option<Vec<String>> {
        let a = self.args.trim();
        if !a.starts_with('[') {
            return None;
        }
        serde_json::from_str::<Vec<String>>(a).ok()
    }

    /// The script a RUN executes: its shell-form text (or exec argv) and every heredoc body.
    pub fn script(&self) -> String {
        let mut s = match self.exec() {
            Some(argv) => argv.join(" "),
            None => self.args.clone(),
        };
        for h in &self.heredocs {
            s.push('\n');
            s.push_str(&h.body);
        }
        s
    }

    /// The targets of the `--mount` flags of `kind` (cache, tmpfs, …; bind when unstated).
    pub fn mount_targets(&self, kind: &str) -> Vec<String> {
        let mut out = Vec::new();
        for m in self.flag_values("mount") {
            let mut ty = "bind";
            let mut target = None;
            for kv in m.split(',') {
                match kv.split_once('=') {
                    Some(("type", v)) => ty = v,
                    Some(("target" | "dst" | "destination", v)) => target = Some(v),
                    _ => {}
                }
            }
            if ty == kind {
                out.extend(target.map(str::to_string));
            }
        }
        out
    }
}

impl Dockerfile {
    /// The stage `reference` names (a `COPY --from=` value or a FROM image): by name, or by index.
    pub fn stage_ref(&self, reference: &str, before: usize) -> Option<usize> {
        let r = reference.to_ascii_lowercase();
        if let Ok(i) = r.parse::<usize>() {
            return (i < before).then_some(i);
        }
        self.stages[..before]
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(r.as_str()))
            .map(|s| s.index)
    }

    /// The final stage and the stages it is built on, base first: what the shipped image consists of.
    pub fn final_chain(&self) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.stages.last().map(|s| s.index);
        while let Some(i) = at {
            chain.insert(0, i);
            at = self.stages[i].parent;
        }
        chain
    }

    /// Instructions of the given stages, in file order.
    pub fn instructions_of<'a>(
        &'a self,
        stages: &'a [usize],
    ) -> impl Iterator<Item = &'a Instruction> + 'a {
        stages
            .iter()
            .flat_map(move |s| self.stages[*s].instructions.iter())
            .map(move |i| &self.instructions[*i])
    }
}

/// Parse a Dockerfile's text.
pub fn parse(text: &str) -> Dockerfile {
    // BuildKit ignores a UTF-8 byte order mark, as editors on Windows write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut df = Dockerfile::default();
    let mut i = directives(&lines, &mut df);
    let escape = df
        .directives
        .iter()
        .find(|(k, _)| k == "escape")
        .and_then(|(_, v)| v.chars().next())
        .unwrap_or('\\');
    while i < lines.len() {
        let trimmed = lines[i].trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        if let Some(c) = trimmed.strip_prefix('#') {
            df.comments.push((i + 1, c.trim().to_string()));
            i += 1;
            continue;
        }
        let line = i + 1;
        let (logical, next) = join_continuations(&lines, i, escape);
        i = next;
        let (word, rest) = split_word(&logical);
        let keyword = word.to_ascii_uppercase();
        if !KEYWORDS.contains(&keyword.as_str()) {
            df.errors
                .push((line, format!("unknown instruction `{word}`")));
            continue;
        }
        let (flags, args) = split_flags(rest);
        let mut instr = Instruction {
            line,
            keyword,
            flags,
            args,
            heredocs: Vec::new(),
            stage: None,
        };
        if matches!(instr.keyword.as_str(), "RUN" | "COPY" | "ADD") {
            i = heredocs(&lines, i, &mut instr, &mut df.errors);
        }
        add(&mut df, instr);
    }
    if df.stages.is_empty() && df.errors.is_empty() {
        df.errors.push((1, "no FROM instruction".into()));
    }
    df
}

/// Parser directives: `# name=value` lines at the very top, before any other comment, blank line or
/// instruction. Returns the first line after them.
fn directives(lines: &[&str], df: &mut Dockerfile) -> usize {
    let mut i = 0;
    while i < lines.len() {
        let Some(c) = lines[i].trim().strip_prefix('#') else {
            break;
        };
        let Some((k, v)) = c.split_once('=') else {
            break;
        };
        let k = k.trim().to_ascii_lowercase();
        let known = matches!(k.as_str(), "syntax" | "escape" | "check");
        if !known || df.directives.iter().any(|(d, _)| *d == k) {
            break;
        }
        df.directives.push((k, v.trim().to_string()));
        i += 1;
    }
    i
}

/// One logical line from `start`: lines ending in the escape character continue on the next, and comment
/// or empty lines inside a continuation are dropped, as BuildKit does. Returns it and the next line index.
fn join_continuations(lines: &[&str], start: usize, escape: char) -> (String, usize) {
    let mut out = String::new();
    let mut i = start;
    while i < lines.len() {
        let l = lines[i].trim_end();
        i += 1;
        match l.strip_suffix(escape) {
            Some(head) => {
                out.push_str(head);
                while i < lines.len() {
                    let t = lines[i].trim();
                    if !(t.is_empty() || t.starts_with('#')) {
                        break;
                    }
                    i += 1;
                }
            }
            None => {
                out.push_str(l);
                break;
            }
        }
    }
    (out, i)
}

/// Heredoc bodies (`<<EOF`, `<<-EOF`, `<<"EOF"`) follow the instruction line, in the order they are named.
fn heredocs(
    lines: &[&str],
    mut i: usize,
    instr: &mut Instruction,
    errors: &mut Vec<(usize, String)>,
) -> usize {
    for (name, strip_tabs) in heredoc_names(&instr.args) {
        let mut body = String::new();
        let mut closed = false;
        while i < lines.len() {
            let l = lines[i];
            i += 1;
            let cmp = if strip_tabs {
                l.trim_start_matches('\t')
            } else {
                l
            };
            if cmp == name {
                closed = true;
                break;
            }
            body.push_str(cmp);
            body.push('\n');
        }
        if !closed {
            errors.push((instr.line, format!("heredoc `{name}` is never closed")));
        }
        instr.heredocs.push(Heredoc { name, body });
    }
    i
}

/// The heredoc names an instruction's arguments open, and whether each strips leading tabs (`<<-`).
fn heredoc_names(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(p) = rest.find("<<") {
        rest = &rest[p + 2..];
        let strip = rest.starts_with('-');
        let r = rest.trim_start_matches('-');
        let quote = r.chars().next().filter(|c| *c == '"' || *c == '\'');
        let r = quote.map_or(r, |q| &r[q.len_utf8()..]);
        let name: String = r
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        out.push((name, strip));
    }
    out
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(p) => (&s[..p], s[p..].trim_start()),
        None => (s, ""),
    }
}

/// Leading `--name=value` (or bare `--name`) flags, and the arguments after them.
fn split_flags(mut rest: &str) -> (Vec<(String, String)>, String) {
    let mut flags = Vec::new();
    while let Some(f) = rest.strip_prefix("--") {
        let (word, after) = split_word(f);
        let (name, value) = word.split_once('=').unwrap_or((word, ""));
        flags.push((name.to_ascii_lowercase(), value.to_string()));
        rest = after;
    }
    (flags, rest.trim().to_string())
}

/// Record an instruction, opening a stage on FROM and keeping global ARGs.
fn add(df: &mut Dockerfile, mut instr: Instruction) {
    let idx = df.instructions.len();
    if instr.keyword == "FROM" {
        let words: Vec<&str> = instr.args.split_whitespace().collect();
        let raw = words.first().copied().unwrap_or("");
        let name = match words.as_slice() {
            [_, as_, n] if as_.eq_ignore_ascii_case("as") => Some(n.to_ascii_lowercase()),
            _ => None,
        };
        let index = df.stages.len();
        let image = crate::lint::vars::substitute(raw, &df.global_args);
        let parent = image.as_deref().and_then(|im| df.stage_ref_name(im));
        if raw.is_empty() {
            df.errors.push((instr.line, "FROM names no image".into()));
        }
        instr.stage = Some(index);
        df.stages.push(Stage {
            index,
            name,
            line: instr.line,
            image,
            parent,
            instructions: Vec::new(),
        });
    } else if let Some(stage) = df.stages.last_mut() {
        instr.stage = Some(stage.index);
        stage.instructions.push(idx);
    } else if instr.keyword == "ARG" {
        for (k, v) in crate::lint::vars::arg_pairs(&instr.args) {
            df.global_args.insert(k, v);
        }
    } else {
        df.errors.push((
            instr.line,
            format!("{} before the first FROM", instr.keyword),
        ));
    }
    df.instructions.push(instr);
}

impl Dockerfile {
    /// An earlier stage named `image` (FROM takes names only, never indices).
    fn stage_ref_name(&self, image: &str) -> Option<usize> {
        let lower = image.to_ascii_lowercase();
        self.stages
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
            .map(|s| s.index)
    }
}
