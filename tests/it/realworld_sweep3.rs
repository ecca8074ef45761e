//! Failure classes of the third real-world sweep pass (benches/realworld/results-main.md), each a minimal
//! project of ours with what the generated Dockerfile must hold to build and start, asserted directly.

use crate::common::{dockerfile, plan, warnings, Project};
use serde_json::json;

const BERRY_LOCK: &str = "__metadata:\n  version: 8\n  cacheKey: 10c0\n";

/// A lone COPY line of the build context (not `--from=`) naming `what`.
fn copies(dockerfile: &str, what: &str) -> bool {
    dockerfile
        .lines()
        .any(|l| l.starts_with("COPY") && !l.contains("--from=") && l.contains(what))
}

// Yarn Berry: Plug'n'Play by default, a committed yarnPath release, Yarn 3 without workspace-tools.

#[test]
fn yarn_berry_with_the_default_linker_installs_a_node_modules_tree() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"b","packageManager":"yarn@4.5.3","scripts":{"start":"node server.js"},"dependencies":{"ms":"2.1.3"}}"#,
        )
        .file("yarn.lock", BERRY_LOCK)
        .file("server.js", "require('http').createServer((q, s) => s.end('ok')).listen(8080);\n");
    let d = dockerfile(&p, &[]);
    assert!(d.contains("ENV YARN_NODE_LINKER=node-modules"), "{d}");
    assert!(d.contains("COPY --from=deps /app/node_modules"), "{d}");
    assert!(warnings(&plan(&p, &[])).contains("Plug'n'Play"));

    // A project that already says node-modules needs no override.
    p.write(".yarnrc.yml", "nodeLinker: node-modules\n");
    assert!(!dockerfile(&p, &[]).contains("YARN_NODE_LINKER"));
}

#[test]
fn a_yarn_3_release_named_by_yarn_path_is_copied_and_its_install_keeps_every_dependency() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"b","scripts":{"start":"node server.js"},"dependencies":{"ms":"2.1.3"}}"#,
        )
        .file("yarn.lock", BERRY_LOCK)
        .file(
            ".yarnrc.yml",
            "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-3.6.4.cjs\n",
        )
        .file(
            ".yarn/releases/yarn-3.6.4.cjs",
            "// stands for the release\n",
        )
        .file(
            "server.js",
            "require('http').createServer((q, s) => s.end('ok')).listen(8080);\n",
        );
    let d = dockerfile(&p, &[]);
    // Its own COPY, to its own path: one COPY of several sources into ./ would flatten it.
    assert!(
        d.contains("COPY .yarn/releases/yarn-3.6.4.cjs ./.yarn/releases/yarn-3.6.4.cjs"),
        "{d}"
    );
    // Yarn 3 has `workspaces focus` only through the workspace-tools plugin, which is not here.
    assert!(!d.contains("workspaces focus"), "{d}");
    assert!(d.contains("yarn install --immutable"), "{d}");
    assert!(warnings(&plan(&p, &[])).contains("workspace-tools"));

    // With the plugin committed and loaded, the production-only install is back, the plugin copied.
    p.write(
        ".yarnrc.yml",
        "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-3.6.4.cjs\nplugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n    spec: \"@yarnpkg/plugin-workspace-tools\"\n",
    );
    p.write(
        ".yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs",
        "// stands for the plugin\n",
    );
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains("yarn workspaces focus --all --production"),
        "{d}"
    );
    assert!(copies(&d, "plugin-workspace-tools.cjs"), "{d}");
}

// TypeScript runners and script chains in scripts.start.

#[test]
fn a_tsx_start_runs_through_node_and_keeps_the_runner() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"t","scripts":{"start":"tsx src/index.ts"},"dependencies":{"hono":"4"},"devDependencies":{"tsx":"^4.19.0"}}"#,
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}\n")
        .file("src/index.ts", "import { serve } from '@hono/node-server';\nserve({ fetch: () => new Response('ok'), port: 3000 });\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        json!(["node", "node_modules/tsx/dist/cli.mjs", "src/index.ts"])
    );
    assert_eq!(app["port"], 3000);
    let d = dockerfile(&p, &[]);
    // tsx is a devDependency: the deps stage installs everything, not `--omit=dev`.
    assert!(d.contains("npm ci\n") || d.contains("npm ci \\"), "{d}");
    assert!(!d.contains("--omit=dev"), "{d}");
}

