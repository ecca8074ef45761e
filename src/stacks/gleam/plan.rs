//! Gleam plan: the Gleam compiler copied from the Gleam project's own image onto the official Erlang image,
//! packages downloaded in their own layer, `gleam export erlang-shipment`, and the shipment alone on the
//! slim Erlang image of the same OTP major, as a numeric non-root user.

use super::GleamDetail;
use crate::facts::Facts;
use crate::plan::{copy, copy_image, finish, run, workdir, Base, Stage, StageName, Step};

/// Gleam's Hex package cache, kept between builds by a cache mount.
const CACHE: &str = "/root/.cache/gleam";

pub(crate) fn stages(facts: &Facts, d: &GleamDetail, base: &Base, gleam_image: &str) -> Vec<Stage> {
    let image = gleam_image.replace(
        "{v}",
        &facts
            .toolchain
            .as_ref()
            .map_or(base.version.clone(), |t| t.version.clone()),
    );
    let mut build = vec![
        Step::new(
            "The Gleam compiler, pinned, from the Gleam project's own image (a static binary)",
            copy_image(&image, &["/bin/gleam".into()], "/usr/local/bin/gleam"),
        ),
        Step::then(workdir("/src")),
    ];
    let mut manifests = vec!["gleam.toml".to_string()];
    if d.locked {
        manifests.push("manifest.toml".into());
    }
    build.push(Step::new(
        "gleam.toml and its lock first: the downloaded packages survive every source edit",
        copy(None, &manifests, "./", None),
    ));
    build.push(Step::then(run(&["gleam deps download"], &[CACHE])));
    build.push(Step::new(
        "The source, then the shipment: BEAM files for the package and every dependency, and its entrypoint",
        copy(None, &[".".into()], ".", None),
    ));
    let cmd = facts
        .build
        .clone()
        .unwrap_or_else(|| "gleam export erlang-shipment".into());
    build.push(Step::then(run(&[&cmd], &[CACHE])));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.extend(crate::plan::port_env(facts));
    fin.push(Step::new(
        "Only the shipment, owned by root and read-only to the app's user: no compiler, no source",
        copy(
            Some(StageName::Build),
            &["/src/build/erlang-shipment".into()],
            "/app",
            None,
        ),
    ));
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    vec![
        Stage::build(base, "Build stage: the Erlang image (with rebar3 for Erlang packages) and the Gleam compiler", build),
        Stage::runtime(base, "Runtime: the slim Erlang image of the same OTP major, which the shipment's BEAM files need", fin),
    ]
}
