//! The one error type of the library: every failure names the file (and line where known) and what to do.

use std::path::PathBuf;

/// Everything that can go wrong between scanning a folder and writing its Dockerfile.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Manifest {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("{path}: is not UTF-8 text; a manifest must be UTF-8")]
    NotText { path: PathBuf },
    #[error("{path}: is {size} bytes, over the {limit}-byte limit for a manifest")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// `looked_for` is every stack's signal files, from the rules.
    #[error("{path}: no project detected (looked for {looked_for})")]
    NothingDetected { path: PathBuf, looked_for: String },
    #[error("{path}: ambiguous {what}: {}; settle it with {}", choices.join(", "), what.flag())]
    Ambiguous {
        path: PathBuf,
        what: crate::facts::AmbiguityKind,
        choices: Vec<String>,
    },
    #[error("{path}: {message}")]
    Unsupported { path: PathBuf, message: String },
    /// The image catalogue has no build image for the toolchain line asked for; `known` is the lines the
    /// rules know, which `--toolchain-version` takes.
    #[error(
        "{path}: no {toolchain} image is known for version {version}; pass --toolchain-version{}",
        one_of(known)
    )]
    NoBuildImage {
        path: PathBuf,
        toolchain: String,
        version: String,
        known: Vec<String>,
    },
    /// The image catalogue has no runtime row for the artifact (`node`, `dotnet-aspnet`) at that version.
    #[error("{path}: no runtime image is known for {artifact} {version}")]
    NoRuntimeImage {
        path: PathBuf,
        artifact: crate::facts::ArtifactKind,
        version: String,
    },
    #[error("{path}: already exists; rerun with --force to replace it (a backup is kept)")]
    Exists { path: PathBuf },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("built-in rules {file}: {message}")]
    Rules { file: String, message: String },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// A usage error that fits no class below (no terminal to ask on, `lint -` on a terminal, …).
    #[error("{0}")]
    Usage(String),
    /// A flag's value cannot be used: `--binary api: no binary target by that name`. `value` is `None` when
    /// the message names the flag alone (`--start: the start command is empty`); `why` says what is wrong
    /// and, where it can, what to give instead.
    #[error("{flag}{}: {why}", value.as_ref().map(|v| format!(" {v}")).unwrap_or_default())]
    BadFlag {
        flag: &'static str,
        value: Option<String>,
        why: String,
    },
    /// An answer (a flag or dockgen.toml, read by name) names a `what` (`stack`, `package manager`) the
    /// registry and the rules do not know; `known` lists the ones they do.
    #[error("{what} `{name}` is not one dockgen knows; use one of {known}")]
    UnknownName {
        what: &'static str,
        name: String,
        known: String,
    },
    #[error("{0}")]
    Engine(String),
    /// A container engine could not be started at all.
    #[error("cannot run {program}: {source}")]
    CannotRun {
        program: String,
        source: std::io::Error,
    },
    /// An engine command ran and failed: the command line and what it wrote to stderr.
    #[error("{command}: {stderr}")]
    EngineFailed { command: String, stderr: String },
    #[error("no container engine found: install docker (with BuildKit), podman or buildah (e.g. apt-get install buildah)")]
    NoEngine,
    /// What `verify` does around the engine (a scratch copy of the context, the container's log file)
    /// failed; `doing` completes "cannot …".
    #[error("cannot {doing}: {source}")]
    VerifyIo {
        doing: &'static str,
        source: std::io::Error,
    },
    #[error("{files} file(s) would change; run `dockgen generate` and commit the result")]
    Drift { files: usize },
    #[error("merge conflicts in {list}: your edits and the regenerated lines overlap; resolve the <<<<<<< markers (your text is kept between them) and rerun")]
    Conflicts { list: String },
    #[error("{path}: held by {holder}; wait for that dockgen run to finish, or delete the lock file if no dockgen is running")]
    Locked { path: PathBuf, holder: String },
    #[error("{path}:{line}: still holds conflict markers from a `dockgen generate` that conflicted; keep the lines you want, delete the <<<<<<< ======= >>>>>>> lines and rerun `dockgen generate`")]
    ConflictMarkers { path: PathBuf, line: usize },
    #[error("{path}: no merge base in .dockgen/ (was it committed?); run `dockgen generate --rebuild-base` to take what the current facts render as the base and merge (your file is kept as it is), or rerun with --force to replace it (a backup is kept)")]
    NoBase { path: PathBuf },
    #[error("{path}: {reason}")]
    Stale { path: PathBuf, reason: String },
    #[error("{count} finding(s) at {threshold} or above")]
    Findings { count: usize, threshold: String },
    /// An external tool (a scanner) failed; its exit code is passed through.
    #[error("{tool} exited with code {code}")]
    ToolFailed { tool: String, code: i32 },
    #[error("no vulnerability scanner found on PATH; install one of:\n{hint}")]
    NoScanner { hint: String },
}

