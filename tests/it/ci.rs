//! `dockgen init --ci github|gitlab`: the workflow lands where the CI service reads it (the repository's
//! root), builds the app's folder, installs this project's dockgen (never the crate named `dockgen`, which is
//! another project), pins third-party actions by commit, caches layers between runs, and scans with trivy.

use crate::common;

use assert_cmd::Command;
use common::Project;
use std::path::Path;

/// The install step every generated workflow must carry, built from Cargo.toml's own facts.
fn install_command() -> String {
    format!(
        "cargo install --locked --git {} --tag v{} {}",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_NAME")
    )
}

/// A git repository (a `.git` folder is all `--ci` looks for) with a Node app in services/api.
fn repo_with_app() -> Project {
    let p = Project::new()
        .file(
            "services/api/package.json",
            r#"{"name":"api","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        )
        .file("services/api/package-lock.json", "{\"lockfileVersion\": 3}")
        .file(
            "services/api/server.js",
            "const port = process.env.PORT || 3005;\n",
        );
    std::fs::create_dir(p.path().join(".git")).unwrap();
    p
}

fn dockgen_in(cwd: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("dockgen")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .env_remove("CI")
        .write_stdin("")
        .assert()
}

fn yaml(path: &Path) -> serde_norway::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).unwrap()
}

fn step<'a>(steps: &'a [serde_norway::Value], name: &str) -> &'a serde_norway::Value {
    steps
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(name)))
        .unwrap_or_else(|| panic!("no step named {name}…"))
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn github_workflow_goes_to_the_repository_root_and_builds_the_apps_folder() {
    let p = repo_with_app();
    let run = dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "github", "services/api"],
    )
    .success();
    let err = stderr(&run);
    assert!(
        !p.path().join("services/api/.github").exists(),
        "GitHub reads workflows only from the repository root"
    );
    let wf = yaml(&p.path().join(".github/workflows/container.yml"));
    assert!(
        err.contains("wrote .github/workflows/container.yml"),
        "{err}"
    );
    let steps = wf["jobs"]["container"]["steps"].as_sequence().unwrap();

    assert_eq!(
        step(steps, "Lint")["run"].as_str(),
        Some("dockgen lint services/api/Dockerfile")
    );
    let build = &step(steps, "Build image")["with"];
    assert_eq!(build["context"].as_str(), Some("services/api"));
    assert_eq!(build["file"].as_str(), Some("services/api/Dockerfile"));
    assert_eq!(build["load"].as_bool(), Some(true));
}

