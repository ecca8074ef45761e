//! Unit tests of `gradle`, kept beside it so the parser's own file stays short.

use super::*;

#[test]
fn reads_kotlin_dsl() {
    let b = GradleBuild::parse(
        r#"plugins {
    kotlin("jvm") version "2.2.20"
    id("org.springframework.boot") version "3.5.6" // the app
    application
}
/* java { toolchain { languageVersion = JavaLanguageVersion.of(11) } } */
kotlin { jvmToolchain(21) }
application { mainClass.set("com.example.AppKt") }
dependencies { implementation("org.springframework.boot:spring-boot-starter-web") }
"#,
    );
    assert_eq!(
        b.plugin("org.springframework.boot")
            .unwrap()
            .version
            .as_deref(),
        Some("3.5.6")
    );
    assert_eq!(b.plugin("org.springframework.boot").unwrap().line, 3);
    assert!(b.plugin("org.jetbrains.kotlin.jvm").is_some());
    assert!(b.plugin("application").is_some());
    assert_eq!(b.toolchain, Some(("21".into(), 7)));
    assert_eq!(b.main_class, Some(("com.example.AppKt".into(), 8)));
    assert_eq!(
        b.dependencies[0].0,
        "org.springframework.boot:spring-boot-starter-web"
    );
}

#[test]
fn reads_groovy_dsl() {
    let b = GradleBuild::parse(
            "plugins {\n  id 'io.quarkus' version '3.26.1'\n}\napply plugin: 'application'\nsourceCompatibility = JavaVersion.VERSION_1_8\nmainClassName = 'demo.Main'\nrepositories { maven { url 'https://repo.example.com' } }\n",
        );
    assert_eq!(
        b.plugin("io.quarkus").unwrap().version.as_deref(),
        Some("3.26.1")
    );
    assert!(b.plugin("application").is_some());
    assert_eq!(b.compatibility, Some(("1.8".into(), 5)));
    assert_eq!(b.main_class, Some(("demo.Main".into(), 6)));
}

#[test]
fn reads_a_buildscript_classpath_version() {
    let b = GradleBuild::parse(
            "buildscript {\n  ext {\n    springBootVersion = '2.7.18'\n  }\n  dependencies {\n    classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\")\n  }\n}\napply plugin: 'org.springframework.boot'\n",
        );
    let none = std::collections::BTreeMap::new();
    assert_eq!(
        b.dependency_version("org.springframework.boot:spring-boot-gradle-plugin", &none)
            .as_deref(),
        Some("2.7.18")
    );
    assert!(b.plugin("org.springframework.boot").is_some());
}

#[test]
fn reads_settings_and_catalog() {
    let s = GradleSettings::parse(
        "rootProject.name = 'shop'\ninclude 'api', ':libs:core'\ninclude(\"web\")\n",
    );
    assert_eq!(s.root_name.as_deref(), Some("shop"));
    assert_eq!(s.includes, vec!["api", "libs/core", "web"]);
    let c = Catalog::parse(
            "gradle/libs.versions.toml",
            "[versions]\nboot = \"3.4.1\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n",
        )
        .unwrap();
    assert_eq!(
        c.plugins["spring.boot"],
        ("org.springframework.boot".into(), Some("3.4.1".into()))
    );
}

#[test]
fn reads_a_jar_manifest_main_class_and_runtime_dependencies() {
    let groovy = GradleBuild::parse(
        "apply plugin: 'java'\njar {\n  manifest {\n    attributes(\n      'Main-Class': 'hello.HelloWorld'\n    )\n  }\n}\n",
    );
    assert_eq!(groovy.manifest_main, Some(("hello.HelloWorld".into(), 5)));
    assert_eq!(groovy.main_class, None);
    assert!(groovy.runtime_dependencies.is_empty());
    let kotlin = GradleBuild::parse(
        "tasks.jar {\n  manifest { attributes[\"Main-Class\"] = \"app.MainKt\" }\n}\ndependencies {\n  implementation(\"com.google.guava:guava:33.0.0-jre\")\n  testImplementation(\"junit:junit:4.13.2\")\n  testRuntimeOnly(\"x.y:z:1\")\n}\n",
    );
    assert_eq!(kotlin.manifest_main, Some(("app.MainKt".into(), 2)));
    assert_eq!(kotlin.runtime_dependencies, [5]);
    let pair = GradleBuild::parse("jar { manifest { attributes(\"Main-Class\" to \"a.B\") } }\n");
    assert_eq!(pair.manifest_main.map(|m| m.0).as_deref(), Some("a.B"));
}
