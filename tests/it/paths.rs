//! Every path dockgen prints is right from the folder the user ran it in, whatever DIR they passed.

use crate::common;

use assert_cmd::Command;
use common::Project;

fn init_from(cwd: &std::path::Path, dir: &str) -> String {
    let out = Command::cargo_bin("dockgen")
        .unwrap()
        .current_dir(cwd)
        .args(["init", "--yes", dir])
        .env_remove("CI")
        .write_stdin("")
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn init_with_a_dir_prints_paths_from_where_it_ran() {
    let p = Project::new()
        .file(
            "some/dir/package.json",
            r#"{"name":"web","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        )
        .file("some/dir/package-lock.json", "{\"lockfileVersion\": 3}")
        .file(
            "some/dir/server.js",
            "const port = process.env.PORT || 3005;\n",
        );
    let err = init_from(p.path(), "some/dir");
    let lines: Vec<&str> = err.lines().map(str::trim).collect();
    assert!(lines.contains(&"wrote some/dir/Dockerfile"), "{err}");
    assert!(lines.contains(&"wrote some/dir/.dockerignore"), "{err}");
    let build = lines
        .iter()
        .find(|l| l.starts_with("docker build"))
        .unwrap_or_else(|| panic!("no docker build step:\n{err}"));
    assert!(build.ends_with(" some/dir"), "{build}");
    assert!(p.path().join("some/dir/Dockerfile").exists());
}

#[test]
fn init_in_the_current_folder_prints_plain_names() {
    let p = Project::node();
    let err = init_from(p.path(), ".");
    let lines: Vec<&str> = err.lines().map(str::trim).collect();
    assert!(lines.contains(&"wrote Dockerfile"), "{err}");
    let build = lines
        .iter()
        .find(|l| l.starts_with("docker build"))
        .unwrap();
    assert!(build.ends_with(" ."), "{build}");
}

#[test]
fn a_secret_file_is_named_from_where_dockgen_ran() {
    // An .npmrc holding a token is passed to the build as a secret, from its place in the project.
    let p = Project::new()
        .file(
            "app/package.json",
            r#"{"name":"web","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        )
        .file("app/package-lock.json", "{\"lockfileVersion\": 3}")
        .file("app/server.js", "const port = process.env.PORT || 3005;\n")
        .file(
            "app/.npmrc",
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
        );
    let err = init_from(p.path(), "app");
    let build = err
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("docker build"))
        .unwrap_or_else(|| panic!("no docker build step:\n{err}"));
    assert!(build.contains(",src=app/.npmrc"), "{build}");
    assert!(build.ends_with(" app"), "{build}");
}

#[test]
fn generate_with_a_dir_names_files_from_where_it_ran() {
    let p = Project::new()
        .file(
            "web/package.json",
            r#"{"name":"web","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        )
        .file("web/package-lock.json", "{\"lockfileVersion\": 3}")
        .file("web/server.js", "const port = process.env.PORT || 3005;\n");
    init_from(p.path(), "web");
    let out = Command::cargo_bin("dockgen")
        .unwrap()
        .current_dir(p.path())
        .args(["generate", "web"])
        .env_remove("CI")
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.lines().any(|l| l == "unchanged web/Dockerfile"),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l == "unchanged web/.dockerignore"),
        "{err}"
    );
}
