//! Go plan: download modules in their own layer, build one static stripped binary, ship it alone on
//! distroless static. A cgo build links glibc instead: the golang image's gcc (plus any headers a module
//! needs) builds it, and it ships on distroless base or cc, or on Debian slim with the shared libraries
//! the module loads.

use super::GoDetail;
use crate::facts::Facts;
use crate::plan::{apt_install, copy, run, ship_binary, workdir, Base, Stage, Step};

pub(crate) fn stages(facts: &Facts, d: &GoDetail, base: &Base) -> Vec<Stage> {
    let mut build = vec![Step::then(workdir("/src"))];
    if !d.build_packages.is_empty() {
        build.push(apt_install(
            "Headers and pkg-config files the cgo modules compile against (versions follow the image's Debian release)",
            &d.build_packages,
        ));
    }
    let mut manifests = vec!["go.mod".to_string()];
    if d.has_sum {
        manifests.push("go.sum".into());
    }
    let caches = ["/go/pkg/mod", "/root/.cache/go-build"];
    let vendor_flag = if d.vendored { " -mod=vendor" } else { "" };
    if !d.vendored && d.manifest {
        build.push(Step::new(
            "Module manifests first: the download layer survives every source edit",
            copy(None, &manifests, "./", None),
        ));
        build.push(Step::then(run(&["go mod download"], &caches[..1])));
    }
    build.push(Step::new(
        if !d.manifest {
            // Go builds only modules (GO111MODULE is on since 1.16): no manifest means no download layer.
            "No go.mod: the source, a module initialised for it (`go mod init`, `go mod tidy`), then the binary"
        } else if d.cgo {
            "The source, then a stripped, path-independent binary; cgo compiles its C with the image's gcc"
        } else {
            "The source, then a static, stripped, path-independent binary"
        },
        copy(None, &[".".into()], ".", None),
    ));
    // The build the facts carry (the detector's, or an answer's `--build`), which must write
    // /out/<binary>; without one, the stack's own.
    let cmd = facts.build.clone().unwrap_or_else(|| {
        format!(
            "CGO_ENABLED={} go build{vendor_flag} -trimpath -ldflags=\"-s -w\" -o /out/{} {}",
            u8::from(d.cgo),
            d.binary,
            d.package
        )
    });
    build.push(Step::then(run(&[&cmd], &caches)));

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
    vec![
        Stage::build(base, "Build stage: the Go toolchain stays here", build),
        Stage::runtime(base, &runtime_comment(d), fin),
    ]
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
