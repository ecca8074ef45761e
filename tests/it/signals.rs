//! How the generated image stops: runtimes that as PID 1 ignore SIGTERM (Node, Bun, a Rust binary) start
//! under a static tini copied from a stage of their own; runtimes that stop on SIGTERM themselves do not.

use crate::common;

use common::{dockerfile, Project};

/// The final stage: everything after the last FROM.
fn final_stage(df: &str) -> &str {
    df.rsplit_once("\nFROM ").map_or(df, |(_, last)| last)
}

#[test]
fn node_bun_and_rust_apps_start_under_tini_from_a_stage_of_their_own() {
    for (example, start) in [
        (
            "node-express-npm",
            r#"["/usr/bin/tini", "--", "/nodejs/bin/node", "server.js"]"#,
        ),
        (
            "bun-hono",
            r#"["/usr/bin/tini", "--", "bun", "run", "src/index.ts"]"#,
        ),
        (
            "rust-single-bin",
            r#"["/usr/bin/tini", "--", "/app/hello-rs"]"#,
        ),
    ] {
        let df = dockerfile(&Project::example(example), &[]);
        let last = final_stage(&df);
        assert!(
            last.contains(&format!("ENTRYPOINT {start}")),
            "{example}:\n{df}"
        );
        assert!(
            last.contains("COPY --from=init /usr/bin/tini-static /usr/bin/tini"),
            "{example}:\n{df}"
        );
        // The init stage builds on an image the Dockerfile already uses, and installs tini with apt.
        let (before, init) = df.split_once(" AS init\n").expect("an init stage");
        let image = before.rsplit_once("FROM ").unwrap().1;
        assert!(
            // (a build stage may name it on the build platform: `FROM --platform=$BUILDPLATFORM <image>`)
            df.matches(&format!(" {image} AS ")).count() >= 2,
            "{example}: {image} is used by another stage too:\n{df}"
        );
        assert!(
            init.contains("apt-get install -y --no-install-recommends tini"),
            "{example}:\n{df}"
        );
        assert!(
            !last.contains("receives SIGTERM directly"),
            "{example}:\n{df}"
        );
    }
}

#[test]
fn runtimes_that_stop_on_sigterm_themselves_get_no_init() {
    for example in ["go-stdlib", "python-fastapi-uv", "deno-plain"] {
        let df = dockerfile(&Project::example(example), &[]);
        assert!(
            !df.contains("tini-static") && !df.contains(" AS init"),
            "{example}:\n{df}"
        );
    }
}
