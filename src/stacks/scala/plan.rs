//! Scala plan: sbt installed at the version the project pins, the build definition first and `sbt update`
//! into the Coursier and Ivy caches, then the source and the package; the runtime is a JRE with the fat
//! jar, or the staged class path (and Play's conf/).

use super::{ScalaDetail, ScalaLayout};
use crate::facts::Facts;
use crate::plan::{
    apt_install, copy, copy_in_place, finish, run, workdir, Base, Stage, StageName, Step,
};

/// Coursier's downloads, Ivy's, and sbt's own boot folder.
const CACHES: &[&str] = &["/root/.cache/coursier", "/root/.ivy2", "/root/.sbt"];

pub(crate) fn stages(facts: &Facts, d: &ScalaDetail, base: &Base) -> Vec<Stage> {
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: "Build stage: the JDK, sbt and the resolved dependencies stay here".into(),
            steps: build_steps(facts, d),
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: a JRE only, the packaged app, a non-root user".into(),
            steps: runtime_steps(facts, d, base),
        },
    ]
}

/// sbt, the build definition and `sbt update`, then the source, the package and the packaged app
/// gathered under /out.
fn build_steps(facts: &Facts, d: &ScalaDetail) -> Vec<Step> {
    let v = &d.sbt_version;
    let mut steps = vec![
        Step::then(workdir("/build")),
        apt_install("curl fetches the sbt launcher (the JDK image has no sbt)", &["curl".into()]),
        Step::new(
            "The sbt launcher at the version project/build.properties pins, from sbt's GitHub releases",
            run(
                &[
                    &format!("curl -fsSLo /tmp/sbt.tgz https://github.com/sbt/sbt/releases/download/v{v}/sbt-{v}.tgz"),
                    "tar -xzf /tmp/sbt.tgz -C /opt",
                    "rm /tmp/sbt.tgz",
                    "ln -s /opt/sbt/bin/sbt /usr/local/bin/sbt",
                ],
                &[],
            ),
        ),
    ];
    steps.extend(copy_in_place(
        &["build.sbt".into(), "project/".into()],
        "The build definition first: the dependency layer survives every source edit",
    ));
    steps.push(Step::new(
        "Resolve the plugins and dependencies into the caches before the source arrives",
        run(&["sbt update"], CACHES),
    ));
    steps.push(Step::new(
        "The source, then the package (tests belong in CI, not in the image build)",
        copy(None, &[".".into()], ".", None),
    ));
    if let Some(build) = &facts.build {
        steps.push(Step::then(run(&[build], CACHES)));
    }
    let gather: Vec<String> = match d.layout {
        ScalaLayout::Assembly => vec!["mkdir -p /out".into(), format!("cp {} /out/app.jar", d.jar)],
        ScalaLayout::Staged { conf } => {
            let mut c = vec![
                "mkdir -p /out".to_string(),
                "cp -r target/universal/stage/lib /out/lib".into(),
            ];
            if conf {
                c.push("cp -r target/universal/stage/conf /out/conf".into());
            }
            c
        }
    };
    let gather: Vec<&str> = gather.iter().map(String::as_str).collect();
    steps.push(Step::new(
        "The packaged app under /out, for the runtime stage",
        run(&gather, &[]),
    ));
    steps
}

/// The user, the fat jar or the staged class path (and Play's conf/), then the start.
fn runtime_steps(facts: &Facts, d: &ScalaDetail, base: &Base) -> Vec<Step> {
    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    let layer =
        |src: &str, dest: &str| copy(Some(StageName::Build), &[src.to_string()], dest, None);
    match d.layout {
        ScalaLayout::Assembly => fin.push(Step::new(
            "Only the jar: no JDK, no sbt, no source",
            layer("/out/app.jar", "./app.jar"),
        )),
        ScalaLayout::Staged { conf } => {
            fin.push(Step::new(
                "Only the jars: no JDK, no sbt, no source",
                layer("/out/lib/", "./lib/"),
            ));
            if conf {
                fin.push(Step::then(layer("/out/conf/", "./conf/")));
            }
        }
    }
    // Distroless java's entrypoint is `java -jar`: the start replaces it, in exec form.
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    fin
}
