//! Dart plan, after the official Dart image's guidance: dependencies resolved in their own layer from the
//! pubspec files, an ahead-of-time compiled executable, and on the runtime only that executable and the
//! C runtime files the Dart image collects in /runtime, as a numeric non-root user.

use super::DartDetail;
use crate::facts::Facts;
use crate::plan::{copy, run, ship_binary, workdir, Base, Stage, StageName, Step};

pub(crate) fn stages(facts: &Facts, d: &DartDetail, base: &Base) -> Vec<Stage> {
    let mut manifests = vec!["pubspec.yaml".to_string()];
    if d.locked {
        manifests.push("pubspec.lock".into());
    }
    // No cache mount: the pub cache is what the compile reads, so this layer is the dependency cache.
    let mut build = vec![
        Step::then(workdir("/app")),
        Step::new(
            "The pubspec files first: the resolved packages survive every source edit",
            copy(None, &manifests, "./", None),
        ),
        Step::then(run(&["dart pub get"], &[])),
        Step::new(
            "The source, then a native executable (resolution is offline: the packages are in)",
            copy(None, &[".".into()], ".", None),
        ),
    ];
    let cmd = facts
        .build
        .clone()
        .unwrap_or_else(|| format!("dart compile exe bin/server.dart -o /out/{}", d.binary));
    build.push(Step::then(run(&["dart pub get --offline", &cmd], &[])));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.extend(crate::plan::port_env(facts));
    fin.push(Step::new(
        "The C runtime files the Dart image gathers for compiled executables (libc, DNS, certificates)",
        copy(Some(StageName::Build), &["/runtime/".into()], "/", None),
    ));
    ship_binary(
        &mut fin,
        facts,
        base.user,
        "Only the executable: no SDK, no source",
        "/out",
        &d.binary,
    );
    vec![
        Stage::build(base, "Build stage: the Dart SDK stays here", build),
        Stage::runtime(
            base,
            "Runtime: the executable and its C runtime files, as a non-root user",
            fin,
        ),
    ]
}
