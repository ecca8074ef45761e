//! Answers checked where they enter: `--port none` and `--port 0`, `--runtime-image` read as an image
//! reference (known repositories keep their handling, unknown ones are warned about, musl and shell-less
//! bases get what they can run), errors that name what was typed and the flag that exists, and the one
//! package-manager list every help text shows.

use crate::common;
use common::{dockerfile, plan, warnings, Project};
use predicates::prelude::*;

const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn stderr_of(p: &Project, args: &[&str]) -> String {
    let out = p.dockgen(args).failure().get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn port_none_declares_a_worker_and_port_zero_is_refused() {
    let p = Project::node();
    let df = dockerfile(&p, &["--port", "none"]);
    assert!(!df.contains("EXPOSE"), "{df}");
    assert!(plan(&p, &["--port", "none"])["port"].is_null());
    let err = stderr_of(&p, &["plan", "--port", "0"]);
    assert!(err.contains("--port") && err.contains("`none`"), "{err}");
    let err = stderr_of(&p, &["plan", "--port", "http"]);
    assert!(err.contains("`http` is not a port"), "{err}");
    // The answer is kept in dockgen.toml as `none` and read back.
    p.dockgen(&["init", "--yes", "--port", "none"]).success();
    assert!(p.read("dockgen.toml").contains("port = \"none\""));
    assert!(!p.read("Dockerfile").contains("EXPOSE"));
    assert!(plan(&p, &[])["port"].is_null());
}

#[test]
fn a_runtime_image_that_is_no_reference_is_refused_in_one_line() {
    let p = Project::node();
    let err = stderr_of(&p, &["init", "--yes", "--runtime-image", "my image!!"]);
    assert!(
        err.contains("`my image!!` is not an image reference"),
        "{err}"
    );
    // One line says it all (clap adds its usual pointer to --help below it).
    let first = err.lines().next().unwrap();
    assert!(
        first.contains("--runtime-image")
            && first.contains("`my image!!` is not an image reference"),
        "{err}"
    );
    assert!(!p.path().join("Dockerfile").exists());
}

#[test]
fn a_known_repository_keeps_its_entrypoint_and_user_whatever_the_digest() {
    let p = Project::node();
    let image = format!("gcr.io/distroless/nodejs22-debian13@{DIGEST}");
    let df = dockerfile(&p, &["--runtime-image", &image]);
    assert!(df.contains(&format!("FROM {image}")), "{df}");
    // distroless's own node, with the preload that stops it on SIGTERM as PID 1.
    assert!(
        df.contains("ENTRYPOINT [\"/nodejs/bin/node\", \"--require\""),
        "{df}"
    );
    assert!(!df.contains("[\"node\""), "{df}");
    assert!(df.contains("USER 65532:65532"), "{df}");
    assert!(
        !df.contains("useradd") && !df.contains("RUN groupadd"),
        "{df}"
    );
    assert!(!df.contains("not in dockgen's catalogue"), "{df}");
    // …and lints clean of the rules about users and shells.
    p.write("Dockerfile", &df);
    p.dockgen(&["lint", "Dockerfile"])
        .stdout(predicate::str::contains("DG017").not())
        .stdout(predicate::str::contains("DG001").not());
}

#[test]
fn an_unknown_image_is_accepted_with_a_warning_naming_what_is_unchecked() {
    let p = Project::node();
    let out = p
        .dockgen(&[
            "init",
            "--yes",
            "--runtime-image",
            "registry.example.com/base/node-runtime:1.4",
        ])
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("`registry.example.com/base/node-runtime` is not in dockgen's catalogue"),
        "{err}"
    );
    assert!(
        err.contains("cannot check that it has `node` on its PATH"),
        "{err}"
    );
    let df = p.read("Dockerfile");
    assert!(df.contains("useradd --system"), "{df}");
    assert!(
        df.contains(
            "[\"node\", \"--require\", \"/usr/local/lib/stop-on-signal.cjs\", \"server.js\"]"
        ),
        "{df}"
    );
}

#[test]
fn a_musl_base_gets_busybox_users_and_a_glibc_warning() {
    let p = Project::node();
    let out = p
        .dockgen(&[
            "init",
            "--yes",
            "--stdout",
            "--runtime-image",
            "alpine:3.21",
        ])
        .success()
        .get_output()
        .clone();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains("addgroup -S -g 10001 app"), "{df}");
    assert!(df.contains("adduser -S -D -u 10001 -G app"), "{df}");
    assert!(!df.contains("useradd") && !df.contains("groupadd"), "{df}");
    assert!(
        df.contains("native modules compiled there will not load"),
        "{df}"
    );
}

