//! The JVM stack's rules, each on a small project: where the JDK version comes from and in which order,
//! which framework and which Spring Boot packaging, the port from application.properties/yml, multi-module
//! builds, a malformed pom.xml, and a Spring app with a front end staying a Java app.

use crate::common;

use assert_cmd::Command;
use common::{dockerfile, plan, warnings, Project};
use predicates::str::contains;
use std::os::unix::fs::PermissionsExt;

/// A Spring Boot pom at `boot`, with `extra` inside <project> (properties, build).
fn boot_pom(boot: &str, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>{boot}</version>
  </parent>
  <artifactId>demo</artifactId>
  <version>1.0.0</version>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
  </dependencies>
  {extra}
</project>
"#
    )
}

const BOOT_PLUGIN: &str = "<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>";

fn plain_gradle(body: &str) -> Project {
    Project::new()
        .file("settings.gradle", "rootProject.name = 'tool'\n")
        .file(
            "build.gradle",
            format!("plugins {{\n  id 'application'\n}}\n{body}\napplication {{ mainClass = 'demo.Main' }}\n"),
        )
        .file("src/main/java/demo/Main.java", "class Main {}\n")
}

#[test]
fn the_pom_compiler_release_beats_the_properties_and_a_version_file() {
    let p = Project::new()
        .file(
            "pom.xml",
            boot_pom(
                "3.5.6",
                "<properties><java.version>17</java.version><maven.compiler.release>21</maven.compiler.release></properties>
  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>25</release></configuration></plugin></plugins></build>",
            ),
        )
        .file(".java-version", "21\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "25");
    assert_eq!(app["toolchain"]["source"], "pom.xml");
    assert!(warnings(&app).contains(".java-version says 21"), "{app}");
    // Without the plugin setting: maven.compiler.release, then java.version.
    p.write(
        "pom.xml",
        boot_pom(
            "3.5.6",
            "<properties><java.version>17</java.version><maven.compiler.release>21</maven.compiler.release></properties>",
        ),
    );
    assert_eq!(plan(&p, &[])["toolchain"]["version"], "21");
    p.write(
        "pom.xml",
        boot_pom(
            "3.5.6",
            "<properties><java.version>17</java.version></properties>",
        ),
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "17");
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/java17-debian13:nonroot"
    );
}

#[test]
fn a_gradle_toolchain_beats_sdkmanrc_and_legacy_versions_read_as_their_line() {
    let p = plain_gradle("java { toolchain { languageVersion = JavaLanguageVersion.of(17) } }")
        .file(".sdkmanrc", "# sdk env\njava=21.0.5-tem\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "17");
    assert_eq!(app["toolchain"]["source"], "build.gradle");
    assert_eq!(app["images"]["build"], "gradle:9-jdk17-noble");

    // .sdkmanrc when the build says nothing.
    let p = plain_gradle("").file(".sdkmanrc", "java=21.0.5-tem\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "21");
    assert_eq!(app["toolchain"]["source"], ".sdkmanrc");

    // sourceCompatibility 1.8 is Java 8: Temurin's JRE, with a numeric user of its own.
    let p = plain_gradle("sourceCompatibility = JavaVersion.VERSION_1_8");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "8");
    assert_eq!(app["images"]["build"], "gradle:8-jdk8");
    assert_eq!(app["images"]["runtime"], "eclipse-temurin:8-jre-noble");
    assert_eq!(app["user"]["uid"], 10001);
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("useradd --system --no-log-init --uid 10001"),
        "{df}"
    );
    assert!(df.contains("USER 10001:10001"));
}

#[test]
fn vendor_prefixed_versions_in_tool_versions_and_mise_are_read() {
    let p = plain_gradle("").file(".tool-versions", "java temurin-17.0.13+11\n");
    assert_eq!(plan(&p, &[])["toolchain"]["version"], "17");
    let p = plain_gradle("").file("mise.toml", "[tools]\njava = \"corretto-21\"\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "21");
    assert_eq!(app["toolchain"]["source"], "mise.toml");
}

#[test]
fn without_a_version_the_current_lts_is_the_default() {
    let p = plain_gradle("");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "25");
    assert_eq!(app["toolchain"]["source"], "default");
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/java25-debian13:nonroot"
    );
}

