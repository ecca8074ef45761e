//! Node plan: production dependencies installed in a stage of their own, the build (when there is one) in
//! another, and the runtime holding only what the app needs to start.

use super::NodeDetail;
use crate::facts::Facts;
use crate::plan::{apt_install, copy, env, finish, run, workdir, Base, Stage, StageName, Step};
use crate::rules::Rules;

/// How the project's package manager installs: the image it runs in, any corepack setup, its commands
/// (locked when the lockfile is among the manifests) and its cache.
pub(crate) struct Install<'r> {
    pub image: String,
    pub setup: Vec<Step>,
    pub install: &'r str,
    pub install_prod: &'r str,
    pub cache: &'r str,
    /// Skipping lifecycle scripts in the production install, then running the dependencies' own.
    pub ignore_scripts: Option<(&'r str, &'r str)>,
}

pub(crate) fn install<'r>(
    stack: &'r crate::rules::StackRules,
    rule: &str,
    manifests: &[String],
    pin: Option<&str>,
    base: &Base,
    rules: &Rules,
) -> Install<'r> {
    let pm = stack
        .package_manager(rule)
        .expect("the detected package manager has a rule");
    let locked = manifests.iter().any(|m| pm.lockfiles.contains(m));
    let (install, install_prod) = if locked {
        (&pm.install, &pm.install_prod)
    } else {
        (&pm.install_unlocked, &pm.install_prod_unlocked)
    };
    let image = match &pm.image {
        Some(tool) => rules
            .images
            .build_image(tool, &rules.images.bun.default)
            .map(|(i, _)| i)
            .unwrap_or_else(|| base.build.clone()),
        None => base.build.clone(),
    };
    let major: u64 = base.version.parse().unwrap_or(0);
    let mut setup: Vec<Step> = Vec::new();
    if pm.corepack {
        let mut cmds: Vec<&str> = Vec::new();
        if stack.corepack_bundled_below.is_some_and(|b| major >= b) {
            cmds.extend(stack.corepack_install.as_deref());
        }
        cmds.push("corepack enable");
        // No packageManager: the release line that reads the lockfile, not the newest (`pnpm@7.x`).
        let pinned = pin.map(|p| format!("corepack install --global {p}"));
        cmds.extend(pinned.as_deref());
        setup.push(Step::new(
            "The package manager the project pins, through corepack, without prompting",
            env(&[("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0".into())]),
        ));
        setup.push(Step::then(run(&cmds, &[])));
    }
    Install {
        image,
        setup,
        install,
        install_prod,
        cache: &pm.cache,
        ignore_scripts: pm.ignore_scripts.as_deref().zip(pm.rebuild.as_deref()),
    }
}

/// What every stage of a Node plan reads: the facts, the stack's detail, the images, how the package
/// manager installs, and the decisions the stages share, taken once here so that they cannot disagree.
struct Ctx<'a> {
    facts: &'a Facts,
    d: &'a NodeDetail,
    base: &'a Base,
    inst: Install<'a>,
    /// The classic Prisma client (node_modules/.prisma), which the runtime keeps and whose engine needs OpenSSL.
    classic: bool,
    /// The folders the app writes at run time, which start empty and belong to the app's user.
    writable: Vec<String>,
    /// The build command; `Some("")` when only Prisma's client is to be generated.
    build: Option<String>,
}

/// The stages of a Node image: production dependencies, the build when there is one, and the runtime.
pub(crate) fn stages(facts: &Facts, d: &NodeDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let stack = rules.stack(facts.stack);
    let inst = install(
        stack,
        &d.rule,
        &d.manifests,
        d.corepack_pin.as_deref(),
        base,
        rules,
    );
    let ctx = Ctx {
        facts,
        d,
        base,
        inst,
        classic: d.prisma.as_ref().is_some_and(|p| p.classic_engine),
        writable: crate::plan::framework_writable(facts, rules),
        // Prisma's client is generated in the build stage even when the project has no build script.
        build: facts
            .build
            .clone()
            .or_else(|| d.prisma.as_ref().map(|_| String::new())),
    };
    let mut stages = Vec::new();
    stages.extend(deps_stage(&ctx));
    stages.extend(build_stage(&ctx));
    stages.push(runtime_stage(&ctx, &stack.name));
    stages
}

