//! Python detector: the lockfile that names the package manager, the framework its dependencies imply,
//! where the app object lives, and the production server command that serves it.

use super::PythonDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::python::{self as py, Pipfile, PyProject};
use crate::probe::toolchain::{self, Claim};
use crate::rules::{FrameworkRule, StackRules};
use crate::scan::Project;
use crate::version::Range;

pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let pyproject = match project.read_opt("pyproject.toml")? {
        Some(t) => Some(PyProject::parse("pyproject.toml", &t)?),
        None => None,
    };
    let pipfile = match project.read_opt("Pipfile")? {
        Some(t) => Some(Pipfile::parse("Pipfile", &t)?),
        None => None,
    };
    let requirements = project
        .read_opt("requirements.txt")?
        .map(|t| py::requirements(&t));
    let mut deps: Vec<String> = Vec::new();
    deps.extend(pyproject.iter().flat_map(|p| p.dependency_names()));
    deps.extend(pipfile.iter().flat_map(|p| p.dependency_names()));
    deps.extend(requirements.iter().flatten().cloned());

    let (pm, pm_source) = package_manager(project, rules, pyproject.as_ref(), answers);
    let bare = pm.is_none() && bare_app(project, rules)?;
    let (pm, pm_source) = match pm {
        Some(pm) => (pm, pm_source),
        None if bare => (PackageManager::PIP, "no manifest".to_string()),
        None => return Ok(None),
    };
    let mut facts = Facts::new(".", crate::stacks::python::ID, pm);
    facts.because(
        "stack",
        "python",
        pm_source.clone(),
        "Python manifest present",
    );
    facts.because(
        "package_manager",
        pm.as_str(),
        pm_source,
        "lockfile or manifest",
    );
    let pm_rule = rules
        .package_manager(pm.as_str())
        .expect("every Python package manager has a rule");
    let mut manifests: Vec<String> = pm_rule
        .manifests
        .iter()
        .filter(|m| project.has(m))
        .cloned()
        .collect();
    if pm == PackageManager::POETRY && !project.has("poetry.lock")
        || pm == PackageManager::PIPENV && !project.has("Pipfile.lock")
    {
        facts.warnings.push(format!(
            "{} project without its lockfile: the build resolves versions itself; commit the lock",
            pm.as_str()
        ));
    }
    let mut rule = pm_rule.id.clone();
    let mut install_from_project = false;
    if bare {
        manifests.clear();
        facts.warnings.push("no requirements.txt, pyproject.toml or other Python manifest: planned as a program on the standard library alone; list its dependencies in a requirements.txt if it has any".into());
    } else if pm == PackageManager::PIP && requirements.is_none() {
        manifests = vec!["pyproject.toml".into()];
        facts.warnings.push("no lockfile: dependencies install from pyproject.toml's ranges and may drift between builds; commit a lock (uv lock, pdm lock, poetry lock)".into());
        rule = "pip-pyproject".into();
    }

    facts
        .warnings
        .extend(crate::probe::lockfile_conflict(project, rules, pm.as_str()));

    let mut claims = Vec::new();
    if let Some(v) = project.read_opt("runtime.txt")?.and_then(|t| {
        t.trim()
            .strip_prefix("python-")
            .filter(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .map(str::to_string)
    }) {
        claims.push(("runtime.txt", Claim::Exact(v)));
    }
    if let Some(v) = pipfile.as_ref().and_then(|p| p.python_version()) {
        claims.push(("Pipfile", Claim::Exact(v.to_string())));
    }
    if let Some(r) = pyproject.as_ref().and_then(|p| p.requires_python()) {
        if let Some(range) = Range::pep440(&r) {
            claims.push((
                "pyproject.toml requires-python",
                Claim::Range(r.clone(), range),
            ));
        }
    }
    facts.toolchain = Some(toolchain::resolve(
        project,
        &rules.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    // Python 2 is another language (print statements, str/bytes): no Python 3 image runs it, and the
    // nearest newer published line must never stand in for it.
    if let Some(t) = facts
        .toolchain
        .as_ref()
        .filter(|t| t.version.starts_with("2."))
    {
        return Err(Error::Unsupported {
            path: project.root.join(&t.source),
            message: format!("asks for Python {}: Python 2 reached its end of life in 2020 and no image dockgen knows serves it; port the app to Python 3 and state that version", t.version),
        });
    }
    // tomllib, which reads the dependencies out of pyproject.toml, arrived in Python 3.11.
    let has_tomllib = facts
        .toolchain
        .as_ref()
        .and_then(|t| crate::version::Version::parse(&t.version))
        .is_some_and(|v| v.major > 3 || v.minor.unwrap_or(0) >= 11);
    if rule == "pip-pyproject"
        && (!has_tomllib || pyproject.as_ref().is_none_or(|p| p.project.is_none()))
    {
        rule = "pip".into();
        install_from_project = true;
    }

    let native = native_needs(project, rules, pyproject.as_ref(), &deps, &mut facts)?;

    let fw =
        crate::probe::pick_framework(project, &rules.frameworks, |d| deps.iter().any(|x| x == d))?;
    let mut env = Vec::new();
    let mut extra = Vec::new();
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, "dependencies", "dependency");
    }
    let port = match fw {
        Some(_) => None,
        None => entry_port(project, rules)?,
    };
    let sources = python_sources(project)?;
    crate::probe::port::decide_unframed(
        &mut facts,
        &sources,
        &rules.listens,
        port,
        rules.default_port,
        &rules.frameworks,
    );
    let port = facts.port.unwrap_or(rules.default_port);

    // The stack's own start; a Procfile `web:` process replaces it (probe::procfile), as --start does.
    let located = match fw {
        Some(fw) => match locate_app(project, fw) {
            Ok(found) => Some((fw, found)),
            Err(Error::Unsupported { message, .. }) => {
                match rules.entry_files.iter().find(|f| project.has(f)) {
                    // A script that imports nothing to serve (a main.py with Flask merely listed) runs
                    // as itself, and serves no port unless it listens.
                    Some(entry) if fw.app.as_deref() != Some("django") => {
                        run_as_script(&mut facts, entry, &message, &sources, &rules.listens);
                    }
                    _ => facts.start_missing = Some(message),
                }
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    if let Some((fw, (app, settings, source))) = located {
        // uvicorn imports an attribute and rejects `module:create_app()`; it calls a factory itself
        // when told `--factory` (gunicorn accepts the call form).
        let factory = fw.start.first().is_some_and(|p| p == "uvicorn") && app.ends_with("()");
        let app = if factory {
            app.trim_end_matches("()").to_string()
        } else {
            app
        };
        facts.start = fw
            .start
            .iter()
            .map(|w| {
                w.replace("{port}", &port.to_string())
                    .replace("{app}", &app)
            })
            .collect();
        if factory {
            facts.start.insert(1, "--factory".into());
        }
        // An app in a sub-folder (`--chdir backend proj.wsgi:application`) is several words.
        facts.start = facts
            .start
            .iter()
            .flat_map(|w| w.split(' ').map(str::to_string).collect::<Vec<_>>())
            .collect();
        let sub = source.strip_suffix("manage.py").unwrap_or("").to_string();
        facts.because(
            "start",
            facts.start.join(" "),
            source,
            format!("{} served by {}", fw.name, fw.start[0]),
        );
        env.extend(
            fw.env
                .iter()
                .map(|(k, v)| (k.clone(), v.replace("{settings}", &settings))),
        );
        if let Some(build) = &fw.build {
            if settings.is_empty() || static_root_set(project, &sub, &settings)? {
                let build = build.replace("manage.py", &format!("{sub}manage.py"));
                facts.build = Some(build.clone());
                facts.because(
                    "build",
                    build,
                    "detectors",
                    format!("{} build step", fw.name),
                );
                if !deps.iter().any(|d| d == "whitenoise") {
                    facts.warnings.push("the collected static files are not served: gunicorn serves none; add whitenoise (its middleware serves STATIC_ROOT) or serve them from a proxy or CDN".into());
                }
            } else {
                facts.warnings.push(format!(
                    "{settings} sets no STATIC_ROOT, so collectstatic is skipped"
                ));
            }
        }
    } else if fw.is_none() {
        if let Some(entry) = rules.entry_files.iter().find(|f| project.has(f)) {
            facts.start = vec!["python".into(), entry.clone()];
            facts.because(
                "start",
                format!("python {entry}"),
                entry,
                "conventional entry file",
            );
        } else {
            facts.start_missing = Some("no framework, no Procfile and no app.py/main.py: cannot tell how the app starts; pass --start".into());
        }
    }
    // The server the start command runs (the Procfile's web process when there is one) must be installed
    // even when the project only lists the framework.
    let program = procfile_program(project).or_else(|| facts.start.first().cloned());
    if let Some(server) = rules
        .frameworks
        .iter()
        .filter_map(|f| f.server.as_deref())
        .find(|s| {
            let name = s.split("==").next().unwrap_or(s);
            program.as_deref() == Some(name) && !deps.iter().any(|d| d == name)
        })
    {
        extra.push(server.to_string());
        facts.because(
            "server",
            server,
            "detectors",
            "start command needs it and the project does not list it",
        );
    }
    facts.detail = Detail::new(PythonDetail {
        manifests,
        extra_packages: extra,
        env,
        rule,
        install_from_project,
        build_packages: native.build_packages,
        runtime_packages: native.runtime_packages,
        builds_extension: native.builds_extension,
        install_root: pm != PackageManager::POETRY
            || pyproject
                .as_ref()
                .is_some_and(|p| poetry_root_installable(project, p)),
    });
    Ok(Some(facts))
}

/// The entry file as the start when the framework's app object is nowhere: `python main.py`, with a
/// warning, and no port when nothing in the source listens.
fn run_as_script(
    facts: &mut Facts,
    entry: &str,
    why: &str,
    sources: &[(String, String)],
    words: &[String],
) {
    facts.start = vec!["python".into(), entry.to_string()];
    facts.because(
        "start",
        format!("python {entry}"),
        entry,
        "no app object for the framework: the entry file runs as a script",
    );
    let why = why.trim_end_matches("; pass --start");
    facts.warnings.push(format!(
        "{why}: running {entry} as a script; pass --start if it is served otherwise"
    ));
    let heard = sources
        .iter()
        .any(|(_, t)| crate::probe::port::listens(t, words).is_some());
    if !heard {
        facts.port = None;
        facts.evidence.retain(|e| e.fact != "port");
        facts.because("port", "none", entry, "the script never listens: no port");
    }
}

/// What compiling native code needs: Debian packages for the build stage and the runtime.
#[derive(Debug, Default)]
struct NativeNeeds {
    build_packages: Vec<String>,
    runtime_packages: Vec<String>,
    builds_extension: bool,
}

/// Dependencies that compile from source (the rules' `[[native]]` table, matched against the declared
/// dependencies and the lockfile's production packages), and the project's own C, Cython, Rust or CMake
/// extensions (setup.py's `Extension(`, the pyproject build backend and build requirements).
fn native_needs(
    project: &Project,
    rules: &StackRules,
    pyproject: Option<&PyProject>,
    deps: &[String],
    facts: &mut Facts,
) -> Result<NativeNeeds> {
    let mut needs = NativeNeeds::default();
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
    let mut add = |row: &crate::rules::NativeDependency, source: &str, why: String| {
        for p in &row.build_packages {
            if !needs.build_packages.contains(p) {
                needs.build_packages.push(p.clone());
            }
        }
        for p in &row.runtime_packages {
            if !needs.runtime_packages.contains(p) {
                needs.runtime_packages.push(p.clone());
            }
        }
        facts.because("native", &row.dependency, source, why);
    };
    for (name, source) in &names {
        if let Some(row) = rules
            .natives
            .iter()
            .find(|n| !n.project_build && n.dependency == *name)
        {
            add(
                row,
                source,
                format!(
                    "compiles from source: build needs {}, runtime {}",
                    row.build_packages.join(" "),
                    if row.runtime_packages.is_empty() {
                        "nothing more".to_string()
                    } else {
                        row.runtime_packages.join(" ")
                    }
                ),
            );
        }
    }
    // The project's own extension modules.
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
    for (tool, source) in own {
        if let Some(row) = rules
            .natives
            .iter()
            .find(|n| n.project_build && n.dependency == tool)
        {
            needs.builds_extension = true;
            add(
                row,
                &source,
                format!(
                    "the project compiles an extension of its own with {tool}: build needs {}",
                    row.build_packages.join(" ")
                ),
            );
        }
    }
    Ok(needs)
}

/// Where a dependency is declared, with the line for requirements.txt.
fn dependency_source(project: &Project, name: &str) -> String {
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

/// The lockfile decides; a bare pyproject.toml is Poetry's when it has [tool.poetry], else pip's.
fn package_manager(
    project: &Project,
    rules: &StackRules,
    pyproject: Option<&PyProject>,
    answers: &Answers,
) -> (Option<PackageManager>, String) {
    if let Some(pm) = answers
        .package_manager
        .filter(|p| rules.package_manager(p.as_str()).is_some())
    {
        return (Some(pm), "flag".into());
    }
    for rule in &rules.package_managers {
        if let Some(lock) = rule.lockfiles.iter().find(|l| project.has(l)) {
            return (Some(rule.name()), lock.clone());
        }
    }
    if project.has("Pipfile") {
        return (Some(PackageManager::PIPENV), "Pipfile".into());
    }
    match pyproject {
        Some(p) if p.tool.as_ref().is_some_and(|t| t.poetry.is_some()) => {
            (Some(PackageManager::POETRY), "pyproject.toml".into())
        }
        Some(p) if p.tool.as_ref().is_some_and(|t| t.pdm.is_some()) => {
            (Some(PackageManager::PDM), "pyproject.toml".into())
        }
        Some(_) => (Some(PackageManager::PIP), "pyproject.toml".into()),
        None => (None, String::new()),
    }
}

/// A Python program without any manifest (the rules' `bare_signals`: a `.py` entry file, or a Procfile
/// that runs `python`); a conda `environment.yml` is refused by name, since no installer here reads it.
fn bare_app(project: &Project, rules: &StackRules) -> Result<bool> {
    if project.has("environment.yml") {
        return Err(Error::Unsupported {
            path: project.root.join("environment.yml"),
            message: "a conda environment is the only dependency list: dockgen installs with pip, uv, Poetry, PDM or Pipenv; write the dependencies to a requirements.txt (`pip list --format=freeze` in the environment) and run dockgen again".into(),
        });
    }
    let has_py = project
        .files()
        .any(|f| f.ends_with(".py") && !f.contains('/'));
    Ok(has_py && rules.bare_signals.iter().any(|f| project.has(f)))
}

/// Where the app object is: `(import path for the server, Django settings module, evidence source)`.
fn locate_app(project: &Project, fw: &FrameworkRule) -> Result<(String, String, String)> {
    let how = fw.app.as_deref().unwrap_or("");
    if how == "django" {
        return locate_django(project);
    }
    // `script:<module>`: the server runs a file, the root .py file that imports the module.
    if let Some(module) = how.strip_prefix("script:") {
        let mut files: Vec<&str> = project
            .files()
            .filter(|f| f.ends_with(".py") && !f.contains('/'))
            .collect();
        files.sort_by_key(|f| (!f.contains(module), !matches!(*f, "app.py" | "main.py"), *f));
        for f in files {
            let text = project.read_source(f)?;
            if text.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with(&format!("import {module}"))
                    || l.starts_with(&format!("from {module}"))
            }) {
                return Ok((f.to_string(), String::new(), f.to_string()));
            }
        }
    }
    let needle = format!("= {how}(");
    let mut files: Vec<&str> = project
        .files()
        .filter(|f| f.ends_with(".py") && f.matches('/').count() <= 2)
        .collect();
    files.sort_by_key(|f| {
        (
            f.matches('/').count(),
            !matches!(*f, "app.py" | "main.py" | "wsgi.py" | "asgi.py"),
        )
    });
    for f in files {
        let text = project.read_source(f)?;
        let module = f
            .trim_end_matches(".py")
            .trim_end_matches("/__init__")
            .replace('/', ".");
        let module = module.strip_prefix("src.").unwrap_or(&module).to_string();
        for line in text.lines() {
            if let Some((lhs, _)) = line.split_once(&needle) {
                let var = lhs.trim().split(':').next().unwrap_or("").trim();
                if !var.is_empty()
                    && var.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && !line.starts_with(' ')
                {
                    return Ok((format!("{module}:{var}"), String::new(), f.to_string()));
                }
            }
            if let Some(var) = factory_call(line) {
                return Ok((format!("{module}:{var}"), String::new(), f.to_string()));
            }
            if line.starts_with("def create_app(") {
                return Ok((
                    format!("{module}:create_app()"),
                    String::new(),
                    f.to_string(),
                ));
            }
        }
    }
    Err(Error::Unsupported {
        path: project.root.clone(),
        message: format!(
            "{} is a dependency but no module creates the app (`app = {how}(...)`); pass --start",
            fw.name
        ),
    })
}

/// Django: manage.py at the root or one folder down (then gunicorn runs with `--chdir`), the settings
/// module it sets, or, when it computes it, the package beside it that holds wsgi.py.
fn locate_django(project: &Project) -> Result<(String, String, String)> {
    let manage = if project.has("manage.py") {
        "manage.py".to_string()
    } else {
        let mut found: Vec<&str> = project
            .files()
            .filter(|f| f.ends_with("/manage.py") && f.matches('/').count() == 1)
            .collect();
        found.sort();
        found
            .first()
            .map(|f| f.to_string())
            .ok_or_else(|| Error::Unsupported {
                path: project.root.join("manage.py"),
                message: "Django project without manage.py: cannot find its settings; pass --start"
                    .into(),
            })?
    };
    let sub = manage.strip_suffix("manage.py").unwrap_or("");
    let text = project.read_source(&manage)?;
    let literal = text
        .lines()
        .find(|l| l.contains("DJANGO_SETTINGS_MODULE"))
        .and_then(|l| {
            l.split(['"', '\''])
                .rfind(|s| s.contains('.') && !s.contains(' '))
        })
        .map(str::to_string);
    let settings = match literal {
        Some(s) => s,
        None => {
            // The settings module is computed (`setdefault(…, settings_module)`): the project package is
            // the folder beside manage.py holding wsgi.py, whose settings.py is the default.
            let mut packages: Vec<&str> = project
                .files()
                .filter_map(|f| f.strip_prefix(sub)?.strip_suffix("/wsgi.py"))
                .filter(|p| !p.contains('/'))
                .collect();
            packages.sort();
            let package = packages.first().ok_or_else(|| Error::Unsupported {
                path: project.root.join(&manage),
                message: "does not set DJANGO_SETTINGS_MODULE and no folder beside it holds wsgi.py; pass --start".into(),
            })?;
            format!("{package}.settings")
        }
    };
    let package = settings
        .rsplit_once('.')
        .map_or(settings.as_str(), |(p, _)| p);
    let app = format!("{package}.wsgi:application");
    let app = match sub.strip_suffix('/') {
        Some(dir) => format!("--chdir {dir} {app}"),
        None => app,
    };
    Ok((app, settings.clone(), manage))
}

/// `app = create_app()` / `app = get_application()` at module level: the factory already ran, so the
/// module's variable is the app.
fn factory_call(line: &str) -> Option<&str> {
    if line.starts_with(' ') || line.starts_with('\t') {
        return None;
    }
    let (lhs, rhs) = line.split_once('=')?;
    let var = lhs.trim().split(':').next()?.trim();
    let call = rhs.trim();
    let is_factory = [
        "create_app(",
        "get_application(",
        "get_app(",
        "make_app(",
        "build_app(",
    ]
    .iter()
    .any(|f| call.starts_with(f));
    // Only the conventional names: `flask_app = create_app()` in a Celery worker module is not the
    // web app.
    (is_factory && matches!(var, "app" | "application")).then_some(var)
}

fn static_root_set(project: &Project, sub: &str, settings: &str) -> Result<bool> {
    let file = format!("{sub}{}.py", settings.replace('.', "/"));
    Ok(project
        .read_source_opt(&file)?
        .is_some_and(|t| t.contains("STATIC_ROOT")))
}

/// The program a Procfile's web process runs (its first word), to install its server; a Procfile that
/// cannot be read is reported by probe::procfile, not here.
fn procfile_program(project: &Project) -> Option<String> {
    let text = project.read_opt(crate::probe::procfile::FILE).ok()??;
    let processes = crate::manifest::procfile::parse(crate::probe::procfile::FILE, &text).ok()?;
    let web = processes.into_iter().find(|p| p.name == "web")?;
    crate::manifest::split_words(&web.command)
        .into_iter()
        .find(|w| w != "exec")
}

/// The Python files near the root and the Procfile (whose web process may run a server), read to tell
/// whether the program listens.
fn python_sources(project: &Project) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for f in project
        .files()
        .filter(|f| f.ends_with(".py") && f.matches('/').count() <= 2 && !f.starts_with("tests/"))
        .take(300)
    {
        out.push((f.to_string(), project.read_source(f)?));
    }
    if let Some(text) = project.read_opt(crate::probe::procfile::FILE)? {
        out.push((crate::probe::procfile::FILE.to_string(), text));
    }
    Ok(out)
}

fn entry_port(project: &Project, rules: &StackRules) -> Result<Option<(u16, String)>> {
    for f in rules.entry_files.iter().filter(|f| project.has(f)) {
        if let Some((p, line)) = crate::probe::port::find(&project.read_source(f)?) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

/// Whether Poetry can install the project itself: package mode (the default) and a package to install,
/// declared in `packages` or a folder (or module) named after the project at the root or under src/.
/// Poetry 2 fails `poetry install` on a project it cannot find, which Poetry 1 only warned about.
fn poetry_root_installable(project: &Project, pyproject: &PyProject) -> bool {
    let Some(poetry) = pyproject.tool.as_ref().and_then(|t| t.poetry.as_ref()) else {
        return true;
    };
    if poetry.package_mode == Some(false) {
        return false;
    }
    if poetry.packages.is_some() {
        return true;
    }
    let Some(name) = pyproject
        .project
        .as_ref()
        .and_then(|p| p.name.clone())
        .or_else(|| poetry.name.clone())
    else {
        return false;
    };
    let module = name.to_lowercase().replace(['-', '.'], "_");
    ["", "src/"].iter().any(|dir| {
        project.has(&format!("{dir}{module}/__init__.py"))
            || project.has(&format!("{dir}{module}.py"))
    })
}
