//! How the generated image stops: runtimes that as PID 1 ignore SIGTERM start with the runtime's own
//! preload that stops them (Node, Bun) or under a static tini copied from a stage of their own (a Rust
//! binary); runtimes that stop on SIGTERM themselves get neither.

use crate::common;

use common::{dockerfile, Project};

/// The final stage: everything after the last FROM.
fn final_stage(df: &str) -> &str {
    df.rsplit_once("\nFROM ").map_or(df, |(_, last)| last)
}

#[test]
fn node_and_bun_apps_start_with_the_runtimes_own_signal_preload_not_tini() {
    let preload = "/usr/local/lib/stop-on-signal.cjs";
    for (example, start) in [
        (
            "node-express-npm",
            format!(r#"ENTRYPOINT ["/nodejs/bin/node", "--require", "{preload}", "server.js"]"#),
        ),
        (
            "node-plain-yarn-berry",
            format!(r#"CMD ["node", "--require", "{preload}", "server.js"]"#),
        ),
        (
            "bun-hono",
            format!(r#"CMD ["bun", "run", "--preload", "{preload}", "src/index.ts"]"#),
        ),
    ] {
        let df = dockerfile(&Project::example(example), &[]);
        let last = final_stage(&df);
        assert!(last.contains(&start), "{example}:\n{df}");
        assert!(
            last.contains(&format!("COPY --from=signals {preload} {preload}")),
            "{example}:\n{df}"
        );
        // The preload's stage writes the file and installs nothing: no `apt-get update` in a cold build.
        let (_, signals) = df.split_once(" AS signals\n").expect("a signals stage");
        let signals = signals.split("\nFROM ").next().unwrap();
        assert!(
            signals.contains(&format!("> {preload}")) && !signals.contains("apt-get"),
            "{example}:\n{df}"
        );
        // It exits only when its own listener is the only one: an app's handler runs instead.
        assert!(
            signals.contains("process.listenerCount(name) === 1")
                && signals.contains(r#"["SIGTERM", 15]"#),
            "{example}:\n{df}"
        );
        assert!(!df.contains("tini"), "{example}:\n{df}");
    }
}

#[test]
fn rust_apps_start_under_tini_from_a_stage_of_their_own() {
    for (example, start) in [
        (
            "rust-single-bin",
            r#"["/usr/bin/tini", "--", "/app/hello-rs"]"#,
        ),
        ("zig-http", r#"["/usr/bin/tini", "--", "/app/greeter"]"#),
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
