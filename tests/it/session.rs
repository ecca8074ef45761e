//! The library's entry point: a project is scanned once per command, the choices detection cannot make
//! come back as data, every command reads dockgen.toml through it, and `--app` picks one app.

use crate::common::Project;
use dockgen::config::Answers;
use dockgen::facts::AmbiguityKind;
use dockgen::session::{Scope, Session};
use predicates::prelude::*;

/// A folder two stacks claim equally: a Node app with a start script and a Python script, neither with a
/// server framework, so neither ranks first.
fn tie() -> Project {
    Project::new()
        .file(
            "package.json",
            r#"{"name":"tie","scripts":{"start":"node server.js"}}"#,
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}")
        .file("server.js", "console.log(1)\n")
        .file("requirements.txt", "requests\n")
        .file("main.py", "print(1)\n")
}

/// The walks a command made, as the binary reports them under DOCKGEN_COUNT_SCANS.
fn scans(p: &Project, args: &[&str]) -> usize {
    let out = assert_cmd::Command::cargo_bin("dockgen")
        .unwrap()
        .args(args)
        .arg(p.path())
        .env_remove("CI")
        .env("DOCKGEN_COUNT_SCANS", "1")
        .write_stdin("")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {err}");
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("dockgen: "))
        .unwrap_or_else(|| panic!("no scan count in {err}"));
    line.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn a_tie_is_an_open_choice_that_an_answer_settles() {
    let p = tie();
    let session = Session::open(p.path()).unwrap();
    let d = session.detect(&Answers::default(), Scope::Apps).unwrap();
    let choice = d.open.expect("the tie is left open");
    assert_eq!(choice.what, AmbiguityKind::Stack);
    assert_eq!(choice.candidates, ["python", "node"]);
    assert_eq!(choice.chosen, None);
    assert!(d.apps.is_empty());
    // Planning without the answer is the error naming the flag that settles it.
    let err = session
        .plan(&Answers::default(), Scope::Apps)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ambiguous stack") && err.contains("--stack"),
        "{err}"
    );
    let planned = session.plan(&choice.answer("node"), Scope::Apps).unwrap();
    assert_eq!(planned.plans.len(), 1);
    assert_eq!(planned.plans[0].facts.stack.as_str(), "node");
    assert_eq!(planned.plans[0].facts.start, ["node", "server.js"]);
}

#[test]
fn a_choice_made_by_ranking_is_listed_as_settled() {
    // A Python web app beside a package.json for tooling: the server framework wins, and says so.
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node a.js"}}"#,
        )
        .file("a.js", "1\n")
        .file("requirements.txt", "flask\n")
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n");
    let session = Session::open(p.path()).unwrap();
    let d = session.detect(&Answers::default(), Scope::Apps).unwrap();
    assert_eq!(d.open, None);
    let settled = d.settled();
    let stack = settled
        .iter()
        .find(|c| c.what == AmbiguityKind::Stack)
        .expect("the ranking's choice");
    assert_eq!(stack.chosen.as_deref(), Some("python"));
    assert!(stack.candidates.contains(&"node".to_string()));
}

#[test]
fn the_scan_counter_counts_every_walk() {
    let p = Project::node();
    let before = dockgen::scan::scans();
    let session = Session::open(p.path()).unwrap();
    for _ in 0..3 {
        session.plan(&Answers::default(), Scope::Apps).unwrap();
    }
    Session::open(p.path()).unwrap();
    // Other tests in this process may scan too: at least the two opens, whatever else ran.
    assert!(dockgen::scan::scans() >= before + 2);
}

#[test]
fn every_command_walks_the_folder_once() {
    let p = Project::node();
    assert_eq!(scans(&p, &["init", "--yes"]), 1);
    // A second init merges into what the first wrote; still one walk.
    assert_eq!(scans(&p, &["init", "--yes", "--port", "4000"]), 1);
    assert!(p.read("dockgen.toml").contains("port = 4000"));
    assert_eq!(scans(&p, &["generate", "--check"]), 1);
    assert_eq!(scans(&p, &["generate"]), 1);
    assert_eq!(scans(&p, &["plan", "--json"]), 1);
    // A choice dockgen.toml settles, and a workspace with its compose file: one walk each.
    let t = tie().file("dockgen.toml", "[app]\nstack = \"node\"\n");
    assert_eq!(scans(&t, &["init", "--yes"]), 1);
    let w = Project::example("workspaces/pnpm-turbo");
    assert_eq!(scans(&w, &["init", "--yes", "--compose"]), 1);
}

#[test]
fn lint_judges_the_project_with_dockgen_toml_answers() {
    let df = "FROM node:20\nWORKDIR /app\nCOPY . .\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"node\", \"server.js\"]\n";
    let dg005 = |p: &Project| {
        let out = assert_cmd::Command::cargo_bin("dockgen")
            .unwrap()
            .current_dir(p.path())
            .args(["lint", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "DG005")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let p = tie()
        .file("Dockerfile", df)
        .file(".dockerignore", ".git\n.env\nnode_modules\n");
    // Detection alone cannot tell the stack: lint has no planned base, and suggests from the image's tag.
    let alone = dg005(&p);
    assert!(!alone.contains("nodejs22"), "{alone}");
    // dockgen.toml's stack and toolchain version are the plan lint compares with.
    p.write(
        "dockgen.toml",
        "[app]\nstack = \"node\"\ntoolchain_version = \"22\"\n",
    );
    let msg = dg005(&p);
    assert!(msg.contains("distroless/nodejs22"), "{msg}");
}

#[test]
fn plan_json_at_a_workspace_root_lists_apps_skipped_libraries_and_services() {
    let p = Project::example("workspaces/pnpm-turbo");
    p.edit(
        "apps/api/package.json",
        "\"fastify\": \"^5.2.0\"",
        "\"fastify\": \"^5.2.0\", \"pg\": \"^8.13.0\"",
    );
    let v = crate::common::plan_document(&p, &[]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["apps"][0]["path"], "apps/api");
    // The SPA builds from the root too.
    assert_eq!(v["apps"][1]["path"], "apps/web");
    assert_eq!(v["apps"].as_array().unwrap().len(), 2);
    assert_eq!(v["skipped"][0]["path"], "packages/shared");
    assert!(v["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("a library"));
    let services = v["services"].as_array().unwrap();
    assert_eq!(services.len(), 1, "{services:?}");
    assert_eq!(services[0]["name"], "postgres");
    assert!(services[0]["image"]
        .as_str()
        .unwrap()
        .starts_with("postgres:"));
    assert_eq!(services[0]["used_by"][0]["app"], "api");
    assert_eq!(services[0]["used_by"][0]["because"], "depends on pg");
}

#[test]
fn app_picks_one_app_of_a_workspace() {
    let p = Project::example("workspaces/npm-workspaces");
    let out = p
        .dockgen(&["plan", "--json", "--app", "./services/admin/"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let apps = v["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0]["path"], "services/admin");
    p.dockgen(&["init", "--yes", "--app", "services/api"])
        .success();
    assert!(p.path().join("services/api/Dockerfile").is_file());
    assert!(!p.path().join("services/admin/Dockerfile").exists());
    p.dockgen(&["generate", "--check", "--app", "services/api"])
        .success();
    p.dockgen(&["generate", "--app", "apps/nope"])
        .code(2)
        .stderr(predicate::str::contains(
            "--app apps/nope: not an app of this project; its apps: services/admin, services/api",
        ));
    assert!(!p.path().join("services/admin/Dockerfile").exists());
}
