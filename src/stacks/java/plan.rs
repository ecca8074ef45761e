//! JVM plan: the build files and wrapper first, dependencies resolved into a cache mount, then the source
//! and the packaging task; the runtime gets a JRE and the app in layers ordered from least to most often
//! changed (a Spring Boot jar's extracted layers, a Quarkus fast-jar's four folders, or the class path).

use super::{JavaDetail, JvmLayout};
use crate::facts::Facts;
use crate::plan::{copy, copy_in_place, finish, run, workdir, Base, Instr, Stage, StageName, Step};

pub(crate) fn stages(facts: &Facts, d: &JavaDetail, base: &Base) -> Vec<Stage> {
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: format!("Build stage: {} stay here", build_tools(facts, d)),
            steps: build_steps(facts, d),
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: a JRE only, the app's layers, a non-root user".into(),
            steps: runtime_steps(facts, d, base),
        },
    ]
}

/// The build stage: build files, a dependency layer resolved into the tool's cache mount, then the
/// source, the build, and the packaging into /out in the layout's shape. Dependencies come before the
/// source so an edit to the code leaves their layer cached.
fn build_steps(facts: &Facts, d: &JavaDetail) -> Vec<Step> {
    let cache = if facts.package_manager.as_str() == "maven" {
        "/root/.m2"
    } else {
        "/root/.gradle"
    };
    let mut steps = vec![Step::then(workdir("/build"))];
    steps.extend(copy_in_place(
        &d.manifests,
        if d.wrapper {
            "Build files and wrapper first: the dependency layer survives every source edit"
        } else {
            "Build files first: the dependency layer survives every source edit"
        },
    ));
    steps.push(Step::new(
        "Resolve dependencies and build plugins into the cache before the source arrives",
        run(&[&d.resolve], &[cache]),
    ));
    steps.push(Step::new(
        "The source, then the packaged app (tests belong in CI, not in the image build)",
        copy(None, &[".".into()], ".", None),
    ));
    if let Some(build) = &facts.build {
        steps.push(Step::then(run(&[build], &[cache])));
    }
    let why = match d.layout {
        JvmLayout::BootLayers { .. } => {
            "Split the Boot jar into layers: dependencies change far less often than the app"
        }
        JvmLayout::QuarkusFastJar => "The fast-jar folder Quarkus built, gathered for the runtime",
        JvmLayout::FatJar => "The jar that carries its dependencies, under one name",
        JvmLayout::ClassPath => "The app's jar and its runtime dependencies, as one class path",
    };
    let package: Vec<&str> = d.package.iter().map(String::as_str).collect();
    steps.push(Step::new(why, run(&package, &[])));
    steps
}

/// The runtime stage: the non-root user, the app's layers from /out, and the start, which replaces
/// distroless java's `java -jar` entrypoint in exec form.
fn runtime_steps(facts: &Facts, d: &JavaDetail, base: &Base) -> Vec<Step> {
    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.extend(app_layers(&d.layout));
    if let Some(train) = &d.cds_train {
        fin.extend(cds_training(train));
    }
    // Distroless java's entrypoint is `java -jar`: the start replaces it, in exec form.
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    fin
}

/// The opted-in training run, in exec form (distroless has no shell), as root: the base may run as its
/// non-root user, which cannot write into /app; the archive stays root-owned, readable, not rewritable.
fn cds_training(train: &[String]) -> Vec<Step> {
    vec![
        Step::new(
            "Training run (opted in): the class-data archive, written by the JVM that reads it at start",
            Instr::User { uid: 0, gid: 0 },
        ),
        Step::then(Instr::RunExec {
            argv: train.to_vec(),
        }),
    ]
}

/// The copies of the packaged app into the runtime, one per layer of its layout, least often changed
/// first, so a code edit rebuilds only the last layer.
fn app_layers(layout: &JvmLayout) -> Vec<Step> {
    let layer =
        |src: &str, dest: &str| copy(Some(StageName::Build), &[src.to_string()], dest, None);
    match layout {
        JvmLayout::BootLayers { .. } => vec![
            Step::new(
                "Boot's layers, least often changed first, so a code edit rebuilds only the last",
                layer("/out/dependencies/", "./"),
            ),
            Step::then(layer("/out/spring-boot-loader/", "./")),
            Step::then(layer("/out/snapshot-dependencies/", "./")),
            Step::then(layer("/out/application/", "./")),
        ],
        JvmLayout::QuarkusFastJar => vec![
            Step::new(
                "The fast-jar's layers: libraries, the runner jar, the app, Quarkus's generated code",
                layer("/out/lib/", "./lib/"),
            ),
            Step::then(layer("/out/*.jar", "./")),
            Step::then(layer("/out/app/", "./app/")),
            Step::then(layer("/out/quarkus/", "./quarkus/")),
        ],
        JvmLayout::FatJar => vec![Step::new(
            "Only the jar: no JDK, no build tool, no source",
            layer("/out/app.jar", "./app.jar"),
        )],
        JvmLayout::ClassPath => vec![Step::new(
            "Only the jars: no JDK, no build tool, no source",
            layer("/out/lib/", "./lib/"),
        )],
    }
}

/// What the build stage holds, for its comment: the JDK and the build tool, and whether the project's
/// wrapper fetches that tool (then its version is the project's, not the image's).
fn build_tools(facts: &Facts, d: &JavaDetail) -> &'static str {
    match (facts.package_manager.as_str(), d.wrapper) {
        ("maven", true) => "the JDK and Maven (fetched by the project's ./mvnw)",
        ("maven", false) => "the JDK and Maven",
        (_, true) => "the JDK and Gradle (fetched by the project's ./gradlew)",
        _ => "the JDK and Gradle",
    }
}
