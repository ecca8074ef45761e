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

mod ceiling;
use ceiling::*;

mod port;
use port::*;

mod start;
use start::*;

/// What the project's manifests say: the parsed pyproject.toml and Pipfile, the requirements list, and
/// every dependency name they give.
struct Manifests {
    pyproject: Option<PyProject>,
    pipfile: Option<Pipfile>,
    requirements: Option<Vec<String>>,
    /// The exact pins of requirements.txt and the files it includes.
    pins: Vec<(String, String)>,
    deps: Vec<String>,
}

impl Manifests {
    fn read(project: &Project) -> Result<Self> {
        let pyproject = match project.read_opt("pyproject.toml")? {
            Some(t) => Some(PyProject::parse("pyproject.toml", &t)?),
            None => None,
        };
        let pipfile = match project.read_opt("Pipfile")? {
            Some(t) => Some(Pipfile::parse("Pipfile", &t)?),
            None => None,
        };
        let texts = requirement_texts(project, "requirements.txt")?;
        let requirements = texts
            .as_ref()
            .map(|texts| texts.iter().flat_map(|t| py::requirements(t)).collect());
        let pins = texts.iter().flatten().flat_map(|t| py::pins(t)).collect();
        let mut deps: Vec<String> = Vec::new();
        deps.extend(pyproject.iter().flat_map(|p| p.dependency_names()));
        deps.extend(pipfile.iter().flat_map(|p| p.dependency_names()));
        deps.extend(requirements.iter().flatten().cloned());
        Ok(Self {
            pyproject,
            pipfile,
            requirements,
            pins,
            deps,
        })
    }
}

/// How the dependencies install: the manifests copied before the source, the package-manager rule, and
/// whether the project installs itself (`pip install .`) after the source.
struct Install {
    manifests: Vec<String>,
    rule: String,
    from_project: bool,
}

pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let m = Manifests::read(project)?;
    let (pm, pm_source) = package_manager(project, rules, m.pyproject.as_ref(), answers);
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
    let mut install = install(project, rules, &m, bare, &mut facts);
    facts
        .warnings
        .extend(crate::probe::lockfile_conflict(project, rules, pm.as_str()));
    python_toolchain(project, rules, &m, &mut facts)?;
    // tomllib, which reads the dependencies out of pyproject.toml, arrived in Python 3.11.
    let has_tomllib = facts
        .toolchain
        .as_ref()
        .and_then(|t| crate::version::Version::parse(&t.version))
        .is_some_and(|v| v.major > 3 || v.minor.unwrap_or(0) >= 11);
    if install.rule == "pip-pyproject"
        && (!has_tomllib || m.pyproject.as_ref().is_none_or(|p| p.project.is_none()))
    {
        install.rule = "pip".into();
        install.from_project = true;
    }

    let native = native_needs(project, rules, m.pyproject.as_ref(), &m.deps, &mut facts)?;
    let fw = crate::probe::pick_framework(project, &rules.frameworks, |d| {
        m.deps.iter().any(|x| x == d)
    })?;
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, "dependencies", "dependency");
    }
    let sources = python_sources(project)?;
    let port = decide_port(project, rules, fw, &sources, &mut facts)?;
    let env = start(project, rules, fw, port, &sources, &m.deps, &mut facts)?;
    let extra = server_package(project, rules, &m.deps, &mut facts);
    facts.detail = Detail::new(PythonDetail {
        manifests: install.manifests,
        extra_packages: extra,
        env,
        rule: install.rule,
        install_from_project: install.from_project,
        build_packages: native.build_packages,
        runtime_packages: native.runtime_packages,
        builds_extension: native.builds_extension,
        install_root: pm != PackageManager::POETRY
            || m.pyproject
                .as_ref()
                .is_some_and(|p| poetry_root_installable(project, p)),
        workspace: None,
    });
    Ok(Some(facts))
}

/// The manifests the package manager installs from, with a warning where the lock is missing; a bare
/// pyproject.toml installs with pip from its ranges (`pip-pyproject`), a program without any from nothing.
fn install(
    project: &Project,
    rules: &StackRules,
    m: &Manifests,
    bare: bool,
    facts: &mut Facts,
) -> Install {
    let pm = facts.package_manager;
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
    if bare {
        manifests.clear();
        facts.warnings.push("no requirements.txt, pyproject.toml or other Python manifest: planned as a program on the standard library alone; list its dependencies in a requirements.txt if it has any".into());
    } else if pm == PackageManager::PIP && m.requirements.is_none() {
        manifests = vec!["pyproject.toml".into()];
        facts.warnings.push("no lockfile: dependencies install from pyproject.toml's ranges and may drift between builds; commit a lock (uv lock, pdm lock, poetry lock)".into());
        rule = "pip-pyproject".into();
    }
    Install {
        manifests,
        rule,
        from_project: false,
    }
}

