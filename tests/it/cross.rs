//! Cross-compilation: build stages run on the build machine's platform and target the image's from
//! BuildKit's platform ARGs. Go through GOOS/GOARCH, Rust through a cargo target with Debian's cross
//! linker, .NET through `-a $TARGETARCH`; a JVM jar and a static site are the same on every platform. A
//! build that would need a C library for the target (cgo, a Rust crate linking one) stays on the target
//! platform. (The e2e suite checks the arm64 Go binary such a stage writes; the stand-ins' Rust has no
//! arm64 standard library, so Rust's target setup is run here with stand-ins for apt, dpkg and rustup.)

use crate::common;

use common::{dockerfile, Project};
use std::process::Command;

/// The stage named `name` (`FROM … AS name`) up to the next FROM.
fn stage<'a>(df: &'a str, name: &str) -> &'a str {
    let from = df
        .lines()
        .find(|l| l.starts_with("FROM ") && l.ends_with(&format!(" AS {name}")))
        .unwrap_or_else(|| panic!("no stage {name}:\n{df}"));
    let rest = &df[df.find(from).unwrap()..];
    match rest[1..].find("\nFROM ") {
        Some(end) => &rest[..end + 1],
        None => rest,
    }
}

#[test]
fn a_static_go_binary_is_compiled_on_the_build_platform_for_the_target_one() {
    let df = dockerfile(&Project::example("go-stdlib"), &[]);
    assert!(
        df.contains("FROM --platform=$BUILDPLATFORM golang:1.24-trixie AS build\nWORKDIR /src\n"),
        "{df}"
    );
    let build = df.split(" AS build\n").nth(1).unwrap();
    let build = build.split("\nFROM ").next().unwrap();
    let compile = build.find("go build").unwrap();
    for line in [
        "ARG TARGETOS",
        "ARG TARGETARCH",
        "GOOS=$TARGETOS",
        "GOARCH=$TARGETARCH",
    ] {
        let at = build
            .find(line)
            .unwrap_or_else(|| panic!("no {line}:\n{df}"));
        assert!(at < compile, "{line} comes after go build:\n{df}");
    }
    // The runtime stage takes the image's platform: no flag on it.
    assert_eq!(df.matches("--platform").count(), 1, "{df}");
}

#[test]
fn a_cgo_binary_builds_on_the_target_platform() {
    let df = dockerfile(&Project::example("go-cgo"), &[]);
    assert!(
        !df.contains("--platform") && !df.contains("TARGETARCH"),
        "{df}"
    );
}

#[test]
fn a_rust_binary_is_compiled_on_the_build_platform_for_the_target_one() {
    let df = dockerfile(&Project::example("rust-single-bin"), &[]);
    let build = stage(&df, "build");
    assert!(
        build.starts_with("FROM --platform=$BUILDPLATFORM rust:"),
        "{df}"
    );
    let arg = build.find("ARG TARGETARCH").expect("ARG TARGETARCH");
    let setup = build.find("case \"$arch\" in").expect("the target setup");
    let deps = build.find("cargo build").unwrap();
    assert!(arg < setup && setup < deps, "{df}");
    // Cargo writes a named target's binary under target/<triple>/release.
    assert!(
        build.contains("install -D target/*/release/hello-rs /out/hello-rs"),
        "{df}"
    );
    // tini is the image's platform's package: its stage takes no flag, nor does the runtime.
    assert!(stage(&df, "init").starts_with("FROM rust:"), "{df}");
    assert_eq!(df.matches("--platform").count(), 1, "{df}");
}

#[test]
fn a_rust_crate_linking_a_system_library_builds_on_the_target_platform() {
    let p = Project::example("rust-single-bin");
    let lock = p.read("Cargo.lock");
    p.write(
        "Cargo.lock",
        format!("{lock}\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.104\"\n"),
    );
    let df = dockerfile(&p, &[]);
    assert!(df.contains("libssl-dev"), "{df}");
    assert!(
        !df.contains("--platform") && !df.contains("TARGETARCH"),
        "{df}"
    );
    assert!(df.contains("install -D target/release/hello-rs"), "{df}");
}

/// The shell of the build stage's RUN that sets up the Rust target.
fn rust_target_setup(df: &str) -> String {
    let build = stage(df, "build");
    let run = build
        .split("\n\n")
        .find(|block| block.contains("case \"$arch\" in"))
        .unwrap();
    let lines: Vec<&str> = run.lines().filter(|l| !l.starts_with('#')).collect();
    // The first line is `RUN` and the cache mounts; the commands follow, one per line.
    lines[1..]
        .iter()
        .map(|l| l.trim().trim_start_matches("&& ").trim_end_matches(" \\"))
        .collect::<Vec<_>>()
        .join(" && ")
}

