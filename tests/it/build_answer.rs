//! `--build` is one value every stack's planner consumes: the command an answer gives is the one the
//! generated Dockerfile runs, whatever the stack (the Go, Rust, Elixir and PHP planners once recomposed
//! their own and ignored it while `plan` reported it as applied).

use crate::common;

use common::{dockerfile, plan, Project};

const CUSTOM: &str = "make custom";

/// One example per stack, and a few whose planners place the build differently.
const EXAMPLES: &[(&str, &str)] = &[
    ("go", "go-stdlib"),
    ("node", "node-express-npm"),
    ("python", "python-flask-requirements"),
    ("rust", "rust-single-bin"),
    ("static", "spa-vite-react"),
    ("bun", "bun-hono"),
    ("deno", "deno-hono"),
    ("java", "java-spring-maven"),
    ("dotnet", "dotnet-aspnet-minimal"),
    ("ruby", "ruby-sinatra"),
    ("php", "php-laravel"),
    ("elixir", "elixir-phoenix"),
];

/// The example's Dockerfile with `--build "make custom"` runs that command, and `plan` says so.
fn honours_build(example: &str) {
    let p = Project::example(example);
    let app = plan(&p, &["--build", CUSTOM]);
    assert_eq!(app["build"], CUSTOM, "{example}: plan --json");
    let df = dockerfile(&p, &["--build", CUSTOM]);
    // A command of a RUN: on the RUN line itself, or a continuation line of it (`&& make custom \`).
    let runs = |l: &str| {
        let t = l.trim().trim_end_matches('\\').trim();
        let t = t.strip_prefix("RUN ").unwrap_or(t);
        t.strip_prefix("&& ").unwrap_or(t).trim() == CUSTOM
    };
    assert!(
        df.lines().any(runs),
        "{example}: the Dockerfile does not run `{CUSTOM}`:\n{df}"
    );
}

/// The examples whose expect.toml names `stack`, sorted by folder name.
fn examples_of(stack: &str) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| {
            let dir = e.unwrap().path();
            let text = std::fs::read_to_string(dir.join("expect.toml")).ok()?;
            let table: toml::Table = toml::from_str(&text).ok()?;
            (table["facts"].get("stack")?.as_str()? == stack)
                .then(|| dir.file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    out.sort();
    out
}

/// Every registered stack honours `--build` on every one of its examples: a stack added to the registry
/// is covered without an edit here (the named tests below pin the stacks listed in EXAMPLES).
#[test]
fn every_registered_stack_is_covered() {
    for stack in dockgen::stacks::STACKS {
        let id = stack.id().as_str();
        let listed = EXAMPLES.iter().any(|(s, _)| *s == id);
        let examples = examples_of(id);
        assert!(
            listed || !examples.is_empty(),
            "stack {id} has no example to run --build on"
        );
        if !listed {
            examples.iter().for_each(|e| honours_build(e));
        }
    }
}

#[test]
fn go() {
    honours_build("go-stdlib");
    honours_build("go-cgo");
}

#[test]
fn node() {
    honours_build("node-express-npm");
}

#[test]
fn python() {
    honours_build("python-flask-requirements");
}

#[test]
fn rust() {
    honours_build("rust-single-bin");
    honours_build("rust-workspace");
}

#[test]
fn static_site() {
    honours_build("spa-vite-react");
}

#[test]
fn bun() {
    honours_build("bun-hono");
}

#[test]
fn deno() {
    honours_build("deno-hono");
}

#[test]
fn java() {
    honours_build("java-spring-maven");
    honours_build("java-plain-gradle");
}

#[test]
fn dotnet() {
    honours_build("dotnet-aspnet-minimal");
}

#[test]
fn ruby() {
    honours_build("ruby-sinatra");
}

#[test]
fn php() {
    honours_build("php-laravel");
    honours_build("php-symfony");
    honours_build("php-plain");
}

#[test]
fn elixir() {
    honours_build("elixir-phoenix");
    honours_build("elixir-plug-bandit");
}
