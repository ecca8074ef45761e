//! Plan: the typed build the templates render — stages, images, cache mounts, commands, user, port —
//! made from facts and rules by a pure function. Each stack's planner lives in a file of its own.

mod deno;
mod dotnet;
mod elixir;
mod go;
mod java;
mod node;
mod php;
mod python;
mod ruby;
mod runtime_image;
mod rust;
mod static_site;

use crate::error::{Error, Result};
use crate::facts::{Detail, Facts};
use crate::rules::{Rules, UserRule};
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
    pub name: Option<String>,
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
        from: Option<String>,
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
        caches: Vec<String>,
        /// `(id, target)` of BuildKit secrets mounted for this command only.
        secrets: Vec<(String, String)>,
        /// hadolint rules this RUN knowingly departs from (rendered as `# hadolint ignore=…` above it),
        /// e.g. DL3008 for Debian packages that cannot be pinned across the image's point releases.
        hadolint_ignore: Vec<String>,
    },
    User {
        uid: u32,
        gid: u32,
    },
    Expose {
        port: u16,
    },
    /// Exec form only. `entrypoint` when the base's own entrypoint must be replaced or the app is a binary.
    Start {
        entrypoint: bool,
        argv: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct IgnoreBlock {
    pub comment: String,
    pub patterns: Vec<String>,
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

/// The plan's facts as `dockgen plan --json` shows one app (schema_version 1).
pub fn summary(plan: &Plan) -> serde_json::Value {
    let f = &plan.facts;
    serde_json::json!({
        "path": f.path,
        "language": f.language,
        "package_manager": f.package_manager,
        "framework": f.framework,
        "toolchain": f.toolchain,
        "build": f.build,
        "start": f.start,
        "port": f.port,
        "images": plan.images,
        "user": plan.user,
        "evidence": f.evidence,
        "warnings": f.warnings,
        "ambiguities": f.ambiguities,
    })
}

/// Shorthands the stack planners share.
pub(crate) fn workdir(path: &str) -> Instr {
    Instr::Workdir { path: path.into() }
}

pub(crate) fn run(commands: &[&str], caches: &[&str]) -> Instr {
    Instr::Run {
        commands: commands.iter().map(|c| c.to_string()).collect(),
        caches: caches.iter().map(|c| c.to_string()).collect(),
        secrets: Vec::new(),
        hadolint_ignore: Vec::new(),
    }
}

/// Manifests copied to where they sit in the project (a module's build file into its module), one COPY
/// per destination folder; an entry ending in `/` is a folder, copied as itself. The first COPY carries
/// `why`.
pub(crate) fn copy_in_place(manifests: &[String], why: &str) -> Vec<Step> {
    let mut by_dir: Vec<(String, Vec<String>, bool)> = Vec::new();
    for m in manifests {
        let folder = m.ends_with('/');
        let dir = if folder {
            m.clone()
        } else {
            m.rsplit_once('/')
                .map_or("./".to_string(), |(dir, _)| format!("{dir}/"))
        };
        match by_dir
            .iter_mut()
            .find(|(d, _, f)| *d == dir && !f && !folder)
        {
            Some((_, files, _)) => files.push(m.clone()),
            None => by_dir.push((dir, vec![m.clone()], folder)),
        }
    }
    by_dir
        .iter()
        .enumerate()
        .map(|(i, (dir, files, _))| {
            let instr = copy(None, files, dir, None);
            if i == 0 {
                Step::new(why, instr)
            } else {
                Step::then(instr)
            }
        })
        .collect()
}

/// apt's caches, mounted so package lists and downloads never land in a layer.
pub(crate) const APT_CACHES: &[&str] = &["/var/cache/apt", "/var/lib/apt"];

/// A RUN that installs Debian packages the way the lint rules want apt done (`commands` hold the
/// `apt-get install --no-install-recommends`, and whatever must share its layer, such as building against
/// -dev packages and purging them). The package lists and downloads are on cache mounts, so no layer keeps
/// them and a rebuild downloads nothing, and Debian images' docker-clean hook is turned off so the
/// downloads stay in that cache. Versions are not pinned (hadolint DL3008): Debian keeps only the current
/// version of a package in a stable release, so a pin breaks the build at the next security update; the
/// base image's tag already fixes the release.
pub(crate) fn apt_run(commands: &[&str]) -> Instr {
    let mut all = vec![
        "rm -f /etc/apt/apt.conf.d/docker-clean",
        "echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache",
        "apt-get update",
    ];
    all.extend(commands.iter().copied().filter(|c| *c != "apt-get update"));
    let mut instr = run(&all, APT_CACHES);
    if let Instr::Run {
        hadolint_ignore, ..
    } = &mut instr
    {
        hadolint_ignore.push("DL3008".into());
    }
    instr
}

/// `apt-get install` of `packages` as one step headed by `why` (see [`apt_run`]).
pub(crate) fn apt_install(why: &str, packages: &[String]) -> Step {
    Step::new(
        why,
        apt_run(&[&format!(
            "apt-get install -y --no-install-recommends {}",
            packages.join(" ")
        )]),
    )
}

pub(crate) fn copy(
    from: Option<&str>,
    src: &[String],
    dest: &str,
    chown: Option<UserRule>,
) -> Instr {
    Instr::Copy {
        from: from.map(str::to_string),
        src: src.to_vec(),
        dest: dest.into(),
        chown: chown.map(|u| format!("{}:{}", u.uid, u.gid)),
    }
}

pub(crate) fn env(vars: &[(&str, String)]) -> Instr {
    Instr::Env {
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

/// `ENV PORT=…` for a server that reads its port from the environment, when there is a port.
pub(crate) fn port_env(facts: &Facts) -> Option<Step> {
    facts.port.map(|port| {
        Step::new(
            "The port the server reads, stated for the platform too",
            env(&[("PORT", port.to_string())]),
        )
    })
}

/// The closing steps every final stage shares: drop privileges, declare the port, start in exec form.
pub(crate) fn finish(
    steps: &mut Vec<Step>,
    user: UserRule,
    port: Option<u16>,
    entrypoint: bool,
    argv: Vec<String>,
) {
    steps.push(Step::new(
        "Run as an unprivileged numeric user so no step of the app runs as root",
        Instr::User {
            uid: user.uid,
            gid: user.gid,
        },
    ));
    if let Some(port) = port {
        steps.push(Step::new(
            "The port the app listens on, on all interfaces",
            Instr::Expose { port },
        ));
    }
    steps.push(Step::new(
        "Exec form: the app is PID 1 and receives SIGTERM directly",
        Instr::Start { entrypoint, argv },
    ));
}

/// Turn facts into a plan for their stack.
pub fn plan(facts: &Facts, rules: &Rules, runtime_override: Option<&str>) -> Result<Plan> {
    let stack = rules.stack(facts.language);
    let version = facts
        .toolchain
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_else(|| stack.toolchain.default.clone());
    let mut notes = facts.warnings.clone();
    // Elixir's images are keyed by the Elixir line and the OTP major (`1.18-otp-27`), and its runtime by
    // the OTP major alone (`otp-27`): the Debian release the OTP image builds on.
    let (build_key, runtime_key) = match &facts.detail {
        Detail::Elixir(d) => elixir::image_keys(facts, d, &version, rules)?,
        _ => (version.clone(), version.clone()),
    };
    // A JVM app builds on the Maven or Gradle image, or on a plain JDK when it brings its own wrapper.
    let family = match &facts.detail {
        Detail::Java(d) => d.build_family.as_str(),
        _ => rules.build_family(facts.language),
    };
    let (build, note) = rules
        .images
        .build_image(family, &build_key)
        .ok_or_else(|| Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!(
                "no {} image is known for version {build_key}; pass --toolchain-version",
                stack.toolchain.name
            ),
        })?;
    notes.extend(note);
    // .NET's runtime differs from its SDK in kind (ASP.NET Core or not) and may in version; a stack's
    // detector may name another runtime row than the stack's (a Go binary built with cgo needs glibc).
    let (artifact, runtime_version) = match &facts.detail {
        Detail::Dotnet(d) => (
            d.artifact.as_str(),
            d.runtime_version.clone().unwrap_or_else(|| version.clone()),
        ),
        _ => (
            facts.artifact.as_deref().unwrap_or(stack.artifact.as_str()),
            runtime_key,
        ),
    };
    let (rule, runtime, note) = rules
        .images
        .runtime(artifact, &runtime_version)
        .ok_or_else(|| Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!("no runtime image is known for {artifact} {runtime_version}"),
        })?;
    notes.extend(note);
    if let Some(release) = rule.glibc_of.as_deref().filter(|r| !build.contains(*r)) {
        notes.push(format!(
            "{build} is not Debian {release} like the runtime {runtime}: the binary runs on the newer glibc, but libraries from Debian packages may differ between releases; a toolchain version with a {release} image avoids this"
        ));
    }
    let musl =
        crate::image::ImageName::parse(&runtime).is_ok_and(|n| n.is(&rules.images.bases.musl));
    let mut base = Base {
        build,
        runtime,
        user: rule.user.unwrap_or(UserRule {
            uid: 10001,
            gid: 10001,
        }),
        create_user: rule.create_user,
        runtime_binary: rule.binary.clone(),
        server: rule.clone(),
        version,
        musl,
    };
    let chosen = match runtime_override {
        Some(image) => Some(runtime_image::apply(
            &mut base, image, artifact, rules, facts, &mut notes,
        )?),
        None => None,
    };
    let secrets: Vec<(String, String)> = match &facts.detail {
        Detail::Node(d) => d
            .secrets
            .iter()
            .map(|(id, file, _)| (id.clone(), file.clone()))
            .collect(),
        _ => Vec::new(),
    };
    if let Some((id, file)) = secrets.first() {
        notes.push(format!("{file} is mounted as a build secret, never copied: build with `--secret id={id},src={file}`"));
    }
    let stages = match &facts.detail {
        Detail::Go(d) => go::stages(facts, d, &base),
        Detail::Node(d) => node::stages(facts, d, &base, rules),
        Detail::Python(d) => python::stages(facts, d, &base, rules),
        Detail::Rust(d) => rust::stages(facts, d, &base),
        Detail::Static(d) => static_site::stages(facts, d, &base, rules),
        Detail::Deno(d) => deno::stages(facts, d, &base),
        Detail::Java(d) => java::stages(facts, d, &base),
        Detail::Dotnet(d) => dotnet::stages(facts, d, &base),
        Detail::Ruby(d) => ruby::stages(facts, d, &base, rules),
        Detail::Php(d) => php::stages(facts, d, &base, rules),
        Detail::Elixir(d) => elixir::stages(facts, d, &base),
        Detail::None => return Err(Error::nothing_detected(facts.path.clone())),
    };
    if let Some(chosen) = &chosen {
        runtime_image::check_final(chosen, &stages, facts)?;
    }
    let mut ignore = ignore_blocks(stack, &secrets, &facts.secret_patterns);
    // A PHP site without composer.json ships the vendor/ it commits: nothing in the image installs one.
    if let Detail::Php(d) = &facts.detail {
        if d.manifests.is_empty() {
            ignore[3].patterns.retain(|p| p != "vendor");
        }
    }
    Ok(Plan {
        facts: facts.clone(),
        images: Images {
            build: (stages.len() > 1).then(|| base.build.clone()),
            runtime: base.runtime.clone(),
        },
        user: base.user,
        stages,
        ignore,
        notes,
        secrets,
    })
}

/// The images and user a stack planner builds on.
#[derive(Debug, Clone)]
pub(crate) struct Base {
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

/// Secret files excluded from every build context. Docker matches .dockerignore patterns from the context
/// root only (`*.key` does not exclude `certs/server.key`), so [`secret_patterns`] adds a `**/` form for
/// each of these a project holds in a sub-folder.
const SECRETS: &[&str] = &[
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "id_rsa*",
    "id_ed25519*",
    "id_ecdsa*",
    ".aws",
    ".ssh",
    ".netrc",
    "secrets",
    "credentials*.json",
];

/// Credential files excluded when present: tool configuration that often holds a registry token. Listed
/// only when the project has one, so a project without them keeps the shorter .dockerignore.
const CREDENTIAL_FILES: &[&str] = &[".npmrc", ".pypirc", ".git-credentials"];

/// The extra .dockerignore patterns `files` (a scanned project's paths) call for: `**/<pattern>` for a
/// secret in a sub-folder, and each credential file present (at the root and, nested, as `**/<name>`).
pub fn secret_patterns<'a>(files: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    // Runs over every scanned path (100,000-file trees included), so no allocation per path.
    for f in files {
        let Some((dirs, name)) = f.rsplit_once('/') else {
            if CREDENTIAL_FILES.contains(&f) {
                add(f.to_string());
            }
            continue;
        };
        // File patterns match the name; folder patterns (.aws, secrets) a folder below the top level,
        // since the fixed list already covers the top level.
        for pat in SECRETS {
            if one_star(pat, name)
                || !pat.contains('*') && dirs.split('/').skip(1).any(|d| d == *pat)
            {
                add(format!("**/{pat}"));
            }
        }
        if CREDENTIAL_FILES.contains(&name) {
            add(format!("**/{name}"));
        }
    }
    out
}

/// Glob matching for patterns with at most one `*`, as the fixed secret patterns are.
fn one_star(pat: &str, s: &str) -> bool {
    match pat.split_once('*') {
        None => pat == s,
        Some((pre, post)) => {
            s.len() >= pre.len() + post.len() && s.starts_with(pre) && s.ends_with(post)
        }
    }
}

fn ignore_blocks(
    stack: &crate::rules::StackRules,
    secret_files: &[(String, String)],
    found: &[String],
) -> Vec<IgnoreBlock> {
    let block = |c: &str, p: &[&str]| IgnoreBlock {
        comment: c.into(),
        patterns: p.iter().map(|s| s.to_string()).collect(),
    };
    let mut blocks = vec![
        block(
            "Version control and editor state never belongs in an image",
            &[
                ".git",
                ".gitignore",
                ".gitattributes",
                ".hg",
                ".svn",
                ".idea",
                ".vscode",
                "*.swp",
                ".DS_Store",
            ],
        ),
        block(
            "Secrets stay out of the build context, so no layer can leak them",
            SECRETS,
        ),
        block(
            "Container and CI files: editing them must not invalidate the source layers",
            &[
                "Dockerfile*",
                ".dockerignore",
                "docker-compose*.yml",
                "compose*.yaml",
                ".github",
                ".gitlab-ci.yml",
                ".dockgen",
            ],
        ),
        IgnoreBlock {
            comment: format!(
                "Local dependencies and build output of {}: the image builds its own",
                stack.toolchain.name
            ),
            patterns: stack.ignore.clone(),
        },
    ];
    // Secret files the build mounts (.npmrc) must not also travel in the context, nor those found deeper.
    let secrets = &mut blocks[1].patterns;
    for p in secret_files.iter().map(|(_, f)| f).chain(found) {
        if !secrets.contains(p) {
            secrets.push(p.clone());
        }
    }
    blocks
}
