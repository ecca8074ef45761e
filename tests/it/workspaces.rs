//! Monorepos: every example in examples/workspaces/ has its apps and skipped libraries asserted field by
//! field against its apps.toml; `plan --json` carries them; a shared library never becomes an app.

use crate::common::Project;
use dockgen::config::Answers;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    workspaces: Vec<String>,
    apps: Vec<ExpectApp>,
    #[serde(default)]
    skipped: Vec<ExpectSkipped>,
}

/// One app; a key left out means the fact must be null.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectApp {
    name: String,
    path: String,
    context: String,
    dockerfile: String,
    stack: String,
    package_manager: String,
    framework: Option<String>,
    build: Option<String>,
    start: Vec<String>,
    port: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectSkipped {
    path: String,
    reason: String,
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspaces");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("apps.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn tree(dir: &Path) -> dockgen::detect::tree::Tree {
    let project = dockgen::scan::Project::scan(dir, dockgen::stacks::rules().unwrap()).unwrap();
    dockgen::detect::tree::tree(&project, &Answers::default())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Each app's facts, one mismatch line per field that differs.
fn app_mismatches(name: &str, got: &dockgen::detect::tree::App, want: &ExpectApp) -> Vec<String> {
    let f = &got.facts;
    let pairs = [
        ("name", got.name.clone(), want.name.clone()),
        ("context", got.context.clone(), want.context.clone()),
        (
            "dockerfile",
            got.dockerfile.clone(),
            want.dockerfile.clone(),
        ),
        ("stack", f.stack.as_str().into(), want.stack.clone()),
        (
            "package_manager",
            f.package_manager.as_str().into(),
            want.package_manager.clone(),
        ),
        (
            "framework",
            format!("{:?}", f.framework),
            format!("{:?}", want.framework),
        ),
        (
            "build",
            format!("{:?}", f.build),
            format!("{:?}", want.build),
        ),
        (
            "start",
            format!("{:?}", f.start),
            format!("{:?}", want.start),
        ),
        ("port", format!("{:?}", f.port), format!("{:?}", want.port)),
        (
            "port (app)",
            format!("{:?}", got.port),
            format!("{:?}", want.port),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, g, w)| g != w)
        .map(|(field, g, w)| format!("{name} {}: {field}: got {g}, want {w}", want.path))
        .collect()
}

#[test]
fn there_are_workspace_examples_of_each_js_kind() {
    let names: Vec<String> = examples()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in [
        "pnpm-turbo",
        "npm-workspaces",
        "yarn-berry-workspaces",
        "bun-workspaces",
        "nx",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "no examples/workspaces/{want}"
        );
    }
}

#[test]
fn apps_and_skipped_members_match_expectations_field_by_field() {
    let mut failures = Vec::new();
    for dir in examples() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join("apps.toml")).unwrap();
        let want: Expect =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/apps.toml: {e}"));
        let got = tree(&dir);
        if got.workspaces != want.workspaces {
            failures.push(format!(
                "{name}: workspaces {:?}, want {:?}",
                got.workspaces, want.workspaces
            ));
        }
        let paths = |v: Vec<&str>| v.join(", ");
        let got_paths = paths(got.apps.iter().map(|a| a.path.as_str()).collect());
        let want_paths = paths(want.apps.iter().map(|a| a.path.as_str()).collect());
        if got_paths != want_paths {
            failures.push(format!("{name}: apps at {got_paths}, want {want_paths}"));
            continue;
        }
        for (g, w) in got.apps.iter().zip(&want.apps) {
            failures.extend(app_mismatches(&name, g, w));
        }
        let skipped: Vec<(String, String)> = got
            .skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect();
        let want_skipped: Vec<(String, String)> = want
            .skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect();
        if skipped != want_skipped {
            failures.push(format!(
                "{name}: skipped {skipped:?}, want {want_skipped:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn plan_json_lists_apps_and_skipped_libraries() {
    let p = Project::example("workspaces/pnpm-turbo");
    let v = crate::common::plan_document(&p, &[]);
    let names: Vec<&str> = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api", "web"]);
    for (i, app) in ["apps/api", "apps/web"].iter().enumerate() {
        assert_eq!(v["apps"][i]["context"], ".");
        assert_eq!(v["apps"][i]["dockerfile"], format!("{app}/Dockerfile"));
        assert_eq!(v["apps"][i]["package_manager"], "pnpm");
    }
    assert_eq!(v["skipped"][0]["path"], "packages/shared");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(v["workspaces"], serde_json::json!(["pnpm", "turborepo"]));
}

#[test]
fn plan_names_each_app_and_each_skipped_library() {
    let p = Project::example("workspaces/npm-workspaces");
    let out = p.dockgen(&["plan"]).success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("app api at services/api (build context ., services/api/Dockerfile)"),
        "{text}"
    );
    assert!(text.contains("app admin at services/admin"), "{text}");
    assert!(text.contains("skipped libs/format: a library"), "{text}");
}

#[test]
fn an_nx_repository_is_not_one_root_next_app() {
    let t = tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspaces/nx"));
    assert!(t.apps.iter().all(|a| a.path != "."), "{:?}", t.apps);
    // The Next.js store is an app of its own, built from the root.
    let paths: Vec<&str> = t.apps.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["apps/orders", "apps/store"]);
    assert!(t.apps.iter().all(|a| a.context == "."), "{:?}", t.apps);
}

#[test]
fn a_library_with_a_start_script_is_still_an_app_and_one_with_only_main_is_not() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"r","private":true,"workspaces":["packages/*"]}"#,
        )
        .file(
            "package-lock.json",
            r#"{"lockfileVersion":3,"packages":{}}"#,
        )
        .file(
            "packages/lib/package.json",
            r#"{"name":"@r/lib","main":"index.js"}"#,
        )
        .file("packages/lib/index.js", "module.exports = 1;\n")
        .file(
            "packages/worker/package.json",
            r#"{"name":"@r/worker","scripts":{"start":"node run.js"}}"#,
        )
        .file("packages/worker/run.js", "setInterval(() => {}, 1000);\n");
    let t = tree(p.path());
    assert_eq!(
        t.apps.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["worker"]
    );
    assert_eq!(t.skipped.len(), 1);
    assert_eq!(t.skipped[0].path, "packages/lib");
    assert!(
        t.skipped[0].reason.starts_with("a library"),
        "{}",
        t.skipped[0].reason
    );
}

