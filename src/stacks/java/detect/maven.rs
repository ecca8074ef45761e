//! Maven builds: the pom (and its modules) read for the app module, its packaging, JDK and framework.

use super::*;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
pub(super) fn maven(
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
    let fw = crate::probe::pick_framework(project, &stack.frameworks, has)?;
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
pub(super) fn main_class(p: &Pom) -> Option<String> {
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
