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
mod rust;
mod static_site;

use crate::error::{Error, Result};
use crate::facts::{Detail, Facts};
use crate::rules::{CrossRule, InitRule, Rules, UserRule};
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
    pub cross_stages: Vec<String>,
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
        caches: Vec<CacheMount>,
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
/// lists) rather than waiting for it, as npm, pip, go and cargo do.
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
        caches: caches
            .iter()
            .map(|c| CacheMount {
                target: c.to_string(),
                locked: false,
            })
            .collect(),
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

/// apt's caches, mounted so package lists and downloads never land in a layer. Locked (see
/// [`CacheMount`]): two stages running `apt-get update` at once on shared mounts fail the build with
/// "Could not get lock /var/lib/apt/lists/lock"; the Dockerfile reference's apt example locks them too.
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
        hadolint_ignore,
        caches,
        ..
    } = &mut instr
    {
        hadolint_ignore.push("DL3008".into());
        caches.iter_mut().for_each(|c| c.locked = true);
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
    };
    if let Some(image) = runtime_override {
        base.runtime = image.to_string();
        base.runtime_binary = None;
        if !image.contains("distroless") {
            base.create_user = true;
            base.user = UserRule {
                uid: 10001,
                gid: 10001,
            };
        }
    }
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
    let mut stages = match &facts.detail {
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
    if let Some(init) = &stack.init {
        with_init(&mut stages, init, &base.build);
    }
    lock_caches(&mut stages, rules);
    let cross_stages = match &stack.cross {
        Some(cross) if cross.artifacts.iter().any(|a| a == artifact) => {
            cross_compile(&mut stages, cross, &base.build)
        }
        _ => Vec::new(),
    };
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
        cross_stages,
    })
}

/// Run the stages on `build_image` on the build machine's platform and give them the compiler's target
/// variables from BuildKit's platform ARGs, right after their WORKDIR (see [`CrossRule`]). Returns their
/// names. Without BuildKit the ARGs are empty, and so the compiler builds for the platform it runs on.
fn cross_compile(stages: &mut [Stage], cross: &CrossRule, build_image: &str) -> Vec<String> {
    let mut names = Vec::new();
    let last = stages.len().saturating_sub(1);
    for stage in stages[..last].iter_mut().filter(|s| s.image == build_image) {
        let Some(name) = &stage.name else { continue };
        names.push(name.clone());
        let mut args: Vec<&String> = cross.env.values().collect();
        args.dedup();
        let mut steps: Vec<Step> = args
            .iter()
            .map(|a| {
                Step::then(Instr::Arg {
                    name: a.to_string(),
                })
            })
            .collect();
        steps[0].comment = Some(
            "Compiled on the build machine's platform for the image's, which BuildKit passes in"
                .into(),
        );
        let vars: Vec<(&str, String)> = cross
            .env
            .iter()
            .map(|(var, arg)| (var.as_str(), format!("${arg}")))
            .collect();
        steps.push(Step::then(env(&vars)));
        let at = stage
            .steps
            .iter()
            .position(|s| matches!(s.instr, Instr::Workdir { .. }))
            .map_or(0, |i| i + 1);
        stage.steps.splice(at..at, steps);
    }
    names
}

/// Start the app under the stack's static init (see [`InitRule`]): a stage on the build image installs its
/// package, and the final stage copies the binary in first (it never changes, so its layer stays cached)
/// and starts through it. The stage builds on the image the first stage uses (Debian for every stack with
/// an init), so it adds no image to pull.
fn with_init(stages: &mut Vec<Stage>, init: &InitRule, build_image: &str) {
    let image = match stages.len() {
        0 | 1 => build_image.to_string(),
        _ => stages[0].image.clone(),
    };
    let Some(last) = stages.last_mut() else {
        return;
    };
    let Some(start) = last
        .steps
        .iter_mut()
        .find(|s| matches!(s.instr, Instr::Start { .. }))
    else {
        return;
    };
    if let Instr::Start { entrypoint, argv } = &mut start.instr {
        *entrypoint = true;
        argv.splice(0..0, [init.dest.clone(), "--".into()]);
    }
    start.comment = Some(format!(
        "Exec form under {}: the app gets SIGTERM's default action and stops, as outside a container",
        init.package
    ));
    last.steps.insert(
        0,
        Step::new(
            &format!(
                "{} as PID 1: it passes SIGTERM on to the app and reaps zombies",
                init.package
            ),
            copy(
                Some(INIT_STAGE),
                std::slice::from_ref(&init.binary),
                &init.dest,
                None,
            ),
        ),
    );
    let stage = Stage {
        name: Some(INIT_STAGE.into()),
        image,
        comment: format!(
            "{}, a static init: as PID 1 the app would ignore SIGTERM (PID 1 gets no default signal actions)",
            init.package
        ),
        steps: vec![apt_install(
            &format!(
                "Debian's {} package; its static build needs no libraries, so it runs on any runtime base",
                init.package
            ),
            std::slice::from_ref(&init.package),
        )],
    };
    stages.insert(stages.len() - 1, stage);
}

/// Mount `sharing=locked` the caches of package managers that do not lock them themselves (see
/// `cache_locked` in the package-manager rules), wherever a stage mounts them.
fn lock_caches(stages: &mut [Stage], rules: &Rules) {
    let locked: Vec<&str> = rules
        .stacks
        .iter()
        .flat_map(|s| &s.package_managers)
        .filter(|pm| pm.cache_locked)
        .map(|pm| pm.cache.as_str())
        .collect();
    for step in stages.iter_mut().flat_map(|s| &mut s.steps) {
        if let Instr::Run { caches, .. } = &mut step.instr {
            caches
                .iter_mut()
                .filter(|c| locked.contains(&c.target.as_str()))
                .for_each(|c| c.locked = true);
        }
    }
}

/// The name of the stage [`with_init`] adds.
const INIT_STAGE: &str = "init";

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
}

impl Base {
    /// The steps that give a runtime image without a suitable user one (numeric, no login, no home).
    pub fn user_steps(&self) -> Vec<Step> {
        if !self.create_user {
            return Vec::new();
        }
        let (uid, gid) = (self.user.uid, self.user.gid);
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
