//! Go plan: download modules in their own layer, build one static stripped binary, ship it alone on
//! distroless static. A cgo build links glibc instead: the golang image's gcc (plus any headers a module
//! needs) builds it, and it ships on distroless base or cc, or on Debian slim with the shared libraries
//! the module loads.

use super::GoDetail;
use crate::facts::Facts;
use crate::plan::{apt_install, copy, run, ship_binary, workdir, Base, Stage, Step};

pub(crate) fn stages(facts: &Facts, d: &GoDetail, base: &Base) -> Vec<Stage> {
    if let Some(w) = &d.workspace {
        return super::workspace::stages(facts, d, w, base);
    }
    let mut build = build_start(d);
    let mut manifests = vec!["go.mod".to_string()];
    if d.has_sum {
        manifests.push("go.sum".into());
    }
    if !d.vendored && d.manifest {
        build.push(Step::new(
            "Module manifests first: the download layer survives every source edit",
            copy(None, &manifests, "./", None),
        ));
        build.push(Step::then(run(&["go mod download"], &CACHES[..1])));
    }
    build.push(Step::new(
        source_why(d),
        copy(None, &[".".into()], ".", None),
    ));
    build.push(Step::then(run(&[&build_command(facts, d)], &CACHES)));
    vec![
        Stage::build(base, "Build stage: the Go toolchain stays here", build),
        runtime(facts, d, base),
    ]
}

/// The module cache and the build cache, mounted so neither is downloaded or rebuilt from nothing.
pub(super) const CACHES: [&str; 2] = ["/go/pkg/mod", "/root/.cache/go-build"];

/// The build stage's first steps: its folder, and the headers a cgo build compiles against.
pub(super) fn build_start(d: &GoDetail) -> Vec<Step> {
    let mut build = vec![Step::then(workdir("/src"))];
    if !d.build_packages.is_empty() {
        build.push(apt_install(
            "Headers and pkg-config files the cgo modules compile against (versions follow the image's Debian release)",
            &d.build_packages,
        ));
    }
    build
}

/// Why the source goes in where it does.
fn source_why(d: &GoDetail) -> &'static str {
    if !d.manifest {
        // Go builds only modules (GO111MODULE is on since 1.16): no manifest means no download layer.
        "No go.mod: the source, a module initialised for it (`go mod init`, `go mod tidy`), then the binary"
    } else if d.cgo {
        "The source, then a stripped, path-independent binary; cgo compiles its C with the image's gcc"
    } else {
        "The source, then a static, stripped, path-independent binary"
    }
}

/// The build the facts carry (the detector's, or an answer's `--build`), which must write
/// /out/<binary>; without one, the stack's own.
pub(super) fn build_command(facts: &Facts, d: &GoDetail) -> String {
    let vendor_flag = if d.vendored { " -mod=vendor" } else { "" };
    facts.build.clone().unwrap_or_else(|| {
        format!(
            "CGO_ENABLED={} go build{vendor_flag} -trimpath -ldflags=\"-s -w\" -o /out/{} {}",
            u8::from(d.cgo),
            d.binary,
            d.package
        )
    })
}

/// The runtime stage: the binary alone, as the non-root user.
pub(super) fn runtime(facts: &Facts, d: &GoDetail, base: &Base) -> Stage {
    let mut fin = vec![Step::then(workdir("/app"))];
    if !d.runtime_packages.is_empty() {
        fin.push(apt_install(
            "The shared libraries the cgo modules load, matching the build stage's Debian release",
            &d.runtime_packages,
        ));
    }
    fin.extend(base.user_steps());
    fin.extend(crate::plan::port_env(facts));
    ship_binary(
        &mut fin,
        facts,
        base.user,
        if d.cgo {
            "Only the binary: no toolchain, no source"
        } else {
            "Only the binary: no toolchain, no source, no shell"
        },
        "/out",
        &d.binary,
    );
    Stage::runtime(base, &runtime_comment(d), fin)
}

/// Why the runtime is the image it is.
fn runtime_comment(d: &GoDetail) -> String {
    if !d.runtime_packages.is_empty() {
        format!(
            "Runtime: Debian slim, not distroless: {} loads shared libraries that only apt can add",
            d.runtime_why
        )
    } else if d.cgo {
        "Runtime: distroless with glibc for the cgo binary, non-root, nothing but the binary".into()
    } else {
        "Runtime: distroless static, non-root, nothing but the binary".into()
    }
}
