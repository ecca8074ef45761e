//! `dockgen lint`, `dockgen scan` and `dockgen init --ci` as a user meets them: exit codes, output shapes,
//! the workflow files, and the rule table in docs/commands.md kept equal to the rules.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

const BAD: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD node server.js\n";
const CLEAN: &str = "FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\nHEALTHCHECK NONE\nENTRYPOINT [\"/app\"]\n";

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn dockgen(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("dockgen").unwrap();
    c.current_dir(dir).env_remove("CI").env_remove("NO_COLOR");
    c
}

#[test]
fn exit_codes_follow_the_severity_threshold() {
    let d = folder(&[("Dockerfile", CLEAN), (".dockerignore", ".git\n.env\n")]);
    dockgen(d.path())
        .arg("lint")
        .assert()
        .success()
        .stdout(predicate::str::contains("no findings"));
    dockgen(d.path())
        .args(["lint", "--severity", "info"])
        .assert()
        .success();
    // Only an info finding (no HEALTHCHECK): fails at info, passes at warning.
    let d = folder(&[
        ("Dockerfile", &CLEAN.replace("HEALTHCHECK NONE\n", "")),
        (".dockerignore", ".git\n.env\n"),
    ]);
    dockgen(d.path()).arg("lint").assert().success();
    dockgen(d.path())
        .args(["lint", "--severity", "info"])
        .assert()
        .code(1);
    let d = folder(&[("Dockerfile", BAD)]);
    dockgen(d.path())
        .arg("lint")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at warning or above"));
    // BAD's only error is DG001 (root); the rest are warnings.
    dockgen(d.path())
        .args(["lint", "--severity", "error"])
        .assert()
        .code(1);
}

