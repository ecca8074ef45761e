//! The Procfile, one step shared by every stack: its `web:` process is the start command over the stack's
//! default and under the answers (`--start` > dockgen.toml > Procfile > default), split into exec-form
//! argv with `$PORT` filled in; what needs a shell runs through one (or is refused naming the line where
//! the runtime has none); a migration before the server is a release step; a compiled stack's web
//! process names the binary it builds; a `release:` process is noted, not run.

use crate::common;

use common::{plan, Project};

fn failure(p: &Project, extra: &[&str]) -> String {
    let mut args = vec!["plan"];
    args.extend(extra);
    let out = p.dockgen(&args).code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn start_evidence(app: &serde_json::Value) -> serde_json::Value {
    app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["fact"] == "start")
        .cloned()
        .unwrap()
}

fn flask() -> Project {
    Project::new()
        .file("requirements.txt", "flask==3.1.3\ngunicorn==27.0.1\n")
        .file(
            "app.py",
            "from flask import Flask\n\napp = Flask(__name__)\n",
        )
}

#[test]
fn the_web_process_replaces_the_framework_default_with_port_filled_in() {
    let p = flask().file(
        "Procfile",
        "# processes\nweb: gunicorn --workers 4 --bind 0.0.0.0:${PORT:-5000} 'app:app'\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!([
            "gunicorn",
            "--workers",
            "4",
            "--bind",
            "0.0.0.0:8000",
            "app:app"
        ])
    );
    assert_eq!(app["port"], 8000);
    let e = start_evidence(&app);
    assert_eq!(e["source"], "Procfile:2");
    assert_eq!(e["rule"], "web process");
    let df = String::from_utf8(
        p.dockgen(&["init", "--yes", "--stdout"])
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(df.contains("PORT=8000"), "{df}");
    assert!(
        df.contains(r#"CMD ["gunicorn", "--workers", "4", "--bind", "0.0.0.0:8000", "app:app"]"#),
        "{df}"
    );
}

#[test]
fn port_follows_the_port_answer() {
    let p = flask().file("Procfile", "web: gunicorn --bind :$PORT app:app\n");
    let app = plan(&p, &["--port", "9100"]);
    assert_eq!(app["start"][2], ":9100");
    assert_eq!(app["port"], 9100);
}

#[test]
fn start_answers_come_before_the_procfile_flag_first() {
    let p = flask()
        .file("Procfile", "web: gunicorn app:app\n")
        .file("dockgen.toml", "[app]\nstart = [\"python\", \"app.py\"]\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["python", "app.py"]));
    assert_eq!(start_evidence(&app)["source"], "dockgen.toml");
    let app = plan(&p, &["--start", "waitress-serve app:app"]);
    assert_eq!(
        app["start"],
        serde_json::json!(["waitress-serve", "app:app"])
    );
    // Without either, the Procfile.
    p.remove("dockgen.toml");
    assert_eq!(
        plan(&p, &[])["start"],
        serde_json::json!(["gunicorn", "app:app"])
    );
}

#[test]
fn what_needs_a_shell_runs_through_one_on_a_runtime_that_has_it() {
    // python:…-slim has /bin/sh: the command runs as `sh -c "… exec server"`, never split into exec form.
    for (web, script) in [
        (
            "gunicorn app:app --env $APP_ENV",
            "exec gunicorn app:app --env $APP_ENV",
        ),
        ("gunicorn app:app | tee log", "gunicorn app:app | tee log"),
        ("gunicorn app:app > log", "gunicorn app:app > log"),
    ] {
        let p = flask().file(
            "Procfile",
            format!("release: flask db upgrade\nweb: {web}\n"),
        );
        let app = plan(&p, &[]);
        assert_eq!(
            app["start"],
            serde_json::json!(["/bin/sh", "-c", script]),
            "{web}"
        );
        let df = common::dockerfile(&p, &[]);
        assert!(
            df.contains(&format!(r#"CMD ["/bin/sh", "-c", "{script}"]"#)),
            "{web}: {df}"
        );
    }
}

#[test]
fn a_migration_before_the_server_is_a_release_step_and_the_server_the_start() {
    let p = flask().file(
        "Procfile",
        "web: flask db upgrade; flask translate compile; gunicorn app:app\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["gunicorn", "app:app"]));
    assert_eq!(app["release"], serde_json::json!(["flask db upgrade"]));
    let w = common::warnings(&app);
    assert!(
        w.contains("Procfile:1 runs `flask db upgrade` before the server")
            && w.contains("docker run --rm <image> flask db upgrade"),
        "{w}"
    );
    assert!(
        w.contains("`flask translate compile` before the server: a build step"),
        "{w}"
    );
    let df = common::dockerfile(&p, &[]);
    assert!(
        df.contains("# Note: Procfile:1 runs `flask db upgrade`"),
        "{df}"
    );
    assert!(df.contains(r#"CMD ["gunicorn", "app:app"]"#), "{df}");
}

#[test]
fn a_shell_start_where_the_runtime_has_no_shell_is_a_one_line_error() {
    let p = Project::new()
        .file("go.mod", "module example.com/hello\n\ngo 1.24\n")
        .file("main.go", "package main\n\nfunc main() {}\n")
        .file("Procfile", "web: ./hello; echo stopped\n");
    let err = failure(&p, &[]);
    assert!(err.contains("Procfile:1"), "{err}");
    assert!(
        err.contains("needs a shell") && err.contains("distroless"),
        "{err}"
    );
    assert!(err.contains("--start"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_release_process_is_noted_not_run() {
    let p = flask().file(
        "Procfile",
        "web: gunicorn app:app\nrelease: flask db upgrade\n",
    );
    let app = plan(&p, &[]);
    let w = app["warnings"].to_string();
    assert!(
        w.contains("Procfile:2 release process `flask db upgrade` is not run"),
        "{w}"
    );
    assert!(!app["start"].to_string().contains("upgrade"));
}

#[test]
fn a_go_web_process_names_the_built_binary() {
    let go = || {
        Project::new()
            .file("go.mod", "module example.com/hello\n\ngo 1.24\n")
            .file("main.go", "package main\n\nfunc main() {}\n")
    };
    let app = plan(&go().file("Procfile", "web: bin/hello -addr :$PORT\n"), &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["/app/hello", "-addr", ":8080"])
    );
    assert_eq!(start_evidence(&app)["source"], "Procfile:1");
    let app = plan(&go().file("Procfile", "web: ./hello\n"), &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/hello"]));
    // A binary the build does not make.
    let err = failure(&go().file("Procfile", "web: bin/worker\n"), &[]);
    assert!(err.contains("Procfile:1"), "{err}");
    assert!(
        err.contains("`bin/worker`") && err.contains("`hello`"),
        "{err}"
    );
    assert!(err.contains("--binary worker"), "{err}");
}

#[test]
fn a_rust_web_process_names_the_built_binary() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("src/main.rs", "fn main() {}\n")
        .file("Procfile", "web: ./target/release/api --port $PORT\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["/app/api", "--port", "8080"])
    );
}

#[test]
fn a_node_web_process_beats_the_start_script() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node index.js"},"dependencies":{"express":"^5.0.0"}}"#,
        )
        .file("index.js", "")
        .file("server.js", "")
        .file("Procfile", "web: node server.js --port=$PORT\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["node", "server.js", "--port=3000"])
    );
}

#[test]
fn a_procfile_gives_a_start_where_the_stack_has_none_and_so_does_start() {
    // No framework and no entry file: only the Procfile (or --start) says how it starts.
    let bare = || {
        Project::new()
            .file("requirements.txt", "requests\n")
            .file("worker/run.py", "")
    };
    assert!(failure(&bare(), &[]).contains("no framework, no Procfile"));
    let app = plan(&bare().file("Procfile", "web: python worker/run.py\n"), &[]);
    assert_eq!(app["start"], serde_json::json!(["python", "worker/run.py"]));
    plan(&bare(), &["--start", "python worker/run.py"]);
}

#[test]
fn a_static_site_ignores_the_web_process_with_a_warning() {
    let p = Project::new()
        .file("index.html", "<!doctype html>\n")
        .file("Procfile", "web: python -m http.server $PORT\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "static");
    assert_eq!(app["start"][0], "nginx");
    assert!(app["warnings"]
        .to_string()
        .contains("Procfile:1 web process is not used"));
}

#[test]
fn a_malformed_procfile_names_its_line() {
    let err = failure(
        &flask().file("Procfile", "web: gunicorn app:app\njust words\n"),
        &[],
    );
    assert!(err.contains("Procfile:2"), "{err}");
}

#[test]
fn a_web_process_through_the_package_manager_is_flagged() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node server.js"}}"#,
        )
        .file("server.js", "")
        .file("Procfile", "web: npm start\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["npm", "start"]));
    let w = app["warnings"].to_string();
    assert!(
        w.contains("Procfile:1 web runs `npm start` through npm"),
        "{w}"
    );
}

#[test]
fn a_procfile_that_is_not_text_is_an_error_naming_it() {
    let err = failure(&flask().file("Procfile", b"web: \xff\xfe gunicorn\n"), &[]);
    assert!(err.contains("Procfile"), "{err}");
}

#[test]
fn a_procfile_without_a_web_process_changes_nothing_but_notes_release() {
    let p = flask().file(
        "Procfile",
        "worker: celery -A app worker\nrelease: flask db upgrade\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["start"][0], "gunicorn");
    assert_ne!(start_evidence(&app)["source"], "Procfile:1");
    assert!(app["warnings"].to_string().contains("Procfile:2 release"));
}
