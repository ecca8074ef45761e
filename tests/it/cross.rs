//! Cross-compilation: a Go build stage runs on the build machine's platform and targets the image's
//! through GOOS/GOARCH from BuildKit's platform ARGs; a cgo build, which would need a C cross-compiler,
//! stays on the target platform. (The e2e suite checks the arm64 binary such a stage writes.)

use crate::common;

use common::{dockerfile, Project};

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
