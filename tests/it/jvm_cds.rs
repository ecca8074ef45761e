//! The opt-in JVM class-data archive (`--jvm-cds`, `cds = true`): a Spring Boot 3.3+ app gets Boot's
//! CDS-friendly extraction in the build stage, a training run in the runtime stage (the archive is valid only
//! for the JVM that wrote it) and a start that reads the archive; without the answer nothing changes, and
//! where it cannot apply (old Boot, another stack) a one-line warning says why.

use crate::common;

use common::{dockerfile, plan, warnings, Project};

/// A Spring Boot web app at `boot` targeting Java `java`.
fn boot_app(boot: &str, java: &str) -> Project {
    Project::new()
        .file(
            "pom.xml",
            format!(
                r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>{boot}</version></parent>
  <artifactId>demo</artifactId>
  <version>1.0.0</version>
  <properties><java.version>{java}</java.version></properties>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>
"#
            ),
        )
        .file("src/main/java/demo/App.java", "class App {}\n")
}

/// The Dockerfile's build stage and runtime stage (split at the second FROM), as lines.
fn stages(dockerfile: &str) -> (Vec<&str>, Vec<&str>) {
    let lines: Vec<&str> = dockerfile.lines().collect();
    let second = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("FROM "))
        .nth(1)
        .map(|(i, _)| i)
        .expect("a runtime stage");
    (lines[..second].to_vec(), lines[second..].to_vec())
}

fn position(lines: &[&str], pred: impl Fn(&str) -> bool) -> Option<usize> {
    lines.iter().position(|l| pred(l))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn opted_in_boot_trains_in_the_runtime_stage_and_starts_with_the_archive() {
    let p = boot_app("3.5.6", "21");
    let text = dockerfile(&p, &["--jvm-cds"]);
    let (build, runtime) = stages(&text);
    // The build stage extracts the jar in Boot's CDS layout (no --launcher), as application.jar.
    let extract = build
        .iter()
        .find(|l| l.contains("-Djarmode=tools"))
        .expect("an extraction");
    assert!(extract
        .contains("java -Djarmode=tools -jar application.jar extract --layers --destination /out"));
    assert!(!text.contains("--launcher"), "{text}");
    assert!(
        build
            .iter()
            .any(|l| l.contains("cp target/") && l.contains(" application.jar")),
        "{text}"
    );
    // The runtime: the application layer, then the training run as root, then the app's user.
    let app_layer = position(&runtime, |l| l == "COPY --from=build /out/application/ ./").unwrap();
    let root = position(&runtime, |l| l == "USER 0:0").expect("root for the training run");
    let train =
        position(&runtime, |l| l.starts_with("RUN [\"java\"")).expect("an exec-form training RUN");
    let user = position(&runtime, |l| l == "USER 65532:65532").unwrap();
    assert!(
        app_layer < root && root + 1 == train && train < user,
        "{text}"
    );
    assert_eq!(
        runtime[train],
        r#"RUN ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:ArchiveClassesAtExit=application.jsa", "-Dspring.context.exit=onRefresh", "-jar", "application.jar"]"#
    );
    assert!(runtime[root - 1].starts_with("# Training run"), "{text}");
    let app = plan(&p, &["--jvm-cds"]);
    assert_eq!(
        strings(&app["start"]),
        [
            "java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:SharedArchiveFile=application.jsa",
            "-jar",
            "application.jar"
        ]
    );
    assert_eq!(warnings(&app), "");
}

#[test]
fn java_25_uses_the_aot_cache_instead_of_a_cds_archive() {
    let p = boot_app("3.5.6", "25");
    let text = dockerfile(&p, &["--jvm-cds"]);
    assert!(
        text.contains(r#""-XX:AOTCacheOutput=application.aot", "-Dspring.context.exit=onRefresh""#),
        "{text}"
    );
    assert!(!text.contains("ArchiveClassesAtExit"), "{text}");
    let start = strings(&plan(&p, &["--jvm-cds"])["start"]);
    assert!(
        start.contains(&"-XX:AOTCache=application.aot".to_string()),
        "{start:?}"
    );
}

#[test]
fn without_the_answer_nothing_changes() {
    let p = boot_app("3.5.6", "21");
    let text = dockerfile(&p, &[]);
    assert!(
        text.contains("extract --layers --launcher --destination /out"),
        "{text}"
    );
    for absent in ["application.jsa", "USER 0:0", "RUN [", "onRefresh"] {
        assert!(!text.contains(absent), "{absent} in:\n{text}");
    }
    let start = strings(&plan(&p, &[])["start"]);
    assert!(start.contains(&"org.springframework.boot.loader.launch.JarLauncher".to_string()));
}

#[test]
fn the_saved_answer_is_written_and_read_back() {
    let p = boot_app("3.4.1", "21");
    p.dockgen(&["init", "--yes", "--jvm-cds"]).success();
    assert!(
        p.read("dockgen.toml").contains("cds = true"),
        "{}",
        p.read("dockgen.toml")
    );
    // A later run without the flag reproduces the opt-in from dockgen.toml.
    let start = strings(&plan(&p, &[])["start"]);
    assert!(
        start.contains(&"-XX:SharedArchiveFile=application.jsa".to_string()),
        "{start:?}"
    );
    assert!(p
        .read("Dockerfile")
        .contains("-XX:ArchiveClassesAtExit=application.jsa"));
}

#[test]
fn an_old_boot_warns_and_keeps_its_layout() {
    let p = boot_app("3.2.5", "21");
    let app = plan(&p, &["--jvm-cds"]);
    let w = warnings(&app);
    assert!(
        w.contains("cds (--jvm-cds) ignored: Spring Boot 3.2.5 is older than 3.3"),
        "{w}"
    );
    assert_eq!(w.lines().filter(|l| l.contains("cds")).count(), 1, "{w}");
    let text = dockerfile(&p, &["--jvm-cds"]);
    assert!(text.contains("-Djarmode=layertools"), "{text}");
    assert!(!text.contains("application.jsa"), "{text}");
}

#[test]
fn another_stack_warns_that_the_answer_is_for_the_jvm() {
    let p = Project::node();
    let app = plan(&p, &["--jvm-cds"]);
    assert!(
        warnings(&app).contains(
            "cds (--jvm-cds) ignored: a class-data archive is for a Spring Boot app on the JVM"
        ),
        "{}",
        warnings(&app)
    );
}

#[test]
fn the_opted_in_dockerfile_is_hadolint_clean() {
    let p = boot_app("3.5.6", "21");
    p.write("Dockerfile", dockerfile(&p, &["--jvm-cds"]));
    let out = std::process::Command::new(common::tools::hadolint())
        .arg(p.path().join("Dockerfile"))
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
