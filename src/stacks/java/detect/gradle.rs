//! Gradle builds: settings, build scripts and the version catalog scanned (never run) for the app module.

use super::*;

/// A build script read: its folder (empty for the root), its file, what it declares.
type Build = (String, String, GradleBuild);

pub(super) fn gradle_app(
    project: &Project,
    stack: &StackRules,
    answers: &Answers,
    facts: &mut Facts,
) -> Result<App> {
    let settings_file = project.first_of(&["settings.gradle.kts", "settings.gradle"]);
    let catalog = match project.read_opt("gradle/libs.versions.toml")? {
        Some(t) => Catalog::parse("gradle/libs.versions.toml", &t)?,
        None => Catalog::default(),
    };
    let builds = read_builds(project, settings_file, &catalog)?;
    let module = app_module(project, answers, facts, settings_file, &builds)?;
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
    let fw = framework(project, stack, app, &chain)?;
    let boot = boot_version(project, &chain, &catalog)?;
    let wrapper = project.has("gradlew");
    let tool = wrapper_tool(project, facts, "gradlew", "gradle");
    let task = |t: &str| {
        let t = if module.is_empty() {
            t.to_string()
        } else {
            format!(":{}:{t}", module.replace('/', ":"))
        };
        format!("{tool} --no-daemon {t}")
    };
    let out = rel(&module, "build");
    let war = app.plugin("war").is_some();
    let jar = plain_jar(file, app, fw.is_some())?;
    let fat = shadow(app) || jar.is_some();
    let build_framework = match (fw.map(|f| f.id.as_str()), war) {
        (Some("quarkus"), _) => task("quarkusBuild"),
        (_, true) => task("bootWar"),
        _ => task("bootJar"),
    };
    Ok(App {
        module: module.clone(),
        file: file.clone(),
        claims: toolchain_claims(file, &chain),
        framework: fw.map(|f| (f.id.clone(), file.clone())),
        boot,
        main_class: app
            .main_class
            .as_ref()
            .or(app.manifest_main.as_ref())
            .map(|(m, _)| m.clone()),
        fat_jar: fat,
        war,
        kotlin: app.plugin("org.jetbrains.kotlin.jvm").is_some()
            || root.is_some_and(|r| r.declared("org.jetbrains.kotlin.jvm").is_some())
            || project.has_dir(&rel(&module, "src/main/kotlin")),
        resolve: task("dependencies"),
        build_framework,
        build_plain: task("installDist"),
        build_fat: task(if jar.is_some() { "jar" } else { "shadowJar" }),
        tool: tool.clone(),
        wrapper,
        manifests: gradle_manifests(project, wrapper, &builds),
        jar: archive_glob(&out, war, shadow(app)),
        lib: Some(format!("{out}/install/*/lib/")),
        quarkus_dir: format!("{out}/quarkus-app"),
    })
}

/// The framework the app module uses: by its own plugins and dependencies, or, for a `group:name`
/// coordinate, one its build chain declares. A root's `apply false` declares a version only, so a
/// plugin counts only when the app applies it.
fn framework<'r>(
    project: &Project,
    stack: &'r StackRules,
    app: &GradleBuild,
    chain: &[&GradleBuild],
) -> Result<Option<&'r crate::rules::FrameworkRule>> {
    crate::probe::pick_framework(project, &stack.frameworks, |d| {
        app.plugin(d).is_some()
            || app
                .dependencies
                .iter()
                .any(|(n, _)| n.starts_with(&format!("{d}:")))
            || (d.contains(':') && declares(chain, d))
    })
}

/// Where the packaging task leaves the archive under the module's build folder `out`: the war, the
/// shadow plugin's `-all` jar, or the plain jar. A glob, since the file name carries the version.
fn archive_glob(out: &str, war: bool, shadowed: bool) -> String {
    match (war, shadowed) {
        (true, _) => format!("{out}/libs/*.war"),
        (false, true) => format!("{out}/libs/*-all.jar"),
        (false, false) => format!("{out}/libs/*.jar"),
    }
}