impl Error {
    /// The process exit code this error maps to (see README: 1 failure, 2 usage, 3 nothing detected or ambiguous).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::BadFlag { .. } | Error::UnknownName { .. } => 2,
            Error::NothingDetected { .. } | Error::Ambiguous { .. } => 3,
            Error::ToolFailed { code, .. } => *code,
            _ => 1,
        }
    }

    /// A [`Error::BadFlag`] naming the value given: `{flag} {value}: {why}`.
    pub fn bad_flag(flag: &'static str, value: impl Into<String>, why: impl Into<String>) -> Self {
        Error::BadFlag {
            flag,
            value: Some(value.into()),
            why: why.into(),
        }
    }

    /// A manifest error at a parser's 1-based line. Parsers report an error at the end of input one line
    /// past a trailing newline ("{\n" ends "at line 2"); the user is pointed at the last line that exists.
    pub fn manifest_line(
        path: impl Into<PathBuf>,
        text: &str,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        let last = text.lines().count().max(1);
        Error::Manifest {
            path: path.into(),
            line: Some(line.clamp(1, last)),
            message: message.into(),
        }
    }

    /// A manifest error, with the line taken from a parser's byte offset into `text`.
    pub fn manifest_at(
        path: impl Into<PathBuf>,
        text: &str,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        // Counted on bytes (an offset may fall inside a character), and never past the last line: a parser
        // reports an error at the end of input after the final newline.
        let last = text.lines().count().max(1);
        let line = offset.map(|o| {
            let newlines = text.as_bytes()[..o.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            (newlines + 1).min(last)
        });
        Error::Manifest {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

/// ` with one of a, b, c`, or nothing when the list is empty.
fn one_of(known: &[String]) -> String {
    if known.is_empty() {
        String::new()
    } else {
        format!(" with one of {}", known.join(", "))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn line(e: Error) -> Option<usize> {
        match e {
            Error::Manifest { line, .. } => line,
            _ => None,
        }
    }

    #[test]
    fn a_manifest_line_is_never_past_the_last_line_nor_inside_a_character() {
        // Found by the jvm fuzz target: a TOML error at the end of input, after the final newline.
        assert_eq!(line(Error::manifest_at("f", "a\n", Some(2), "m")), Some(1));
        assert_eq!(line(Error::manifest_at("f", "a\nb", Some(2), "m")), Some(2));
        // An offset inside a multi-byte character counts the newlines before it, never panics.
        assert_eq!(line(Error::manifest_at("f", "\né", Some(2), "m")), Some(2));
        assert_eq!(line(Error::manifest_line("f", "a\n", 5, "m")), Some(1));
        assert_eq!(line(Error::manifest_line("f", "", 0, "m")), Some(1));
    }

    #[test]
    fn a_bad_flag_reads_as_the_usage_message_it_replaced_and_exits_2() {
        // The format the `Usage(format!("--binary {want}: …"))` strings had, byte for byte.
        let with_value = Error::bad_flag("--binary", "api", "no binary target by that name");
        assert_eq!(
            with_value.to_string(),
            "--binary api: no binary target by that name"
        );
        assert_eq!(with_value.exit_code(), 2);
        // A value the user left empty still shows its space, as `format!("--engine {e}: …")` did.
        let empty = Error::BadFlag {
            flag: "--engine",
            value: Some(String::new()),
            why: "one of docker, podman, buildah".into(),
        };
        assert_eq!(
            empty.to_string(),
            "--engine : one of docker, podman, buildah"
        );
        let bare = Error::BadFlag {
            flag: "--start",
            value: None,
            why: "the start command is empty".into(),
        };
        assert_eq!(bare.to_string(), "--start: the start command is empty");
    }

    #[test]
    fn an_unknown_name_reads_as_the_usage_message_it_replaced_and_exits_2() {
        let e = Error::UnknownName {
            what: "package manager",
            name: "npn".into(),
            known: "npm, pnpm".into(),
        };
        assert_eq!(
            e.to_string(),
            "package manager `npn` is not one dockgen knows; use one of npm, pnpm"
        );
        assert_eq!(e.exit_code(), 2);
    }
}
