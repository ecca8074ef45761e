//! Plan: the typed build the templates render — stages, images, cache mounts, commands, user, port —
//! made from facts and rules by a pure function. This is the vocabulary every stack's planner (in
//! `stacks/<stack>/plan.rs`) writes in; it names no stack.

pub mod adjust;
mod ignore;
pub(crate) mod runtime_image;
mod stage_name;
mod steps;
mod summary;

pub use ignore::{ignore_blocks, keep_build_config, secret_patterns};
pub use stage_name::{CopyFrom, StageName};
pub use steps::*;
pub use summary::Summary;

use crate::facts::Facts;
use crate::rules::UserRule;
use serde::Serialize;

/// Everything needed to write one app's Dockerfile and .dockerignore.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub facts: Facts,
    pub images: Images,
    pub user: UserRule,
    pub stages: Vec<Stage>,
    pub ignore: Vec<IgnoreBlock>,
    /// Things to tell the user, rendered as comments at the top of the Dockerfile.
    pub notes: Vec<String>,
    /// `(id, file)` of the BuildKit secrets the build expects: `docker build --secret id=…,src=…`.
    pub secrets: Vec<(String, String)>,
    /// The stages that run on the build machine's platform (`FROM --platform=$BUILDPLATFORM`).
    pub cross_stages: Vec<StageName>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Images {
    /// `None` when nothing is built (a plain HTML site: one stage).
    pub build: Option<String>,
    pub runtime: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// `None` for the final stage.
    pub name: Option<StageName>,
    pub image: String,
    /// One line saying why the stage exists.
    pub comment: String,
    pub steps: Vec<Step>,
}

/// One instruction, with the one-line reason that heads its block (`None` continues the block above).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub comment: Option<String>,
    #[serde(flatten)]
    pub instr: Instr,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Instr {
    Workdir {
        path: String,
    },
    Env {
        vars: Vec<(String, String)>,
    },
    Copy {
        from: Option<CopyFrom>,
        src: Vec<String>,
        dest: String,
        chown: Option<String>,
    },
    /// A file written from the plan by a RUN, each line single-quoted (no variable expansion in its text).
    File {
        path: String,
        text: String,
    },
    Run {
        commands: Vec<String>,
        caches: Vec<CacheMount>,
        /// `(id, target)` of BuildKit secrets mounted for this command only.
        secrets: Vec<(String, String)>,
        /// hadolint rules this RUN knowingly departs from (rendered as `# hadolint ignore=…` above it),
        /// e.g. DL3008 for Debian packages that cannot be pinned across the image's point releases.
        hadolint_ignore: Vec<String>,
    },
    /// `RUN ["…"]`: a command in exec form, for a stage without a shell (distroless).
    RunExec {
        argv: Vec<String>,
    },
    User {
        uid: u32,
        gid: u32,
    },
    Expose {
        port: u16,
    },
    /// `ARG name`: a build argument (BuildKit's platform ARGs) made visible to the stage.
    Arg {
        name: String,
    },
    /// Exec form only. `entrypoint` when the base's own entrypoint must be replaced or the app is a binary.
    Start {
        entrypoint: bool,
        argv: Vec<String>,
    },
}

/// A BuildKit cache mount. `locked` mounts it `sharing=locked`, so that RUNs of stages BuildKit runs in
/// parallel take turns: for tools that fail on a cache another process holds (apt's lock on its package
/// lists) or corrupt it (yarn classic), rather than wait for it as npm, pip, go and cargo do.
#[derive(Debug, Clone, Serialize)]
pub struct CacheMount {
    pub target: String,
    pub locked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IgnoreBlock {
    pub comment: String,
    pub patterns: Vec<String>,
}

impl Stage {
    /// The build stage, named `build`, on the toolchain image.
    pub fn build(base: &Base, comment: &str, steps: Vec<Step>) -> Stage {
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: comment.into(),
            steps,
        }
    }

    /// The final, unnamed stage on the runtime image.
    pub fn runtime(base: &Base, comment: &str, steps: Vec<Step>) -> Stage {
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: comment.into(),
            steps,
        }
    }
}

impl Step {
    pub fn new(comment: &str, instr: Instr) -> Step {
        Step {
            comment: Some(comment.to_string()),
            instr,
        }
    }

    pub fn then(instr: Instr) -> Step {
        Step {
            comment: None,
            instr,
        }
    }
}

/// The images and user a stack planner builds on.
#[derive(Debug, Clone)]
pub struct Base {
    pub build: String,
    pub runtime: String,
    pub user: UserRule,
    pub create_user: bool,
    /// Where the runtime image keeps the interpreter when it is not on PATH (distroless node).
    pub runtime_binary: Option<String>,
    /// The catalogue row of the runtime base (its config file, served root and start, for static servers).
    pub server: crate::rules::ImageRule,
    pub version: String,
    /// The runtime is musl (Alpine): users come from busybox's addgroup and adduser.
    pub musl: bool,
    /// How the build stages compile for the image's platform from the build machine's, when the stack
    /// cross-compiles this app (see [`crate::rules::CrossRule`]); `None` builds on the image's platform.
    pub cross: Option<crate::rules::CrossRule>,
}

impl Base {
    /// The steps that give a runtime image without a suitable user one (numeric, no login, no home).
    pub fn user_steps(&self) -> Vec<Step> {
        if !self.create_user {
            return Vec::new();
        }
        let (uid, gid) = (self.user.uid, self.user.gid);
        if self.musl {
            return vec![Step::new(
                "A dedicated system user and group with fixed ids (busybox's tools: the base is musl)",
                run(
                    &[
                        &format!("addgroup -S -g {gid} app"),
                        &format!("adduser -S -D -u {uid} -G app -h /home/app -s /sbin/nologin app"),
                    ],
                    &[],
                ),
            )];
        }
        vec![Step::new(
            "A dedicated system user and group with fixed ids, and a home the app may write to",
            run(
                &[
                    &format!("groupadd --system --gid {gid} app"),
                    &format!("useradd --system --no-log-init --uid {uid} --gid {gid} --create-home --home-dir /home/app --shell /usr/sbin/nologin app"),
                ],
                &[],
            ),
        )]
    }
}