#[test]
fn boot_versions_choose_the_extraction_and_the_launcher() {
    // 3.1: layertools and the old launcher package.
    let p = Project::new().file("pom.xml", boot_pom("3.1.12", BOOT_PLUGIN));
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains(
            "java -Djarmode=layertools -jar target/demo-1.0.0.jar extract --destination /out"
        ),
        "{df}"
    );
    assert!(
        df.contains("\"org.springframework.boot.loader.JarLauncher\"]"),
        "{df}"
    );
    // 3.2: still layertools, the launcher moved.
    p.write("pom.xml", boot_pom("3.2.5", BOOT_PLUGIN));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("-Djarmode=layertools"), "{df}");
    assert!(
        df.contains("\"org.springframework.boot.loader.launch.JarLauncher\"]"),
        "{df}"
    );
    // 3.3 and later: the tools jar mode, with the launcher.
    p.write("pom.xml", boot_pom("3.3.0", BOOT_PLUGIN));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("java -Djarmode=tools -jar target/demo-1.0.0.jar extract --layers --launcher --destination /out"), "{df}");
    assert!(df.contains("org.springframework.boot.loader.launch.JarLauncher"));
    // The four layers, in order, as separate COPY steps.
    let order: Vec<usize> = [
        "/out/dependencies/",
        "/out/spring-boot-loader/",
        "/out/snapshot-dependencies/",
        "/out/application/",
    ]
    .iter()
    .map(|l| {
        df.find(&format!("COPY --from=build {l} ./"))
            .unwrap_or_else(|| panic!("{l}:\n{df}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{df}");

    // Before 2.4 a Boot jar has no layers by default: it runs whole, with a warning.
    p.write("pom.xml", boot_pom("2.3.12.RELEASE", BOOT_PLUGIN));
    let app = plan(&p, &[]);
    let start: Vec<&str> = app["start"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(&start[start.len() - 2..], ["-jar", "/app/app.jar"]);
    assert!(warnings(&app).contains("before 2.4"), "{app}");
    assert!(dockerfile(&p, &[]).contains("cp target/demo-1.0.0.jar /out/app.jar"));

    // The older Gradle style: the Boot plugin on the buildscript class path, its version in an ext property.
    let old = Project::new().file(
        "build.gradle",
        "buildscript {\n    ext { springBootVersion = '2.7.18' }\n    dependencies { classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\") }\n}\napply plugin: 'java'\napply plugin: 'org.springframework.boot'\nsourceCompatibility = '11'\n",
    );
    let app = plan(&old, &[]);
    assert_eq!(app["framework"], "spring-boot");
    assert_eq!(app["toolchain"]["version"], "11");
    assert_eq!(app["images"]["build"], "gradle:8-jdk11");
    assert_eq!(app["images"]["runtime"], "eclipse-temurin:11-jre-noble");
    let df = dockerfile(&old, &[]);
    assert!(df.contains("-Djarmode=layertools"), "{df}");
    assert!(
        df.contains("\"org.springframework.boot.loader.JarLauncher\"]"),
        "{df}"
    );

    // Gradle: the plugin's version, and a version catalog's.
    let p = Project::new()
        .file("settings.gradle.kts", "rootProject.name = \"x\"\n")
        .file(
            "build.gradle.kts",
            "plugins {\n    java\n    alias(libs.plugins.spring.boot)\n}\n",
        )
        .file(
            "gradle/libs.versions.toml",
            "[versions]\nboot = \"3.2.1\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n",
        );
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("-Djarmode=layertools -jar build/libs/*.jar"),
        "{df}"
    );
    assert!(df.contains("COPY gradle/ gradle/"), "{df}");
}

#[test]
fn the_port_comes_from_application_properties_or_yml() {
    let p = Project::new()
        .file("pom.xml", boot_pom("3.5.6", BOOT_PLUGIN))
        .file(
            "src/main/resources/application.properties",
            "# server.port=1111\nserver.port = ${PORT:9090}\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 9090);
    p.remove("src/main/resources/application.properties");
    p.write(
        "src/main/resources/application.yml",
        "spring:\n  main:\n    banner-mode: off\nserver:\n  port: 7070\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 7070);
    let ev = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == "port")
        .unwrap()
        .clone();
    assert_eq!(ev["source"], "src/main/resources/application.yml:5");
    // Neither: Spring Boot's default.
    p.remove("src/main/resources/application.yml");
    assert_eq!(plan(&p, &[])["port"], 8080);
}

#[test]
fn quarkus_is_chosen_from_its_gradle_plugin_and_reads_its_port() {
    let p = Project::new()
        .file("settings.gradle", "rootProject.name = 'q'\n")
        .file(
            "build.gradle",
            "plugins {\n    id 'java'\n    id 'io.quarkus' version '3.28.2'\n}\ndependencies {\n    implementation enforcedPlatform(\"io.quarkus.platform:quarkus-bom:3.28.2\")\n}\n",
        )
        .executable("gradlew", "#!/bin/sh\n")
        .file("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=x\n")
        .file(
            "src/main/resources/application.properties",
            "quarkus.http.port=8181\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "quarkus");
    assert_eq!(app["port"], 8181);
    assert_eq!(app["build"], "./gradlew --no-daemon quarkusBuild");
    assert_eq!(app["images"]["build"], "eclipse-temurin:25-jdk-noble");
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("COPY gradlew gradle/ settings.gradle build.gradle ./")
            || df.contains("COPY gradle/ gradle/"),
        "{df}"
    );
    assert!(df.contains("cp -r build/quarkus-app /out"), "{df}");
    for layer in [
        "/out/lib/ ./lib/",
        "/out/*.jar ./",
        "/out/app/ ./app/",
        "/out/quarkus/ ./quarkus/",
    ] {
        assert!(
            df.contains(&format!("COPY --from=build {layer}")),
            "{layer}:\n{df}"
        );
    }
}

#[test]
fn a_plain_maven_jar_runs_from_its_class_path_and_a_shaded_one_with_java_jar() {
    let pom = |plugin: &str| {
        format!(
            r#"<project><modelVersion>4.0.0</modelVersion><groupId>d</groupId><artifactId>cli</artifactId><version>2.0</version>
<properties><maven.compiler.release>21</maven.compiler.release></properties>
<build><plugins><plugin><artifactId>{plugin}</artifactId><configuration><archive><manifest><mainClass>demo.Cli</mainClass></manifest></archive></configuration></plugin></plugins></build></project>"#
        )
    };
    let p = Project::new().file("pom.xml", pom("maven-jar-plugin"));
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], serde_json::Value::Null);
    assert_eq!(app["port"], serde_json::Value::Null);
    assert_eq!(app["start"].as_array().unwrap().last().unwrap(), "demo.Cli");
    assert!(app["build"]
        .as_str()
        .unwrap()
        .contains("dependency:copy-dependencies"));
    let p = Project::new().file("pom.xml", pom("maven-shade-plugin"));
    let app = plan(&p, &[]);
    let start: Vec<&str> = app["start"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(&start[start.len() - 2..], ["-jar", "/app/app.jar"]);
    assert!(dockerfile(&p, &[]).contains("cp target/cli-2.0.jar /out/app.jar"));
}

#[test]
fn a_library_without_a_main_class_says_what_to_add() {
    let p = Project::new().file(
        "pom.xml",
        "<project><modelVersion>4.0.0</modelVersion><groupId>d</groupId><artifactId>lib</artifactId><version>1</version></project>",
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(contains("pom.xml: no main class"))
        .stderr(contains("--start"));
}

#[test]
fn a_malformed_pom_names_the_file_and_line() {
    let p = Project::new().file(
        "pom.xml",
        "<?xml version=\"1.0\"?>\n<project>\n  <artifactId>x</artifactId>\n  <version>1</version\n</project>\n",
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(contains("pom.xml:5"))
        .stderr(contains("invalid XML"));
    let p = Project::new().file("pom.xml", "<settings/>\n");
    p.dockgen(&["plan"])
        .code(1)
        .stderr(contains("pom.xml:1"))
        .stderr(contains("not a Maven <project>"));
}

#[test]
fn a_maven_multi_module_build_copies_every_pom_and_builds_the_app_module() {
    let p = Project::new()
        .file(
            "pom.xml",
            r#"<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.2</version></parent>
  <groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version><packaging>pom</packaging>
  <properties><java.version>21</java.version></properties>
  <modules><module>core</module><module>web</module></modules>
</project>"#,
        )
        .file(
            "core/pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><parent><groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version></parent><artifactId>core</artifactId></project>",
        )
        .file(
            "web/pom.xml",
            format!("<project><modelVersion>4.0.0</modelVersion><parent><groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version></parent><artifactId>web</artifactId>{BOOT_PLUGIN}</project>"),
        )
        .executable("mvnw", "#!/bin/sh\n")
        .file(".mvn/wrapper/maven-wrapper.properties", "distributionUrl=x\n")
        .file("web/src/main/resources/application.properties", "server.port=8443\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "java");
    assert_eq!(app["framework"], "spring-boot");
    assert_eq!(app["toolchain"]["version"], "21");
    assert_eq!(app["port"], 8443);
    assert_eq!(app["build"], "./mvnw -B package -DskipTests -pl web -am");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("COPY mvnw pom.xml ./"), "{df}");
    assert!(df.contains("COPY core/pom.xml core/"), "{df}");
    assert!(df.contains("COPY web/pom.xml web/"), "{df}");
    let copy_all = df.find("COPY . .").unwrap();
    assert!(df.find("dependency:go-offline").unwrap() < copy_all);
    assert!(df.contains("-jar web/target/web-1.0.jar extract"), "{df}");
    // A wrapper without its execute bit (committed from Windows) runs through sh, with a warning.
    let script = p.path().join("mvnw");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o644)).unwrap();
    let app = plan(&p, &[]);
    assert_eq!(app["build"], "sh ./mvnw -B package -DskipTests -pl web -am");
    assert!(warnings(&app).contains("mvnw is not executable"), "{app}");
}

#[test]
fn a_gradle_multi_project_build_picks_the_app_and_asks_when_there_are_two() {
    let p = Project::new()
        .file(
            "settings.gradle.kts",
            "rootProject.name = \"shop\"\ninclude(\"api\", \"core\")\n",
        )
        .file(
            "build.gradle.kts",
            "plugins {\n    id(\"org.springframework.boot\") version \"3.5.6\" apply false\n    kotlin(\"jvm\") version \"2.2.20\" apply false\n}\n",
        )
        .file("core/build.gradle.kts", "plugins { kotlin(\"jvm\") }\n")
        .file(
            "api/build.gradle.kts",
            "plugins {\n    kotlin(\"jvm\")\n    id(\"org.springframework.boot\")\n}\nkotlin { jvmToolchain(21) }\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "spring-boot");
    assert_eq!(app["build"], "gradle --no-daemon :api:bootJar");
    assert_eq!(app["toolchain"]["version"], "21");
    assert_eq!(app["toolchain"]["source"], "build.gradle.kts");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("COPY api/build.gradle.kts api/"), "{df}");
    assert!(df.contains("COPY core/build.gradle.kts core/"), "{df}");
    assert!(df.contains(":api:dependencies"), "{df}");
    assert!(
        df.contains("-jar api/build/libs/*.jar extract --layers --launcher"),
        "{df}"
    );
    // The root's `apply false` gave the version: Boot 3.5, the tools jar mode.

    // A second app: `plan` at the root lists both (issue 15; it was an ambiguity error), each built
    // from the root; --binary still picks one.
    p.write(
        "core/build.gradle.kts",
        "plugins {\n    application\n}\napplication { mainClass.set(\"shop.ToolKt\") }\n",
    );
    let v = crate::common::plan_document(&p, &[]);
    let apps: Vec<(&str, &str)> = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["path"].as_str().unwrap(), a["context"].as_str().unwrap()))
        .collect();
    assert_eq!(apps, [("api", "."), ("core", ".")]);
    let app = plan(&p, &["--binary", "core"]);
    assert_eq!(app["build"], "gradle --no-daemon :core:installDist");
    assert_eq!(app["framework"], serde_json::Value::Null);
}

