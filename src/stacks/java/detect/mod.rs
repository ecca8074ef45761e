//! JVM detector (Java and Kotlin): pom.xml or a Gradle build; which module is the app in a multi-module
//! build; the JDK version the build asks for; Spring Boot (and its version, which decides how the jar is
//! layered and launched), Quarkus, or a plain application with a main class; and the port the app's
//! configuration states.

use super::{JavaDetail, JvmLayout};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::gradle::{Catalog, GradleBuild, GradleSettings};
use crate::manifest::maven::Pom;
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

mod cds;
mod config;
mod gradle;
mod layout;
mod maven;

use config::*;
use gradle::*;
use layout::*;
use maven::*;

/// Flags every JVM start carries: size the heap from the container's memory limit, and exit on an
/// out-of-memory error so the platform restarts the container instead of leaving a broken JVM running.
pub const JVM_FLAGS: &[&str] = &["-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"];
const BOOT_LAUNCHER: &str = "org.springframework.boot.loader.launch.JarLauncher";
const BOOT_LAUNCHER_OLD: &str = "org.springframework.boot.loader.JarLauncher";
const BOOT_WAR_LAUNCHER: &str = "org.springframework.boot.loader.launch.WarLauncher";
const BOOT_WAR_LAUNCHER_OLD: &str = "org.springframework.boot.loader.WarLauncher";
/// Heroku's (and Koyeb's) file naming the JDK the app runs on.
const SYSTEM_PROPERTIES: &str = "system.properties";
/// Why a war without Spring Boot is refused: no image of the catalogue runs one.
const PLAIN_WAR: &str = "war packaging without Spring Boot: the war runs only inside a servlet container or application server (Tomcat, Jetty, Open Liberty), which dockgen's image catalogue does not pin; build it onto such an image by hand, or make it an executable Spring Boot war or a jar with a main class";

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let pom = project.has("pom.xml");
    let gradle = project
        .first_of(&[
            "build.gradle.kts",
            "build.gradle",
            "settings.gradle.kts",
            "settings.gradle",
        ])
        .is_some();
    if !pom && !gradle {
        return Ok(None);
    }
    let use_maven = match answers.package_manager {
        Some(PackageManager::GRADLE) if gradle => false,
        Some(PackageManager::MAVEN) if pom => true,
        _ => pom && (!gradle || project.has("mvnw") || !project.has("gradlew")),
    };
    let mut facts = Facts::new(
        ".",
        crate::stacks::java::ID,
        if use_maven {
            PackageManager::MAVEN
        } else {
            PackageManager::GRADLE
        },
    );
    if pom && gradle {
        facts.warnings.push(format!(
            "both pom.xml and a Gradle build: using {}; pass --package-manager to choose the other",
            if use_maven { "Maven" } else { "Gradle" }
        ));
    }
    let app = if use_maven {
        maven(project, stack, answers, &mut facts)?
    } else {
        gradle_app(project, stack, answers, &mut facts)?
    };
    finish(project, stack, answers, app, &mut facts)?;
    Ok(Some(facts))
}