#[test]
fn a_start_that_runs_another_script_is_that_script() {
    let p = Project::new().file(
        "package.json",
        r#"{"name":"c","scripts":{"start":"yarn run serve","serve":"node dist/main.js","build":"tsc"},"dependencies":{"express":"4"}}"#,
    );
    assert_eq!(plan(&p, &[])["start"], json!(["node", "dist/main.js"]));
    // A cycle ends in a refusal, never a hang.
    let cycle = Project::new().file(
        "package.json",
        r#"{"name":"c","scripts":{"start":"npm run a","a":"npm run b","b":"npm run a"}}"#,
    );
    cycle.dockgen(&["plan", "--json"]).failure();
}

// Apps without a manifest, and index.html under them.

#[test]
fn a_python_server_without_a_manifest_is_planned_and_its_web_folder_is_content() {
    let p = Project::new()
        .file("server.py", "import http.server, socketserver\nPORT = 8080\nsocketserver.TCPServer(('', PORT), http.server.SimpleHTTPRequestHandler).serve_forever()\n")
        .file("web/index.html", "<!doctype html><title>x</title>\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "python");
    assert_eq!(app["path"], ".");
    assert_eq!(app["start"], json!(["python", "server.py"]));
    assert_eq!(app["port"], 8080);
    assert!(warnings(&app).contains("no requirements.txt"), "{app}");
    let d = dockerfile(&p, &[]);
    assert!(
        !copies(&d, "requirements.txt") && !d.contains("pip install -r"),
        "{d}"
    );
    assert!(!d.contains("nginx"), "{d}");

    // A real app with a manifest in a sub-folder still wins over a stray root script.
    let mono = Project::new()
        .file("main.py", "print('tooling')\n")
        .file("api/requirements.txt", "flask\n")
        .file(
            "api/app.py",
            "from flask import Flask\napp = Flask(__name__)\n",
        );
    assert_eq!(plan(&mono, &[])["path"], "api");
}

#[test]
fn a_node_server_without_package_json_installs_nothing() {
    let p = Project::new().file(
        "server.js",
        "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 8080);\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["start"], json!(["node", "server.js"]));
    assert_eq!(app["port"], 8080);
    assert!(warnings(&app).contains("no package.json"), "{app}");
    let d = dockerfile(&p, &[]);
    assert!(!copies(&d, "package.json"), "{d}");
    assert!(!d.contains("npm ci"), "{d}");
    assert!(!d.contains("no lockfile"), "{d}");
}

#[test]
fn a_conda_environment_is_refused_by_name_and_python_2_is_never_served_by_3() {
    let conda = Project::new()
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file("environment.yml", "dependencies:\n  - flask\n")
        .file("templates/index.html", "<p>{{ x }}</p>\n");
    let err = conda.dockgen(&["plan", "--json"]).failure();
    let text = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(
        text.contains("environment.yml") && text.contains("requirements.txt"),
        "{text}"
    );

    let py2 = Project::new()
        .file(".python-version", "2.7\n")
        .file("main.py", "print 'hi'\n");
    let err = py2.dockgen(&["init", "--yes", "--stdout"]).failure();
    let text = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(text.contains("2.7"), "{text}");
    assert!(!text.contains("3.7"), "{text}");
}

// Hono on Node: its adapter makes it a server, never a static Vite site.

#[test]
fn a_hono_app_built_by_vite_for_node_is_a_node_server() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"h","type":"module","scripts":{"build":"vite build --mode client && vite build"},"dependencies":{"hono":"4","@hono/node-server":"1"},"devDependencies":{"@hono/vite-build":"1","vite":"5"}}"#,
        )
        .file("vite.config.ts", "import build from '@hono/vite-build/node';\nexport default { plugins: [build({ entry: 'src/index.tsx' })] };\n")
        .file("src/index.tsx", "import { Hono } from 'hono';\nexport default new Hono();\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["framework"], "hono");
    assert_eq!(app["start"], json!(["node", "dist/index.js"]));
    assert_eq!(app["port"], 3000);
    assert!(!dockerfile(&p, &[]).contains("nginx"));
}