#[test]
fn a_spring_app_with_a_front_end_package_json_stays_java_and_says_so() {
    let p = Project::new()
        .file("pom.xml", boot_pom("3.5.6", BOOT_PLUGIN))
        .file(
            "package.json",
            r#"{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"^7.0.0"}}"#,
        )
        .file("index.html", "<!doctype html>\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "java");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["what"], "stack");
    assert_eq!(amb["chosen"], "java");
    assert!(amb["candidates"].as_array().unwrap().len() >= 2, "{amb}");

    // Even a package.json with an express server: the Spring Boot app is the server, and java ranks first.
    p.write(
        "package.json",
        r#"{"name":"web","scripts":{"start":"node server.js"},"dependencies":{"express":"5"}}"#,
    );
    p.write("server.js", "app.listen(3000)\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "java");
    assert!(app["ambiguities"][0]["rule"]
        .as_str()
        .unwrap()
        .contains("ranks first"));
}

#[test]
fn both_maven_and_gradle_builds_warn_and_the_flag_chooses() {
    let p = plain_gradle("").file("pom.xml", boot_pom("3.5.6", BOOT_PLUGIN));
    let app = plan(&p, &[]);
    assert_eq!(app["package_manager"], "maven");
    assert!(warnings(&app).contains("both pom.xml and a Gradle build"));
    assert_eq!(
        plan(&p, &["--package-manager", "gradle"])["package_manager"],
        "gradle"
    );
}

#[test]
fn a_java_11_app_on_temurins_jre_lints_clean() {
    let p = Project::new()
        .file(
            "pom.xml",
            r#"<project><modelVersion>4.0.0</modelVersion><groupId>d</groupId><artifactId>cli</artifactId><version>2.0</version>
<properties><maven.compiler.source>11</maven.compiler.source><maven.compiler.target>11</maven.compiler.target></properties>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>demo.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>"#,
        )
        .file("src/main/java/demo/Main.java", "package demo;\n");
    p.dockgen(&["init", "--yes"]).success();
    assert!(p
        .read("Dockerfile")
        .contains("FROM eclipse-temurin:11-jre-noble"));
    // The JRE dockgen picks is not reported as a toolchain image (eclipse-temurin also publishes JDKs).
    let lint = Command::cargo_bin("dockgen")
        .unwrap()
        .args(["lint", "--severity", "warning"])
        .arg(p.path().join("Dockerfile"))
        .assert();
    lint.success();
}

#[test]
fn a_build_script_cut_short_names_the_line_its_bracket_opened() {
    let p = Project::new()
        .file("settings.gradle.kts", "rootProject.name = \"app\"\n")
        .file(
            "build.gradle.kts",
            "// plugins { commented out }\nval banner = \"}{ in a string\"\nplugins {\n    java\n    id(\"org.springframework.boot\" version \n",
        );
    p.dockgen(&["plan"]).code(1).stderr(contains(
        "build.gradle.kts:5: `(` opened here is never closed",
    ));
    assert_eq!(p.names(), vec!["build.gradle.kts", "settings.gradle.kts"]);
}
