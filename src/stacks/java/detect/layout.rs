//! How a JVM app is laid out in the image (Boot's layers, Quarkus's fast-jar, a fat jar, a class path),
//! and the build, start and packaging commands of each layout.

use super::*;

/// How the app is laid out in the image: its framework's layout, a fat jar, or a class path. A plain war
/// (no Spring Boot to make it executable) is refused: it runs only inside a servlet container.
pub(super) fn layout(
    project: &Project,
    stack: &StackRules,
    app: &App,
    facts: &mut Facts,
) -> Result<JvmLayout> {
    let Some((id, file)) = &app.framework else {
        if app.war {
            return Err(Error::Unsupported {
                path: project.root.join(&app.file),
                message: PLAIN_WAR.into(),
            });
        }
        return Ok(if app.fat_jar {
            JvmLayout::FatJar
        } else {
            JvmLayout::ClassPath
        });
    };
    let fw = stack
        .frameworks
        .iter()
        .find(|f| &f.id == id)
        .expect("framework from the rules");
    crate::probe::record_framework(facts, fw, file, "uses");
    if id == "quarkus" {
        return Ok(JvmLayout::QuarkusFastJar);
    }
    let boot = app.boot.as_deref().and_then(crate::version::Version::parse);
    let tools = match &boot {
        Some(v) => {
            let tools = v.major > 3 || (v.major == 3 && v.minor.unwrap_or(0) >= 3);
            let why = if tools {
                "Boot 3.3+: `-Djarmode=tools extract --layers --launcher`"
            } else {
                "before Boot 3.3: `-Djarmode=layertools extract`"
            };
            facts.because(
                "spring_boot",
                app.boot.clone().unwrap_or_default(),
                file,
                why,
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
    // Layers are on by default from Boot 2.4; before, the jar runs whole.
    if boot.is_some_and(|v| v.major < 2 || (v.major == 2 && v.minor.unwrap_or(0) < 4)) {
        facts.warnings.push(format!(
            "{file}: Spring Boot before 2.4 builds no layered jar by default; the image runs the jar whole"
        ));
        return Ok(JvmLayout::FatJar);
    }
    Ok(JvmLayout::BootLayers { tools })
}

/// The build command, the start, and the commands gathering the runtime's files under /out in the build
/// stage (where globs resolve), for the layout.
pub(super) fn packaging(
    project: &Project,
    app: &App,
    layout: &JvmLayout,
    facts: &mut Facts,
) -> Result<(String, Vec<String>, Vec<String>)> {
    let mut start: Vec<String> = vec!["java".into()];
    start.extend(JVM_FLAGS.iter().map(|f| f.to_string()));
    let jar = &app.jar;
    // An extracted war keeps its classes under WEB-INF, which only the war launcher reads.
    let boot_new = app
        .boot
        .as_deref()
        .and_then(crate::version::Version::parse)
        .is_none_or(|v| v.major > 3 || (v.major == 3 && v.minor.unwrap_or(0) >= 2));
    Ok(match layout {
        JvmLayout::BootLayers { tools } => {
            start.push(boot_launcher(boot_new, app.war).into());
            let extract = if *tools {
                format!("java -Djarmode=tools -jar {jar} extract --layers --launcher --destination /out")
            } else {
                format!("java -Djarmode=layertools -jar {jar} extract --destination /out")
            };
            (app.build_framework.clone(), start, vec![extract])
        }
        JvmLayout::QuarkusFastJar => {
            start.extend([
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager".to_string(),
                "-jar".into(),
                "/app/quarkus-run.jar".into(),
            ]);
            let copy = vec![format!("cp -r {} /out", app.quarkus_dir)];
            (app.build_framework.clone(), start, copy)
        }
        JvmLayout::FatJar => {
            start.extend(["-jar".to_string(), "/app/app.jar".into()]);
            let build = if app.framework.is_some() {
                app.build_framework.clone()
            } else {
                app.build_fat.clone()
            };
            let copy = vec![
                "mkdir -p /out".to_string(),
                format!("cp {jar} /out/app.jar"),
            ];
            (build, start, copy)
        }
        JvmLayout::ClassPath => class_path(project, app, start, facts)?,
    })
}

/// The Spring Boot launcher class for the loader's package (moved in Boot 3.2) and the archive kind.
fn boot_launcher(boot_new: bool, war: bool) -> &'static str {
    match (boot_new, war) {
        (true, false) => BOOT_LAUNCHER,
        (false, false) => BOOT_LAUNCHER_OLD,
        (true, true) => BOOT_WAR_LAUNCHER,
        (false, true) => BOOT_WAR_LAUNCHER_OLD,
    }
}

/// A plain app started by its main class with its jars on the class path.
fn class_path(
    project: &Project,
    app: &App,
    mut start: Vec<String>,
    facts: &mut Facts,
) -> Result<(String, Vec<String>, Vec<String>)> {
    let manifest = app.file.as_str();
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
    let jar = &app.jar;
    let cmds = if facts.package_manager.as_str() == "maven" {
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
    Ok((app.build_plain.clone(), start, cmds))
}
