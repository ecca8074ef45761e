//! JVM detector (Java and Kotlin): pom.xml or a Gradle build; which module is the app in a multi-module
//! build; the JDK version the build asks for; Spring Boot (and its version, which decides how the jar is
//! layered and launched), Quarkus, or a plain application with a main class; and the port the app's
//! configuration states.

use super::toolchain::{self, Claim};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, JavaDetail, JvmLayout, Language, PackageManager};
use crate::manifest::gradle::{Catalog, GradleBuild, GradleSettings};
use crate::manifest::maven::Pom;
use crate::rules::StackRules;
use crate::scan::Project;

/// Flags every JVM start carries: size the heap from the container's memory limit, and exit on an
/// out-of-memory error so the platform restarts the container instead of leaving a broken JVM running.
pub const JVM_FLAGS: &[&str] = &["-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"];
const BOOT_LAUNCHER: &str = "org.springframework.boot.loader.launch.JarLauncher";
const BOOT_LAUNCHER_OLD: &str = "org.springframework.boot.loader.JarLauncher";

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
        Some(PackageManager::Gradle) if gradle => false,
        Some(PackageManager::Maven) if pom => true,
        _ => pom && (!gradle || project.has("mvnw") || !project.has("gradlew")),
    };
    let mut facts = Facts::new(
        ".",
        Language::Java,
        if use_maven {
            PackageManager::Maven
        } else {
            PackageManager::Gradle
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
    finish(project, stack, app, &mut facts)?;
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

fn maven(
    project: &Project,
    stack: &StackRules,
    answers: &Answers,
    facts: &mut Facts,
) -> Result<App> {
    let root = Pom::parse("pom.xml", &project.read("pom.xml")?)?;
    // Every module's pom, modules of modules included (a bounded walk: cycles and deep trees stop).
    let mut poms: Vec<(String, Pom)> = vec![(String::new(), root.clone())];
    let mut i = 0;
    while i < poms.len() && poms.len() < 64 {
        let (dir, pom) = (poms[i].0.clone(), poms[i].1.clone());
        for m in &pom.modules {
            let sub = join(&dir, m.trim_end_matches('/'));
            crate::manifest::shell_word(&rel(&dir, "pom.xml"), "module", &sub, true)?;
            let file = rel(&sub, "pom.xml");
            if poms.iter().any(|(d, _)| *d == sub) {
                continue;
            }
            let Some(text) = read_any(project, &file)? else {
                facts
                    .warnings
                    .push(format!("{file}: module `{m}` has no pom.xml"));
                continue;
            };
            poms.push((sub, Pom::parse(&file, &text)?));
        }
        i += 1;
    }
    let is_app = |p: &Pom| {
        p.plugin("spring-boot-maven-plugin").is_some()
            || p.plugin("quarkus-maven-plugin").is_some()
            || main_class(p).is_some()
    };
    let module = if poms.len() == 1 {
        String::new()
    } else {
        let candidates: Vec<&(String, Pom)> = poms
            .iter()
            .filter(|(d, p)| (!d.is_empty() || p.packaging.as_deref() != Some("pom")) && is_app(p))
            .collect();
        let chosen = choose_module(project, answers, &candidates, "pom.xml")?;
        facts.because(
            "module",
            &chosen,
            rel(&chosen, "pom.xml"),
            "the module with a Spring Boot or Quarkus plugin or a main class",
        );
        chosen
    };
    let app = &poms.iter().find(|(d, _)| *d == module).expect("chosen").1;
    let file = rel(&module, "pom.xml");
    // The app's pom first, then the root's (the parent that usually carries properties and the parent).
    let chain: Vec<&Pom> = if module.is_empty() {
        vec![app]
    } else {
        vec![app, &root]
    };

    let mut claims = Vec::new();
    'version: for pom in &chain {
        let compiler = pom.plugin("maven-compiler-plugin");
        let candidates = [
            compiler.and_then(|c| c.config.get("release")),
            pom.properties.get("maven.compiler.release"),
            pom.properties.get("java.version"),
            compiler.and_then(|c| c.config.get("target")),
            pom.properties.get("maven.compiler.target"),
            compiler.and_then(|c| c.config.get("source")),
            pom.properties.get("maven.compiler.source"),
        ];
        for (value, _) in candidates.into_iter().flatten() {
            if let Some(v) = pom.resolve(value).as_deref().and_then(java_line) {
                claims.push(("pom.xml", Claim::Exact(v)));
                break 'version;
            }
        }
    }

    let has = |d: &str| chain.iter().any(|p| p.mentions(d).is_some());
    let fw = super::pick_framework(project, &stack.frameworks, has)?;
    let framework = fw.map(|f| (f.id.clone(), file.clone()));
    let boot = chain.iter().find_map(|p| {
        [
            "org.springframework.boot:spring-boot-starter-parent",
            "org.springframework.boot:spring-boot-dependencies",
            "org.springframework.boot:spring-boot-maven-plugin",
        ]
        .iter()
        .find_map(|k| p.mentions(k)?.version.as_deref().and_then(|v| p.resolve(v)))
    });
    let wrapper = project.has("mvnw");
    let tool = wrapper_tool(project, facts, "mvnw", "mvn");
    let mut manifests = Vec::new();
    if wrapper {
        manifests.push("mvnw".into());
        if project.has_dir(".mvn") {
            manifests.push(".mvn/".into());
        }
    } else if project.has_dir(".mvn") {
        // .mvn/maven.config and jvm.config shape every build.
        manifests.push(".mvn/".into());
    }
    manifests.extend(poms.iter().map(|(d, _)| rel(d, "pom.xml")));
    let target = rel(&module, "target");
    let select = if module.is_empty() {
        String::new()
    } else {
        format!(" -pl {module} -am")
    };
    let jar_name = app
        .final_name
        .as_deref()
        .map(|n| app.resolve(n))
        .unwrap_or_else(|| {
            let version = app
                .version
                .clone()
                .or_else(|| app.parent.as_ref()?.version.clone())?;
            app.resolve(&format!("{}-{version}", app.artifact_id.as_deref()?))
        })
        .filter(|n| crate::manifest::shell_word(&file, "finalName", n, false).is_ok());
    // spring-boot-maven-plugin with a classifier leaves the plain jar and adds `<name>-<classifier>.jar`.
    let classifier = app
        .plugin("spring-boot-maven-plugin")
        .and_then(|p| p.config.get("classifier"))
        .and_then(|(c, _)| app.resolve(c))
        .map(|c| format!("-{c}"))
        .unwrap_or_default();
    if app
        .plugin("spring-boot-maven-plugin")
        .and_then(|p| p.config.get("executable"))
        .is_some_and(|(v, _)| v == "true")
    {
        facts.warnings.push(format!(
            "{file}: spring-boot-maven-plugin `<executable>true</executable>` prepends a launch script, which the layer extraction cannot read; turn it off for the image"
        ));
    }
    if app.packaging.as_deref() == Some("war") {
        facts.warnings.push(format!(
            "{file}: war packaging; the image runs the executable war as a jar would be run, check its launcher"
        ));
    }
    let ext = if app.packaging.as_deref() == Some("war") {
        "war"
    } else {
        "jar"
    };
    let jar = match &jar_name {
        Some(n) => format!("{target}/{n}{classifier}.{ext}"),
        None => format!("{target}/*{classifier}.{ext}"),
    };
    let main = main_class(app);
    Ok(App {
        module: module.clone(),
        file: file.clone(),
        claims,
        framework,
        boot,
        fat_jar: app.plugin("maven-shade-plugin").is_some(),
        main_class: main,
        kotlin: app.plugin("kotlin-maven-plugin").is_some()
            || project.has_dir(&rel(&module, "src/main/kotlin")),
        resolve: format!(
            "{tool} -B dependency:go-offline{}",
            if poms.len() > 1 {
                " -DexcludeReactor=true"
            } else {
                ""
            }
        ),
        build_framework: format!("{tool} -B package -DskipTests{select}"),
        build_fat: format!("{tool} -B package -DskipTests{select}"),
        build_plain: format!(
            "{tool} -B package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib -DskipTests{select}"
        ),
        tool,
        wrapper,
        manifests,
        jar,
        lib: Some(format!("{target}/lib/")),
        quarkus_dir: format!("{target}/quarkus-app"),
    })
}

/// The main class a jar's manifest names: maven-jar-plugin, shade's ManifestResourceTransformer, assembly.
fn main_class(p: &Pom) -> Option<String> {
    [
        "maven-shade-plugin",
        "maven-jar-plugin",
        "maven-assembly-plugin",
    ]
    .iter()
    .filter_map(|a| p.plugin(a))
    .find_map(|pl| pl.config.get("mainClass"))
    .and_then(|(v, _)| p.resolve(v))
    .or_else(|| {
        p.properties
            .get("exec.mainClass")
            .or_else(|| p.properties.get("main.class"))
            .and_then(|(v, _)| p.resolve(v))
    })
}

fn gradle_app(
    project: &Project,
    stack: &StackRules,
    answers: &Answers,
    facts: &mut Facts,
) -> Result<App> {
    let settings_file = project.first_of(&["settings.gradle.kts", "settings.gradle"]);
    let settings = match settings_file {
        Some(f) => {
            let text = project.read(f)?;
            crate::manifest::gradle::check_brackets(f, &text)?;
            GradleSettings::parse(&text)
        }
        None => GradleSettings::default(),
    };
    let catalog = match project.read_opt("gradle/libs.versions.toml")? {
        Some(t) => Catalog::parse("gradle/libs.versions.toml", &t)?,
        None => Catalog::default(),
    };
    let mut builds: Vec<(String, String, GradleBuild)> = Vec::new();
    for dir in std::iter::once(String::new()).chain(settings.includes.iter().cloned()) {
        crate::manifest::shell_word(
            settings_file.unwrap_or("settings.gradle"),
            "included project",
            if dir.is_empty() { "." } else { &dir },
            true,
        )?;
        for name in ["build.gradle.kts", "build.gradle"] {
            let file = rel(&dir, name);
            if let Some(text) = read_any(project, &file)? {
                crate::manifest::gradle::check_brackets(&file, &text)?;
                let mut b = GradleBuild::parse(&text);
                b.resolve_aliases(&catalog);
                builds.push((dir.clone(), file, b));
                break;
            }
        }
    }
    let app_plugins = ["org.springframework.boot", "io.quarkus", "application"];
    let is_app = |b: &GradleBuild| app_plugins.iter().any(|p| b.plugin(p).is_some()) || shadow(b);
    let module = if builds.len() <= 1 {
        builds
            .first()
            .map(|(d, _, _)| d.clone())
            .unwrap_or_default()
    } else {
        let candidates: Vec<(String, ())> = builds
            .iter()
            .filter(|(_, _, b)| is_app(b))
            .map(|(d, _, _)| (d.clone(), ()))
            .collect();
        let refs: Vec<&(String, ())> = candidates.iter().collect();
        let chosen = choose_module(project, answers, &refs, "settings.gradle")?;
        if !chosen.is_empty() {
            facts.because(
                "module",
                &chosen,
                settings_file.unwrap_or("settings.gradle"),
                "the project applying Spring Boot, Quarkus, application or shadow",
            );
        }
        chosen
    };
    let Some((_, file, app)) = builds.iter().find(|(d, _, _)| *d == module) else {
        return Err(Error::Unsupported {
            path: project.root.clone(),
            message:
                "a Gradle settings file but no build.gradle(.kts) to read; add one or pass --stack"
                    .into(),
        });
    };
    let root = builds
        .iter()
        .find(|(d, _, _)| d.is_empty())
        .map(|(_, _, b)| b);
    let chain: Vec<&GradleBuild> = std::iter::once(app)
        .chain(root.filter(|r| !std::ptr::eq(*r, app)))
        .collect();
    let mut claims = Vec::new();
    let gradle_name: &'static str = if file.ends_with(".kts") {
        "build.gradle.kts"
    } else {
        "build.gradle"
    };
    if let Some(v) = chain
        .iter()
        .find_map(|b| b.toolchain.as_ref().or(b.compatibility.as_ref()))
        .and_then(|(v, _)| java_line(v))
    {
        claims.push((gradle_name, Claim::Exact(v)));
    }
    let has = |d: &str| {
        chain.iter().any(|b| {
            b.plugin(d).is_some()
                || b.dependencies
                    .iter()
                    .any(|(n, _)| n.starts_with(&format!("{d}:")))
        })
    };
    let fw = super::pick_framework(project, &stack.frameworks, |d| {
        // A root's `apply false` declares a version only; the app's own plugins decide.
        app.plugin(d).is_some()
            || app
                .dependencies
                .iter()
                .any(|(n, _)| n.starts_with(&format!("{d}:")))
            || (d.contains(':') && has(d))
    })?;
    let framework = fw.map(|f| (f.id.clone(), file.clone()));
    let properties = gradle_properties(project)?;
    let boot = chain
        .iter()
        .find_map(|b| b.declared("org.springframework.boot")?.version.clone())
        .or_else(|| {
            catalog
                .plugins
                .values()
                .find(|(id, _)| id == "org.springframework.boot")
                .and_then(|(_, v)| v.clone())
        })
        .or_else(|| {
            // The older `buildscript { classpath(".../spring-boot-gradle-plugin:${springBootVersion}") }`.
            chain.iter().find_map(|b| {
                b.dependency_version(
                    "org.springframework.boot:spring-boot-gradle-plugin",
                    &properties,
                )
            })
        });
    let wrapper = project.has("gradlew");
    let tool = wrapper_tool(project, facts, "gradlew", "gradle");
    let mut manifests: Vec<String> = Vec::new();
    if wrapper {
        manifests.push("gradlew".into());
    }
    if project.has_dir("gradle") {
        manifests.push("gradle/".into());
    }
    for f in [
        "settings.gradle.kts",
        "settings.gradle",
        "gradle.properties",
        "gradle.lockfile",
    ] {
        if project.has(f) {
            manifests.push(f.into());
        }
    }
    manifests.extend(builds.iter().map(|(_, f, _)| f.clone()));
    if project.has_dir("buildSrc") {
        manifests.push("buildSrc/".into());
    }
    let task = |t: &str| {
        if module.is_empty() {
            t.to_string()
        } else {
            format!(":{}:{t}", module.replace('/', ":"))
        }
    };
    let out = rel(&module, "build");
    let fat = shadow(app);
    let build_framework = match fw.map(|f| f.id.as_str()) {
        Some("quarkus") => task("quarkusBuild"),
        _ => task("bootJar"),
    };
    Ok(App {
        module: module.clone(),
        file: file.clone(),
        claims,
        framework,
        boot,
        main_class: app.main_class.as_ref().map(|(m, _)| m.clone()),
        fat_jar: fat,
        kotlin: app.plugin("org.jetbrains.kotlin.jvm").is_some()
            || root.is_some_and(|r| r.declared("org.jetbrains.kotlin.jvm").is_some())
            || project.has_dir(&rel(&module, "src/main/kotlin")),
        resolve: format!("{tool} --no-daemon {}", task("dependencies")),
        build_framework: format!("{tool} --no-daemon {build_framework}"),
        build_plain: format!("{tool} --no-daemon {}", task("installDist")),
        build_fat: format!("{tool} --no-daemon {}", task("shadowJar")),
        tool,
        wrapper,
        manifests,
        jar: if fat {
            format!("{out}/libs/*-all.jar")
        } else {
            format!("{out}/libs/*.jar")
        },
        lib: Some(format!("{out}/install/*/lib/")),
        quarkus_dir: format!("{out}/quarkus-app"),
    })
}