/// What the build-tool half concluded, for the shared tail.
struct App {
    module: String,
    /// The app's build file (its pom.xml or build.gradle(.kts)), the evidence for what it decides.
    file: String,
    claims: Vec<(&'static str, Claim)>,
    framework: Option<(String, String)>,
    /// The Spring Boot version, when the build states it.
    boot: Option<String>,
    main_class: Option<String>,
    fat_jar: bool,
    /// War packaging (`<packaging>war</packaging>`, Gradle's `war` plugin): executable only with Spring Boot.
    war: bool,
    kotlin: bool,
    tool: String,
    wrapper: bool,
    manifests: Vec<String>,
    /// Build output paths by layout: the jar (Boot, fat jar, class path) or folder (Quarkus, lib/).
    jar: String,
    lib: Option<String>,
    quarkus_dir: String,
    resolve: String,
    /// The build command for each layout: (framework build, plain build).
    build_framework: String,
    build_plain: String,
    build_fat: String,
}

/// The app among several modules: the one `--binary` names, else the only candidate; several is an
/// ambiguity for `--binary`, none an error naming what makes a module an app.
fn choose_module<T>(
    project: &Project,
    answers: &Answers,
    candidates: &[&(String, T)],
    file: &str,
) -> Result<String> {
    if let Some(want) = &answers.binary {
        if let Some((d, _)) = candidates
            .iter()
            .map(|c| (&c.0, ()))
            .find(|(d, _)| *d == want || d.rsplit('/').next() == Some(want.as_str()))
        {
            return Ok(d.clone());
        }
    }
    match candidates {
        [] => Err(Error::Unsupported {
            path: project.root.join(file),
            message: "no module is an app (none applies Spring Boot, Quarkus, `application` or names a main class); pass --stack or add one".into(),
        }),
        [one] => Ok(one.0.clone()),
        several => Err(Error::Ambiguous {
            path: project.root.clone(),
            what: crate::facts::AmbiguityKind::Module,
            choices: several
                .iter()
                .map(|c| if c.0.is_empty() { ".".to_string() } else { c.0.clone() })
                .collect(),
        }),
    }
}

fn finish(
    project: &Project,
    stack: &StackRules,
    answers: &Answers,
    app: App,
    facts: &mut Facts,
) -> Result<()> {
    record_build_tool(&app, facts);
    let mut claims = app.claims.clone();
    version_file_claims(project, &mut claims)?;
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        1,
        &claims,
        facts,
    )?);
    let layout = layout(project, stack, &app, facts)?;
    let (build, mut start, mut package) = packaging(project, &app, &layout, facts)?;
    let cds_train = cds::apply(
        stack,
        answers,
        &app,
        &layout,
        facts,
        (&mut start, &mut package),
    );
    let manifest = app.file.as_str();
    facts.because(
        "build",
        &build,
        manifest,
        "the packaging task for the app's layout",
    );
    facts.build = Some(build);
    facts.because(
        "start",
        start.join(" "),
        manifest,
        "the JRE runs the packaged app",
    );
    facts.start = start;
    let port = app_port(project, &app)?;
    if port.is_some() || app.framework.is_some() {
        crate::probe::port::decide(facts, port, stack.default_port, &stack.frameworks);
    }
    let pm = facts.package_manager.as_str();
    let build_family = if app.wrapper {
        "java".to_string()
    } else {
        stack
            .package_manager(pm)
            .and_then(|p| p.image.clone())
            .unwrap_or_else(|| "java".into())
    };
    facts.detail = Detail::new(JavaDetail {
        flavour: if app.kotlin { "kotlin" } else { "java" }.into(),
        tool: app.tool,
        wrapper: app.wrapper,
        build_family,
        manifests: app.manifests,
        module: app.module,
        resolve: app.resolve,
        package,
        layout,
        main_class: app.main_class,
        cds_train,
    });
    Ok(())
}

/// The evidence for the stack, the build tool (wrapper or image) and the language flavour.
fn record_build_tool(app: &App, facts: &mut Facts) {
    let pm = facts.package_manager.as_str().to_string();
    let manifest = app.file.as_str();
    facts.because("stack", "java", manifest, format!("{manifest} present"));
    let (source, why) = match (app.wrapper, pm.as_str()) {
        (true, "maven") => ("mvnw", "the project's own wrapper"),
        (true, _) => ("gradlew", "the project's own wrapper"),
        (false, _) => (manifest, "no wrapper: the official build image's tool"),
    };
    facts.because("package_manager", &pm, source, why);
    let (flavour, why) = if app.kotlin {
        ("kotlin", "the Kotlin plugin or src/main/kotlin")
    } else {
        ("java", "no Kotlin plugin")
    };
    facts.because("flavour", flavour, manifest, why);
}

