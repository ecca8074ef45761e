//! Every example in examples/: its facts asserted field by field against its expect.toml, its Dockerfile
//! and .dockerignore snapshotted beside it, the output rules checked, and hadolint run with zero findings.

use crate::common;

use dockgen::config::Answers;
use dockgen::plan::Plan;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    facts: ExpectFacts,
    check: Option<ExpectCheck>,
}

/// What tests/e2e/run.sh checks on the built image; typed here so a misspelt key fails at once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read by tests/e2e/run.sh, not here
struct ExpectCheck {
    path: Option<String>,
    status: Option<u16>,
    body: Option<String>,
    /// false: built and sized but not started (with a comment saying why).
    run: Option<bool>,
    /// false: checked statically only, because its dependencies come from a registry this machine
    /// cannot reach; `why` names it.
    build: Option<bool>,
    why: Option<String>,
    /// false: not stopped with SIGTERM on docker, because the app's own handler is known not to exit
    /// (a comment above it says why).
    sigterm: Option<bool>,
    /// A line the app's own SIGTERM handler writes: stopped with SIGTERM on docker, the container must
    /// log it and exit 0 (the signal preload must not cut a graceful shutdown short).
    sigterm_log: Option<String>,
}

/// The expected facts; a key left out means the fact must be null.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFacts {
    stack: String,
    package_manager: String,
    framework: Option<String>,
    toolchain: Option<ExpectToolchain>,
    build: Option<String>,
    start: Vec<String>,
    port: Option<u16>,
    /// Left out for a one-stage plan (a plain HTML site builds nothing).
    build_image: Option<String>,
    runtime_image: String,
    user: ExpectUser,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ExpectToolchain {
    name: String,
    version: String,
    source: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ExpectUser {
    uid: u32,
    gid: u32,
}

fn examples() -> Vec<PathBuf> {
    common::example_dirs()
}

fn plan_of(dir: &Path) -> Plan {
    let project = dockgen::scan::Project::scan(dir, dockgen::stacks::rules().unwrap()).unwrap();
    let apps = dockgen::detect::detect(&project, &Answers::default())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    assert_eq!(apps.len(), 1, "{}: one app", dir.display());
    dockgen::pipeline::plan(&apps[0], dockgen::stacks::rules().unwrap(), None).unwrap()
}

#[test]
fn an_example_not_built_end_to_end_says_why() {
    for dir in examples() {
        let text = std::fs::read_to_string(dir.join("expect.toml")).unwrap();
        let e: Expect =
            toml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
        let Some(c) = e.check else { continue };
        if c.build == Some(false) {
            let why = c.why.unwrap_or_default();
            assert!(
                why.len() > 10,
                "{}: `build = false` needs a `why` naming the unreachable registry",
                dir.display()
            );
        }
    }
}

#[test]
fn there_are_enough_examples() {
    assert!(
        examples().len() >= 14,
        "the core needs at least 14 examples, found {}",
        examples().len()
    );
}

#[test]
fn facts_match_expectations_field_by_field() {
    let mut failures = Vec::new();
    for dir in examples() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
        let e = expect.facts;
        let plan = plan_of(&dir);
        let f = &plan.facts;
        let mut check = |field: &str, got: String, want: String| {
            if got != want {
                failures.push(format!("{name}: {field}: got {got}, want {want}"));
            }
        };
        check("stack", f.stack.as_str().into(), e.stack);
        check(
            "package_manager",
            f.package_manager.as_str().into(),
            e.package_manager,
        );
        check(
            "framework",
            format!("{:?}", f.framework),
            format!("{:?}", e.framework),
        );
        let tc = f
            .toolchain
            .as_ref()
            .map(|t| (t.name.clone(), t.version.clone(), t.source.clone()));
        check(
            "toolchain",
            format!("{tc:?}"),
            format!("{:?}", e.toolchain.map(|t| (t.name, t.version, t.source))),
        );
        check("build", format!("{:?}", f.build), format!("{:?}", e.build));
        check("start", format!("{:?}", f.start), format!("{:?}", e.start));
        check("port", format!("{:?}", f.port), format!("{:?}", e.port));
        check(
            "build_image",
            format!("{:?}", plan.images.build),
            format!("{:?}", e.build_image),
        );
        check(
            "runtime_image",
            plan.images.runtime.clone(),
            e.runtime_image,
        );
        check(
            "user",
            format!("{}:{}", plan.user.uid, plan.user.gid),
            format!("{}:{}", e.user.uid, e.user.gid),
        );
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn dockerfiles_match_snapshots() {
    for dir in examples() {
        let plan = plan_of(&dir);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!("Dockerfile", dockgen::render::dockerfile(&plan).unwrap());
            insta::assert_snapshot!(
                "dockerignore",
                dockgen::render::dockerignore(&plan).unwrap()
            );
        });
    }
}

