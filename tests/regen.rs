//! Regeneration scenarios: generate, edit by hand, change the stack, regenerate; the edit survives and the
//! change lands, or — where they overlap — conflict markers, exit 1, a backup, and none of the user's text lost.

mod common;

use common::Project;
use predicates::prelude::*;

/// Insert `text` after the last line equal to `anchor` in `path`.
fn insert_after_last(p: &Project, path: &str, anchor: &str, text: &str) {
    let body = p.read(path);
    let mut lines: Vec<&str> = body.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| *l == anchor)
        .unwrap_or_else(|| panic!("{path} has no line {anchor:?}:\n{body}"));
    lines.insert(at + 1, text);
    p.write(path, lines.join("\n") + "\n");
}

fn init(p: &Project) {
    p.dockgen(&["init", "--yes"]).success();
    assert!(
        p.path().join(".dockgen/Dockerfile").exists(),
        "the base is kept for the next merge"
    );
}

/// A LABEL added by hand in the final stage, and an extra .dockerignore line.
fn hand_edit(p: &Project) {
    insert_after_last(
        p,
        "Dockerfile",
        "WORKDIR /app",
        "LABEL org.opencontainers.image.source=\"https://example.invalid/team\"",
    );
    let ignore = p.read(".dockerignore");
    p.write(".dockerignore", format!("{ignore}\n# ours\ndocs/\n"));
}

fn hand_edit_survived(p: &Project) {
    assert!(
        p.read("Dockerfile")
            .contains("LABEL org.opencontainers.image.source=\"https://example.invalid/team\""),
        "{}",
        p.read("Dockerfile")
    );
    assert!(p.read(".dockerignore").contains("\ndocs/\n"));
}

#[test]
fn node_version_bump_from_nvmrc() {
    let p = Project::example("node-express-npm");
    init(&p);
    hand_edit(&p);
    p.write(".nvmrc", "24\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: node 22 → 24 from .nvmrc",
        ));
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("FROM node:24-trixie-slim AS deps")
            && df.contains("FROM gcr.io/distroless/nodejs24-debian13:nonroot"),
        "{df}"
    );
}

#[test]
fn node_package_manager_switch_npm_to_pnpm() {
    let p = Project::example("node-express-npm");
    init(&p);
    hand_edit(&p);
    p.remove("package-lock.json");
    p.write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: package manager npm → pnpm",
        ));
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("pnpm install --frozen-lockfile --prod")
            && df.contains("COPY package.json pnpm-lock.yaml ./")
            && !df.contains("npm ci"),
        "{df}"
    );
}

#[test]
fn node_framework_added() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","main":"index.js","dependencies":{}}"#,
        )
        .file("package-lock.json", "{}")
        .file("index.js", "const port = process.env.PORT || 3000;\n");
    init(&p);
    hand_edit(&p);
    p.edit(
        "package.json",
        r#""dependencies":{}"#,
        r#""dependencies":{"fastify":"^5.0.0"}"#,
    );
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: framework none → fastify",
        ));
    hand_edit_survived(&p);
    assert!(p.read("Dockerfile").contains("HOST=0.0.0.0"));
}

#[test]
fn node_port_changed_in_source() {
    let p = Project::example("node-express-npm");
    init(&p);
    hand_edit(&p);
    p.edit(
        "server.js",
        "process.env.PORT || 3001",
        "process.env.PORT || 4100",
    );
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains("changed: port 3001 → 4100"));
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("EXPOSE 4100") && df.contains("PORT=4100") && !df.contains("3001"),
        "{df}"
    );
}

#[test]
fn go_version_bump_keeps_an_added_build_env() {
    let p = Project::example("go-multi-main");
    init(&p);
    insert_after_last(
        &p,
        "Dockerfile",
        "WORKDIR /src",
        "ENV GOFLAGS=-buildvcs=false",
    );
    p.edit("go.mod", "go 1.23", "go 1.24");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: go 1.23 → 1.24 from go.mod",
        ));
    let df = p.read("Dockerfile");
    assert!(
        df.contains("ENV GOFLAGS=-buildvcs=false")
            && df.contains("FROM golang:1.24-trixie AS build"),
        "{df}"
    );
}

#[test]
fn go_binary_renamed() {
    let p = Project::example("go-cmd-toolchain");
    init(&p);
    hand_edit(&p);
    p.rename("cmd/api/main.go", "cmd/server/main.go");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: start /app/api → /app/server",
        ));
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("ENTRYPOINT [\"/app/server\"]")
            && df.contains("./cmd/server")
            && !df.contains("/app/api"),
        "{df}"
    );
}

#[test]
fn python_version_bump_keeps_a_dockerignore_addition() {
    let p = Project::example("python-flask-requirements");
    init(&p);
    hand_edit(&p);
    p.write(".python-version", "3.12\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: python 3.13 → 3.12 from .python-version",
        ));
    hand_edit_survived(&p);
    assert_eq!(
        p.read("Dockerfile")
            .matches("FROM python:3.12-slim-trixie")
            .count(),
        2
    );
}

#[test]
fn python_package_manager_switch_pip_to_uv() {
    let p = Project::example("python-flask-requirements");
    init(&p);
    hand_edit(&p);
    p.remove("requirements.txt");
    p.write(
        "pyproject.toml",
        "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n",
    );
    p.write("uv.lock", "version = 1\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: package manager pip → uv",
        ));
    hand_edit_survived(&p);
    assert!(p.read("Dockerfile").contains("uv export --frozen --no-dev"));
}