/// Version files the stack reads itself: `.java-version` and `.sdkmanrc` name JDK builds (`21.0.5-tem`);
/// Heroku's `system.properties` names the JDK the app runs on (`java.runtime.version=21`).
fn version_file_claims(project: &Project, claims: &mut Vec<(&'static str, Claim)>) -> Result<()> {
    if let Some(v) = project
        .read_opt(".java-version")?
        .and_then(|t| crate::manifest::tool_versions::single_line(&t))
        .and_then(|v| java_line(&v))
    {
        claims.push((".java-version", Claim::Exact(v)));
    }
    let setting = |text: &str, key: &str, sep: char| {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .find_map(|l| l.strip_prefix(key).map(|r| r.trim_start().to_string()))
            .and_then(|r| r.strip_prefix(sep).map(|v| v.trim().to_string()))
            .and_then(|v| java_line(&v))
    };
    if let Some(v) = project
        .read_opt(".sdkmanrc")?
        .and_then(|t| setting(&t, "java", '='))
    {
        claims.push((".sdkmanrc", Claim::Exact(v)));
    }
    if let Some(v) = project
        .read_opt(SYSTEM_PROPERTIES)?
        .and_then(|t| setting(&t, "java.runtime.version", '='))
    {
        claims.push((SYSTEM_PROPERTIES, Claim::Exact(v)));
    }
    Ok(())
}

/// The port: the framework's configuration, else (plain apps) the engine's configuration file (Ktor's
/// EngineMain) or the main class's own source.
fn app_port(project: &Project, app: &App) -> Result<Option<(u16, String)>> {
    let resources = rel(&app.module, "src/main/resources");
    match app.framework.as_ref().map(|(id, _)| id.as_str()) {
        Some("spring-boot") => config_port(project, &resources, "server.port"),
        Some("quarkus") => config_port(project, &resources, "quarkus.http.port"),
        _ => match &app.main_class {
            Some(main) if is_ktor_engine_main(main) => ktor_config_port(project, &resources),
            Some(main) => main_source_port(project, &app.module, main),
            None => Ok(None),
        },
    }
}

/// A file the scan did not reach (sources sit deeper than the walk goes), read through the same gate.
fn read_any(project: &Project, rel: &str) -> Result<Option<String>> {
    if let Some(t) = project.read_opt(rel)? {
        return Ok(Some(t));
    }
    crate::scan::read_in(&project.root, rel)
}

fn join(dir: &str, sub: &str) -> String {
    if dir.is_empty() {
        sub.to_string()
    } else {
        format!("{dir}/{sub}")
    }
}

fn rel(dir: &str, file: &str) -> String {
    join(dir, file)
}

/// A Java version as the image line: `21.0.5-tem` → 21, `1.8` → 8, `17` → 17, `openjdk64-17.0.2` → 17.
pub fn java_line(raw: &str) -> Option<String> {
    for part in raw.trim().split('-') {
        if !part.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let v = crate::version::Version::parse(part)?;
        let major = if v.major == 1 { v.minor? } else { v.major };
        return (major >= 5).then(|| major.to_string());
    }
    None
}

/// How the build runs the tool: the project's wrapper when it has one (through `sh` when the file lacks
/// its execute bit, which `./mvnw` would fail on), else the build image's own.
fn wrapper_tool(project: &Project, facts: &mut Facts, wrapper: &str, plain: &str) -> String {
    if !project.has(wrapper) {
        return plain.to_string();
    }
    if project.is_executable(wrapper) {
        return format!("./{wrapper}");
    }
    facts.warnings.push(format!(
        "{wrapper} is not executable, so the build runs it with `sh ./{wrapper}`; \
         `git update-index --chmod=+x {wrapper}` fixes it for every checkout"
    ));
    format!("sh ./{wrapper}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_lines() {
        assert_eq!(java_line("21.0.5-tem").as_deref(), Some("21"));
        assert_eq!(java_line("1.8").as_deref(), Some("8"));
        assert_eq!(java_line("17").as_deref(), Some("17"));
        assert_eq!(java_line("openjdk64-17.0.2").as_deref(), Some("17"));
        assert_eq!(java_line("${java.version}"), None);
    }

    #[test]
    fn yaml_ports() {
        let y = "spring:\n  application:\n    name: x\nserver:\n  port: ${PORT:8081} # here\n";
        assert_eq!(
            yaml_value(y, "server.port"),
            Some(("${PORT:8081}".into(), 5))
        );
        assert_eq!(port_value("${PORT:8081}"), Some(8081));
        assert_eq!(
            yaml_value("server.port: 9000\n", "server.port").unwrap().0,
            "9000"
        );
        assert_eq!(
            yaml_value("other:\n  server:\n    port: 1\n", "server.port"),
            None
        );
    }

    #[test]
    fn hocon_ports() {
        let conf = "ktor {\n    deployment {\n        port = 8080\n        port = ${?PORT}\n    }\n    application {\n        modules = [ a.B.main ]\n    }\n}\n";
        assert_eq!(hocon_port(conf, "ktor.deployment.port"), Some((8080, 3)));
        assert_eq!(
            hocon_port(
                "ktor {\n  deployment.port: 9090\n}\n",
                "ktor.deployment.port"
            ),
            Some((9090, 2))
        );
        assert_eq!(
            hocon_port("other {\n  port = 1\n}\n", "ktor.deployment.port"),
            None
        );
        assert!(is_ktor_engine_main("io.ktor.server.netty.EngineMain"));
        assert!(!is_ktor_engine_main("com.example.ApplicationKt"));
    }
}
