//! The Dockerfile of every app in examples/workspaces/: snapshotted beside the example
//! (`<app folder with / as _>.Dockerfile.snap`), hadolint-clean and `dockgen lint`-clean; a JS workspace
//! app copies only its own and its workspace packages' manifests before the install.

use crate::common;

use dockgen::config::Answers;
use dockgen::lint::{Context, Severity};
use std::path::{Path, PathBuf};

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

/// Every app of the example: (app folder, its Dockerfile, its .dockerignore).
fn rendered(dir: &Path) -> Vec<(String, String, String)> {
    let project = dockgen::scan::Project::scan(dir, dockgen::stacks::rules().unwrap()).unwrap();
    let tree = dockgen::detect::tree::tree(&project, &Answers::default()).unwrap();
    let rules = dockgen::stacks::rules().unwrap();
    tree.apps
        .iter()
        .map(|a| {
            let plan = dockgen::pipeline::plan(&a.facts, rules, None).unwrap();
            let df = dockgen::render::dockerfile(&plan).unwrap();
            (
                a.path.clone(),
                df,
                dockgen::render::dockerignore(&plan).unwrap(),
            )
        })
        .collect()
}

fn dockerfiles(dir: &Path) -> Vec<(String, String)> {
    rendered(dir)
        .into_iter()
        .map(|(p, df, _)| (p, df))
        .collect()
}

#[test]
fn dockerfiles_match_snapshots() {
    for dir in examples() {
        for (path, df) in dockerfiles(&dir) {
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(&dir);
            settings.set_prepend_module_to_snapshot(false);
            settings.set_omit_expression(true);
            let name = format!("{}.Dockerfile", path.replace('/', "_"));
            settings.bind(|| insta::assert_snapshot!(name, df));
        }
    }
}

#[test]
fn hadolint_and_dockgen_lint_find_nothing() {
    let hadolint = common::tools::hadolint();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for dir in examples() {
        for (path, df, ignore) in rendered(&dir) {
            let file = tmp.path().join("Dockerfile");
            std::fs::write(&file, &df).unwrap();
            let out = std::process::Command::new(&hadolint)
                .arg(&file)
                .output()
                .unwrap();
            if !out.status.success() || !out.stdout.is_empty() {
                failures.push(format!(
                    "{} {path}: {}",
                    dir.display(),
                    String::from_utf8_lossy(&out.stdout)
                ));
            }
            let mut ctx = Context::from_dir(&dir.join(&path), "Dockerfile");
            ctx.dockerignore = Some(ignore);
            for f in dockgen::lint::lint(&df, &ctx).unwrap() {
                if f.severity >= Severity::Warning {
                    failures.push(format!(
                        "{} {path}:{} {} {}",
                        dir.display(),
                        f.line,
                        f.code,
                        f.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_js_workspace_app_copies_only_its_own_and_its_packages_manifests_before_the_install() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspaces/npm-workspaces");
    let all = dockerfiles(&dir);
    let (_, api) = all.iter().find(|(p, _)| p == "services/api").unwrap();
    let install = api.find("RUN --mount=type=cache").unwrap();
    let before = &api[..install];
    assert!(
        before.contains("COPY services/api/package.json ./services/api/"),
        "{api}"
    );
    assert!(
        before.contains("COPY libs/format/package.json ./libs/format/"),
        "{api}"
    );
    assert!(
        !api.contains("services/admin"),
        "another app is never copied:\n{api}"
    );
    assert!(api.contains("npm ci --workspace services/api"), "{api}");
    assert!(api.contains("WORKDIR /app/services/api"), "{api}");
}