/// The output rules of the core issue, checked on the text of every generated Dockerfile. `serves`: the
/// app has a port (a worker service has none, and so no EXPOSE).
fn output_rule_violations(df: &str, serves: bool) -> Vec<String> {
    let mut v = Vec::new();
    let lines: Vec<&str> = df.lines().collect();
    if lines.first() != Some(&"# syntax=docker/dockerfile:1") {
        v.push("first line is not the syntax directive".into());
    }
    if !df.contains("Generated by dockgen") {
        v.push("no generated-by header".into());
    }
    v.extend(stage_violations(&lines));
    let final_stage = df.rsplit("\nFROM ").next().unwrap_or("");
    v.extend(final_user_violation(final_stage));
    for l in &lines {
        if (l.starts_with("CMD ") || l.starts_with("ENTRYPOINT "))
            && !l.split_once(' ').unwrap().1.starts_with('[')
        {
            v.push(format!("shell-form start: {l}"));
        }
        if l.ends_with(' ') {
            v.push(format!("trailing space: {l:?}"));
        }
    }
    if serves != final_stage.contains("\nEXPOSE ") {
        v.push(
            if serves {
                "no EXPOSE"
            } else {
                "EXPOSE without a port"
            }
            .into(),
        );
    }
    // Every instruction block is headed by a one-line comment.
    for (i, l) in lines.iter().enumerate() {
        let starts_block = i > 0 && lines[i - 1].is_empty() && !l.is_empty();
        if starts_block && !l.starts_with('#') {
            v.push(format!("block without a comment at line {}: {l}", i + 1));
        }
    }
    // Dependencies install before the whole source is copied, in every build stage.
    for stage in df.split("\nFROM ").skip(1) {
        let copy_all = stage.find("\nCOPY . .");
        let install = stage.find("--mount=type=cache");
        if let (Some(c), Some(i)) = (copy_all, install) {
            if i > c
                && !stage[..c].contains("--mount=type=cache")
                && !stage.contains("pip install .")
            {
                v.push("dependency install after COPY . .".into());
            }
        }
    }
    v
}

/// Multi-stage unless nothing is installed or built, and every base image pinned.
fn stage_violations(lines: &[&str]) -> Vec<String> {
    let mut v = Vec::new();
    let froms: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("FROM "))
        .copied()
        .collect();
    // One stage is allowed only when nothing is installed or built (a plain HTML site on its server,
    // whose only RUN writes the server's config file).
    if froms.len() < 2
        && lines
            .iter()
            .any(|l| l.starts_with("RUN ") && !l.starts_with("RUN printf '%s\\n'"))
    {
        v.push("not multi-stage".into());
    }
    // A stage built on an earlier stage (`FROM base`) names no image of its own.
    let stage_names: Vec<&str> = froms
        .iter()
        .filter_map(|f| f.split_once(" AS ").map(|(_, n)| n.trim()))
        .collect();
    for f in &froms {
        // The first word after FROM that is not a flag (`--platform=$BUILDPLATFORM`).
        let image = f
            .split_whitespace()
            .skip(1)
            .find(|w| !w.starts_with("--"))
            .unwrap_or("");
        if stage_names.contains(&image) {
            continue;
        }
        let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
        if tag.is_empty() || tag == "latest" || image.contains("latest") {
            v.push(format!("unpinned base: {f}"));
        }
    }
    v
}

/// The final stage runs as a numeric non-root user.
fn final_user_violation(final_stage: &str) -> Option<String> {
    let user = final_stage
        .lines()
        .find(|l| l.starts_with("USER "))
        .map(|l| l[5..].to_string());
    match user.as_deref().and_then(|u| u.split_once(':')) {
        Some((uid, gid))
            if uid.parse::<u32>().is_ok_and(|u| u != 0) && gid.parse::<u32>().is_ok() =>
        {
            None
        }
        _ => Some(format!(
            "final stage USER is not numeric non-root: {user:?}"
        )),
    }
}

#[test]
fn dockerfiles_follow_the_output_rules() {
    let mut all = Vec::new();
    for dir in examples() {
        let plan = plan_of(&dir);
        let df = dockgen::render::dockerfile(&plan).unwrap();
        all.extend(
            output_rule_violations(&df, plan.facts.port.is_some())
                .into_iter()
                .map(|m| format!("{}: {m}", dir.display())),
        );
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn output_rule_check_catches_violations() {
    let bad = "FROM node:latest\nRUN npm ci\nCMD node server.js\n";
    assert!(output_rule_violations(bad, true)
        .iter()
        .any(|m| m.contains("multi-stage")));
    let v = output_rule_violations(bad, true);
    assert!(v.iter().any(|m| m.contains("syntax")));
    assert!(v.iter().any(|m| m.contains("unpinned")));
    assert!(v.iter().any(|m| m.contains("USER")));
    assert!(v.iter().any(|m| m.contains("shell-form")));
}

#[test]
fn hadolint_finds_nothing() {
    // $HADOLINT, the pinned release on PATH, or one installed into target/tools on first use.
    let hadolint = common::tools::hadolint();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for dir in examples() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let path = tmp.path().join(format!("{name}.Dockerfile"));
        std::fs::write(&path, dockgen::render::dockerfile(&plan_of(&dir)).unwrap()).unwrap();
        let out = std::process::Command::new(&hadolint)
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {} ({e})", hadolint.display()));
        if !out.status.success() || !out.stdout.is_empty() {
            failures.push(format!(
                "{name}:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "hadolint findings:\n{}",
        failures.join("\n")
    );
}
