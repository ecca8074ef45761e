//! JVM plan: the build files and wrapper first, dependencies resolved into a cache mount, then the source
//! and the packaging task; the runtime gets a JRE and the app in layers ordered from least to most often
//! changed (a Spring Boot jar's extracted layers, a Quarkus fast-jar's four folders, or the class path).

use super::{JavaDetail, JvmLayout};
use crate::facts::Facts;
use crate::plan::{copy, copy_in_place, finish, run, workdir, Base, Stage, StageName, Step};

pub(crate) fn stages(facts: &Facts, d: &JavaDetail, base: &Base) -> Vec<Stage> {
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

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    let from = Some(StageName::Build);
    let layer = |src: &str, dest: &str| copy(from, &[src.to_string()], dest, None);
    match d.layout {
        JvmLayout::BootLayers { .. } => {
            fin.push(Step::new(
                "Boot's layers, least often changed first, so a code edit rebuilds only the last",
                layer("/out/dependencies/", "./"),
            ));
            fin.push(Step::then(layer("/out/spring-boot-loader/", "./")));
            fin.push(Step::then(layer("/out/snapshot-dependencies/", "./")));
            fin.push(Step::then(layer("/out/application/", "./")));
        }
        JvmLayout::QuarkusFastJar => {
            fin.push(Step::new(
                "The fast-jar's layers: libraries, the runner jar, the app, Quarkus's generated code",
                layer("/out/lib/", "./lib/"),
            ));
            fin.push(Step::then(layer("/out/*.jar", "./")));
            fin.push(Step::then(layer("/out/app/", "./app/")));
            fin.push(Step::then(layer("/out/quarkus/", "./quarkus/")));
        }
        JvmLayout::FatJar => fin.push(Step::new(
            "Only the jar: no JDK, no build tool, no source",
            layer("/out/app.jar", "./app.jar"),
        )),
        JvmLayout::ClassPath => fin.push(Step::new(
            "Only the jars: no JDK, no build tool, no source",
            layer("/out/lib/", "./lib/"),
        )),
    }
    // Distroless java's entrypoint is `java -jar`: the start replaces it, in exec form.
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    let tool = match (facts.package_manager.as_str(), d.wrapper) {
        ("maven", true) => "the JDK and Maven (fetched by the project's ./mvnw)",
        ("maven", false) => "the JDK and Maven",
        (_, true) => "the JDK and Gradle (fetched by the project's ./gradlew)",
        _ => "the JDK and Gradle",
    };
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: format!("Build stage: {tool} stay here"),
            steps,
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: a JRE only, the app's layers, a non-root user".into(),
            steps: fin,
        },
    ]
}
