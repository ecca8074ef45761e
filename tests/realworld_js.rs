//! The JavaScript stacks (Node, static sites, Bun, Deno) on the failure classes the real-world sweep found
//! (benches/realworld/results.md): each test is a minimal project of ours reproducing one class, with the
//! facts asserted field by field.

mod common;

use common::{dockerfile, plan, warnings, Project};
use serde_json::{json, Value};

// G. A program that never listens is a worker: no port, no EXPOSE.

#[test]
fn a_node_cron_job_that_never_listens_gets_no_port() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"w","scripts":{"start":"node worker.js"},"dependencies":{"node-cron":"3"}}"#,
        )
        .file(
            "worker.js",
            "const cron = require('node-cron');\ncron.schedule('* * * * *', () => console.log('tick'));\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["start"], json!(["node", "worker.js"]));
    assert_eq!(app["port"], Value::Null);
    assert!(warnings(&app).contains("exposes no port"), "{app}");
    assert!(!dockerfile(&p, &[]).contains("EXPOSE"));
    // The user's answer still wins.
    assert_eq!(plan(&p, &["--port", "9000"])["port"], 9000);
}

#[test]
fn a_node_server_without_a_framework_keeps_its_port() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"s","scripts":{"start":"node index.js"}}"#,
        )
        .file("index.js", "require('./lib/app');\n")
        .file(
            "lib/app.js",
            "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 3000);
    assert!(dockerfile(&p, &[]).contains("EXPOSE 3000"));
}

#[test]
fn a_bun_script_that_only_prints_gets_no_port_and_a_bun_server_keeps_one() {
    let script = Project::new()
        .file("package.json", r#"{"name":"b","module":"index.ts","devDependencies":{"@types/bun":"^1.2.0"}}"#)
        .file("bun.lock", "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": { \"\": { \"name\": \"b\" } },\n  \"packages\": {}\n}\n")
        .file("index.ts", "console.log('Hello via Bun!');\n");
    let app = plan(&script, &[]);
    assert_eq!(app["stack"], "bun");
    assert_eq!(app["port"], Value::Null);

    let server = Project::new()
        .file("package.json", r#"{"name":"b","module":"index.ts","devDependencies":{"@types/bun":"^1.2.0"}}"#)
        .file("bun.lock", "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": { \"\": { \"name\": \"b\" } },\n  \"packages\": {}\n}\n")
        .file(
            "index.ts",
            "export default {\n  async fetch(req: Request) { return new Response('ok'); },\n};\n",
        );
    assert_eq!(plan(&server, &[])["port"], 3000);
}

#[test]
fn a_deno_script_that_only_prints_gets_no_port() {
    let p = Project::new()
        .file(
            "deno.jsonc",
            "{\n  // a one-shot script\n  \"tasks\": { \"start\": \"deno run main.ts\" }\n}\n",
        )
        .file("main.ts", "console.log('hello from deno');\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "deno");
    assert_eq!(app["start"], json!(["deno", "run", "main.ts"]));
    assert_eq!(app["port"], Value::Null);
}