/// gradle.properties as `name=value` pairs (versions are often kept there).
fn gradle_properties(project: &Project) -> Result<std::collections::BTreeMap<String, String>> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(text) = project.read_opt("gradle.properties")? {
        for line in text.lines() {
            let l = line.trim();
            if l.starts_with('#') || l.starts_with('!') {
                continue;
            }
            if let Some((k, v)) = l.split_once(['=', ':']) {
                out.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    Ok(out)
}

fn shadow(b: &GradleBuild) -> bool {
    [
        "com.gradleup.shadow",
        "com.github.johnrengelman.shadow",
        "io.github.goooler.shadow",
    ]
    .iter()
    .any(|p| b.plugin(p).is_some())
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
            what: "module".into(),
            choices: several
                .iter()
                .map(|c| if c.0.is_empty() { ".".to_string() } else { c.0.clone() })
                .collect::<Vec<_>>()
                .join(", "),
            flag: "--binary".into(),
        }),
    }
}

fn finish(project: &Project, stack: &StackRules, app: App, facts: &mut Facts) -> Result<()> {
    let pm = facts.package_manager.as_str();
    let manifest = app.file.clone();
    let manifest = manifest.as_str();
    facts.because("language", "java", manifest, format!("{manifest} present"));
    facts.because(
        "package_manager",
        pm,
        if app.wrapper {
            if pm == "maven" {
                "mvnw"
            } else {
                "gradlew"
            }
        } else {
            manifest
        },
        if app.wrapper {
            "the project's own wrapper"
        } else {
            "no wrapper: the official build image's tool"
        },
    );
    let flavour = if app.kotlin { "kotlin" } else { "java" };
    facts.because(
        "flavour",
        flavour,
        manifest,
        if app.kotlin {
            "the Kotlin plugin or src/main/kotlin"
        } else {
            "no Kotlin plugin"
        },
    );

    // Version files the stack reads itself: `.java-version` and `.sdkmanrc` name JDK builds (`21.0.5-tem`).
    let mut claims = app.claims;
    if let Some(v) = project
        .read_opt(".java-version")?
        .and_then(|t| crate::manifest::tool_versions::single_line(&t))
        .and_then(|v| java_line(&v))
    {
        claims.push((".java-version", Claim::Exact(v)));
    }
    if let Some(v) = project.read_opt(".sdkmanrc")?.and_then(|t| {
        t.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .find_map(|l| l.strip_prefix("java").map(|r| r.trim_start().to_string()))
            .and_then(|r| r.strip_prefix('=').map(|v| v.trim().to_string()))
            .and_then(|v| java_line(&v))
    }) {
        claims.push((".sdkmanrc", Claim::Exact(v)));
    }
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        1,
        &claims,
        facts,
    )?);

    let module_dir = |p: &str| rel(&app.module, p);
    let layout = match &app.framework {
        Some((id, file)) => {
            let fw = stack
                .frameworks
                .iter()
                .find(|f| &f.id == id)
                .expect("framework from the rules");
            super::record_framework(facts, fw, file, "uses");
            if id == "quarkus" {
                JvmLayout::QuarkusFastJar
            } else {
                let tools = match app.boot.as_deref().and_then(crate::version::Version::parse) {
                    Some(v) => {
                        let minor = v.minor.unwrap_or(0);
                        let tools = v.major > 3 || (v.major == 3 && minor >= 3);
                        facts.because(
                            "spring_boot",
                            app.boot.clone().unwrap_or_default(),
                            file,
                            if tools {
                                "Boot 3.3+: `-Djarmode=tools extract --layers --launcher`"
                            } else {
                                "before Boot 3.3: `-Djarmode=layertools extract`"
                            },
                        );
                        tools
                    }
                    None => {
                        facts.warnings.push(format!(
                            "{file}: no Spring Boot version found (a BOM or plugin inherited from elsewhere?); assuming Boot 3.3 or later"
                        ));
                        true
                    }
                };
                let layered = app
                    .boot
                    .as_deref()
                    .and_then(crate::version::Version::parse)
                    .is_none_or(|v| v.major > 2 || (v.major == 2 && v.minor.unwrap_or(0) >= 4));
                if layered {
                    JvmLayout::BootLayers { tools }
                } else {
                    // Layers are on by default from Boot 2.4; before, the jar runs whole.
                    facts.warnings.push(format!(
                        "{file}: Spring Boot before 2.4 builds no layered jar by default; the image runs the jar whole"
                    ));
                    JvmLayout::FatJar
                }
            }
        }
        None if app.fat_jar => JvmLayout::FatJar,
        None => JvmLayout::ClassPath,
    };
    let boot_new = match app.boot.as_deref().and_then(crate::version::Version::parse) {
        Some(v) => v.major > 3 || (v.major == 3 && v.minor.unwrap_or(0) >= 2),
        None => true,
    };
    let mut start: Vec<String> = vec!["java".into()];
    start.extend(JVM_FLAGS.iter().map(|f| f.to_string()));
    // Each layout's runtime files are gathered under /out in the build stage, where globs resolve.
    let jar = &app.jar;
    let (build, package) = match &layout {
        JvmLayout::BootLayers { .. } => {
            start.push(
                if boot_new {
                    BOOT_LAUNCHER
                } else {
                    BOOT_LAUNCHER_OLD
                }
                .into(),
            );
            let extract = match layout {
                JvmLayout::BootLayers { tools: true } => format!(
                    "java -Djarmode=tools -jar {jar} extract --layers --launcher --destination /out"
                ),
                _ => format!("java -Djarmode=layertools -jar {jar} extract --destination /out"),
            };
            (app.build_framework.clone(), vec![extract])
        }
        JvmLayout::QuarkusFastJar => {
            start.extend([
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager".to_string(),
                "-jar".into(),
                "/app/quarkus-run.jar".into(),
            ]);
            (
                app.build_framework.clone(),
                vec![format!("cp -r {} /out", app.quarkus_dir)],
            )
        }
        JvmLayout::FatJar => {
            start.extend(["-jar".to_string(), "/app/app.jar".into()]);
            let build = if app.framework.is_some() {
                app.build_framework.clone()
            } else {
                app.build_fat.clone()
            };
            (
                build,
                vec![
                    "mkdir -p /out".to_string(),
                    format!("cp {jar} /out/app.jar"),
                ],
            )
        }
        JvmLayout::ClassPath => {
            let Some(main) = &app.main_class else {
                return Err(Error::Unsupported {
                    path: project.root.join(manifest),
                    message: "no main class: not Spring Boot or Quarkus, and no `application { mainClass }`, jar-plugin `mainClass` or shade plugin; add one or pass --start".into(),
                });
            };
            crate::manifest::shell_word(manifest, "main class", main, false)?;
            facts.because(
                "main_class",
                main,
                manifest,
                "application mainClass / jar manifest",
            );
            start.extend(["-cp".to_string(), "/app/lib/*".into(), main.clone()]);
            let lib = app.lib.clone().unwrap_or_default();
            let cmds = if pm == "maven" {
                vec![
                    format!("mkdir -p /out/lib {lib}"),
                    format!("cp -r {lib}. /out/lib/"),
                    format!("cp {jar} /out/lib/"),
                ]
            } else {
                vec![format!(
                    "mkdir -p /out && cp -r {} /out/lib",
                    lib.trim_end_matches('/')
                )]
            };
            (app.build_plain.clone(), cmds)
        }
    };
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

    // The port: the framework's configuration, else (plain apps) the main class's own source.
    let port = match app.framework.as_ref().map(|(id, _)| id.as_str()) {
        Some("spring-boot") => {
            config_port(project, &module_dir("src/main/resources"), "server.port")?
        }
        Some("quarkus") => config_port(
            project,
            &module_dir("src/main/resources"),
            "quarkus.http.port",
        )?,
        _ => match &app.main_class {
            Some(main) => main_source_port(project, &app.module, main)?,
            None => None,
        },
    };
    if port.is_some() || app.framework.is_some() {
        super::port::decide(facts, port, stack.default_port, &stack.frameworks);
    }

    let build_family = if app.wrapper {
        "java".to_string()
    } else {
        stack
            .package_manager(pm)
            .and_then(|p| p.image.clone())
            .unwrap_or_else(|| "java".into())
    };
    facts.detail = Detail::Java(JavaDetail {
        flavour: flavour.into(),
        tool: app.tool,
        wrapper: app.wrapper,
        build_family,
        manifests: app.manifests,
        module: app.module,
        resolve: app.resolve,
        package,
        layout,
        main_class: app.main_class,
    });
    Ok(())
}

