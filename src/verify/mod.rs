//! Verify: build a project's Dockerfile with a real engine, start the image, and report what is true of
//! it — build time, size above its base, the user it runs as, whether it answers, and (with `cache`)
//! which steps a source-only rebuild served from cache.

mod cache;
mod engine;
mod http;
mod proc;

pub use engine::{Engine, EngineKind};

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to verify and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    pub dockerfile: PathBuf,
    pub engine: Option<EngineKind>,
    pub path: String,
    pub status: u16,
    pub body: Option<String>,
    pub cache: bool,
    /// Start the image and check its answer (off: build, size, user and cache only).
    pub run: bool,
    pub timeout: Duration,
    /// Image tag to build; derived from the folder name when `None`.
    pub tag: Option<String>,
    /// BuildKit secrets `(id, file)` the build mounts (an `.npmrc` with a registry token, say).
    pub secrets: Vec<(String, PathBuf)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub engine: String,
    pub image: String,
    pub build: Build,
    pub size: Option<Sizes>,
    pub user: Option<UserCheck>,
    pub answer: Option<Answer>,
    pub cache: Option<cache::CacheReport>,
    pub ok: bool,
    /// Why the report is not ok, one reason per failed check.
    pub failures: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Build {
    pub ok: bool,
    pub seconds: f64,
    /// The end of the engine's output when the build failed.
    pub log_tail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    pub image_bytes: u64,
    pub base_image: String,
    pub base_bytes: u64,
    pub above_base_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserCheck {
    /// USER as configured in the image.
    pub configured: String,
    pub uid: Option<u32>,
    /// The uid the running process actually has, where the engine lets us see it.
    pub observed_uid: Option<u32>,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Answer {
    Http {
        port: u16,
        path: String,
        status: Option<u16>,
        expected_status: u16,
        body_excerpt: String,
        ok: bool,
    },
    Exit {
        code: Option<i32>,
        output: String,
        ok: bool,
    },
}

/// Report progress of the long steps (build, start, rebuild) to a person.
pub trait Progress {
    fn step(&mut self, what: &str);
    fn done(&mut self, what: &str, seconds: f64);
    /// A step that ended in failure; by default as quiet as `done`.
    fn failed(&mut self, what: &str, seconds: f64) {
        let _ = (what, seconds);
    }
}

/// Progress that says nothing (for --json and tests).
pub struct Quiet;

impl Progress for Quiet {
    fn step(&mut self, _: &str) {}
    fn done(&mut self, _: &str, _: f64) {}
}

pub fn verify(opts: &Options, progress: &mut dyn Progress) -> Result<Report> {
    if !opts.dockerfile.is_file() {
        return Err(Error::Usage(format!(
            "{}: no Dockerfile; write one with `dockgen init`",
            opts.dockerfile.display()
        )));
    }
    let engine = Engine::detect(opts.engine)?;
    let tag = opts.tag.clone().unwrap_or_else(|| {
        format!(
            "localhost/dockgen-verify-{}",
            crate::naming::image_name(&opts.dir)
        )
    });
    let mut failures = Vec::new();

    progress.step(&format!("building with {}", engine.kind.name()));
    let started = Instant::now();
    let first = engine.build(&opts.dir, &opts.dockerfile, &tag, &opts.secrets)?;
    let seconds = started.elapsed().as_secs_f64();
    if !first.ok {
        progress.failed("build", seconds);
        return Ok(failed_build(&engine, tag, seconds, &first.log));
    }

    progress.done("build", seconds);
    let mut config = engine.config(&tag)?;
    let text = std::fs::read_to_string(&opts.dockerfile).unwrap_or_default();
    // A base image may expose ports of its own (nginx: 80); the port the Dockerfile declares is the app's.
    if let Some(port) = final_expose(&text) {
        config.port = Some(port);
    }
    let size = sizes(&engine, &tag, final_base(&text));

    let uid = engine::resolve_uid(&config.user);
    let mut user = UserCheck {
        configured: config.user.clone(),
        uid,
        observed_uid: None,
        ok: uid.is_some_and(|u| u != 0),
    };

    let answer = if opts.run {
        Some(answer(&engine, opts, &config, &tag, &mut user, progress)?)
    } else {
        None
    };
    if let Some(observed) = user.observed_uid {
        user.ok &= observed != 0;
    }
    if !user.ok {
        failures.push(format!("the image runs as root (USER {:?})", config.user));
    }
    let answer_ok = match &answer {
        Some(Answer::Http { ok, .. } | Answer::Exit { ok, .. }) => *ok,
        None => true,
    };
    if !answer_ok {
        failures.push("the app did not answer as expected".into());
    }

    let cache = if opts.cache {
        Some(rebuild(&engine, opts, &tag, progress, &mut failures)?)
    } else {
        None
    };
    Ok(Report {
        engine: engine.kind.name().into(),
        image: tag,
        build: Build {
            ok: true,
            seconds,
            log_tail: None,
        },
        size,
        user: Some(user),
        answer,
        cache,
        ok: failures.is_empty(),
        failures,
    })
}

/// The report of a build that failed: the end of the engine's output and nothing else checked.
fn failed_build(engine: &Engine, tag: String, seconds: f64, log: &str) -> Report {
    let tail: Vec<&str> = log.lines().rev().take(30).collect();
    let log_tail = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
    Report {
        engine: engine.kind.name().into(),
        image: tag,
        build: Build {
            ok: false,
            seconds,
            log_tail: Some(log_tail),
        },
        size: None,
        user: None,
        answer: None,
        cache: None,
        ok: false,
        failures: vec!["the build failed".into()],
    }
}

/// The image's size and what it adds to the base its final stage starts from, when the engine knows both.
fn sizes(engine: &Engine, tag: &str, base: Option<String>) -> Option<Sizes> {
    let base = base?;
    let image_bytes = engine.size(tag).ok()?;
    engine.size(&base).ok().map(|base_bytes| Sizes {
        image_bytes,
        base_image: base,
        base_bytes,
        above_base_bytes: image_bytes.saturating_sub(base_bytes),
    })
}

/// Start the image and check its answer, telling `progress` how long that took.
fn answer(
    engine: &Engine,
    opts: &Options,
    config: &engine::ImageConfig,
    tag: &str,
    user: &mut UserCheck,
    progress: &mut dyn Progress,
) -> Result<Answer> {
    progress.step("starting the image");
    let started = Instant::now();
    let answer = start_and_check(engine, opts, config, tag, user)?;
    let answered = matches!(
        answer,
        Answer::Http { ok: true, .. } | Answer::Exit { ok: true, .. }
    );
    let seconds = started.elapsed().as_secs_f64();
    if answered {
        progress.done("start and check", seconds);
    } else {
        progress.failed("start and check", seconds);
    }
    Ok(answer)
}

/// Rebuild after a source-only change and report which steps the cache served; a reinstall of the
/// dependencies is a failure.
fn rebuild(
    engine: &Engine,
    opts: &Options,
    tag: &str,
    progress: &mut dyn Progress,
    failures: &mut Vec<String>,
) -> Result<cache::CacheReport> {
    progress.step("rebuilding after a source-only change");
    let report = cache::check(engine, opts, tag)?;
    if report.ok {
        progress.done("rebuild", report.rebuild_seconds);
    } else {
        progress.failed("rebuild", report.rebuild_seconds);
        failures.push(format!(
            "a source-only change reinstalled dependencies: {}",
            report.verdict
        ));
    }
    Ok(report)
}

/// The image the last stage starts FROM (a stage name is not an image).
pub fn final_base(dockerfile: &str) -> Option<String> {
    // (stage name, the image it starts from); a final stage built on a stage (`FROM base`) is measured
    // against the image that stage chain starts from.
    let mut stages: Vec<(String, String)> = Vec::new();
    let mut last = None;
    for line in dockerfile.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("FROM"))
        {
            let image = words
                .iter()
                .skip(1)
                .find(|w| !w.starts_with("--"))
                .map(|s| s.to_string())?;
            let image = stages
                .iter()
                .find(|(name, _)| *name == image)
                .map_or(image, |(_, root)| root.clone());
            if let Some(i) = words.iter().position(|w| w.eq_ignore_ascii_case("AS")) {
                stages.extend(words.get(i + 1).map(|s| (s.to_string(), image.clone())));
            }
            last = Some(image);
        }
    }
    last
}

