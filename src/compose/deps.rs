//! What an app folder declares: the names of its runtime dependencies, read from its manifests, and the keys
//! of its `.env.example`. Only declarations are read, nothing is resolved or run.

use crate::error::Result;
use crate::manifest;
use crate::scan::Project;

/// Every runtime dependency the folder's manifests declare, lowercase, sorted and without repeats: npm
/// packages, Python projects (PEP 503 names), crates (and `crate/feature` for each feature asked for), Go
/// modules, gems, Maven and Gradle artifacts (`group:artifact`), NuGet packages, Mix deps and Composer
/// packages.
pub fn declared(project: &Project) -> Result<Vec<String>> {
    let mut names = Vec::new();
    if let Some(text) = project.read_opt("package.json")? {
        let pkg = manifest::package_json::PackageJson::parse("package.json", &text)?;
        names.extend(pkg.dependencies.into_keys());
    }
    python(project, &mut names)?;
    if let Some(text) = project.read_opt("Cargo.toml")? {
        cargo(
            &manifest::cargo::CargoToml::parse("Cargo.toml", &text)?,
            &mut names,
        );
    }
    if let Some(text) = project.read_opt("go.mod")? {
        names.extend(manifest::gomod::GoMod::parse("go.mod", &text)?.requires);
    }
    if let Some(text) = project.read_opt("Gemfile")? {
        let gems = manifest::gemfile::Gemfile::scan(&text).gems;
        names.extend(gems.into_iter().map(|(name, _)| name));
    }
    jvm(project, &mut names)?;
    for file in project.files().filter(|f| is_dotnet_project(f)) {
        let text = project.read(file)?;
        let proj = manifest::dotnet::MsBuildProject::parse(file, &text)?;
        names.extend(proj.package_references);
    }
    if let Some(text) = project.read_opt("mix.exs")? {
        let mix = manifest::mix::MixProject::parse("mix.exs", &text)?;
        names.extend(mix.deps.into_iter().filter(|d| !d.dev_only).map(|d| d.name));
    }
    if let Some(text) = project.read_opt("composer.json")? {
        let composer = manifest::composer::ComposerJson::parse("composer.json", &text)?;
        names.extend(composer.require.into_keys());
    }
    let mut names: Vec<String> = names.into_iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// requirements.txt, pyproject.toml (PEP 621 and Poetry) and Pipfile.
fn python(project: &Project, names: &mut Vec<String>) -> Result<()> {
    if let Some(text) = project.read_opt("requirements.txt")? {
        names.extend(manifest::python::requirements(&text));
    }
    if let Some(text) = project.read_opt("pyproject.toml")? {
        let py = manifest::python::PyProject::parse("pyproject.toml", &text)?;
        names.extend(py.dependency_names());
    }
    if let Some(text) = project.read_opt("Pipfile")? {
        let pipfile = manifest::python::Pipfile::parse("Pipfile", &text)?;
        names.extend(pipfile.dependency_names());
    }
    Ok(())
}

/// Each `[dependencies]` crate, and `crate/feature` for the features it asks for (`sqlx/postgres`).
fn cargo(cargo: &manifest::cargo::CargoToml, names: &mut Vec<String>) {
    for (name, spec) in &cargo.dependencies {
        names.push(name.clone());
        let features = spec.get("features").and_then(|f| f.as_array());
        for feature in features.into_iter().flatten().filter_map(|f| f.as_str()) {
            names.push(format!("{name}/{feature}"));
        }
    }
}

/// pom.xml dependencies and the `group:artifact` notations of build.gradle(.kts).
fn jvm(project: &Project, names: &mut Vec<String>) -> Result<()> {
    if let Some(text) = project.read_opt("pom.xml")? {
        let pom = manifest::maven::Pom::parse("pom.xml", &text)?;
        names.extend(
            pom.dependencies
                .iter()
                .map(|c| format!("{}:{}", c.group, c.artifact)),
        );
    }
    for file in ["build.gradle", "build.gradle.kts"] {
        if let Some(text) = project.read_opt(file)? {
            let gradle = manifest::gradle::GradleBuild::parse(&text);
            names.extend(gradle.dependencies.iter().filter_map(|(notation, _)| {
                let mut parts = notation.split(':');
                Some(format!("{}:{}", parts.next()?, parts.next()?))
            }));
        }
    }
    Ok(())
}

/// A .NET project file at the folder's top level.
fn is_dotnet_project(file: &str) -> bool {
    !file.contains('/') && manifest::dotnet::is_project_file(file)
}

/// The entries of a `.env.example`: each `KEY=value` (or `export KEY=value`), the value unquoted and `None`
/// when empty. Comments, blank lines and lines that are not assignments to a valid name are skipped.
pub fn env_example(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            let key = key.trim();
            let valid = key
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid || line.starts_with('#') {
                return None;
            }
            let value = value.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            Some((
                key.to_string(),
                (!value.is_empty()).then(|| value.to_string()),
            ))
        })
        .collect()
}
