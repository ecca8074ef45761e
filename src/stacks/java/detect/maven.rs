//! Maven builds: the pom (and its modules) read for the app module, its packaging, JDK and framework.

use super::*;

pub(super) fn maven(
    project: &Project,
    stack: &StackRules,
    answers: &Answers,
    facts: &mut Facts,
) -> Result<App> {
    let root = Pom::parse("pom.xml", &project.read("pom.xml")?)?;
    let poms = read_poms(project, &root, facts)?;
    let module = app_module(project, answers, facts, &poms)?;
    let app = &poms.iter().find(|(d, _)| *d == module).expect("chosen").1;
    let file = rel(&module, "pom.xml");
    // The app's pom first, then the root's (the parent that usually carries properties and the parent).
    let chain: Vec<&Pom> = if module.is_empty() {
        vec![app]
    } else {
        vec![app, &root]
    };
    let has = |d: &str| chain.iter().any(|p| p.mentions(d).is_some());
    let fw = crate::probe::pick_framework(project, &stack.frameworks, has)?;
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
    let target = rel(&module, "target");
    let select = if module.is_empty() {
        String::new()
    } else {
        format!(" -pl {module} -am")
    };
    let jar = artifact_path(app, &file, &target, facts);
    Ok(App {
        module: module.clone(),
        file: file.clone(),
        claims: compiler_claims(&chain),
        framework: fw.map(|f| (f.id.clone(), file.clone())),
        boot,
        fat_jar: app.plugin("maven-shade-plugin").is_some(),
        war: app.packaging.as_deref() == Some("war"),
        main_class: main_class(app),
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
        manifests: maven_manifests(project, wrapper, &poms),
        jar,
        lib: Some(format!("{target}/lib/")),
        quarkus_dir: format!("{target}/quarkus-app"),
    })
}

/// Every module's pom, modules of modules included (a bounded walk: cycles and deep trees stop).
fn read_poms(project: &Project, root: &Pom, facts: &mut Facts) -> Result<Vec<(String, Pom)>> {
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
    Ok(poms)
}

/// The module that is the app: the only pom, else the one with a Spring Boot or Quarkus plugin or a
/// main class, settled by `--binary` when several have one.
fn app_module(
    project: &Project,
    answers: &Answers,
    facts: &mut Facts,
    poms: &[(String, Pom)],
) -> Result<String> {
    if poms.len() == 1 {
        return Ok(String::new());
    }
    let is_app = |p: &Pom| {
        p.plugin("spring-boot-maven-plugin").is_some()
            || p.plugin("quarkus-maven-plugin").is_some()
            || main_class(p).is_some()
    };
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
    Ok(chosen)
}

/// The JDK javac targets: the compiler plugin's release/target/source or the properties naming them.
fn compiler_claims(chain: &[&Pom]) -> Vec<(&'static str, Claim)> {
    for pom in chain {
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
                return vec![("pom.xml", Claim::Exact(v))];
            }
        }
    }
    Vec::new()
}

/// The wrapper and every pom, copied before the source.
fn maven_manifests(project: &Project, wrapper: bool, poms: &[(String, Pom)]) -> Vec<String> {
    let mut manifests = Vec::new();
    if wrapper {
        manifests.push("mvnw".into());
    }
    // .mvn/maven.config and jvm.config shape every build (and hold the wrapper's properties).
    if project.has_dir(".mvn") {
        manifests.push(".mvn/".into());
    }
    manifests.extend(poms.iter().map(|(d, _)| rel(d, "pom.xml")));
    manifests
}

/// The packaged archive in the build stage: `<finalName or artifactId-version>[-classifier].jar|war`,
/// a glob when the name is not known.
fn artifact_path(app: &Pom, file: &str, target: &str, facts: &mut Facts) -> String {
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
        .filter(|n| crate::manifest::shell_word(file, "finalName", n, false).is_ok());
    let boot_plugin = app.plugin("spring-boot-maven-plugin");
    // spring-boot-maven-plugin with a classifier leaves the plain jar and adds `<name>-<classifier>.jar`.
    let classifier = boot_plugin
        .and_then(|p| p.config.get("classifier"))
        .and_then(|(c, _)| app.resolve(c))
        .map(|c| format!("-{c}"))
        .unwrap_or_default();
    if boot_plugin
        .and_then(|p| p.config.get("executable"))
        .is_some_and(|(v, _)| v == "true")
    {
        facts.warnings.push(format!(
            "{file}: spring-boot-maven-plugin `<executable>true</executable>` prepends a launch script, which the layer extraction cannot read; turn it off for the image"
        ));
    }
    let ext = if app.packaging.as_deref() == Some("war") {
        "war"
    } else {
        "jar"
    };
    match &jar_name {
        Some(n) => format!("{target}/{n}{classifier}.{ext}"),
        None => format!("{target}/*{classifier}.{ext}"),
    }
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
