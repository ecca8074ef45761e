//! Zig plan: the project's Zig release from the official `ziglang` wheel (no Zig image is published),
//! packages fetched in their own layer, a ReleaseSafe build, and the binary alone on distroless static.

use super::ZigDetail;
use crate::facts::Facts;
use crate::plan::{copy, env, run, ship_binary, workdir, Base, Stage, Step};

/// Where the wheel's Zig lands, put on PATH.
const ZIG_HOME: &str = "/opt/zig";
/// Zig's global cache (fetched packages and build artifacts), kept between builds by a cache mount.
const CACHE: &str = "/root/.cache/zig";

/// The Zig release a version line installs: the newest of the rules' `known` releases on that line.
pub(crate) fn release(line: &str, known: &[String]) -> String {
    let prefix = format!("{line}.");
    known
        .iter()
        .filter(|k| k.starts_with(&prefix) || *k == line)
        .max_by_key(|k| crate::version::Version::parse(k))
        .cloned()
        .unwrap_or_else(|| format!("{line}.0"))
}

pub(crate) fn stages(facts: &Facts, d: &ZigDetail, base: &Base, release: &str) -> Vec<Stage> {
    let mut build = vec![
        Step::new(
            &format!(
                "Zig {release}, pinned, from the Zig project's own PyPI wheel into {ZIG_HOME}"
            ),
            run(
                &[&format!(
                    "pip install --no-cache-dir --target {ZIG_HOME} ziglang=={release}"
                )],
                &[],
            ),
        ),
        Step::then(env(&[("PATH", format!("{ZIG_HOME}/ziglang:$PATH"))])),
        Step::then(workdir("/src")),
    ];
    // Always, even with no dependency yet: the layer is where packages land once build.zig.zon names one.
    let mut manifests = vec!["build.zig".to_string()];
    if d.zon {
        manifests.push("build.zig.zon".into());
    }
    build.push(Step::new(
        "Build files first: the fetched packages survive every source edit",
        copy(None, &manifests, "./", None),
    ));
    build.push(Step::then(run(&["zig build --fetch"], &[CACHE])));
    build.push(Step::new(
        "The source, then the release build (the build writes /out/bin/<name>)",
        copy(None, &[".".into()], ".", None),
    ));
    let cmd = facts
        .build
        .clone()
        .unwrap_or_else(|| "zig build -Doptimize=ReleaseSafe --prefix /out".into());
    build.push(Step::then(run(&[&cmd], &[CACHE])));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.extend(crate::plan::port_env(facts));
    ship_binary(
        &mut fin,
        facts,
        base.user,
        "Only the binary: no toolchain, no source, no shell",
        "/out/bin",
        &d.binary,
    );
    vec![
        Stage::build(base, "Build stage: Zig and its caches stay here", build),
        Stage::runtime(base, "Runtime: the binary alone, as a non-root user", fin),
    ]
}
