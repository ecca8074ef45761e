//! The cache check: rebuild after a source-only edit (in a scratch copy of the context) and read from the
//! engine's log which steps were served from cache. The dependency-install steps — every RUN that comes
//! before a stage's `COPY . .` of the whole context, or before the COPY of the folder holding the edited
//! file (an Elixir build copies `lib` and `priv`, not the whole context) — must be.

use super::engine::Engine;
use super::Options;
use crate::error::{Error, Result};
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct CacheReport {
    pub changed_file: String,
    pub rebuild_seconds: f64,
    pub steps: Vec<StepCache>,
    pub ok: bool,
    pub verdict: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepCache {
    pub step: String,
    pub cached: bool,
    pub dependency_install: bool,
}

/// Every stack's source-file endings and their comment markers (`source_comments` in its rules).
fn source_extensions() -> Vec<(String, String)> {
    crate::stacks::rules()
        .map(|r| {
            r.stacks
                .iter()
                .flat_map(|s| s.source_comments.iter())
                .map(|(e, m)| (e.clone(), m.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Rebuild after a source-only edit and report which steps the cache served (see the header).
pub(super) fn check(engine: &Engine, opts: &Options, tag: &str) -> Result<CacheReport> {
    let text = std::fs::read_to_string(&opts.dockerfile).unwrap_or_default();
    if dependency_installs(&text, None).is_empty() {
        // Nothing is installed, so there is no dependency layer to keep (a plain static site).
        return Ok(CacheReport {
            changed_file: String::new(),
            rebuild_seconds: 0.0,
            steps: Vec::new(),
            ok: true,
            verdict: "no dependency-install step in this Dockerfile".into(),
        });
    }
    let rebuilt = rebuild_after_edit(engine, opts, tag)?;
    // Only now is it known which COPY brings the edited file in.
    let installs = dependency_installs(&text, Some(&rebuilt.changed_file));
    let mut steps = parse_steps(&rebuilt.log, engine.kind);
    for s in &mut steps {
        s.dependency_install = installs
            .iter()
            .any(|i| normalise(&s.step).contains(i.as_str()));
    }
    let (ok, verdict) = verdict(&installs, &steps);
    Ok(CacheReport {
        changed_file: rebuilt.changed_file,
        rebuild_seconds: rebuilt.seconds,
        steps,
        ok,
        verdict,
    })
}

/// A rebuild of a scratch copy of the context with one source file edited.
struct Rebuilt {
    /// The edited file, relative to the context.
    changed_file: String,
    /// The engine's output.
    log: String,
    seconds: f64,
}

/// Copy the context to a scratch folder, edit one source file there and build it again (the image is
/// removed afterwards: only the log matters).
fn rebuild_after_edit(engine: &Engine, opts: &Options, tag: &str) -> Result<Rebuilt> {
    let scratch = tempfile::tempdir().map_err(|e| Error::VerifyIo {
        doing: "make a scratch folder",
        source: e,
    })?;
    let ctx = scratch.path().join("context");
    super::copy_context(&opts.dir, &ctx).map_err(|e| Error::VerifyIo {
        doing: "copy the context",
        source: e,
    })?;
    // For a workspace app, a file of another member: the edit its layers must survive.
    let text = std::fs::read_to_string(&opts.dockerfile).unwrap_or_default();
    let other = other_member(&opts.dir, &opts.dockerfile, &text);
    let changed_file = edit_one_source(&ctx, other.as_ref())?;
    let dockerfile = match opts.dockerfile.strip_prefix(&opts.dir) {
        Ok(rel) => ctx.join(rel),
        Err(_) => opts.dockerfile.clone(),
    };
    let started = Instant::now();
    let built = engine.build(
        &ctx,
        &dockerfile,
        &format!("{tag}-cachecheck"),
        &opts.secrets,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    engine.remove_image(&format!("{tag}-cachecheck"));
    if !built.ok {
        return Err(Error::Engine(
            "the rebuild after a source edit failed".into(),
        ));
    }
    Ok(Rebuilt {
        changed_file,
        log: built.log,
        seconds,
    })
}

/// Whether every dependency-install step of the rebuild was served from cache, and the sentence saying so.
fn verdict(installs: &[String], steps: &[StepCache]) -> (bool, String) {
    let missed: Vec<&StepCache> = steps
        .iter()
        .filter(|s| s.dependency_install && !s.cached)
        .collect();
    let found = steps.iter().filter(|s| s.dependency_install).count();
    if installs.is_empty() {
        (
            true,
            "no dependency-install step in this Dockerfile".to_string(),
        )
    } else if found == 0 {
        (
            false,
            "the dependency-install steps were not found in the build log".to_string(),
        )
    } else if missed.is_empty() {
        (
            true,
            format!("{found} dependency-install step(s) served from cache"),
        )
    } else {
        (
            false,
            format!(
                "rebuilt: {}",
                missed
                    .iter()
                    .map(|s| s.step.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    }
}

/// For an app built from a workspace root (its Dockerfile in a sub-folder of the context): what tells a
/// file of another member — outside the app's folder, copied by none of its Dockerfile's COPYs. Editing
/// one is the change a workspace app's layers must survive whole (issue 15: another app's source edit
/// leaves this app's dependency layer cached).
struct OtherMember {
    app: String,
    copied: Vec<String>,
}

impl OtherMember {
    fn holds(&self, rel: &str) -> bool {
        let under = |dir: &str| rel == dir || rel.starts_with(&format!("{dir}/"));
        !under(&self.app) && !self.copied.iter().any(|c| under(c))
    }
}

fn other_member(
    dir: &std::path::Path,
    path: &std::path::Path,
    dockerfile: &str,
) -> Option<OtherMember> {
    // `--dockerfile orders/Dockerfile` with the folder `.`: compared as the paths they name.
    let real = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (dir, path) = (real(dir), real(path));
    let rel = path.strip_prefix(&dir).ok()?.parent()?;
    let app = rel.to_string_lossy().replace('\\', "/");
    if app.is_empty() {
        return None;
    }
    let copied = dockerfile
        .replace("\\\n", " ")
        .lines()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("COPY "))
        .filter(|l| !l.contains("--from"))
        .flat_map(|l| {
            let words: Vec<String> = l
                .split_whitespace()
                .skip(1)
                .filter(|w| !w.starts_with("--"))
                .map(|w| w.trim_start_matches("./").trim_end_matches('/').to_string())
                .collect();
            words[..words.len().saturating_sub(1)].to_vec()
        })
        .collect();
    Some(OtherMember { app, copied })
}

/// Append a comment to the first source file found (sorted, shallowest first; for a workspace app, a file
/// of another member first), so its content changes.
fn edit_one_source(ctx: &std::path::Path, other: Option<&OtherMember>) -> Result<String> {
    let exts = source_extensions();
    let mut files: Vec<std::path::PathBuf> = ignore::WalkBuilder::new(ctx)
        .standard_filters(false)
        .max_depth(Some(4))
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            p.is_file()
                && exts
                    .iter()
                    .any(|(ext, _)| p.to_string_lossy().ends_with(ext))
        })
        .collect();
    let rel = |p: &std::path::Path| {
        p.strip_prefix(ctx)
            .map(|r| r.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    files.sort_by_key(|p| {
        let elsewhere = other.is_some_and(|o| o.holds(&rel(p)));
        (!elsewhere, p.components().count(), p.clone())
    });
    let file = files
        .first()
        .ok_or_else(|| Error::Engine("no source file to edit for the cache check".into()))?;
    let name = file.to_string_lossy().into_owned();
    let marker = exts
        .iter()
        .find(|(ext, _)| name.ends_with(ext.as_str()))
        .map_or("#", |(_, m)| m.as_str());
    let mut text =
        std::fs::read_to_string(file).map_err(|e| Error::Engine(format!("{name}: {e}")))?;
    let close = match marker {
        "<!--" => " -->",
        "/*" => " */",
        _ => "",
    };
    text.push_str(&format!(
        "\n{marker} dockgen verify: source-only change{close}\n"
    ));
    std::fs::write(file, text).map_err(|e| Error::Engine(format!("{name}: {e}")))?;
    Ok(file
        .strip_prefix(ctx)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or(name))
}

/// Collapse continuations and whitespace so a Dockerfile instruction and the engine's echo of it compare.
fn normalise(s: &str) -> String {
    s.replace("\\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The commands of dependency-install steps: the RUNs before the stage copies the whole source (with or
/// without a cache mount: Deno's install keeps its cache in the layer).
pub fn dependency_installs(dockerfile: &str, edited: Option<&str>) -> Vec<String> {
    let joined = dockerfile.replace("\\\n", " ");
    let mut out = Vec::new();
    let mut copied_source = false;
    let edited = edited.map(|e| e.trim_start_matches("./"));
    // A source word that brings in the edited file: the file itself or a folder holding it.
    let covers = |src: &str| {
        let src = src.trim_start_matches("./").trim_end_matches('/');
        edited.is_some_and(|e| e == src || e.starts_with(&format!("{src}/")))
    };
    for line in joined.lines().map(str::trim) {
        let upper = line.to_ascii_uppercase();
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        let from_stage = words.iter().any(|w| w.starts_with("--from"));
        let sources: Vec<&str> = words
            .iter()
            .filter(|w| !w.starts_with("--"))
            .copied()
            .collect();
        let sources = &sources[..sources.len().saturating_sub(1)];
        if upper.starts_with("FROM ") {
            copied_source = false;
        } else if upper.starts_with("COPY ")
            && !from_stage
            && (sources.first() == Some(&".") || sources.iter().any(|s| covers(s)))
        {
            copied_source = true;
        } else if upper.starts_with("RUN ") && !copied_source {
            let cmd: Vec<&str> = line
                .split_whitespace()
                .skip(1)
                .filter(|w| !w.starts_with("--mount="))
                .collect();
            out.push(cmd.join(" "));
        }
    }
    out
}

/// Steps and whether each came from cache, from buildah/podman (`STEP n/m: …`, `--> Using cache`) or
/// BuildKit plain progress (`#n [stage k/m] …`, `#n CACHED`).
fn parse_steps(log: &str, kind: super::EngineKind) -> Vec<StepCache> {
    let mut steps: Vec<StepCache> = Vec::new();
    if kind == super::EngineKind::Docker {
        let mut ids: Vec<(String, usize)> = Vec::new();
        for line in log.lines() {
            let Some(rest) = line.strip_prefix('#') else {
                continue;
            };
            let (id, text) = rest.split_once(' ').unwrap_or((rest, ""));
            if text.starts_with('[') && text.contains("] ") {
                let step = text.split_once("] ").map(|(_, s)| s).unwrap_or(text);
                ids.push((id.to_string(), steps.len()));
                steps.push(StepCache {
                    step: step.to_string(),
                    cached: false,
                    dependency_install: false,
                });
            } else if text.trim() == "CACHED" {
                if let Some((_, i)) = ids.iter().rev().find(|(i, _)| i == id) {
                    steps[*i].cached = true;
                }
            }
        }
        return steps;
    }
    for line in log.lines() {
        // Multi-stage builds prefix the stage: `[1/2] STEP 3/4: …`.
        let line = match line.strip_prefix('[').and_then(|l| l.split_once("] ")) {
            Some((_, rest)) => rest,
            None => line,
        };
        if let Some(rest) = line.strip_prefix("STEP ") {
            let step = rest.split_once(": ").map(|(_, s)| s).unwrap_or(rest);
            // FROM is where a stage starts, not a step that can come from cache.
            if step.starts_with("FROM ") {
                steps.push(StepCache {
                    step: step.to_string(),
                    cached: true,
                    dependency_install: false,
                });
                continue;
            }
            steps.push(StepCache {
                step: step.to_string(),
                cached: false,
                dependency_install: false,
            });
        } else if line.starts_with("--> Using cache") {
            if let Some(last) = steps.last_mut() {
                last.cached = true;
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_install_steps_before_source_copy() {
        let df = "FROM a AS deps\nCOPY package.json ./\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci\nFROM a AS build\nCOPY deno.json ./\nRUN deno install\nCOPY . .\nRUN --mount=type=cache,target=/x go build\n";
        assert_eq!(
            dependency_installs(df, None),
            vec!["npm ci", "deno install"]
        );
        assert_eq!(
            dependency_installs(df, Some("src/main.ts")),
            vec!["npm ci", "deno install"]
        );
        // An Elixir build copies the code folder by folder: the installs are the RUNs before the COPY
        // that brings the edited module in.
        let ex = "FROM elixir AS build\nRUN mix local.hex --force\nCOPY mix.exs mix.lock ./\nRUN mix deps.get --only prod\nCOPY config/config.exs config/\nRUN mix deps.compile\nCOPY priv priv\nCOPY lib lib\nRUN mix compile\nRUN mix release\nFROM debian\nCOPY --from=build /app/_build/prod/rel/x ./\n";
        assert_eq!(
            dependency_installs(ex, Some("lib/x.ex")),
            vec![
                "mix local.hex --force",
                "mix deps.get --only prod",
                "mix deps.compile"
            ]
        );
    }

    #[test]
    fn a_workspace_app_edits_a_file_of_another_member() {
        let df = "FROM n AS deps\nCOPY package.json ./\nCOPY libs/format/package.json ./libs/format/\nRUN npm ci\nFROM r\nCOPY --from=deps /app ./\nCOPY libs/format ./libs/format\nCOPY services/api ./services/api\n";
        let dir = std::path::Path::new("/w");
        let other = other_member(dir, &dir.join("services/api/Dockerfile"), df).unwrap();
        assert!(other.holds("services/admin/index.js"));
        assert!(!other.holds("services/api/index.js"), "the app's own file");
        assert!(
            !other.holds("libs/format/index.js"),
            "a package the app copies"
        );
        assert!(
            other_member(dir, &dir.join("Dockerfile"), df).is_none(),
            "a lone app"
        );
    }

    #[test]
    fn parses_buildah_log() {
        let log = "[1/2] STEP 1/4: FROM node\n[1/2] STEP 2/4: COPY package.json ./\n--> Using cache abc\n[1/2] STEP 3/4: RUN --mount=type=cache,target=/root/.npm npm ci\n--> Using cache def\nSTEP 4/4: COPY . .\n--> 123\n";
        let steps = parse_steps(log, crate::verify::EngineKind::Buildah);
        assert_eq!(
            steps.iter().map(|s| s.cached).collect::<Vec<_>>(),
            vec![true, true, true, false]
        );
    }
}
