//! The JavaScript stacks (Node, static sites, Bun, Deno) on the failure classes the real-world sweep found
//! (benches/realworld/results.md): each test is a minimal project of ours reproducing one class, with the
//! facts asserted field by field.

use crate::common;

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

// E. Static site generators are static sites, whatever their `start` (a dev server) says.

/// A static site whose package.json has `deps` as devDependencies and `build` as its build script.
fn site(deps: &str, build: &str) -> Project {
    Project::new().file(
        "package.json",
        format!(
            r#"{{"name":"site","scripts":{{"start":"dev-server","build":"{build}"}},"devDependencies":{{{deps}}}}}"#
        ),
    )
}

#[test]
fn static_site_generators_are_static_sites_with_their_own_output_folder() {
    for (deps, build, framework, output) in [
        (
            r#""gatsby":"5","react":"18""#,
            "gatsby build",
            "gatsby",
            "public",
        ),
        (
            r#""@docusaurus/core":"3""#,
            "docusaurus build",
            "docusaurus",
            "build",
        ),
        (r#""@11ty/eleventy":"3""#, "eleventy", "eleventy", "_site"),
        (
            r#""parcel":"2""#,
            "parcel build src/index.html",
            "parcel",
            "dist",
        ),
        (r#""preact-cli":"3""#, "preact build", "preact-cli", "build"),
        (
            r#""vitepress":"1""#,
            "vitepress build docs",
            "vitepress",
            "docs/.vitepress/dist",
        ),
        (
            r#""vitepress":"1""#,
            "vitepress build",
            "vitepress",
            ".vitepress/dist",
        ),
    ] {
        let p = site(deps, build);
        let app = plan(&p, &[]);
        assert_eq!(app["stack"], "static", "{deps}");
        assert_eq!(app["framework"], framework, "{deps}");
        let file = dockerfile(&p, &[]);
        assert!(
            file.contains(&format!("/app/{output} ")),
            "{deps}: no COPY of {output}:\n{file}"
        );
    }
}

#[test]
fn stack_static_on_an_unknown_build_tool_plans_a_static_build_and_a_node_refusal_suggests_it() {
    let p = site(r#""webpack-cli":"5""#, "webpack --mode production");
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("pass --stack static"));
    let app = plan(&p, &["--stack", "static"]);
    assert_eq!(app["stack"], "static");
    assert_eq!(app["framework"], Value::Null);
    assert!(warnings(&app).contains("no build tool dockgen knows"));
    assert!(dockerfile(&p, &["--stack", "static"]).contains("/app/dist "));
}

// F. The build's output folder: a flag in the build script, or Vite's build.outDir.

#[test]
fn an_out_dir_flag_in_the_build_script_names_the_output_folder() {
    for build in [
        "tsc -b && vite build --outDir out",
        "vite build --outDir=out",
    ] {
        let p = site(r#""vite":"7""#, build).file("index.html", "<!doctype html>\n");
        let file = dockerfile(&p, &[]);
        assert!(file.contains("/app/out "), "{build}:\n{file}");
        assert!(!file.contains("/app/dist "), "{build}:\n{file}");
    }
}

#[test]
fn vite_build_out_dir_in_the_config_names_the_output_folder() {
    let p = site(r#""vite":"7""#, "vite build")
        .file("index.html", "<!doctype html>\n")
        .file(
            "vite.config.ts",
            "export default defineConfig({\n  build: {\n    outDir: 'public_html',\n  },\n});\n",
        );
    let file = dockerfile(&p, &[]);
    assert!(file.contains("/app/public_html "), "{file}");
}

// A. A Deno module with URL imports and no deno.json is a Deno app, planned with a warning.

#[test]
fn a_bare_deno_module_with_url_imports_is_planned_with_a_warning() {
    let p = Project::new().file(
        "main.ts",
        "import { STATUS_CODE } from \"https://deno.land/std@0.224.0/http/status.ts\";\nDeno.serve({ port: 8000 }, () => new Response(\"ok\", { status: STATUS_CODE.OK }));\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "deno");
    assert_eq!(app["package_manager"], "deno");
    assert_eq!(
        app["start"],
        json!(["deno", "run", "--allow-net", "--allow-env", "main.ts"])
    );
    assert_eq!(app["port"], 8000);
    assert!(warnings(&app).contains("no deno.json"), "{app}");
    let file = dockerfile(&p, &[]);
    assert!(!file.contains("deno install"), "{file}");
    assert!(file.contains("deno cache main.ts"), "{file}");
}

#[test]
fn a_main_ts_beside_a_package_json_is_not_taken_for_a_bare_deno_module() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"n","scripts":{"start":"node server.js"}}"#,
        )
        .file("server.js", "require('http').createServer().listen(3000)\n")
        .file("main.ts", "import x from \"https://example.com/x.ts\";\n");
    assert_eq!(plan(&p, &[])["stack"], "node");
}

// I. Deno Fresh: recognised, and started with main.ts rather than the dev watcher.

#[test]
fn deno_fresh_starts_main_ts_not_the_dev_watcher_task() {
    let p = Project::new()
        .file(
            "deno.json",
            r#"{"tasks":{"start":"deno run -A --watch=static/,routes/ dev.ts","build":"deno run -A dev.ts build"},"imports":{"$fresh/":"https://deno.land/x/fresh@1.6.8/"}}"#,
        )
        .file("dev.ts", "import dev from \"$fresh/dev.ts\";\nawait dev(import.meta.url, \"./main.ts\");\n")
        .file("main.ts", "import { start } from \"$fresh/server.ts\";\nawait start({});\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "deno");
    assert_eq!(app["framework"], "fresh");
    assert_eq!(app["start"], json!(["deno", "run", "-A", "main.ts"]));
    assert_eq!(app["build"], "deno task build");
    assert_eq!(app["port"], 8000);
    assert!(warnings(&app).contains("development command"), "{app}");
}

// H. An end-of-life Node line the project asks for is used, with a warning; plan and Dockerfile agree.

#[test]
fn an_end_of_life_engines_line_is_used_with_a_warning() {
    for (engines, line) in [("16.x", "16"), ("^16.0.0", "16"), ("14.x", "14")] {
        let p = Project::new()
            .file(
                "package.json",
                format!(
                    r#"{{"name":"e","scripts":{{"start":"node server.js"}},"engines":{{"node":"{engines}"}}}}"#
                ),
            )
            .file("server.js", "require('http').createServer().listen(8080)\n");
        let app = plan(&p, &[]);
        assert_eq!(app["toolchain"]["version"], line, "{engines}");
        assert_eq!(app["toolchain"]["source"], "package.json engines.node");
        assert!(warnings(&app).contains("past its end of life"), "{app}");
        let file = dockerfile(&p, &[]);
        assert!(
            file.contains(&format!("FROM node:{line}-")),
            "{engines}:\n{file}"
        );
    }
}

#[test]
fn nvmrc_14_is_what_the_plan_and_the_dockerfile_use() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"e","scripts":{"start":"node server.js"}}"#,
        )
        .file(".nvmrc", "14\n")
        .file("server.js", "require('http').createServer().listen(8080)\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "14");
    assert_eq!(app["toolchain"]["source"], ".nvmrc");
    let file = dockerfile(&p, &[]);
    assert!(file.contains("FROM node:14-bullseye-slim"), "{file}");
}

// L. The port of a built entry is read from its TypeScript source.

#[test]
fn the_port_of_a_built_entry_is_read_from_its_typescript_source() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"t","scripts":{"build":"tsc","start":"node server.js"},"devDependencies":{"typescript":"5"}}"#,
        )
        .file(
            "server.ts",
            "import http from 'http';\nconst port = process.env.PORT || 8080;\nhttp.createServer().listen(port);\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["node", "server.js"]));
    assert_eq!(app["port"], 8080);
}