#[test]
fn python_framework_added_changes_the_start_command() {
    let p = Project::new()
        .file("requirements.txt", "requests==2.32.3\n")
        .file("main.py", "print('hi')\n");
    init(&p);
    hand_edit(&p);
    p.write("requirements.txt", "fastapi==0.115.0\nuvicorn==0.34.0\n");
    p.write("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: framework none → fastapi",
        ));
    hand_edit_survived(&p);
    assert!(p
        .read("Dockerfile")
        .contains(r#"CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]"#));
}

#[test]
fn rust_toolchain_bump_keeps_an_added_run() {
    let p = Project::example("rust-single-bin");
    init(&p);
    insert_after_last(
        &p,
        "Dockerfile",
        "COPY . .",
        "RUN echo \"built by CI\" > /app/BUILD_INFO",
    );
    p.write("rust-toolchain.toml", "[toolchain]\nchannel = \"1.94\"\n");
    p.dockgen(&["generate"])
        .success()
        .stderr(predicate::str::contains(
            "changed: rust 1.95 → 1.94 from rust-toolchain.toml",
        ));
    let df = p.read("Dockerfile");
    assert!(
        df.contains("RUN echo \"built by CI\" > /app/BUILD_INFO")
            && df.contains("FROM rust:1.94-slim-trixie AS build"),
        "{df}"
    );
}

#[test]
fn rust_binary_renamed() {
    let p = Project::example("rust-single-bin");
    init(&p);
    hand_edit(&p);
    p.edit("Cargo.toml", "name = \"hello-rs\"", "name = \"greeter\"");
    p.dockgen(&["generate"]).success();
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("ENTRYPOINT [\"/app/greeter\"]") && !df.contains("hello-rs"),
        "{df}"
    );
}

#[test]
fn changed_cmd_flags_conflict_with_a_new_start_command() {
    let p = Project::example("node-express-npm");
    init(&p);
    p.edit(
        "Dockerfile",
        r#"ENTRYPOINT ["/nodejs/bin/node", "server.js"]"#,
        r#"ENTRYPOINT ["/nodejs/bin/node", "--max-old-space-size=256", "server.js"]"#,
    );
    let before = p.read("Dockerfile");
    p.rename("server.js", "app.js");
    p.edit(
        "package.json",
        "\"main\": \"server.js\"",
        "\"main\": \"app.js\"",
    );
    p.edit("package.json", "node server.js", "node app.js");
    // The conflicted file is named from where dockgen ran (here, the project's absolute path).
    p.dockgen(&["generate"])
        .code(1)
        .stderr(predicate::str::contains(format!(
            "merge conflicts in {} (1)",
            p.path().join("Dockerfile").display()
        )));
    let df = p.read("Dockerfile");
    assert!(
        df.contains("<<<<<<< ours\n")
            && df.contains("\n=======\n")
            && df.contains(">>>>>>> theirs\n"),
        "{df}"
    );
    assert!(
        df.contains("--max-old-space-size=256"),
        "the user's flags are kept inside the markers"
    );
    assert!(df.contains(r#"["/nodejs/bin/node", "app.js"]"#));
    assert_eq!(
        p.read("Dockerfile.bak"),
        before,
        "the pre-merge file is backed up"
    );
}

#[test]
fn changed_server_flags_conflict_with_a_new_port() {
    let p = Project::example("python-pdm-fastapi");
    init(&p);
    p.edit(
        "Dockerfile",
        r#""--port", "8080"]"#,
        r#""--port", "8080", "--workers", "4"]"#,
    );
    p.write(
        "Procfile",
        "web: uvicorn main:app --host 0.0.0.0 --port 9000\n",
    );
    p.dockgen(&["generate"]).code(1);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("\"--workers\", \"4\"")
            && df.contains("\"9000\"")
            && df.contains("<<<<<<< ours"),
        "{df}"
    );
}

#[test]
fn check_is_clean_then_stale_and_diff_writes_nothing() {
    let p = Project::example("go-stdlib");
    init(&p);
    hand_edit(&p);
    p.dockgen(&["generate", "--check"])
        .success()
        .stdout(predicate::str::is_empty());
    p.edit("go.mod", "go 1.24", "go 1.25");
    let before = (p.read("Dockerfile"), p.read(".dockgen/Dockerfile"));
    p.dockgen(&["generate", "--diff"])
        .success()
        .stdout(predicate::str::contains(
            "-FROM golang:1.24-trixie AS build\n+FROM golang:1.25-trixie AS build",
        ));
    p.dockgen(&["generate", "--check"])
        .code(1)
        .stdout(predicate::str::contains("+++ b/Dockerfile"))
        .stderr(predicate::str::contains("would change"));
    assert_eq!(
        (p.read("Dockerfile"), p.read(".dockgen/Dockerfile")),
        before,
        "--check and --diff write nothing"
    );
    p.dockgen(&["generate"]).success();
    p.dockgen(&["generate", "--check"]).success();
    hand_edit_survived(&p);
}

#[test]
fn force_replaces_outright_and_keeps_a_backup() {
    let p = Project::example("go-stdlib");
    init(&p);
    hand_edit(&p);
    let edited = p.read("Dockerfile");
    p.dockgen(&["generate", "--force"]).success();
    assert!(!p.read("Dockerfile").contains("LABEL org.opencontainers"));
    assert_eq!(p.read("Dockerfile.bak"), edited);
}

#[test]
fn init_again_with_dockgen_toml_regenerates_and_keeps_answers() {
    let p = Project::example("node-express-npm");
    p.dockgen(&["init", "--yes", "--port", "8088"]).success();
    hand_edit(&p);
    p.write(".nvmrc", "24\n");
    p.dockgen(&["init", "--yes"]).success();
    hand_edit_survived(&p);
    let df = p.read("Dockerfile");
    assert!(
        df.contains("EXPOSE 8088") && df.contains("nodejs24"),
        "{df}"
    );
}