/// The steps both install stages share (the package manager's setup, the manifests, the install with its
/// cache and secrets), so that the deps and build stages install the same way and differ only in `cmds`.
fn install_steps(ctx: &Ctx, cmds: &[&str], why: &str) -> Vec<Step> {
    let d = ctx.d;
    let mut steps = vec![Step::then(workdir("/app"))];
    steps.extend(ctx.inst.setup.iter().cloned());
    if !d.install_env.is_empty() {
        let vars: Vec<(&str, String)> = d
            .install_env
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        steps.push(Step::new(
            "A node_modules tree, not Plug'n'Play: node starts the app without Yarn's loader",
            env(&vars),
        ));
    }
    // A file in a folder (Yarn's `.yarn/releases/…`) keeps its path: COPY of several sources into
    // ./ would flatten it, and yarn would not find its release.
    let (top, nested): (Vec<String>, Vec<String>) =
        d.manifests.iter().cloned().partition(|m| !m.contains('/'));
    steps.push(Step::new(why, copy(None, &top, "./", None)));
    // Prisma's schema (and config) too: the client's postinstall generates from it.
    for f in nested.iter().chain(d.prisma.iter().flat_map(|p| &p.files)) {
        steps.push(Step::then(copy(
            None,
            std::slice::from_ref(f),
            &format!("./{f}"),
            None,
        )));
    }
    let mut install = run(cmds, &[ctx.inst.cache]);
    if let crate::plan::Instr::Run { secrets, .. } = &mut install {
        secrets.extend(
            d.secrets
                .iter()
                .map(|(id, _, target)| (id.clone(), target.clone())),
        );
    }
    steps.push(Step::then(install));
    steps
}

/// The production dependencies in a stage of their own, so that the runtime copies node_modules without
/// dev tools; none when the app needs no node_modules (a self-contained build output).
fn deps_stage(ctx: &Ctx) -> Option<Stage> {
    let d = ctx.d;
    if !d.needs_node_modules {
        return None;
    }
    let Install {
        install,
        install_prod,
        ignore_scripts,
        ..
    } = ctx.inst;
    // The project's own install scripts (prisma generate, husky, nuxt prepare) need devDependencies
    // this install leaves out: skip them, then run the dependencies' own (native modules).
    let skipping = ignore_scripts
        .filter(|_| d.root_scripts)
        .map(|(flag, rebuild)| (format!("{install_prod} {flag}"), rebuild));
    let (cmds, why): (Vec<&str>, &str) = match &skipping {
        Some((prod, rebuild)) => (
            vec![prod, rebuild],
            "Manifests and lockfile first, so source edits reuse this layer; the project's own install scripts need devDependencies, so only the dependencies' scripts run",
        ),
        None if d.keep_dev => (
            vec![install],
            "Manifests and lockfile first; all dependencies, dev ones too: the start runs one, or this package manager has no production-only install",
        ),
        None => (
            vec![install_prod],
            "Manifests and lockfile first, so source edits reuse this layer",
        ),
    };
    Some(Stage {
        name: Some(StageName::Deps),
        image: ctx.inst.image.clone(),
        comment: "Production dependencies only, cached until a manifest or lockfile changes".into(),
        steps: install_steps(ctx, &cmds, why),
    })
}

/// The build stage, when there is a build (or a Prisma client to generate): every dependency, the source,
/// the build, then the cleanup that keeps dev dependencies and build caches out of what the runtime copies.
fn build_stage(ctx: &Ctx) -> Option<Stage> {
    let d = ctx.d;
    let build_cmd = ctx.build.as_deref()?;
    let mut steps = install_steps(
        ctx,
        &[ctx.inst.install],
        "All dependencies, dev tools included, for the build",
    );
    steps.push(Step::new(
        "The source, then the build",
        copy(None, &[".".into()], ".", None),
    ));
    // Dev dependencies are dropped here; the runtime takes production ones from the deps stage.
    // The classic Prisma client lives in node_modules/.prisma: it is kept for the runtime.
    let rm = if ctx.classic {
        "find node_modules -mindepth 1 -maxdepth 1 ! -name .prisma -exec rm -rf {} +"
    } else {
        "rm -rf node_modules"
    };
    let mut cleanup: Vec<&str> = d.prisma.iter().map(|p| p.generate.as_str()).collect();
    cleanup.extend(Some(build_cmd).filter(|b| !b.is_empty()));
    // The folders the app writes at run time start empty (Next's build cache stays behind).
    let fresh: Vec<String> = ctx
        .writable
        .iter()
        .map(|w| format!("rm -rf {w} && mkdir -p {w}"))
        .collect();
    cleanup.extend(fresh.iter().map(String::as_str));
    // The whole /app is copied from here: dev dependencies must not go with it.
    if d.artifacts.is_empty() {
        cleanup.push(rm);
    }
    steps.push(Step::then(run(&cleanup, &[])));
    Some(Stage {
        name: Some(StageName::Build),
        image: ctx.inst.image.clone(),
        comment: "Build stage: compilers and dev dependencies stay here".into(),
        steps,
    })
}