/// A port from application.properties or application.yml/yaml: the key's value, or the default of a
/// `${PORT:8081}` placeholder.
fn config_port(project: &Project, dir: &str, key: &str) -> Result<Option<(u16, String)>> {
    let props = format!("{dir}/application.properties");
    if let Some(text) = read_any(project, &props)? {
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.starts_with('#') || l.starts_with('!') {
                continue;
            }
            let Some((k, v)) = l.split_once(['=', ':']) else {
                continue;
            };
            if k.trim() == key {
                if let Some(p) = port_value(v) {
                    return Ok(Some((p, format!("{props}:{}", i + 1))));
                }
            }
        }
    }
    for name in ["application.yml", "application.yaml"] {
        let file = format!("{dir}/{name}");
        if let Some(text) = read_any(project, &file)? {
            if let Some((v, line)) = yaml_value(&text, key) {
                if let Some(p) = port_value(&v) {
                    return Ok(Some((p, format!("{file}:{line}"))));
                }
            }
        }
    }
    Ok(None)
}

fn port_value(v: &str) -> Option<u16> {
    let v = v.trim().trim_matches(['"', '\'']);
    let v = match v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        Some(inner) => inner.split_once(':')?.1,
        None => v,
    };
    v.trim().parse().ok().filter(|p| *p > 0)
}

