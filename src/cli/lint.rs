//! `dockgen lint`: lint Dockerfiles, print the findings as text, JSON or SARIF, and fail at a threshold.

use dockgen::lint::report::{self, FileReport};
use dockgen::lint::{LintRules, Severity};
use dockgen::Error;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// The Dockerfiles to lint (`-` reads one from stdin); each one's folder is taken as its build
    /// context and project unless --context says otherwise.
    #[arg(default_value = "Dockerfile")]
    pub paths: Vec<PathBuf>,
    /// The build context the Dockerfiles are built with, for the .dockerignore rules (default: each
    /// Dockerfile's folder; the current folder for stdin).
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value = "warning")]
    pub severity: Threshold,
    /// Colour the text output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Print the rule table (Markdown, as in the README) and lint nothing.
    #[arg(long)]
    pub rules: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Threshold {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: LintArgs) -> Result<(), Error> {
    let rules = LintRules::get()?;
    if args.rules {
        out(&rules.markdown());
        return Ok(());
    }
    if let Some(dir) = &args.context {
        if !dir.is_dir() {
            return Err(Error::bad_flag(
                "--context",
                dir.display().to_string(),
                "not a folder; give the build context the Dockerfile is built with",
            ));
        }
    }
    let mut files = Vec::new();
    for path in &args.paths {
        let findings = if path.as_os_str() == "-" {
            stdin_findings(args.context.as_deref())?
        } else {
            dockgen::lint::lint_file(path, args.context.as_deref())?
        };
        let shown = if path.as_os_str() == "-" {
            "<stdin>".into()
        } else {
            path.display().to_string()
        };
        files.push(FileReport {
            path: shown,
            findings,
        });
    }
    match args.format {
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            out(&report::text(&files, color));
        }
        Format::Json => out(&format!("{:#}\n", report::json(&files))),
        Format::Sarif => out(&format!("{:#}\n", report::sarif(&files, rules))),
    }
    let threshold = match args.severity {
        Threshold::Error => Severity::Error,
        Threshold::Warning => Severity::Warning,
        Threshold::Info => Severity::Info,
    };
    let count = files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.severity >= threshold)
        .count();
    if count > 0 {
        return Err(Error::Findings {
            count,
            threshold: threshold.as_str().into(),
        });
    }
    Ok(())
}

/// A Dockerfile piped in. A terminal on stdin would wait for typing that never comes in a script, so
/// that is refused rather than read.
fn stdin_findings(context: Option<&std::path::Path>) -> Result<Vec<dockgen::lint::Finding>, Error> {
    use std::io::Read;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::Usage(
            "lint -: stdin is a terminal; pipe a Dockerfile in (`dockgen lint - < Dockerfile`)"
                .into(),
        ));
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        })?;
    let shown = std::path::Path::new("<stdin>");
    dockgen::lint::lint_bytes(
        bytes,
        shown,
        context.unwrap_or(std::path::Path::new(".")),
        "Dockerfile",
    )
}

/// Print to stdout; a closed pipe (`| head`) is the reader's choice, not an error worth a panic.
fn out(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(s.as_bytes());
}
