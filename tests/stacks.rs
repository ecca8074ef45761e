//! How stacks that claim one folder are told apart: the supersede rule (Bun, Deno and static sites over
//! Node), the rank rule and its `ambiguities` entry in `plan --json`, and the evidence that keeps a Node
//! app on Node.

mod common;

use common::Project;

fn plan(p: &Project, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["plan", "--json"];
    args.extend(extra);
    let out = p.dockgen(&args).success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["apps"][0].clone()
}

#[test]
fn a_go_api_with_a_vite_front_end_at_its_root_is_a_go_app_flagged_as_ambiguous() {
    let p = Project::new()
        .file("go.mod", "module example.com/api\n\ngo 1.24\n")
        .file("main.go", "package main\n\nfunc main() {}\n")
        .file(
            "package.json",
            r#"{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"^7.0.0"}}"#,
        )
        .file("index.html", "<!doctype html>\n");
    let app = plan(&p, &[]);
    assert_eq!(app["language"], "go");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["what"], "stack");
    assert_eq!(amb["chosen"], "go");
    assert_eq!(amb["candidates"], serde_json::json!(["go", "static"]));
    assert!(amb["rule"].as_str().unwrap().contains("ranks first"));
    // --stack still chooses the other candidate.
    assert_eq!(plan(&p, &["--stack", "static"])["framework"], "vite");
}

#[test]
fn a_bun_lockfile_with_a_node_start_script_stays_a_node_app() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node index.js"},"devDependencies":{"@types/bun":"1"}}"#,
        )
        .file("bun.lock", "{}\n")
        .file("index.js", "require('http').createServer().listen(3000)\n");
    let app = plan(&p, &[]);
    assert_eq!(app["language"], "node");
    assert_eq!(app["package_manager"], "bun");
}

#[test]
fn bun_runtime_evidence_supersedes_node_and_says_so() {
    let p = Project::new()
        .file("package.json", r#"{"name":"x","module":"index.ts"}"#)
        .file("bunfig.toml", "")
        .file(
            "index.ts",
            "Bun.serve({ port: 4100, fetch: () => new Response('x') })\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["language"], "bun");
    assert_eq!(app["start"], serde_json::json!(["bun", "run", "index.ts"]));
    assert_eq!(app["port"], 4100);
    let rules: Vec<&str> = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["rule"].as_str())
        .collect();
    assert!(rules.contains(&"bun supersedes node"), "{rules:?}");
    // --stack node runs the Node detector, which finds no Node start for a Bun module.
    p.dockgen(&["plan", "--stack", "node"])
        .code(1)
        .stderr(predicates::str::contains("no start command"));
}

#[test]
fn a_vite_app_with_an_express_server_is_a_node_app_not_a_static_site() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"vite build","start":"node server.js"},"dependencies":{"express":"5"},"devDependencies":{"vite":"7"}}"#,
        )
        .file("server.js", "app.listen(3000)\n");
    assert_eq!(plan(&p, &[])["language"], "node");
}

#[test]
fn astro_with_a_server_adapter_is_not_a_static_site() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"astro build","start":"node ./dist/server/entry.mjs"},"dependencies":{"astro":"5","@astrojs/node":"9"}}"#,
        )
        .file("dist/server/entry.mjs", "");
    assert_eq!(plan(&p, &[])["language"], "node");
}

#[test]
fn an_spa_without_a_build_script_names_what_to_add() {
    let p = Project::new().file(
        "package.json",
        r#"{"name":"x","devDependencies":{"vite":"7"}}"#,
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("without a `build` script"));
}

#[test]
fn deno_json_supersedes_a_package_json() {
    let p = Project::new()
        .file(
            "deno.json",
            r#"{"tasks":{"start":"deno run --allow-net main.ts"}}"#,
        )
        .file("package.json", r#"{"name":"x","main":"main.ts"}"#)
        .file("main.ts", "Deno.serve(() => new Response('x'))\n");
    let app = plan(&p, &[]);
    assert_eq!(app["language"], "deno");
    assert_eq!(app["port"], 8000);
}