/// Runs the setup as the build stage would on an amd64 machine for `target_arch`, with apt-get, dpkg
/// and rustup replaced by scripts that log their arguments. Returns (status, cargo config, log).
fn run_setup(target_arch: &str) -> (bool, String, String) {
    let df = dockerfile(&Project::example("rust-single-bin"), &[]);
    let script = rust_target_setup(&df);
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.path().join("log");
    for (tool, body) in [
        ("dpkg", "echo amd64".to_string()),
        (
            "apt-get",
            format!("echo apt-get \"$*\" >> {}", log.display()),
        ),
        ("rustup", format!("echo rustup \"$*\" >> {}", log.display())),
        ("rm", String::new()),
    ] {
        let path = bin.join(tool);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let status = Command::new("sh")
        .args(["-ec", &script])
        .env("PATH", path)
        .env("CARGO_HOME", dir.path())
        .env("TARGETARCH", target_arch)
        .status()
        .unwrap();
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap_or_default();
    (
        status.success(),
        config,
        std::fs::read_to_string(log).unwrap_or_default(),
    )
}

#[test]
fn the_rust_target_setup_adds_the_arm64_target_and_its_cross_linker() {
    let (ok, config, log) = run_setup("arm64");
    assert!(ok, "{log}");
    assert_eq!(
        config,
        "[build]\ntarget = \"aarch64-unknown-linux-gnu\"\n\
         [target.aarch64-unknown-linux-gnu]\nlinker = \"aarch64-linux-gnu-gcc\"\n"
    );
    assert!(
        log.contains("apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross"),
        "{log}"
    );
    assert!(
        log.contains("rustup target add aarch64-unknown-linux-gnu"),
        "{log}"
    );
}

#[test]
fn the_rust_target_setup_on_its_own_platform_installs_nothing() {
    let (ok, config, log) = run_setup("amd64");
    assert!(ok);
    assert_eq!(config, "[build]\ntarget = \"x86_64-unknown-linux-gnu\"\n");
    assert_eq!(log, "");
}

#[test]
fn the_rust_target_setup_stops_on_a_platform_it_has_no_target_for() {
    let (ok, config, _) = run_setup("s390x");
    assert!(!ok);
    assert_eq!(config, "");
}

#[test]
fn dotnet_restores_and_publishes_for_the_target_platform() {
    let df = dockerfile(&Project::example("dotnet-worker"), &[]);
    let build = stage(&df, "build");
    assert!(build.starts_with("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:"));
    let arg = build.find("ARG TARGETARCH").expect("ARG TARGETARCH");
    let restore = build
        .find("dotnet restore Heartbeat.csproj -a $TARGETARCH\n")
        .expect("restore -a");
    let publish = build
        .find("-p:UseAppHost=false -a $TARGETARCH\n")
        .expect("publish -a");
    assert!(arg < restore && restore < publish, "{df}");
    assert_eq!(df.matches("--platform").count(), 1, "{df}");
}

#[test]
fn a_locked_dotnet_restore_stays_platform_neutral_and_the_publish_targets() {
    // The lock file holds no platform's section unless the project lists RuntimeIdentifiers.
    let df = dockerfile(&Project::example("dotnet-aspnet-minimal"), &[]);
    assert!(
        df.contains("dotnet restore MinimalApi.csproj --locked-mode\n"),
        "{df}"
    );
    assert!(df.contains("-p:UseAppHost=false -a $TARGETARCH\n"), "{df}");
}

#[test]
fn jvm_and_static_site_builds_run_on_the_build_platform_only() {
    for example in [
        "java-spring-maven",
        "java-plain-gradle",
        "java-quarkus-maven",
        "kotlin-spring-gradle",
        "spa-vite-react",
        "spa-angular",
    ] {
        let df = dockerfile(&Project::example(example), &[]);
        assert!(
            stage(&df, "build").starts_with("FROM --platform=$BUILDPLATFORM "),
            "{example}:\n{df}"
        );
        // Bytecode and HTML need no target: no ARG, and the runtime stage is the image's platform's.
        assert!(!df.contains("ARG TARGET"), "{example}:\n{df}");
        assert_eq!(df.matches("--platform").count(), 1, "{example}:\n{df}");
    }
    // A plain HTML site has no build stage.
    let df = dockerfile(&Project::example("static-html"), &[]);
    assert!(!df.contains("--platform"), "{df}");
}