/// The root build and every included project's, in the settings' order.
fn read_builds(
    project: &Project,
    settings_file: Option<&str>,
    catalog: &Catalog,
) -> Result<Vec<Build>> {
    let settings = match settings_file {
        Some(f) => {
            let text = project.read(f)?;
            crate::manifest::gradle::check_brackets(f, &text)?;
            GradleSettings::parse(&text)
        }
        None => GradleSettings::default(),
    };
    let mut builds: Vec<Build> = Vec::new();
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
                b.resolve_aliases(catalog);
                builds.push((dir.clone(), file, b));
                break;
            }
        }
    }
    Ok(builds)
}

/// The project that is the app: the only build, else the one applying an app plugin (or naming a
/// jar manifest's Main-Class), settled by `--binary` when several do.
fn app_module(
    project: &Project,
    answers: &Answers,
    facts: &mut Facts,
    settings_file: Option<&str>,
    builds: &[Build],
) -> Result<String> {
    if builds.len() <= 1 {
        return Ok(builds
            .first()
            .map(|(d, _, _)| d.clone())
            .unwrap_or_default());
    }
    let app_plugins = ["org.springframework.boot", "io.quarkus", "application"];
    let is_app = |b: &GradleBuild| {
        app_plugins.iter().any(|p| b.plugin(p).is_some()) || shadow(b) || b.manifest_main.is_some()
    };
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
    Ok(chosen)
}

/// A jar that runs as it is built (`java -jar`): a jar manifest's Main-Class without the `application`
/// plugin (no installDist) or a framework. Its dependencies are not in it, so one that has runtime
/// dependencies cannot start: an error naming the first.
fn plain_jar(file: &str, app: &GradleBuild, framework: bool) -> Result<Option<String>> {
    let Some((main, _)) = &app.manifest_main else {
        return Ok(None);
    };
    if framework || shadow(app) || app.plugin("application").is_some() {
        return Ok(None);
    }
    if let Some(line) = app.runtime_dependencies.first() {
        return Err(Error::Manifest {
            path: file.into(),
            line: Some(*line),
            message: format!("the jar's manifest names Main-Class {main}, but a plain jar does not carry this runtime dependency, so `java -jar` would fail; apply the `application` plugin (installDist) or a shadow plugin, or pass --start"),
        });
    }
    Ok(Some(main.clone()))
}

/// The JDK the build asks for: a toolchain, else the source/target compatibility.
fn toolchain_claims(file: &str, chain: &[&GradleBuild]) -> Vec<(&'static str, Claim)> {
    let gradle_name: &'static str = if file.ends_with(".kts") {
        "build.gradle.kts"
    } else {
        "build.gradle"
    };
    chain
        .iter()
        .find_map(|b| b.toolchain.as_ref().or(b.compatibility.as_ref()))
        .and_then(|(v, _)| java_line(v))
        .map(|v| vec![(gradle_name, Claim::Exact(v))])
        .unwrap_or_default()
}

/// Whether any build of the chain applies the plugin or depends on the module `d`.
fn declares(chain: &[&GradleBuild], d: &str) -> bool {
    chain.iter().any(|b| {
        b.plugin(d).is_some()
            || b.dependencies
                .iter()
                .any(|(n, _)| n.starts_with(&format!("{d}:")))
    })
}

/// The Spring Boot version: the plugin's, the catalog's, or the older buildscript classpath's.
fn boot_version(
    project: &Project,
    chain: &[&GradleBuild],
    catalog: &Catalog,
) -> Result<Option<String>> {
    let properties = gradle_properties(project)?;
    Ok(chain
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
        }))
}

/// The build files and wrapper copied before the source, in order.
fn gradle_manifests(project: &Project, wrapper: bool, builds: &[Build]) -> Vec<String> {
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
    manifests
}

/// gradle.properties as `name=value` pairs (versions are often kept there).
pub(super) fn gradle_properties(
    project: &Project,
) -> Result<std::collections::BTreeMap<String, String>> {
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

pub(super) fn shadow(b: &GradleBuild) -> bool {
    [
        "com.gradleup.shadow",
        "com.github.johnrengelman.shadow",
        "io.github.goooler.shadow",
    ]
    .iter()
    .any(|p| b.plugin(p).is_some())
}
