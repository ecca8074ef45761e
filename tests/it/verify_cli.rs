//! `verify` on a stand-in buildah: a failed build is reported failed (✗, exit 1), buildah is asked to
//! remove a failed build's containers, and the container started for the check is removed.

use crate::common;
use common::Project;

/// A stand-in buildah: records its calls; `bud` exits with `build_code`; the image runs `/app`, which
/// exits 3 (a non-server app that fails).
fn fake_buildah(build_code: i32) -> (tempfile::TempDir, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("calls.log");
    let script = format!(
        r#"#!/bin/sh
echo "$@" >> '{log}'
case "$1" in
  --version) exit 0 ;;
  bud) exit {build_code} ;;
  inspect) echo '{{"OCIv1":{{"config":{{"User":"10001:10001","Cmd":["/app"]}}}}}}' ;;
  from) echo ctr-7 ;;
  run) exit 3 ;;
  rm) exit 0 ;;
esac
"#,
        log = log.display()
    );
    let path = bin.path().join("buildah");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, log)
}

fn verify(p: &Project, bin: &std::path::Path) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("dockgen")
        .unwrap()
        .current_dir(p.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .args(["verify", "--engine", "buildah", "--timeout", "10"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_failed_build_is_reported_failed_and_leaves_no_container() {
    let p = Project::node();
    p.dockgen(&["init", "--yes"]).success();
    let (bin, log) = fake_buildah(1);
    let (code, err) = verify(&p, bin.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("✗ build failed"), "{err}");
    assert!(!err.contains("✓ build"), "{err}");
    let calls = std::fs::read_to_string(&log).unwrap();
    let bud = calls.lines().find(|l| l.starts_with("bud")).unwrap();
    assert!(bud.contains("--force-rm"), "{bud}");
}

#[test]
fn the_container_started_for_the_check_is_removed() {
    let p = Project::node().file("package.json", r#"{"name":"demo","main":"worker.js"}"#);
    p.dockgen(&["init", "--yes", "--port", "none"]).success();
    let (bin, log) = fake_buildah(0);
    let (code, err) = verify(&p, bin.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("✓ build"), "{err}");
    assert!(err.contains("✗ start and check failed"), "{err}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.lines().any(|l| l.starts_with("from")), "{calls}");
    assert!(calls.lines().any(|l| l == "rm ctr-7"), "{calls}");
}

/// Verify plans the folder as `init` did, with dockgen.toml's answers: a stack only dockgen.toml settles
/// gives the plan whose build secret (the `.npmrc`) verify passes to the build.
#[test]
fn verify_plans_with_the_answers_in_dockgen_toml() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"tie","scripts":{"start":"node server.js"}}"#,
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}")
        .file("server.js", "console.log(1)\n")
        .file(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n")
        .file("requirements.txt", "requests\n")
        .file("main.py", "print(1)\n")
        .file("Dockerfile", "FROM scratch\nUSER 10001\nCMD [\"/app\"]\n");
    let bud = || {
        let (bin, log) = fake_buildah(1);
        verify(&p, bin.path());
        let calls = std::fs::read_to_string(&log).unwrap();
        calls
            .lines()
            .find(|l| l.starts_with("bud"))
            .unwrap()
            .to_string()
    };
    // Python and Node tie: without an answer there is no plan, so no secret to pass.
    assert!(!bud().contains("--secret"), "{}", bud());
    p.write("dockgen.toml", "[app]\nstack = \"node\"\n");
    let line = bud();
    assert!(line.contains("--secret id=npmrc,src=./.npmrc"), "{line}");
}