#[test]
fn a_missing_file_is_one_line_naming_it() {
    let d = folder(&[("Dockerfile", CLEAN)]);
    let out = dockgen(d.path())
        .args(["lint", "Dockerfile", "nope/Dockerfile"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope/Dockerfile: cannot read"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn text_is_grouped_by_file_and_coloured_only_when_asked() {
    let d = folder(&[("a/Dockerfile", BAD), ("b/Dockerfile", BAD)]);
    let out = dockgen(d.path())
        .args(["lint", "a/Dockerfile", "b/Dockerfile"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\x1b'), "not a terminal: no colour");
    let a = text.find("a/Dockerfile\n").unwrap();
    let b = text.find("b/Dockerfile\n").unwrap();
    assert!(a < b && text[a..b].contains("a/Dockerfile:4"), "{text}");
    assert!(text.contains("2 Dockerfiles checked"), "{text}");
    let out = dockgen(d.path())
        .args(["lint", "--color", "always", "a/Dockerfile"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("\x1b[31merror"));
}

#[test]
fn json_has_the_documented_shape() {
    let d = folder(&[("Dockerfile", BAD)]);
    let out = dockgen(d.path())
        .args(["lint", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["files"], serde_json::json!(["Dockerfile"]));
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        for key in ["file", "code", "severity", "message", "fix"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(f["line"].as_u64().unwrap() >= 1);
    }
    let got: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = [
        ("DG001", 1),
        ("DG004", 1),
        ("DG005", 1),
        ("DG014", 1),
        ("DG007", 3),
        ("DG006", 4),
        ("DG013", 5),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), *l))
    .collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got_sorted, want_sorted);
    assert_eq!(v["summary"]["error"], 1);
    assert_eq!(v["summary"]["info"], 1);
}

#[test]
fn sarif_is_valid_2_1_0() {
    let d = folder(&[("Dockerfile", BAD)]);
    let out = dockgen(d.path())
        .args(["lint", "--format", "sarif"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dockgen");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 16);
    for r in rules {
        assert!(r["id"].as_str().unwrap().starts_with("DG"));
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "Dockerfile");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn suppression_silences_with_a_reason_and_is_reported_without_one() {
    let body = "FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\nHEALTHCHECK NONE\n";
    let ignore = (".dockerignore", ".git\n.env\n");
    let with_reason = format!(
        "{body}# dockgen-ignore DG013 the app is a shell script that execs itself\nCMD /app\n"
    );
    dockgen(folder(&[("Dockerfile", &with_reason), ignore]).path())
        .arg("lint")
        .assert()
        .success();
    let without = format!("{body}# dockgen-ignore DG013\nCMD /app\n");
    dockgen(folder(&[("Dockerfile", &without), ignore]).path())
        .arg("lint")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Dockerfile:4").and(predicate::str::contains("DG015")));
}

#[test]
fn lint_uses_detection_for_the_project_rules() {
    let df = "FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"python\", \"app.py\"]\n";
    let d = folder(&[
        ("Dockerfile", df),
        ("requirements.txt", "flask\n"),
        ("app.py", "print(1)\n"),
        (".dockerignore", ".git\n.env\n"),
    ]);
    std::fs::create_dir(d.path().join(".venv")).unwrap();
    let out = dockgen(d.path())
        .args(["lint", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    let codes: Vec<&str> = f.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DG005", "DG007"], "{v:#}");
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("python:3.13-slim-trixie"));
    assert!(f[1]["message"].as_str().unwrap().contains(".venv"));
}

#[test]
fn scan_without_a_scanner_fails_with_the_install_hint() {
    let empty = tempfile::tempdir().unwrap();
    let out = dockgen(empty.path())
        .args(["scan", "myimage"])
        .env("PATH", empty.path())
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    for name in [
        "trivy",
        "grype",
        "docker scout",
        "apt-get install trivy",
        "install.sh",
    ] {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
}

#[cfg(unix)]
#[test]
fn scan_runs_the_first_scanner_with_the_threshold_and_passes_its_exit_code() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let trivy = bin.path().join("trivy");
    std::fs::write(
        &trivy,
        "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\nexit 3\n",
    )
    .unwrap();
    std::fs::set_permissions(&trivy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let grype = bin.path().join("grype");
    std::fs::write(&grype, "#!/bin/sh\nexit 9\n").unwrap();
    std::fs::set_permissions(&grype, std::fs::Permissions::from_mode(0o755)).unwrap();
    let project = folder(&[("x", "")]);
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    dockgen(project.path())
        .arg("scan")
        .env("PATH", &path)
        .assert()
        .code(3);
    let args = std::fs::read_to_string(bin.path().join("args")).unwrap();
    let name = dockgen::naming::image_name(project.path());
    assert_eq!(
        args.trim(),
        format!("image --severity HIGH,CRITICAL --exit-code 1 {name}")
    );
}

fn node_project() -> tempfile::TempDir {
    folder(&[
        (
            "package.json",
            r#"{"name":"demo","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        ),
        ("package-lock.json", "{\"lockfileVersion\": 3}"),
        ("server.js", "const port = process.env.PORT || 3005;\n"),
    ])
}

fn yaml(path: &Path) -> serde_norway::Value {
    serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

// The GitHub workflow's steps are checked in tests/it/ci.rs.

#[test]
fn init_ci_gitlab_writes_a_valid_pipeline_with_a_scan_job() {
    let p = node_project();
    dockgen(p.path())
        .args(["init", "--yes", "--ci", "gitlab"])
        .assert()
        .success();
    let ci = yaml(&p.path().join(".gitlab-ci.yml"));
    let script = |job: &str| -> String {
        ci[job]["script"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(script("lint").contains("dockgen lint Dockerfile"));
    assert!(script("build").contains("docker build"));
    assert!(script("scan").contains("trivy image") && script("scan").contains("HIGH,CRITICAL"));
    assert_eq!(ci["scan"]["stage"].as_str(), Some("scan"));
}

#[test]
fn an_existing_workflow_is_never_overwritten_without_force() {
    let p = node_project();
    let wf = p.path().join(".github/workflows/container.yml");
    std::fs::create_dir_all(wf.parent().unwrap()).unwrap();
    std::fs::write(&wf, "mine\n").unwrap();
    dockgen(p.path())
        .args(["init", "--yes", "--ci", "github"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("container.yml: already exists"));
    assert_eq!(std::fs::read_to_string(&wf).unwrap(), "mine\n");
    assert!(
        !p.path().join("Dockerfile").exists(),
        "nothing is written when one target is refused"
    );
    dockgen(p.path())
        .args(["init", "--yes", "--ci", "github", "--force"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(wf.with_file_name("container.yml.bak")).unwrap(),
        "mine\n"
    );
}

#[test]
fn readme_rule_table_is_the_rules() {
    // The rule table lives in docs/commands.md, under `dockgen lint`.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/commands.md"))
            .unwrap();
    let start = readme
        .find("<!-- lint-rules:start")
        .expect("docs/commands.md has the lint-rules markers");
    let body_start = start + readme[start..].find("-->\n").unwrap() + 4;
    let end = readme.find("<!-- lint-rules:end -->").unwrap();
    let table = dockgen::lint::LintRules::get().unwrap().markdown();
    assert_eq!(
        &readme[body_start..end],
        table,
        "docs/commands.md's rule table differs from detectors/lint.toml: replace it with `dockgen lint --rules`"
    );
}

#[test]
fn a_dockerfile_piped_on_stdin_is_linted_against_the_given_context() {
    // The context holds a .dockerignore; the Dockerfile comes from elsewhere, as in `-f` builds.
    let ctx = folder(&[(".dockerignore", ".git\n.env\n")]);
    let elsewhere = folder(&[]);
    let json = |args: &[&str]| -> serde_json::Value {
        let out = dockgen(elsewhere.path())
            .args(["lint", "--format", "json"])
            .args(args)
            .write_stdin(CLEAN)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    // Without --context, stdin's context is the current folder, which has no .dockerignore.
    let bare = json(&["-"]);
    assert_eq!(bare["files"][0], "<stdin>");
    assert_eq!(bare["findings"][0]["file"], "<stdin>");
    assert!(codes(&bare).contains(&"DG007".to_string()), "{bare}");
    let with = json(&["--context", ctx.path().to_str().unwrap(), "-"]);
    assert!(!codes(&with).contains(&"DG007".to_string()), "{with}");
    // A file argument takes --context too.
    let d = folder(&[("sub/Dockerfile", CLEAN)]);
    dockgen(d.path())
        .args([
            "lint",
            "sub/Dockerfile",
            "--context",
            ctx.path().to_str().unwrap(),
        ])
        .assert()
        .success();
    dockgen(d.path())
        .args(["lint", "sub/Dockerfile"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DG007"));
    dockgen(d.path())
        .args(["lint", "sub/Dockerfile", "--context", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--context nope: not a folder"));
}

/// Lint judges the project as `init` planned it: the runtime image dockgen.toml names is the one its
/// fix suggests, not the one detection alone would pick.
#[test]
fn lint_honours_the_answers_in_dockgen_toml() {
    let df = "FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"python\", \"app.py\"]\n";
    let findings = |extra: &[(&str, &str)]| {
        let mut files = vec![
            ("Dockerfile", df),
            ("requirements.txt", "flask\n"),
            ("app.py", "print(1)\n"),
            (".dockerignore", ".git\n.env\n"),
        ];
        files.extend_from_slice(extra);
        let d = folder(&files);
        let out = dockgen(d.path())
            .args(["lint", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "DG005")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let detected = findings(&[]);
    assert!(
        detected[0].contains("python:3.13-slim-trixie"),
        "{detected:?}"
    );
    let answered = findings(&[(
        "dockgen.toml",
        "[app]\nruntime_image = \"python:3.13-slim-bookworm\"\n",
    )]);
    assert!(
        answered[0].contains("python:3.13-slim-bookworm"),
        "{answered:?}"
    );
    assert!(!answered[0].contains("slim-trixie"), "{answered:?}");
}
