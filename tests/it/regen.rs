//! Regeneration scenarios: generate, edit by hand, change the stack, regenerate; the edit survives and the
//! change lands, or — where they overlap — conflict markers, exit 1, a backup, and none of the user's text lost.

use crate::common;

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
            && df.contains("FROM --platform=$BUILDPLATFORM golang:1.24-trixie AS build"),
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
    assert!(p
        .read("Dockerfile")
        .contains("uv sync --locked --no-install-project --no-dev"));
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
            && df.contains("FROM --platform=$BUILDPLATFORM rust:1.94-slim-trixie AS build"),
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
        df.contains(r#"ENTRYPOINT ["/usr/bin/tini", "--", "/app/greeter"]"#)
            && !df.contains("hello-rs"),
        "{df}"
    );
}

#[test]
fn changed_cmd_flags_conflict_with_a_new_start_command() {
    let p = Project::example("node-express-npm");
    init(&p);
    p.edit(
        "Dockerfile",
        r#"ENTRYPOINT ["/nodejs/bin/node", "--require", "/usr/local/lib/stop-on-signal.cjs", "server.js"]"#,
        r#"ENTRYPOINT ["/nodejs/bin/node", "--max-old-space-size=256", "--require", "/usr/local/lib/stop-on-signal.cjs", "server.js"]"#,
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
    assert!(df.contains(
        r#"["/nodejs/bin/node", "--require", "/usr/local/lib/stop-on-signal.cjs", "app.js"]"#
    ));
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
            "-FROM --platform=$BUILDPLATFORM golang:1.24-trixie AS build\n+FROM --platform=$BUILDPLATFORM golang:1.25-trixie AS build",
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

// ---- Conflict state, backups, missing bases, the chooser, answers, modes, the lock, CI ----

/// go-cmd-toolchain with a hand edit away from the change (a LABEL) and one on the line the change rewrites
/// (a flag on the ENTRYPOINT), then the binary renamed: the next generate conflicts once.
fn about_to_conflict() -> Project {
    let p = Project::example("go-cmd-toolchain");
    init(&p);
    hand_edit(&p);
    p.edit(
        "Dockerfile",
        r#"ENTRYPOINT ["/app/api"]"#,
        r#"ENTRYPOINT ["/app/api", "--verbose"]"#,
    );
    p.rename("cmd/api/main.go", "cmd/server/main.go");
    p
}

/// What dockgen renders for the project now.
fn rendering(p: &Project) -> String {
    common::dockerfile(p, &[])
}

#[test]
fn a_conflict_sticks_until_resolved_and_the_base_waits_for_it() {
    let p = about_to_conflict();
    let base = p.read(".dockgen/Dockerfile");
    // The file is named as the user passed the folder (here, an absolute path).
    p.dockgen(&["generate"])
        .code(1)
        .stderr(predicate::str::contains(format!(
            "merge conflicts in {} (1)",
            p.path().join("Dockerfile").display()
        )));
    assert_eq!(
        p.read(".dockgen/Dockerfile"),
        base,
        "the base does not move on a conflict"
    );
    let marked = p.read("Dockerfile");
    for args in [&["generate"][..], &["generate", "--check"]] {
        p.dockgen(args)
            .code(1)
            .stderr(predicate::str::contains("still holds conflict markers"));
    }
    assert_eq!(p.read("Dockerfile"), marked, "a rerun changes nothing");
    // The user keeps their flag and takes the new binary: neither side's text.
    let (resolved, left) = dockgen::regen::resolve(&marked, |_, _| {
        dockgen::regen::Choice::Edited("ENTRYPOINT [\"/app/server\", \"--verbose\"]\n".into())
    });
    assert_eq!(left, 0);
    p.write("Dockerfile", &resolved);
    p.dockgen(&["generate", "--check"])
        .code(1)
        .stderr(predicate::str::contains(
            "resolution of the last conflict is not recorded",
        ));
    p.dockgen(&["generate"]).success();
    assert_eq!(
        p.read("Dockerfile"),
        resolved,
        "the resolution is kept as it is"
    );
    assert_eq!(
        p.read(".dockgen/Dockerfile"),
        rendering(&p),
        "now the base moves"
    );
    p.dockgen(&["generate", "--check"]).success();
    // A later change merges against the resolution: the flag and the LABEL survive a toolchain bump.
    p.edit("go.mod", "toolchain go1.24.5", "toolchain go1.25.1");
    p.dockgen(&["generate"]).success();
    let df = p.read("Dockerfile");
    assert!(
        df.contains(r#"ENTRYPOINT ["/app/server", "--verbose"]"#) && df.contains("golang:1.25"),
        "{df}"
    );
    hand_edit_survived(&p);
}

#[test]
fn force_is_the_way_out_of_unwanted_markers() {
    let p = about_to_conflict();
    p.dockgen(&["generate"]).code(1);
    let marked = p.read("Dockerfile");
    p.dockgen(&["generate", "--force"]).success();
    assert_eq!(p.read("Dockerfile"), rendering(&p));
    assert_eq!(
        p.read("Dockerfile.bak.1"),
        marked,
        "the marked file is backed up"
    );
    assert!(!p.path().join(".dockgen/pending/Dockerfile").exists());
    p.dockgen(&["generate", "--check"]).success();
}

#[test]
fn a_restored_backup_is_not_taken_for_fresh() {
    let p = about_to_conflict();
    p.dockgen(&["generate"]).code(1);
    let backup = p.read("Dockerfile.bak");
    p.write("Dockerfile", &backup);
    p.dockgen(&["generate", "--check"])
        .code(1)
        .stderr(predicate::str::contains("applying would conflict (1)"));
    // After a clean --force, the backup holds the old toolchain: putting it back is caught too.
    let p = Project::example("go-stdlib");
    init(&p);
    hand_edit(&p);
    p.edit("go.mod", "go 1.24", "go 1.25");
    p.dockgen(&["generate", "--force"]).success();
    p.dockgen(&["generate", "--check"]).success();
    let old = p.read("Dockerfile.bak");
    assert!(old.contains("golang:1.24"));
    p.write("Dockerfile", &old);
    p.dockgen(&["generate", "--check"])
        .code(1)
        .stderr(predicate::str::contains(
            "is the backup from before the last generate",
        ));
    // generate merges it again against the base it was made from: the edit stays, the bump lands.
    p.dockgen(&["generate"]).success();
    assert!(p
        .read("Dockerfile")
        .contains("LABEL org.opencontainers.image.source"));
    assert!(p.read("Dockerfile").contains("golang:1.25-trixie AS build"));
    p.dockgen(&["generate", "--check"]).success();
}

#[test]
fn diff_says_when_applying_would_conflict_and_writes_nothing() {
    let p = about_to_conflict();
    let before = p.read("Dockerfile");
    p.dockgen(&["generate", "--diff"])
        .success()
        .stderr(predicate::str::contains(
            "Dockerfile: applying would conflict (1)",
        ))
        .stdout(predicate::str::contains("+<<<<<<< ours"));
    assert_eq!(p.read("Dockerfile"), before);
    assert!(!p.path().join("Dockerfile.bak").exists());
}

#[test]
fn answers_detection_needed_are_saved_in_either_spelling() {
    let worker = || {
        Project::new()
            .file("requirements.txt", "requests==2.32.3\n")
            .file("worker_job.py", "print('working')\n")
    };
    let p = worker();
    p.dockgen(&["generate"])
        .code(1)
        .stderr(predicate::str::contains("--start"));
    p.dockgen(&["generate", "--start", "python worker_job.py"])
        .success()
        .stderr(predicate::str::contains("kept your answers"));
    let saved = dockgen::config::Config::parse(&p.read("dockgen.toml")).unwrap();
    assert_eq!(
        saved.app.start,
        Some(vec!["python".to_string(), "worker_job.py".to_string()])
    );
    p.dockgen(&["generate"]).success();
    p.dockgen(&["generate", "--check"]).success();
    // init keeps an answer detection needed just the same.
    let r = worker();
    r.dockgen(&["init", "--yes", "--start", "python worker_job.py"])
        .success();
    assert_eq!(
        dockgen::config::Config::parse(&r.read("dockgen.toml"))
            .unwrap()
            .app
            .start,
        saved.app.start
    );
    r.dockgen(&["generate", "--check"]).success();
    // The string form the flag takes is accepted in dockgen.toml as well.
    let q = worker().file("dockgen.toml", "[app]\nstart = \"python worker_job.py\"\n");
    q.dockgen(&["init", "--yes"]).success();
    assert_eq!(q.read("Dockerfile"), p.read("Dockerfile"));
}

#[test]
fn a_missing_base_is_named_with_both_ways_out() {
    let p = Project::example("go-stdlib");
    p.dockgen(&["init", "--yes"])
        .success()
        .stderr(predicate::str::contains(
            "commit Dockerfile, .dockerignore, .dockgen/ and dockgen.toml",
        ));
    assert!(p.read(".dockgen/README.md").contains("Commit this folder"));
    hand_edit(&p);
    let edited = p.read("Dockerfile");
    std::fs::remove_dir_all(p.path().join(".dockgen")).unwrap();
    for args in [&["generate"][..], &["generate", "--check"]] {
        p.dockgen(args).code(1).stderr(
            predicate::str::contains("no merge base in .dockgen/ (was it committed?)")
                .and(predicate::str::contains("--rebuild-base"))
                .and(predicate::str::contains("--force")),
        );
    }
    assert_eq!(p.read("Dockerfile"), edited);
    p.dockgen(&["generate", "--rebuild-base"]).success();
    assert_eq!(p.read("Dockerfile"), edited, "the file is kept as it is");
    p.edit("go.mod", "go 1.24", "go 1.25");
    p.dockgen(&["generate"]).success();
    hand_edit_survived(&p);
    assert!(p.read("Dockerfile").contains("golang:1.25"));
    // A Dockerfile dockgen never wrote is another matter: it is only replaced with --force.
    let q = Project::example("go-stdlib").file("Dockerfile", "FROM scratch\n");
    q.dockgen(&["generate"])
        .code(1)
        .stderr(predicate::str::contains(
            "already exists; rerun with --force",
        ));
}

#[test]
fn a_base_edited_by_hand_is_refused() {
    let p = Project::example("go-stdlib");
    init(&p);
    p.edit(".dockgen/Dockerfile", "golang:1.24", "golang:1.25");
    p.dockgen(&["generate", "--check"])
        .code(1)
        .stderr(predicate::str::contains(
            ".dockgen/Dockerfile: was edited by hand",
        ));
}

/// Run `dockgen generate` on a pseudo-terminal (util-linux `script`), typing `keys`.
fn generate_on_a_terminal(p: &Project, keys: &str, env: &[(&str, &str)]) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("dockgen");
    let cmd = format!("{} generate {}", bin.display(), p.path().display());
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).env_remove("CI");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = assert_cmd::Command::from_std(c)
        .write_stdin(keys)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("util-linux script runs commands on a pseudo-terminal");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_chooser_on_a_terminal_takes_dockgens_line_and_keeps_the_users_neighbours() {
    let p = about_to_conflict();
    let (code, screen) = generate_on_a_terminal(&p, "d\n", &[]);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains(&format!(
            "conflict 1 of 1 in {}",
            p.path().join("Dockerfile").display()
        )) && screen.contains(r#"ENTRYPOINT ["/app/api", "--verbose"]"#)
            && !screen.contains("b  both"),
        "both is not offered for an ENTRYPOINT: {screen}"
    );
    assert!(
        screen.contains("1 dockgen's, 0 yours, 0 both, 0 edited, 0 left"),
        "{screen}"
    );
    let df = p.read("Dockerfile");
    assert!(
        df.contains(r#"ENTRYPOINT ["/app/server"]"#) && !df.contains("<<<<<<<"),
        "{df}"
    );
    hand_edit_survived(&p);
    p.dockgen(&["generate", "--check"]).success();
}

#[test]
fn the_chooser_opens_the_editor_and_leaves_markers_when_input_ends() {
    let p = about_to_conflict();
    let editor = p.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '%s\\n' 'ENTRYPOINT [\"/app/server\", \"--verbose\"]' > \"$1\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, screen) = generate_on_a_terminal(
        &p,
        "e\n",
        &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(p
        .read("Dockerfile")
        .contains(r#"ENTRYPOINT ["/app/server", "--verbose"]"#));
    // No answer at all (input ends): the markers stay and the run fails, as without a terminal.
    let q = about_to_conflict();
    let (code, screen) = generate_on_a_terminal(&q, "", &[]);
    assert_eq!(code, 1, "{screen}");
    assert!(q.read("Dockerfile").contains("<<<<<<< ours"));
}

fn mode(p: &Project, path: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p.path().join(path))
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// Run dockgen with a umask.
fn with_umask(p: &Project, umask: &str, args: &[&str]) {
    let bin = assert_cmd::cargo::cargo_bin("dockgen");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .arg(p.path())
        .env_remove("CI")
        .stdin(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn new_files_follow_the_umask_and_a_replaced_file_keeps_its_mode() {
    let p = Project::example("go-stdlib");
    with_umask(&p, "022", &["init", "--yes"]);
    for f in [
        "Dockerfile",
        ".dockerignore",
        ".dockgen/Dockerfile",
        ".dockgen/state.json",
    ] {
        assert_eq!(mode(&p, f), 0o644, "{f}");
    }
    let q = Project::example("go-stdlib");
    with_umask(&q, "027", &["init", "--yes"]);
    assert_eq!(mode(&q, "Dockerfile"), 0o640);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        p.path().join("Dockerfile"),
        std::fs::Permissions::from_mode(0o664),
    )
    .unwrap();
    p.edit("go.mod", "go 1.24", "go 1.25");
    with_umask(&p, "077", &["generate"]);
    assert!(p.read("Dockerfile").contains("golang:1.25"));
    assert_eq!(
        mode(&p, "Dockerfile"),
        0o664,
        "an existing file keeps its mode"
    );
}

#[test]
fn a_second_run_waits_for_the_lock_then_refuses() {
    let p = Project::example("go-stdlib");
    init(&p);
    p.edit("go.mod", "go 1.24", "go 1.25");
    // This test's own process stands in for a dockgen run that holds the lock.
    p.write(".dockgen/lock", format!("{}\n", std::process::id()));
    p.dockgen(&["generate"])
        .code(1)
        .stderr(predicate::str::contains(format!(
            ".dockgen/lock: held by process {}",
            std::process::id()
        )));
    assert!(
        p.read("Dockerfile").contains("golang:1.24"),
        "nothing written"
    );
    // A lock left by a run that is gone is taken over, and released after.
    p.write(".dockgen/lock", "999999999\n");
    p.dockgen(&["generate"]).success();
    assert!(p.read("Dockerfile").contains("golang:1.25"));
    assert!(!p.path().join(".dockgen/lock").exists());
}

#[test]
fn the_ci_workflow_checks_for_drift_before_it_builds() {
    let p = Project::example("go-stdlib");
    p.dockgen(&["init", "--yes", "--ci", "github"]).success();
    let wf: serde_norway::Value =
        serde_norway::from_str(&p.read(".github/workflows/container.yml")).unwrap();
    let runs: Vec<String> = wf["jobs"]["container"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s["run"].as_str().unwrap_or_default().to_string())
        .collect();
    let check = runs.iter().position(|r| r == "dockgen generate --check");
    // The build is an action step (docker/build-push-action), found by its name.
    let build = wf["jobs"]["container"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .position(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Build image"))
        });
    assert!(check.is_some() && check < build, "{runs:?}");
    p.dockgen(&["generate", "--check"]).success();
    let q = Project::example("go-stdlib");
    q.dockgen(&["init", "--yes", "--ci", "gitlab"]).success();
    let ci: serde_norway::Value = serde_norway::from_str(&q.read(".gitlab-ci.yml")).unwrap();
    let lint: Vec<&str> = ci["lint"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    let check = lint.iter().position(|r| *r == "dockgen generate --check");
    let first_lint = lint.iter().position(|r| r.starts_with("dockgen lint"));
    assert!(check.is_some() && check < first_lint, "{lint:?}");
}
