//! Every minimal reproduction in tests/realworld-fixtures/fixtures.toml (one per failure class the
//! real-world sweep found) planned by dockgen and checked against its expected facts, field by field, as
//! the sweep's scorer (benches/realworld/score.py) checks them: stack, package manager, framework,
//! toolchain line, start, port, PHP's document root, or the refusal's text. The sweep itself needs
//! GitHub; this guards its classes in CI.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld-fixtures")
}

/// The fixtures' `[[project]]` tables.
fn fixtures() -> Vec<toml::Table> {
    let text = std::fs::read_to_string(fixtures_dir().join("fixtures.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["project"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_table().unwrap().clone())
        .collect()
}

/// `["/bin/sh", "-c", "exec X"]` reads as `X`; words joined by one space, a leading `./` dropped.
fn start_text(argv: &[String]) -> String {
    let text = match argv {
        [sh, c, script, ..] if sh.ends_with("sh") && c == "-c" => {
            let s = script.trim();
            s.strip_prefix("exec ").unwrap_or(s).trim().to_string()
        }
        _ => argv.join(" "),
    };
    text.split_whitespace()
        .map(|w| w.strip_prefix("./").filter(|r| !r.is_empty()).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is wrong with the plan of one fixture against its expectation, one line per field.
fn misses(name: &str, expect: &toml::Table, out: &std::process::Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(error) = expect.get("error").and_then(|e| e.as_str()) {
        return match out.status.success() {
            true => vec![format!(
                "{name}: expected a refusal containing {error:?}, got a plan"
            )],
            false if stderr.contains(error) => Vec::new(),
            false => vec![format!(
                "{name}: expected a refusal containing {error:?}, got {stderr}"
            )],
        };
    }
    if !out.status.success() {
        return vec![format!("{name}: refused: {stderr}")];
    }
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let app = &plan["apps"][0];
    let word = |v: &Value| v.as_str().unwrap_or("").to_lowercase();
    let mut wrong = Vec::new();
    let mut check = |field: &str, want: String, got: String, ok: bool| {
        if !ok {
            wrong.push(format!("{name} {field}: expected {want:?}, got {got:?}"));
        }
    };
    for field in ["stack", "package_manager", "framework"] {
        if let Some(want) = expect.get(field).and_then(|v| v.as_str()) {
            let got = word(&app[field]);
            let want = if want == "none" { "" } else { want };
            let got = if got == "none" { String::new() } else { got };
            check(field, want.into(), got.clone(), want.to_lowercase() == got);
        }
    }
    if let Some(want) = expect.get("toolchain").and_then(|v| v.as_str()) {
        let got = word(&app["toolchain"]["version"]);
        let ok = got == want || got.starts_with(&format!("{want}."));
        check("toolchain", want.into(), got, ok);
    }
    if let Some(want) = expect.get("start") {
        let forms: Vec<String> = match want {
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str())
                .map(String::from)
                .collect(),
            v => vec![v.as_str().unwrap_or("").to_string()],
        };
        let argv: Vec<String> = serde_json::from_value(app["start"].clone()).unwrap_or_default();
        let got = start_text(&argv);
        let ok = app["stack"] == "static"
            || forms
                .iter()
                .any(|f| start_text(std::slice::from_ref(f)) == got);
        check("start", forms.join(" | "), got, ok);
    }
    if let Some(want) = expect.get("port").and_then(|v| v.as_integer()) {
        let got = app["port"].as_i64().unwrap_or(0);
        check("port", want.to_string(), got.to_string(), got == want);
    }
    // PHP: the folder Apache serves, as the plan's evidence states it.
    if let Some(want) = expect.get("docroot").and_then(|v| v.as_str()) {
        let evidence = app["evidence"].as_array().cloned().unwrap_or_default();
        let got = evidence
            .iter()
            .find(|e| e["fact"] == "docroot")
            .map(|e| word(&e["value"]))
            .unwrap_or_default();
        check(
            "docroot",
            want.into(),
            got.clone(),
            got == want.to_lowercase(),
        );
    }
    wrong
}

#[test]
fn every_failure_class_reproduction_gets_its_expected_facts() {
    let mut wrong = Vec::new();
    let fixtures = fixtures();
    assert!(fixtures.len() >= 20, "fixtures.toml lost its projects");
    for p in &fixtures {
        let name = p["local"].as_str().unwrap();
        let dir = fixtures_dir().join(name);
        let out = Command::cargo_bin("dockgen")
            .unwrap()
            .args(["plan", "--json"])
            .arg(&dir)
            .output()
            .unwrap();
        wrong.extend(misses(name, p["expect"].as_table().unwrap(), &out));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_start_in_a_shell_reads_as_its_command() {
    let sh = |s: &str| vec!["/bin/sh".to_string(), "-c".into(), s.into()];
    assert_eq!(start_text(&sh("exec node server.js")), "node server.js");
    assert_eq!(start_text(&["./server".to_string()]), "server");
    assert_eq!(
        start_text(&["node".into(), "dist/server.js".into()]),
        "node dist/server.js"
    );
}
