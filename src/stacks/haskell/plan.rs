//! Haskell plan: the package description first and the dependencies built alone (`cabal build
//! --only-dependencies`, Stack's likewise) into a cache, then the source and the executable, staged under
//! /out; the runtime is Debian slim of the build image's release with libgmp, libffi and netbase.

use super::{HaskellDetail, STACK};
use crate::facts::Facts;
use crate::plan::{
    apt_install, copy, copy_in_place, env, run, ship_binary, workdir, Base, Stage, Step,
};

pub(crate) fn stages(facts: &Facts, d: &HaskellDetail, base: &Base) -> Vec<Stage> {
    let stack = facts.package_manager == STACK;
    let caches: &[&str] = if stack {
        &["/root/.stack"]
    } else {
        &["/root/.cabal"]
    };
    let mut steps = vec![Step::then(workdir("/build"))];
    if !stack {
        steps.push(Step::new(
            "Keep all of cabal's state (index, store) in one folder, cached between builds",
            env(&[("CABAL_DIR", "/root/.cabal".into())]),
        ));
    }
    steps.extend(copy_in_place(
        &d.manifests,
        "The package description first: the dependency layer survives every source edit",
    ));
    let resolve: Vec<&str> = d.resolve.iter().map(String::as_str).collect();
    steps.push(Step::new(
        "Build only the dependencies, before the source arrives",
        run(&resolve, caches),
    ));
    steps.push(Step::new(
        "The source, then the executable, staged under /out",
        copy(None, &[".".into()], ".", None),
    ));
    let mut cmds: Vec<&str> = facts.build.iter().map(String::as_str).collect();
    cmds.extend(["mkdir -p /out", d.stage.as_str()]);
    steps.push(Step::then(run(&cmds, caches)));

    let mut packages: Vec<String> = ["ca-certificates", "libgmp10", "netbase"]
        .map(String::from)
        .to_vec();
    // GHC's runtime loads libffi; its soname moved between the two Debian releases the images use.
    packages.push(
        if base.runtime.contains("bullseye") {
            "libffi7"
        } else {
            "libffi8"
        }
        .into(),
    );
    packages.extend(d.runtime_packages.iter().cloned());
    let mut fin = vec![
        Step::then(workdir("/app")),
        apt_install(
            "The shared libraries GHC's output loads, certificates, and netbase's protocol names",
            &packages,
        ),
    ];
    fin.extend(base.user_steps());
    ship_binary(
        &mut fin,
        facts,
        base.user,
        "Only the executable: no compiler, no package store, no source",
        "/out",
        &d.executable,
    );
    let tool = if stack { "Stack" } else { "cabal" };
    vec![
        Stage::build(
            base,
            &format!("Build stage: GHC, {tool} and the compiled dependencies stay here"),
            steps,
        ),
        Stage::runtime(
            base,
            "Runtime: Debian slim of the build image's release, the executable, a non-root user",
            fin,
        ),
    ]
}
