//! What compiling native code needs: build and runtime Debian packages for dependencies that build from source and for the project's own extensions.

use super::*;

/// What compiling native code needs: Debian packages for the build stage and the runtime.
#[derive(Debug, Default)]
pub(super) struct NativeNeeds {
    pub(super) build_packages: Vec<String>,
    pub(super) runtime_packages: Vec<String>,
    pub(super) builds_extension: bool,
}

/// Dependencies that compile from source (the rules' `[[native]]` table, matched against the declared
/// dependencies and the lockfile's production packages), and the project's own C, Cython, Rust or CMake
/// extensions (setup.py's `Extension(`, the pyproject build backend and build requirements).
pub(super) fn native_needs(
    project: &Project,
    rules: &StackRules,
    pyproject: Option<&PyProject>,
    deps: &[String],
    facts: &mut Facts,
) -> Result<NativeNeeds> {
    let mut needs = NativeNeeds::default();
    for (name, source) in &dependency_names(project, deps, facts) {
        if let Some(row) = rules
            .natives
            .iter()
            .find(|n| !n.project_build && n.dependency == *name)
        {
            let why = format!(
                "compiles from source: build needs {}, runtime {}",
                row.build_packages.join(" "),
                if row.runtime_packages.is_empty() {
                    "nothing more".to_string()
                } else {
                    row.runtime_packages.join(" ")
                }
            );
            needs.add(row, source, why, facts);
        }
    }
    for (tool, source) in own_extensions(project, pyproject)? {
        if let Some(row) = rules
            .natives
            .iter()
            .find(|n| n.project_build && n.dependency == tool)
        {
            needs.builds_extension = true;
            let why = format!(
                "the project compiles an extension of its own with {tool}: build needs {}",
                row.build_packages.join(" ")
            );
            needs.add(row, &source, why, facts);
        }
    }
    Ok(needs)
}

impl NativeNeeds {
    /// A `[[native]]` row that applies: its packages, each once, and the evidence saying why.
    fn add(
        &mut self,
        row: &crate::rules::NativeDependency,
        source: &str,
        why: String,
        facts: &mut Facts,
    ) {
        row.add_packages(&mut self.build_packages, &mut self.runtime_packages);
        facts.because("native", &row.dependency, source, why);
    }
}

/// Every dependency name with where it is declared: the declared ones first, then the lockfiles'
/// production packages (transitive ones compile from source too).
fn dependency_names(
    project: &Project,
    deps: &[String],
    facts: &mut Facts,
) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = deps
        .iter()
        .map(|d| (d.clone(), dependency_source(project, d)))
        .collect();
    // Lockfiles are otherwise only checked for presence (the package manager reads them in the build), so
    // one that cannot be read here is a warning, not a failure.
    for lock in ["uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock"] {
        let read = project
            .read_opt(lock)
            .and_then(|t| t.map(|t| py::locked_names(lock, &t)).transpose());
        match read {
            Ok(locked) => {
                for name in locked.into_iter().flatten() {
                    if !names.iter().any(|(n, _)| *n == name) {
                        names.push((name, lock.to_string()));
                    }
                }
            }
            Err(e) => facts.warnings.push(format!(
                "{e}: not searched for packages that compile from source"
            )),
        }
    }
    names
}

/// The tools that build the project's own extension modules, with the file that says so: setup.py's
/// `Extension(`, a maturin or scikit-build-core build backend, Cython among the build requirements.
fn own_extensions(
    project: &Project,
    pyproject: Option<&PyProject>,
) -> Result<Vec<(&'static str, String)>> {
    let mut own: Vec<(&str, String)> = Vec::new();
    if let Some(text) = project.read_source_opt("setup.py")? {
        if let Some(line) = text
            .lines()
            .position(|l| l.contains("ext_modules") || l.contains("Extension("))
        {
            own.push(("setuptools", format!("setup.py:{}", line + 1)));
        }
    }
    if let Some(bs) = pyproject.and_then(|p| p.build_system.as_ref()) {
        if let Some(backend) = bs.build_backend.as_deref() {
            let tool = backend
                .split('.')
                .next()
                .unwrap_or(backend)
                .replace('_', "-");
            if tool == "maturin" || tool == "scikit-build-core" {
                own.push((
                    if tool == "maturin" {
                        "maturin"
                    } else {
                        "scikit-build-core"
                    },
                    "pyproject.toml build-system.build-backend".into(),
                ));
            }
        }
        if bs
            .requires
            .iter()
            .filter_map(|r| py::requirement_name(r))
            .any(|n| n == "cython")
        {
            own.push(("cython", "pyproject.toml build-system.requires".into()));
        }
    }
    Ok(own)
}

/// Where a dependency is declared, with the line for requirements.txt.
pub(super) fn dependency_source(project: &Project, name: &str) -> String {
    if let Ok(Some(text)) = project.read_opt("requirements.txt") {
        if let Some(i) = text
            .lines()
            .position(|l| py::requirement_name(l).as_deref() == Some(name))
        {
            return format!("requirements.txt:{}", i + 1);
        }
    }
    for f in ["pyproject.toml", "Pipfile"] {
        if project.has(f) {
            return f.to_string();
        }
    }
    "requirements.txt".into()
}
