//! Deno plan: the app's modules fetched and compiled into DENO_DIR in a build stage, then DENO_DIR and the
//! app copied onto Deno's distroless image, run as a numeric non-root user.

use super::DenoDetail;
use crate::facts::Facts;
use crate::plan::{copy, run, workdir, Base, Instr, Stage, StageName, Step};

pub(crate) fn stages(facts: &Facts, d: &DenoDetail, base: &Base) -> Vec<Stage> {
    let frozen = if d.locked { " --frozen" } else { "" };
    let mut steps = vec![Step::then(workdir("/app"))];
    // No cache mount: DENO_DIR is what the runtime copies, so this layer is the dependency cache.
    // A bare module (no deno.json) has no manifest to install from: `deno cache` below fetches its imports.
    if !d.manifests.is_empty() {
        steps.push(Step::new(
            "Manifests and lockfile first: the dependency layer (DENO_DIR, copied to the runtime) survives source edits",
            copy(None, &d.manifests, "./", None),
        ));
        steps.push(Step::then(run(&[&format!("deno install{frozen}")], &[])));
    }
    steps.push(Step::new(
        "The source, then every module the entry imports, compiled so the container starts without fetching",
        copy(None, &[".".into()], ".", None),
    ));
    steps.push(Step::then(run(
        &[&format!("deno cache{frozen} {}", d.entry)],
        &[],
    )));
    if let Some(build) = &facts.build {
        steps.push(Step::new("The app's build task", run(&[build], &[])));
    }

    let owner = Some(base.user);
    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(crate::plan::port_env(facts));
    fin.push(Step::new(
        "The module cache the build filled, writable by the app's user since Deno adds to it at run time",
        copy(Some(StageName::Build), &["/deno-dir".into()], "/deno-dir", owner),
    ));
    fin.push(Step::new(
        "The app, owned by root and read-only to its user: it cannot rewrite itself",
        copy(Some(StageName::Build), &["/app".into()], "/app", None),
    ));
    fin.push(Step::new(
        "Run as an unprivileged numeric user so no step of the app runs as root",
        Instr::User {
            uid: base.user.uid,
            gid: base.user.gid,
        },
    ));
    if let Some(port) = facts.port {
        fin.push(Step::new(
            "The port the app listens on, on all interfaces",
            Instr::Expose { port },
        ));
    }
    // The image's entrypoint is tini then deno: the command is deno's arguments, in exec form.
    let argv: Vec<String> = match facts.start.first().map(String::as_str) {
        Some("deno") => facts.start[1..].to_vec(),
        _ => facts.start.clone(),
    };
    fin.push(Step::new(
        "Exec form, after the image's entrypoint (tini, then deno), so signals reach deno",
        Instr::Start {
            entrypoint: false,
            argv,
        },
    ));
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: "Build stage: Deno fetches and compiles the app's modules here".into(),
            steps,
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: distroless Deno, the module cache and the app, as a non-root user"
                .into(),
            steps: fin,
        },
    ]
}