/// The first port the last stage EXPOSEs.
pub fn final_expose(dockerfile: &str) -> Option<u16> {
    let last = dockerfile.rsplit("\nFROM ").next()?;
    last.lines()
        .filter_map(|l| l.trim().strip_prefix("EXPOSE "))
        .find_map(|p| p.split_whitespace().next()?.split('/').next()?.parse().ok())
}

/// Copy a build context, leaving out what a .dockerignore would (dependency and VCS folders).
pub(crate) fn copy_context(from: &Path, to: &Path) -> std::io::Result<()> {
    const SKIP: &[&str] = &[
        ".git",
        "node_modules",
        "target",
        ".venv",
        "__pycache__",
        ".next",
        "dist",
    ];
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if SKIP.iter().any(|s| name == *s) {
            continue;
        }
        let kind = entry.file_type()?;
        let dest = to.join(&name);
        if kind.is_dir() {
            copy_context(&entry.path(), &dest)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

/// Start the image and check that it answers: over HTTP when it exposes a port, else by its exit.
fn start_and_check(
    engine: &Engine,
    opts: &Options,
    config: &engine::ImageConfig,
    tag: &str,
    user: &mut UserCheck,
) -> Result<Answer> {
    let answer = match config.port {
        Some(port) => {
            let mut running = engine.start(tag, config)?;
            let result = http::probe(port, &opts.path, opts.timeout, || running.exited());
            user.observed_uid = running.observed_uid(port);
            let output = running.stop();
            match result {
                Ok(resp) => {
                    let status_ok = resp.status == opts.status;
                    let body_ok = opts.body.as_deref().is_none_or(|b| resp.body.contains(b));
                    Answer::Http {
                        port,
                        path: opts.path.clone(),
                        status: Some(resp.status),
                        expected_status: opts.status,
                        body_excerpt: resp.body.chars().take(200).collect(),
                        ok: status_ok && body_ok,
                    }
                }
                Err(why) => Answer::Http {
                    port,
                    path: opts.path.clone(),
                    status: None,
                    expected_status: opts.status,
                    body_excerpt: format!(
                        "{why}; output: {}",
                        output
                            .chars()
                            .rev()
                            .take(400)
                            .collect::<String>()
                            .chars()
                            .rev()
                            .collect::<String>()
                    ),
                    ok: false,
                },
            }
        }
        None => {
            let (code, output) = engine.run_to_end(tag, config, opts.timeout)?;
            let body_ok = opts.body.as_deref().is_none_or(|b| output.contains(b));
            Answer::Exit {
                code,
                output: output.chars().take(2000).collect(),
                ok: code == Some(0) && body_ok,
            }
        }
    };
    Ok(answer)
}

#[cfg(test)]
mod final_base_tests {
    use super::final_base;

    #[test]
    fn the_final_stage_is_measured_against_the_image_its_stage_chain_starts_from() {
        let df = "FROM php:8.4-apache-trixie AS base\nRUN true\nFROM base AS build\nFROM node:24 AS assets\nFROM base\n";
        assert_eq!(final_base(df).as_deref(), Some("php:8.4-apache-trixie"));
        let df = "FROM golang:1.24 AS build\nFROM gcr.io/distroless/static-debian13:nonroot\n";
        assert_eq!(
            final_base(df).as_deref(),
            Some("gcr.io/distroless/static-debian13:nonroot")
        );
    }
}
