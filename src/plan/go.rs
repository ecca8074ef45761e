//! Go plan: download modules in their own layer, build one static stripped binary, ship it alone on
//! distroless static.

use super::{copy, finish, run, workdir, Base, Stage, Step};
use crate::facts::{Facts, GoDetail};

pub(crate) fn stages(facts: &Facts, d: &GoDetail, base: &Base) -> Vec<Stage> {
    let mut build = vec![Step::then(workdir("/src"))];
    let mut manifests = vec!["go.mod".to_string()];
    if d.has_sum {
        manifests.push("go.sum".into());
    }
    let caches = ["/go/pkg/mod", "/root/.cache/go-build"];
    let vendor_flag = if d.vendored { " -mod=vendor" } else { "" };
    if !d.vendored {
        build.push(Step::new(
            "Module manifests first: the download layer survives every source edit",
            copy(None, &manifests, "./", None),
        ));
        build.push(Step::then(run(&["go mod download"], &caches[..1])));
    }
    build.push(Step::new(
        "The source, then a static, stripped, path-independent binary",
        copy(None, &[".".into()], ".", None),
    ));
    let cmd = format!(
        "CGO_ENABLED=0 go build{vendor_flag} -trimpath -ldflags=\"-s -w\" -o /out/{} {}",
        d.binary, d.package
    );
    build.push(Step::then(run(&[&cmd], &caches)));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(super::port_env(facts));
    fin.push(Step::new(
        "Only the binary: no toolchain, no source, no shell",
        copy(
            Some("build"),
            &[format!("/out/{}", d.binary)],
            &format!("/app/{}", d.binary),
            None,
        ),
    ));
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    vec![
        Stage {
            name: Some("build".into()),
            image: base.build.clone(),
            comment: "Build stage: the Go toolchain stays here".into(),
            steps: build,
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: distroless static, non-root, nothing but the binary".into(),
            steps: fin,
        },
    ]
}
