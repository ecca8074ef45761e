//! Gradle builds: settings, build scripts and the version catalog scanned (never run) for the app module.

use super::*;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
pub(super) fn gradle_app(
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
    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| {
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
