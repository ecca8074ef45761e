//! go.work and uv workspace members built from the repository root (issue 15). Go: go.work and every member's go.mod before the
//! download, then only the sources of the app and the member modules it requires or imports, then the
//! build in the app's folder.

use crate::common::Project;
use dockgen::config::Answers;

/// Each app of the project: (path, context, Dockerfile).
fn apps(p: &Project) -> Vec<(String, String, String)> {
    let rules = dockgen::stacks::rules().unwrap();
    let project = dockgen::scan::Project::scan(p.path(), rules).unwrap();
    let tree = dockgen::detect::tree::tree(&project, &Answers::default()).unwrap();
    tree.apps
        .iter()
        .map(|a| {
            let plan = dockgen::pipeline::plan(&a.facts, rules, None).unwrap();
            let df = dockgen::render::dockerfile(&plan).unwrap();
            (a.path.clone(), a.context.clone(), df)
        })
        .collect()
}

fn server(module: &str, import: &str) -> String {
    format!("package main\n\nimport (\n\t\"net/http\"\n\n\t\"{import}\"\n)\n\nfunc main() {{\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, _ *http.Request) {{ greet.Hi(w) }})\n\t_ = http.ListenAndServe(\":8080\", nil)\n}}\n// {module}\n")
}

#[test]
fn a_member_that_imports_a_sibling_without_requiring_it_copies_that_sibling_only() {
    let p = Project::new()
        .file("go.work", "go 1.24\n\nuse (\n\t./api\n\t./worker\n\t./lib\n)\n")
        .file("api/go.mod", "module example.com/api\n\ngo 1.24\n")
        .file("api/main.go", server("api", "example.com/lib/greet"))
        .file("worker/go.mod", "module example.com/worker\n\ngo 1.24\n\nrequire example.com/lib v0.0.0\n")
        .file("worker/main.go", server("worker", "example.com/lib/greet"))
        .file("lib/go.mod", "module example.com/lib\n\ngo 1.24\n")
        .file("lib/greet/greet.go", "package greet\n\nimport \"io\"\n\nfunc Hi(w io.Writer) { io.WriteString(w, \"hi\") }\n");
    let apps = apps(&p);
    let paths: Vec<&str> = apps.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(paths, vec!["api", "worker"]);
    for (path, context, df) in &apps {
        assert_eq!(context, ".", "{path} builds from the root");
        let manifests = "COPY go.work ./\nCOPY api/go.mod ./api/\nCOPY lib/go.mod ./lib/\nCOPY worker/go.mod ./worker/\n";
        assert!(df.contains(manifests), "{df}");
        let other = if path == "api" { "worker" } else { "api" };
        assert!(df.contains("COPY lib ./lib\n"), "{df}");
        assert!(df.contains(&format!("COPY {path} ./{path}\n")), "{df}");
        assert!(!df.contains(&format!("COPY {other} ./{other}\n")), "{df}");
        assert!(df.contains(&format!("WORKDIR /src/{path}\n")), "{df}");
        assert!(!df.contains("COPY . ."), "{df}");
    }
}

#[test]
fn a_uv_member_installs_its_locked_dependencies_then_only_its_own_and_its_packages_sources() {
    let member = |name: &str, deps: &str| {
        format!("[project]\nname = \"{name}\"\nversion = \"0.1.0\"\ndependencies = [{deps}]\n\n[tool.uv.sources]\nshop-core = {{ workspace = true }}\n")
    };
    let p = Project::new()
        .file("pyproject.toml", "[project]\nname = \"shop\"\nversion = \"0\"\n\n[tool.uv.workspace]\nmembers = [\"apps/*\", \"libs/*\"]\n")
        .file("uv.lock", "version = 1\n")
        .file(".python-version", "3.13\n")
        .file("apps/api/pyproject.toml", member("Shop_API", "\"shop-core\", \"fastapi>=0.115\", \"uvicorn\""))
        .file("apps/api/main.py", "from fastapi import FastAPI\napp = FastAPI()\n")
        .file("apps/web/pyproject.toml", member("shop-web", "\"flask\", \"gunicorn\""))
        .file("apps/web/app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file("libs/core/pyproject.toml", member("shop-core", ""))
        .file("libs/core/shop_core/__init__.py", "");
    let apps = apps(&p);
    let (_, context, df) = apps.iter().find(|(path, _, _)| path == "apps/api").unwrap();
    assert_eq!(context, ".");
    assert!(
        df.contains("FROM python:3.13-slim-trixie AS build"),
        "the root's version:\n{df}"
    );
    let manifests = "COPY apps/api/pyproject.toml ./apps/api/\nCOPY apps/web/pyproject.toml ./apps/web/\nCOPY libs/core/pyproject.toml ./libs/core/\n";
    assert!(df.contains(manifests), "{df}");
    assert!(
        df.contains("uv sync --locked --no-install-workspace --no-dev --package shop-api\n"),
        "{df}"
    );
    assert!(
        df.contains("COPY apps/api ./apps/api\nCOPY libs/core ./libs/core\n"),
        "{df}"
    );
    assert!(!df.contains("COPY apps/web ./apps/web"), "{df}");
    assert!(
        df.contains("uv sync --locked --no-dev --no-editable --inexact --package shop-api\n"),
        "{df}"
    );
    let (_, _, web) = apps.iter().find(|(path, _, _)| path == "apps/web").unwrap();
    assert!(
        !web.contains("COPY libs/core ./libs/core"),
        "web needs no workspace package:\n{web}"
    );
}
