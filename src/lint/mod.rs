//! Lint: audit any Dockerfile against the practices dockgen generates, with stable rule codes.
//!
//! [`parse`] reads the file as BuildKit does; [`stage_rules`] and [`step_rules`] find what breaks the
//! practices; the rules' severities, summaries and fixes are data ([`rules`], `detectors/lint.toml`);
//! [`report`] prints findings as text, JSON or SARIF. Rules that need the project ask [`project`], which
//! uses the same detection as `init` and is skipped when detection fails.

pub mod parse;
pub mod project;
pub mod report;
pub mod rules;
pub mod shell;
mod stage_rules;
mod step_rules;
pub mod vars;

use crate::error::{Error, Result};
pub use project::Context;
pub use rules::{LintRules, Severity};
use serde::Serialize;
use std::path::Path;

/// One finding: a rule broken at a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub line: usize,
    pub message: String,
    pub fix: String,
}

/// A finding before the rule table supplies its severity and fix.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    code: &'static str,
    line: usize,
    message: String,
}

impl Raw {
    pub(crate) fn new(code: &'static str, line: usize, message: String) -> Raw {
        Raw {
            code,
            line,
            message,
        }
    }
}

/// Lint a Dockerfile's text in the project `ctx` describes; findings sorted by line, then code.
pub fn lint(text: &str, ctx: &Context) -> Result<Vec<Finding>> {
    let rules = LintRules::get()?;
    let df = parse::parse(text);
    let mut raw: Vec<Raw> = df
        .errors
        .iter()
        .map(|(line, m)| Raw::new("DG016", *line, m.clone()))
        .collect();
    if !df.stages.is_empty() {
        stage_rules::check(&df, ctx, rules, &mut raw);
        step_rules::check(&df, ctx, rules, &mut raw);
    }
    let (suppressed, mut extra) = suppressions(&df);
    raw.retain(|r| {
        !suppressed
            .iter()
            .any(|(line, codes)| *line == r.line && codes.iter().any(|c| c == r.code))
    });
    raw.append(&mut extra);
    let stack = stack(&df, ctx, rules);
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .map(|r| {
            let def = rules.rule(r.code).ok_or_else(|| Error::Rules {
                file: "lint.toml".into(),
                message: format!("{} is used but not defined", r.code),
            })?;
            Ok(Finding {
                code: r.code.to_string(),
                severity: def.severity,
                line: r.line,
                message: r.message,
                fix: rules.fix(def, stack),
            })
        })
        .collect::<Result<_>>()?;
    findings.sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
    findings.dedup();
    Ok(findings)
}

/// The file's own stack, for the examples its fixes quote: the detected one, else that of its first base
/// image a stack claims (`python:3.13-slim` is Python).
fn stack<'a>(df: &parse::Dockerfile, ctx: &Context, rules: &'a LintRules) -> Option<&'a str> {
    if let Some(l) = ctx.language {
        return rules
            .examples
            .iter()
            .filter_map(|e| e.stack.as_deref())
            .find(|s| *s == l.as_str());
    }
    df.stages
        .iter()
        .filter_map(|s| s.image.as_deref())
        .find_map(|im| rules.stack_of_repo(&stage_rules::ImageRef::parse(im).repo))
}

/// Read and lint the Dockerfile at `path`, its folder taken as the build context and the project.
///
/// `context` is the build context the Dockerfile is built with (for the .dockerignore rules); by default
/// the Dockerfile's own folder, which is where `docker build .` beside it would look.
pub fn lint_file(path: &Path, context: Option<&Path>) -> Result<Vec<Finding>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Dockerfile".into());
    lint_bytes(bytes, path, context.unwrap_or(dir), &name)
}

/// Lint a Dockerfile already read (from stdin, say): `shown` names it in errors, `context` is its build
/// context, `name` its file name as a `-f` would give it.
pub fn lint_bytes(
    bytes: Vec<u8>,
    shown: &Path,
    context: &Path,
    name: &str,
) -> Result<Vec<Finding>> {
    let text = String::from_utf8(bytes).map_err(|_| Error::NotText {
        path: shown.to_path_buf(),
    })?;
    lint(&text, &Context::from_dir(context, name))
}

/// `# dockgen-ignore DG003[,DG004] reason` in the comments right above an instruction: the (instruction
/// line, codes) it silences, and a DG015 finding for each one that gives no reason.
fn suppressions(df: &parse::Dockerfile) -> (Vec<(usize, Vec<String>)>, Vec<Raw>) {
    let mut silenced = Vec::new();
    let mut extra = Vec::new();
    for i in &df.instructions {
        let mut line = i.line;
        while let Some((l, text)) = df.comments.iter().find(|(l, _)| *l + 1 == line) {
            line = *l;
            let Some(rest) = text.strip_prefix("dockgen-ignore") else {
                continue;
            };
            let mut codes = Vec::new();
            let mut reason = Vec::new();
            for w in rest.split(|c: char| c.is_whitespace() || c == ',') {
                let is_code = w.len() == 5
                    && w.starts_with("DG")
                    && w[2..].chars().all(|c| c.is_ascii_digit());
                if is_code && reason.is_empty() {
                    codes.push(w.to_string());
                } else if !w.is_empty() {
                    reason.push(w);
                }
            }
            if reason.is_empty() || codes.is_empty() {
                extra.push(Raw::new(
                    "DG015",
                    *l,
                    format!("`# {text}` needs the rule codes and a reason after them"),
                ));
            }
            silenced.push((i.line, codes));
        }
    }
    (silenced, extra)
}