/// The Python line: runtime.txt, the Pipfile's, requires-python, or the rules' order of version files;
/// a Python 2 pin is refused by name.
fn python_toolchain(
    project: &Project,
    rules: &StackRules,
    m: &Manifests,
    facts: &mut Facts,
) -> Result<()> {
    let mut claims = Vec::new();
    if let Some(v) = project.read_opt("runtime.txt")?.and_then(|t| {
        t.trim()
            .strip_prefix("python-")
            .filter(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .map(str::to_string)
    }) {
        claims.push(("runtime.txt", Claim::Exact(v)));
    }
    if let Some(v) = m.pipfile.as_ref().and_then(|p| p.python_version()) {
        claims.push(("Pipfile", Claim::Exact(v.to_string())));
    }
    if let Some(r) = m.pyproject.as_ref().and_then(|p| p.requires_python()) {
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
        facts,
    )?);
    // A range chose the newest line it admits: a ceiling may pick an older one inside it.
    let range = claims.iter().find_map(|(name, claim)| match claim {
        Claim::Range(_, range) => Some((*name, range)),
        _ => None,
    });
    lower_to_ceiling(project, rules, (&m.pins, &m.deps), range, facts);
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
    Ok(())
}

/// The port: a server config file's bind (gunicorn.conf.py), else what the entry file states (an app
/// without a framework row), else the framework's or the stack's default; none for a job.
fn decide_port(
    project: &Project,
    rules: &StackRules,
    fw: Option<&FrameworkRule>,
    sources: &[(String, String)],
    facts: &mut Facts,
) -> Result<u16> {
    let port = match fw {
        Some(_) => None,
        None => entry_port(project, rules)?,
    };
    crate::probe::port::decide_unframed(
        facts,
        sources,
        &rules.listens,
        port,
        rules.default_port,
        &rules.frameworks,
    );
    if let Some((p, source, why)) = config_port(project, rules, fw)? {
        facts.port = Some(p);
        facts.evidence.retain(|e| e.fact != "port");
        facts.because("port", p, source, why);
    }
    Ok(facts.port.unwrap_or(rules.default_port))
}

/// The server the start command runs (the Procfile's web process when there is one) is installed even
/// when the project only lists the framework; returns the packages to add.
fn server_package(
    project: &Project,
    rules: &StackRules,
    deps: &[String],
    facts: &mut Facts,
) -> Vec<String> {
    let program = procfile_program(project).or_else(|| facts.start.first().cloned());
    let Some(server) = rules
        .frameworks
        .iter()
        .filter_map(|f| f.server.as_deref())
        .find(|s| {
            let name = s.split("==").next().unwrap_or(s);
            program.as_deref() == Some(name) && !deps.iter().any(|d| d == name)
        })
    else {
        return Vec::new();
    };
    facts.because(
        "server",
        server,
        "detectors",
        "start command needs it and the project does not list it",
    );
    vec![server.to_string()]
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

/// The text of a requirements file and of every file it includes, the top file first, following its
/// `-r`/`--requirement` includes (relative to the including file, as pip reads them):
/// `-r requirements/production.txt` is the real list.
fn requirement_texts(project: &Project, file: &str) -> Result<Option<Vec<String>>> {
    let mut seen = Vec::new();
    let mut pending = vec![file.to_string()];
    let mut texts = Vec::new();
    while let Some(f) = pending.pop() {
        if seen.contains(&f) || seen.len() > 20 {
            continue;
        }
        let Some(text) = project.read_opt(&f)? else {
            // The top file absent: no requirements list; an include absent: pip reports it at build time.
            if f == file {
                return Ok(None);
            }
            continue;
        };
        let dir = f.rsplit_once('/').map_or("", |(d, _)| d);
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let include = match words.as_slice() {
                ["-r" | "--requirement", path, ..] => Some(*path),
                [w, ..] => w
                    .strip_prefix("--requirement=")
                    .or_else(|| w.strip_prefix("-r").filter(|p| !p.is_empty())),
                [] => None,
            };
            if let Some(path) = include {
                let joined = if dir.is_empty() {
                    path.to_string()
                } else {
                    format!("{dir}/{path}")
                };
                pending.push(joined.trim_start_matches("./").to_string());
            }
        }
        texts.push(text);
        seen.push(f);
    }
    Ok(Some(texts))
}
