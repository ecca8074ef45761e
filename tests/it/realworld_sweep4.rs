//! Failure classes of the fourth real-world sweep pass for Python, Node and static sites
//! (benches/realworld/results-main.md) that the fixtures' facts cannot show: what the written Dockerfile
//! holds, and what the plan records about a choice.

use crate::common::{dockerfile, plan, warnings, Project};

/// A Flask factory app, as Flask's tutorial writes it: the instance folder made at start.
fn flask_factory() -> Project {
    Project::new()
        .file("requirements.txt", "flask==3.1.2\n")
        .file(
            "flaskr/__init__.py",
            "import os\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__, instance_relative_config=True)\n    os.makedirs(app.instance_path, exist_ok=True)\n    return app\n",
        )
}

#[test]
fn a_flask_app_owns_its_instance_folder_under_the_read_only_app() {
    let d = dockerfile(&flask_factory(), &[]);
    // Made in the build stage, then copied with the app's user as owner after the root-owned /app.
    assert!(d.contains("RUN mkdir -p instance"), "{d}");
    let app = d
        .find("COPY --from=build /app /app")
        .expect("the app is copied");
    let instance = d
        .lines()
        .position(|l| {
            l.starts_with("COPY --from=build --chown=") && l.contains("/app/instance ./instance")
        })
        .expect("the instance folder is copied with its owner");
    let app_line = d[..app].lines().count();
    assert!(instance >= app_line, "{d}");

    // Another framework's app gets no such folder.
    let fastapi = Project::new()
        .file("requirements.txt", "fastapi\nuvicorn\n")
        .file("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    assert!(!dockerfile(&fastapi, &[]).contains("instance"));
}

#[test]
fn a_tooling_package_json_yields_to_the_python_app_and_the_choice_is_recorded() {
    // Neither side has a server framework, and both rank 40: without the rule this is a tie.
    let p = Project::new()
        .file("requirements.txt", "click==8.1.7\n")
        .file("main.py", "print('report')\n")
        .file(
            "package.json",
            r#"{"name":"t","private":true,"devDependencies":{"prettier":"3.8.3"},"scripts":{"fmt":"prettier --write ."}}"#,
        );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "python");
    assert_eq!(app["ambiguities"][0]["chosen"], "python", "{app}");
    assert!(
        warnings(&app).contains("tooling for the python app"),
        "{app}"
    );
    // `--stack node` still asks for the other reading, which has nothing to start.
    let node = p.dockgen(&["plan", "--json", "--stack", "node"]).failure();
    let err = String::from_utf8_lossy(&node.get_output().stderr).to_string();
    assert!(err.contains("no start command"), "{err}");

    // A package.json that starts a program of its own is an app too: the tie stays a question.
    p.write(
        "package.json",
        r#"{"name":"t","scripts":{"start":"node server.js"}}"#,
    );
    p.write("server.js", "console.log('job')\n");
    let out = p.dockgen(&["plan", "--json"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("ambiguous stack"), "{err}");
}

#[test]
fn a_pnpm_lockfile_without_package_manager_gets_the_pnpm_line_that_reads_it() {
    let server = Project::new()
        .file(
            "package.json",
            r#"{"name":"s","scripts":{"start":"node server.js"},"dependencies":{"ms":"2.1.3"}}"#,
        )
        .file(
            "pnpm-lock.yaml",
            "lockfileVersion: 5.4\n\nspecifiers:\n  ms: 2.1.3\n",
        )
        .file(
            "server.js",
            "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n",
        );
    let d = dockerfile(&server, &[]);
    assert!(d.contains("corepack install --global pnpm@7.x"), "{d}");
    assert!(warnings(&plan(&server, &[])).contains("corepack installs pnpm@7.x"));

    server.write(
        "pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n",
    );
    assert!(dockerfile(&server, &[]).contains("corepack install --global pnpm@10.x"));

    // A project that names its pnpm gets exactly that one from corepack: nothing to pin.
    server.write(
        "package.json",
        r#"{"name":"s","packageManager":"pnpm@9.15.0","scripts":{"start":"node server.js"},"dependencies":{"ms":"2.1.3"}}"#,
    );
    assert!(!dockerfile(&server, &[]).contains("corepack install"));

    // A Vite site built with pnpm (the static stack's build stage) is pinned the same way.
    let site = Project::new()
        .file(
            "package.json",
            r#"{"name":"v","scripts":{"build":"vite build"},"devDependencies":{"vite":"5.4.0"}}"#,
        )
        .file("pnpm-lock.yaml", "lockfileVersion: '6.0'\n")
        .file(
            "index.html",
            "<!doctype html><script type=module src=/main.js></script>\n",
        )
        .file("main.js", "document.body.textContent = 'ok';\n");
    let d = dockerfile(&site, &[]);
    assert!(
        d.contains("nginx") && d.contains("corepack install --global pnpm@8.x"),
        "{d}"
    );
}

/// The Dockerfile `init --yes --stdout` writes for one of tests/realworld-fixtures' folders.
fn fixture_dockerfile(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/realworld-fixtures")
        .join(name);
    let out = assert_cmd::Command::cargo_bin("dockgen")
        .unwrap()
        .args(["init", "--yes", "--stdout"])
        .arg(&dir)
        .write_stdin("")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_start_script_that_serves_the_built_site_names_the_output_folder() {
    let d = fixture_dockerfile("spa-served-folder");
    assert!(
        d.contains("COPY --from=build /app/_site /usr/share/nginx/html"),
        "{d}"
    );
    let d = fixture_dockerfile("next-static-export");
    assert!(
        d.contains("COPY --from=build /app/public_html /usr/share/nginx/html"),
        "{d}"
    );

    // A start that runs a program of its own before no file server keeps the folder a Node app's.
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"n","scripts":{"start":"node server.js","build":"react-scripts build"},"dependencies":{"react-scripts":"5.0.1"}}"#,
        )
        .file("server.js", "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n");
    assert_eq!(plan(&p, &[])["stack"], "node");
}