#[test]
fn a_top_level_out_dir_in_the_vite_config_is_ignored_as_vite_ignores_it() {
    let p = site(r#""vite":"7""#, "vite build")
        .file("index.html", "<!doctype html>\n")
        .file(
            "vite.config.ts",
            "export default defineConfig({\n  plugins: [],\n  outDir: \"build\"\n})\n",
        );
    let file = dockerfile(&p, &[]);
    assert!(file.contains("/app/dist "), "{file}");
}

#[test]
fn deno_fresh_found_through_an_import_map_file_and_its_dev_ts_start_task() {
    let p = Project::new()
        .file(
            "deno.json",
            r#"{"tasks":{"start":"deno run -A dev.ts"},"importMap":"./import_map.json"}"#,
        )
        .file(
            "import_map.json",
            r#"{"imports":{"$fresh/":"https://deno.land/x/fresh@1.0.0/"}}"#,
        )
        .file("dev.ts", "import dev from \"$fresh/dev.ts\";\n")
        .file("main.ts", "import { start } from \"$fresh/server.ts\";\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "fresh");
    assert_eq!(app["start"], json!(["deno", "run", "-A", "main.ts"]));
    assert_eq!(app["port"], 8000);
}

#[test]
fn a_bare_deno_module_in_src_index_ts_is_planned() {
    let p = Project::new().file(
        "src/index.ts",
        "import * as o from \"https://deno.land/x/cowsay/mod.ts\";\nconsole.log(o.say({ text: \"hi\" }));\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "deno");
    assert_eq!(
        app["start"],
        json!(["deno", "run", "--allow-net", "--allow-env", "src/index.ts"])
    );
    assert_eq!(app["port"], Value::Null);
}
