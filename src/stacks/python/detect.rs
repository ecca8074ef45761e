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

mod locate;
use locate::*;

mod native;
use native::*;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
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
