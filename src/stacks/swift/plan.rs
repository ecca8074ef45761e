//! Swift plan, after Vapor's own Dockerfile: dependencies resolved from the manifests alone, a release
//! build with the Swift runtime linked statically, the binary and the static backtracer staged under
//! /out; the runtime is slim Ubuntu with certificates and time zones, and a numeric user.

use super::SwiftDetail;
use crate::facts::Facts;
use crate::plan::{
    apt_install, copy, copy_in_place, env, finish, run, workdir, Base, Stage, StageName, Step,
};

/// SwiftPM's shared cache of package repositories; the checkouts stay in .build, in the layer.
const CACHES: &[&str] = &["/root/.cache/org.swift.swiftpm"];

pub(crate) fn stages(facts: &Facts, d: &SwiftDetail, base: &Base) -> Vec<Stage> {
    let mut manifests = vec!["Package.swift".to_string()];
    if d.resolved {
        manifests.push("Package.resolved".into());
    }
    let mut steps = vec![Step::then(workdir("/build"))];
    steps.extend(copy_in_place(
        &manifests,
        "The manifests first: resolved dependencies survive every source edit",
    ));
    let resolve = if d.resolved {
        "swift package resolve --force-resolved-versions"
    } else {
        "swift package resolve"
    };
    steps.push(Step::new(
        "Fetch the dependencies before the source arrives",
        run(&[resolve], CACHES),
    ));
    steps.push(Step::new(
        "The source, then the release build",
        copy(None, &[".".into()], ".", None),
    ));
    if let Some(build) = &facts.build {
        steps.push(Step::then(run(&[build], CACHES)));
    }
    let bin = "$(swift build -c release --show-bin-path)";
    steps.push(Step::new(
        "Stage the binary, the static crash backtracer and the targets' resource bundles",
        run(
            &[
                "mkdir -p /out",
                &format!("cp \"{bin}/{}\" /out/", d.product),
                "cp /usr/libexec/swift/linux/swift-backtrace-static /out/",
                &format!("find -L \"{bin}/\" -regex '.*\\.resources$' -exec cp -Ra {{}} /out/ \\;"),
            ],
            &[],
        ),
    ));
    vec![
        Stage::build(
            base,
            "Build stage: the Swift toolchain and the package's build stay here",
            steps,
        ),
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: slim Ubuntu, the static binary, a non-root user".into(),
            steps: runtime(facts, d, base),
        },
    ]
}

fn runtime(facts: &Facts, d: &SwiftDetail, base: &Base) -> Vec<Step> {
    let mut fin = vec![
        Step::then(workdir("/app")),
        apt_install(
            "Root certificates for outbound TLS and time zone data, all the static binary needs",
            &["ca-certificates".into(), "tzdata".into()],
        ),
    ];
    fin.extend(base.user_steps());
    fin.push(Step::new(
        "Only the binary and its resources: no toolchain, no source",
        copy(Some(StageName::Build), &["/out/".into()], "./", None),
    ));
    for (i, dir) in d.assets.iter().enumerate() {
        let instr = copy(
            Some(StageName::Build),
            &[format!("/build/{dir}/")],
            &format!("./{dir}/"),
            None,
        );
        fin.push(if i == 0 {
            Step::new(
                "The files the app serves and reads, owned by root so they stay read-only",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    fin.push(Step::new(
        "A crash prints a symbolicated backtrace through the static backtracer",
        env(&[(
            "SWIFT_BACKTRACE",
            "enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static".into(),
        )]),
    ));
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    fin
}