/// The runtime stage: production settings, the dependencies and the app (see `app_copies`), the writable
/// folders, the non-root user and the start command.
fn runtime_stage(ctx: &Ctx, stack_name: &str) -> Stage {
    let (facts, d, base) = (ctx.facts, ctx.d, ctx.base);
    let mut fin = vec![Step::then(workdir("/app"))];
    let mut vars = vec![("NODE_ENV", "production".to_string())];
    if let Some(port) = facts.port {
        vars.push(("PORT", port.to_string()));
    }
    vars.extend(d.env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    fin.push(Step::new(
        "Production mode, and the port and interface the server reads",
        env(&vars),
    ));
    if ctx.classic {
        // The slim images of older Debian releases lack libssl; Prisma also runs `openssl version`.
        fin.push(apt_install(
            "OpenSSL for Prisma's query engine, which loads libssl and asks `openssl` for its version",
            &["openssl".to_string()],
        ));
    }
    fin.extend(app_copies(ctx));
    if ctx.build.is_some() {
        fin.extend(crate::plan::writable_copies(
            &ctx.writable,
            "/app",
            base.user,
        ));
    }
    let mut argv = facts.start.clone();
    let entrypoint = base.runtime_binary.is_some();
    if let (Some(bin), Some(first)) = (&base.runtime_binary, argv.first_mut()) {
        if first == "node" {
            *first = bin.clone();
        }
    }
    fin.extend(base.user_steps());
    finish(&mut fin, base.user, facts.port, entrypoint, argv);
    Stage {
        name: None,
        image: base.runtime.clone(),
        comment: format!("Runtime: {stack_name} and the app only, as a non-root user"),
        steps: fin,
    }
}

/// What the runtime copies in, which depends on where the app comes from: production node_modules from
/// the deps stage, then the whole built /app, only the framework's build output, or the source itself.
/// The app's code belongs to root, read-only to the app's user: it cannot rewrite itself.
fn app_copies(ctx: &Ctx) -> Vec<Step> {
    let d = ctx.d;
    let owner = None;
    let mut fin = Vec::new();
    if d.needs_node_modules {
        fin.push(Step::new(
            "Production dependencies, read-only to the app",
            copy(
                Some(StageName::Deps),
                &["/app/node_modules".into()],
                "./node_modules",
                None,
            ),
        ));
    }
    if ctx.classic && !d.artifacts.is_empty() && d.needs_node_modules {
        fin.push(Step::new(
            "The Prisma client generated for this schema, with its query engine",
            copy(
                Some(StageName::Build),
                &["/app/node_modules/.prisma".into()],
                "./node_modules/.prisma",
                None,
            ),
        ));
    }
    match (&ctx.build, d.artifacts.is_empty()) {
        (Some(_), true) => fin.push(Step::new(
            "The built app, read-only to the app's user",
            copy(Some(StageName::Build), &["/app".into()], "./", owner),
        )),
        (Some(_), false) => {
            let why = if d.needs_node_modules {
                "The framework's build output (it imports the dependencies above), read-only to the app's user"
            } else {
                "The framework's self-contained build output, read-only to the app's user"
            };
            for (i, (src, dest)) in d.artifacts.iter().enumerate() {
                let to = if dest == "." {
                    "./".to_string()
                } else {
                    format!("./{dest}")
                };
                let instr = copy(Some(StageName::Build), &[format!("/app/{src}")], &to, owner);
                fin.push(if i == 0 {
                    Step::new(why, instr)
                } else {
                    Step::then(instr)
                });
            }
        }
        (None, _) => fin.push(Step::new(
            "The app's source (.dockerignore keeps secrets and local folders out)",
            copy(None, &[".".into()], "./", owner),
        )),
    }
    fin
}
