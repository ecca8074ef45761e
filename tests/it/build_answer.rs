//! `--build` is one value every stack's planner consumes: the command an answer gives is the one the
//! generated Dockerfile runs, whatever the stack (the Go, Rust, Elixir and PHP planners once recomposed
//! their own and ignored it while `plan` reported it as applied).

use crate::common;

use common::{dockerfile, plan, Project};

const CUSTOM: &str = "make custom";

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

/// Every registered stack's first example (by name), found through the registry and the examples'
/// expect.toml, so a new stack is held to `--build` without an edit here.
#[test]
fn every_registered_stack_honours_it() {
    let examples: Vec<(String, String)> = common::example_dirs()
        .iter()
        .filter_map(|d| {
            let text = std::fs::read_to_string(d.join("expect.toml")).ok()?;
            let table: toml::Table = toml::from_str(&text).ok()?;
            let stack = table.get("facts")?.get("stack")?.as_str()?.to_string();
            Some((stack, d.file_name()?.to_string_lossy().into_owned()))
        })
        .collect();
    for stack in dockgen::stacks::STACKS {
        let id = stack.id().as_str();
        let (_, example) = examples
            .iter()
            .find(|(s, _)| s == id)
            .unwrap_or_else(|| panic!("stack {id} has no example to hold to --build"));
        honours_build(example);
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