/// The scalar at a dotted key in a YAML file, found by indentation (`server:` then `  port: 8081`, or a
/// flat `server.port: 8081`); the first document that sets it wins.
fn yaml_value(text: &str, key: &str) -> Option<(String, usize)> {
    let mut path: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.split(" #").next().unwrap_or("");
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("---") {
            path.clear();
            continue;
        }
        let indent = content.len() - trimmed.len();
        let Some((k, v)) = trimmed.split_once(':') else {
            continue;
        };
        while path.last().is_some_and(|(ind, _)| *ind >= indent) {
            path.pop();
        }
        let k = k.trim().trim_matches(['"', '\'']).to_string();
        let full: Vec<&str> = path
            .iter()
            .map(|(_, k)| k.as_str())
            .chain([k.as_str()])
            .collect();
        if full.join(".") == key && !v.trim().is_empty() {
            return Some((v.trim().to_string(), i + 1));
        }
        path.push((indent, k));
    }
    None
}

/// A plain app's port, as its main class's source states it.
fn main_source_port(project: &Project, module: &str, main: &str) -> Result<Option<(u16, String)>> {
    let path = main.replace('.', "/");
    let kotlin_file = path.strip_suffix("Kt").unwrap_or(&path).to_string();
    for file in [
        format!("src/main/java/{path}.java"),
        format!("src/main/kotlin/{kotlin_file}.kt"),
        format!("src/main/kotlin/{path}.kt"),
    ] {
        let file = rel(module, &file);
        if let Some(text) = read_any(project, &file)? {
            return Ok(super::port::find(&text).map(|(p, l)| (p, format!("{file}:{l}"))));
        }
    }
    Ok(None)
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
}