#[test]
fn a_musl_base_is_refused_for_an_artifact_that_links_glibc() {
    let p = Project::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n");
    let err = stderr_of(
        &p,
        &["init", "--yes", "--runtime-image", "python:3.13-alpine"],
    );
    assert!(err.contains("--runtime-image python:3.13-alpine"), "{err}");
    assert!(err.contains("musl") && err.contains("glibc"), "{err}");
    assert!(!p.path().join("Dockerfile").exists());
}

#[test]
fn a_shellless_base_gets_no_shell_steps_or_a_refusal() {
    let p = Project::node();
    let df = dockerfile(
        &p,
        &["--runtime-image", "gcr.io/distroless/cc-debian13:nonroot"],
    );
    let last = &df[df.rfind("FROM ").unwrap()..];
    assert!(!last.contains("RUN "), "{df}");
    assert!(last.contains("USER 10001:10001"), "{df}");
    assert!(
        df.contains("as a base for glibc-binary, not for this app"),
        "{df}"
    );
    // A static site's server configuration is written by a RUN: no shell, no site.
    let site = Project::new().file("index.html", "<h1>hi</h1>\n");
    let err = stderr_of(
        &site,
        &[
            "plan",
            "--runtime-image",
            "gcr.io/distroless/static-debian13:nonroot",
        ],
    );
    assert!(err.contains("has no shell"), "{err}");
}

#[test]
fn errors_name_what_was_typed_and_the_flag_that_exists() {
    let p = Project::node();
    let err = stderr_of(&p, &["plan", "--toolchain-version", "banana"]);
    assert!(err.contains("--toolchain-version banana"), "{err}");
    assert!(!err.contains("--version "), "{err}");
    let err = stderr_of(&p, &["plan", "--package-manager", "pip"]);
    assert!(err.contains("--package-manager pip"), "{err}");
    let rules = dockgen::stacks::rules().unwrap();
    let node = rules
        .stack(dockgen::stacks::node::ID)
        .package_manager_names()
        .join(", ");
    assert!(err.contains(&format!("one of {node}")), "{err}");
    assert!(!err.contains("packageManager"), "{err}");
}

#[test]
fn every_help_shows_the_package_manager_list_of_the_rules() {
    let list = dockgen::stacks::rules().unwrap().package_manager_list();
    for pm in [
        "npm", "yarn", "pnpm", "bun", "pip", "poetry", "uv", "pipenv", "pdm", "bundler", "mix",
    ] {
        assert!(list.contains(pm), "{pm}: {list}");
    }
    let p = Project::new();
    for cmd in ["init", "plan"] {
        let out = p
            .dockgen(&[cmd, "--help"])
            .success()
            .get_output()
            .stdout
            .clone();
        let help = String::from_utf8(out)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(help.contains(&list), "{cmd}: {help}");
    }
    let err = stderr_of(&p, &["plan", "--package-manager", "npn"]);
    assert!(err.contains(&list), "{err}");
}

#[test]
fn plan_prints_its_report_on_stdout() {
    let p = Project::node();
    let out = p.dockgen(&["plan"]).success().get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("runtime image"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn engines_ranges_resolve_as_npm_reads_them() {
    let with_engines = |range: &str| {
        Project::node().file(
            "package.json",
            format!(r#"{{"name":"demo","main":"server.js","engines":{{"node":"{range}"}},"dependencies":{{"express":"^4.21.0"}}}}"#),
        )
    };
    let old = plan(&with_engines("16.x"), &[]);
    assert_eq!(old["toolchain"]["version"], "16");
    assert!(warnings(&old).contains("end of life"), "{}", warnings(&old));
    assert_eq!(
        plan(&with_engines("^16.0.0"), &[])["toolchain"]["version"],
        "16"
    );
    let rules = dockgen::stacks::rules().unwrap();
    let tc = &rules.stack(dockgen::stacks::node::ID).toolchain;
    let newest = tc
        .known
        .iter()
        .filter(|k| !tc.end_of_life.contains(k))
        .max_by_key(|k| dockgen::version::Version::parse(k))
        .unwrap();
    let open = plan(&with_engines(">=18"), &[]);
    assert_eq!(open["toolchain"]["version"], newest.as_str());
    assert!(
        !warnings(&open).contains("end of life"),
        "{}",
        warnings(&open)
    );
}

#[test]
fn a_range_skips_end_of_life_lines_it_need_not_take() {
    use dockgen::version::Range;
    let rules = dockgen::stacks::rules().unwrap();
    let tc = &rules.stack(dockgen::stacks::node::ID).toolchain;
    let pick = |r: &str| Range::npm(r).unwrap().choose(&tc.known, &tc.end_of_life);
    assert_eq!(pick(">=16.13 <17").as_deref(), Some("16"));
    // 25 is past its end of life; 24, which the range also admits, is taken instead.
    assert_eq!(pick(">=22 <26").as_deref(), Some("24"));
    assert_eq!(pick("25.x").as_deref(), Some("25"));
    assert_eq!(pick(">=99"), None);
}