#[test]
fn sibling_service_folders_are_apps_with_their_own_context() {
    let p = Project::new()
        .file("api/requirements.txt", "flask==3.1.0\n")
        .file(
            "api/app.py",
            "from flask import Flask\napp = Flask(__name__)\n",
        )
        .file(
            "web/package.json",
            r#"{"name":"web","scripts":{"start":"node server.js"}}"#,
        )
        .file(
            "web/package-lock.json",
            r#"{"lockfileVersion":3,"packages":{}}"#,
        )
        .file(
            "web/server.js",
            "require('http').createServer().listen(3000);\n",
        )
        .file(
            "docs/package.json",
            r#"{"name":"docs","scripts":{"start":"node x.js"}}"#,
        );
    let t = tree(p.path());
    let got: Vec<(&str, &str)> = t
        .apps
        .iter()
        .map(|a| (a.path.as_str(), a.context.as_str()))
        .collect();
    assert_eq!(got, [("api", "api"), ("web", "web")]);
    assert!(t.workspaces.is_empty());
}

#[test]
fn workspace_globs_and_exclusions_pick_members() {
    let p = Project::new()
        .file(
            "pnpm-workspace.yaml",
            "packages:\n  - 'apps/**'\n  - '!apps/legacy'\n",
        )
        .file("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
        .file(
            "apps/a/package.json",
            r#"{"name":"a","scripts":{"start":"node a.js"}}"#,
        )
        .file("apps/a/a.js", "")
        .file(
            "apps/legacy/package.json",
            r#"{"name":"legacy","scripts":{"start":"node l.js"}}"#,
        )
        .file("apps/legacy/l.js", "");
    let t = tree(p.path());
    assert_eq!(
        t.apps.iter().map(|a| a.path.as_str()).collect::<Vec<_>>(),
        ["apps/a"]
    );
    assert_eq!(t.apps[0].facts.package_manager.as_str(), "pnpm");
}

/// `init --yes` at a workspace root writes every app, never the library, and each root-context app's
/// ignore file beside its Dockerfile (BuildKit's `<Dockerfile>.dockerignore`), and says to build it from
/// the root; `generate --check` then finds every app in sync.
#[test]
fn init_at_a_workspace_root_writes_every_app_from_its_context() {
    let p = Project::example("workspaces/pnpm-turbo");
    let out = p.dockgen(&["init", "--yes", "--compose"]).success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let exists = |f: &str| p.path().join(f).exists();
    for f in ["apps/api/Dockerfile", "apps/api/Dockerfile.dockerignore"] {
        assert!(exists(f), "{f} not written:\n{err}");
    }
    assert!(
        !exists("packages/shared/Dockerfile"),
        "a library got a Dockerfile"
    );
    assert!(
        !exists("apps/api/.dockerignore"),
        "the root-context app's ignore file is beside its Dockerfile"
    );
    assert!(!exists("Dockerfile"), "the workspace root is not an app");
    let root = p.path().display().to_string();
    assert!(
        err.contains(&format!("-f {root}/apps/api/Dockerfile {root}\n")),
        "{err}"
    );
    // The SPA builds from the root too, with the install limited to it and its workspace package.
    assert!(exists("apps/web/Dockerfile"), "{err}");
    assert!(p
        .read("apps/web/Dockerfile")
        .contains("--filter @acme/web..."));
    assert!(p.read("apps/api/Dockerfile").contains("--filter"));
    // The root context holds every app's folders: its patterns match at any depth.
    let ignore = p.read("apps/api/Dockerfile.dockerignore");
    assert!(ignore.lines().any(|l| l == "**/node_modules"), "{ignore}");
    assert!(!ignore.lines().any(|l| l == "node_modules"), "{ignore}");
    p.dockgen(&["generate", "--check"]).success();
    // compose builds the workspace app from the root with its own Dockerfile.
    let doc = crate::compose::parse(&p.read("compose.yaml"));
    assert_eq!(crate::compose::schema_errors(&doc), Vec::<String>::new());
    for app in ["api", "web"] {
        let build = &doc["services"][app]["build"];
        assert_eq!(
            (build["context"].as_str(), build["dockerfile"].as_str()),
            (Some("."), Some(format!("apps/{app}/Dockerfile").as_str()))
        );
    }
}

/// A member the root build does not cover yet (Prisma; Next.js started from node_modules/ without its
/// standalone output) is skipped with a reason that names what keeps it, and what to change for Next.
#[test]
fn a_member_not_built_from_the_root_says_what_keeps_it() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"r","private":true,"workspaces":["apps/*"]}"#,
        )
        .file(
            "package-lock.json",
            r#"{"lockfileVersion":3,"packages":{}}"#,
        )
        .file(
            "apps/db/package.json",
            r#"{"name":"@r/db","scripts":{"start":"node server.js"},"dependencies":{"express":"4.21.0","@prisma/client":"6.1.0"},"devDependencies":{"prisma":"6.1.0"}}"#,
        )
        .file("apps/db/server.js", "require('express')().listen(3000);\n")
        .file("apps/db/prisma/schema.prisma", "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n")
        .file(
            "apps/shop/package.json",
            r#"{"name":"@r/shop","scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"15.1.0","react":"19.0.0","react-dom":"19.0.0"}}"#,
        )
        .file("apps/shop/app/page.js", "export default function Page() { return 'shop'; }\n");
    let t = tree(p.path());
    assert!(t.apps.is_empty(), "{:?}", t.apps);
    let reason = |path: &str| {
        t.skipped
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{path} not skipped: {:?}", t.skipped))
    };
    assert_eq!(reason("apps/db"), "its build needs the workspace root's package-lock.json, and a member using Prisma is not built from the root yet: build it with the workspace's own tool, or give it its own lockfile");
    let shop = reason("apps/shop");
    assert!(shop.contains("a member started from node_modules/ (node node_modules/next/dist/bin/next start; Next.js: set output: 'standalone')"), "{shop}");
}