#[test]
fn github_workflow_installs_this_projects_dockgen_by_release_tag() {
    let p = repo_with_app();
    dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "github", "services/api"],
    )
    .success();
    let wf = yaml(&p.path().join(".github/workflows/container.yml"));
    let steps = wf["jobs"]["container"]["steps"].as_sequence().unwrap();
    let install = step(steps, "Install dockgen")["run"].as_str().unwrap();
    assert_eq!(install, install_command());
    let words: Vec<&str> = install.split_whitespace().collect();
    assert_ne!(
        words.last(),
        Some(&"dockgen"),
        "the crate `dockgen` is another project"
    );
    assert!(words.contains(&"--git") && words.contains(&"--tag") && words.contains(&"--locked"));
    // The installed binary is cached per release, and the cache key names that release.
    let cache = step(steps, "Cache dockgen");
    assert_eq!(cache["with"]["path"].as_str(), Some("~/.cargo/bin/dockgen"));
    assert!(cache["with"]["key"]
        .as_str()
        .unwrap()
        .starts_with(&format!("dockgen-{}-", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn github_workflow_pins_actions_by_commit_and_caches_layers_with_buildx() {
    let p = repo_with_app();
    dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "github", "services/api"],
    )
    .success();
    let path = p.path().join(".github/workflows/container.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let uses: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("uses: "))
        .collect();
    assert!(uses.len() >= 5, "{uses:?}");
    for u in &uses {
        let (action, rest) = u.split_once('@').unwrap();
        let (sha, comment) = rest
            .split_once(" # v")
            .unwrap_or_else(|| panic!("{u}: no version comment"));
        assert!(
            sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{action} is not pinned by commit: {u}"
        );
        assert!(comment.starts_with(|c: char| c.is_ascii_digit()), "{u}");
    }
    let wf = yaml(&path);
    let steps = wf["jobs"]["container"]["steps"].as_sequence().unwrap();
    let position = |name: &str| {
        steps
            .iter()
            .position(|s| s["name"].as_str().unwrap().starts_with(name))
    };
    assert!(position("Set up Docker Buildx") < position("Build image"));
    assert!(step(steps, "Set up Docker Buildx")["uses"]
        .as_str()
        .unwrap()
        .starts_with("docker/setup-buildx-action@"));
    let build = &step(steps, "Build image")["with"];
    assert!(build["cache-from"]
        .as_str()
        .unwrap()
        .starts_with("type=gha"));
    let cache_to = build["cache-to"].as_str().unwrap();
    assert!(
        cache_to.starts_with("type=gha") && cache_to.contains("mode=max"),
        "{cache_to}"
    );

    let scan = step(steps, "Scan image");
    assert!(scan["uses"]
        .as_str()
        .unwrap()
        .starts_with("aquasecurity/trivy-action@"));
    assert_eq!(
        scan["with"]["version"].as_str(),
        Some(format!("v{}", dockgen::render::TRIVY_VERSION).as_str())
    );
    assert_eq!(scan["with"]["severity"].as_str(), Some("HIGH,CRITICAL"));
    assert_eq!(scan["with"]["exit-code"].as_str(), Some("1"));
    // The generated project lints clean in its own CI.
    dockgen_in(p.path(), &["lint", "services/api/Dockerfile"]).success();
}

#[test]
fn run_from_inside_the_app_the_workflow_still_lands_at_the_root() {
    let p = repo_with_app();
    let app = p.path().join("services/api");
    let run = dockgen_in(&app, &["init", "--yes", "--ci", "github"]).success();
    let err = stderr(&run);
    assert!(
        err.contains("wrote ../../.github/workflows/container.yml"),
        "{err}"
    );
    let wf = yaml(&p.path().join(".github/workflows/container.yml"));
    let steps = wf["jobs"]["container"]["steps"].as_sequence().unwrap();
    assert_eq!(
        step(steps, "Build image")["with"]["context"].as_str(),
        Some("services/api")
    );
    assert!(!app.join(".github").exists());
}

#[test]
fn gitlab_pipeline_goes_to_the_root_installs_by_tag_and_caches_in_the_registry() {
    let p = repo_with_app();
    dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "gitlab", "services/api"],
    )
    .success();
    assert!(!p.path().join("services/api/.gitlab-ci.yml").exists());
    let ci = yaml(&p.path().join(".gitlab-ci.yml"));
    let script = |job: &str| -> Vec<String> {
        ci[job]["script"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(script("lint")[0], install_command());
    assert!(script("lint").contains(&"dockgen lint services/api/Dockerfile".to_string()));
    let build = script("build").join("\n");
    assert!(build.contains("docker buildx build"), "{build}");
    assert!(build.contains("--cache-from type=registry,"), "{build}");
    assert!(
        build.contains("--cache-to type=registry,") && build.contains("mode=max"),
        "{build}"
    );
    assert!(build.contains("-f services/api/Dockerfile"), "{build}");
    assert!(build.contains(" services/api\n"), "{build}");
    assert_eq!(
        ci["scan"]["image"]["name"].as_str(),
        Some(format!("aquasec/trivy:{}", dockgen::render::TRIVY_VERSION).as_str())
    );
}

#[test]
fn outside_a_git_repository_the_workflow_stays_in_the_folder_with_a_warning() {
    let p = Project::node();
    let run = dockgen_in(p.path(), &["init", "--yes", "--ci", "github"]).success();
    let err = stderr(&run);
    assert!(err.contains("not inside a git repository"), "{err}");
    assert!(p.path().join(".github/workflows/container.yml").exists());
}

/// An action both this repository's release workflow and the generated workflow use is pinned to the same
/// commit: when Dependabot moves release.yml's pin, this fails until templates/ci/github.yml.tera follows.
#[test]
fn generated_pins_follow_this_repositorys_own_workflow() {
    let own = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"),
    )
    .unwrap();
    let pins = |text: &str| -> Vec<(String, String)> {
        text.lines()
            .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
            .filter_map(|u| u.split_once('@'))
            .map(|(a, rest)| (a.to_string(), rest.to_string()))
            .collect()
    };
    let p = repo_with_app();
    dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "github", "services/api"],
    )
    .success();
    let generated =
        std::fs::read_to_string(p.path().join(".github/workflows/container.yml")).unwrap();
    let own = pins(&own);
    let mut shared = 0;
    for (action, pin) in pins(&generated) {
        if let Some((_, own_pin)) = own.iter().find(|(a, _)| *a == action) {
            assert_eq!(&pin, own_pin, "{action}");
            shared += 1;
        }
    }
    assert!(shared >= 1, "actions/checkout is in both");
}

#[test]
fn an_absolute_dir_gets_an_absolute_workflow_path() {
    let p = repo_with_app();
    let elsewhere = tempfile::tempdir().unwrap();
    let app = p.path().join("services/api");
    let run = dockgen_in(
        elsewhere.path(),
        &["init", "--yes", "--ci", "gitlab", app.to_str().unwrap()],
    )
    .success();
    let root = std::fs::canonicalize(p.path()).unwrap();
    let err = stderr(&run);
    assert!(
        err.contains(&format!("wrote {}", root.join(".gitlab-ci.yml").display())),
        "{err}"
    );
    assert!(root.join(".gitlab-ci.yml").exists());
}

#[test]
fn the_drift_check_runs_on_the_project_folder_from_the_root() {
    let p = repo_with_app();
    dockgen_in(
        p.path(),
        &["init", "--yes", "--ci", "github", "services/api"],
    )
    .success();
    let wf = yaml(&p.path().join(".github/workflows/container.yml"));
    let steps = wf["jobs"]["container"]["steps"].as_sequence().unwrap();
    assert_eq!(
        step(steps, "Check the Dockerfile is up to date")["run"].as_str(),
        Some("dockgen generate --check services/api")
    );
    // What the step runs passes on the freshly generated project, from the root as CI runs it.
    dockgen_in(p.path(), &["generate", "--check", "services/api"]).success();
}
