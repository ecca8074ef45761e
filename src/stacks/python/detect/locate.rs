//! Where a Python web app's application object is: the framework's module:attribute, a factory, or Django's settings and WSGI module.

use super::*;

/// Where the app object is: `(import path for the server, Django settings module, evidence source)`.
pub(super) fn locate_app(
    project: &Project,
    fw: &FrameworkRule,
) -> Result<(String, String, String)> {
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
    // Nearest the root first; in a folder, the module a server is pointed at (wsgi.py, asgi.py) before
    // app.py/main.py, which may only define the factory the wsgi module calls (redash/wsgi.py's
    // `app = create_app()` over redash/app.py's `def create_app`).
    files.sort_by_key(|f| {
        let name = f.rsplit('/').next().unwrap_or(f);
        let rank = match name {
            "wsgi.py" | "asgi.py" => 0,
            "app.py" | "main.py" => 1,
            _ => 2,
        };
        (f.matches('/').count(), rank)
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
pub(super) fn locate_django(project: &Project) -> Result<(String, String, String)> {
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
    let package = wsgi_package(project, sub, &settings);
    let app = format!("{package}.wsgi:application");
    let app = match sub.strip_suffix('/') {
        Some(dir) => format!("--chdir {dir} {app}"),
        None => app,
    };
    Ok((app, settings.clone(), manage))
}

/// The package whose wsgi.py serves the project: the settings module's package (`mysite.settings` →
/// `mysite`), or the nearest one up its dotted path that holds wsgi.py (`proj.settings.dev` → `proj`), else
/// the folder beside manage.py that holds one (settings kept apart from the project package, `settings.main`
/// beside `wger/wsgi.py`).
fn wsgi_package(project: &Project, sub: &str, settings: &str) -> String {
    let has_wsgi =
        |package: &str| project.has(&format!("{sub}{}/wsgi.py", package.replace('.', "/")));
    let mut package = settings.rsplit_once('.').map_or(settings, |(p, _)| p);
    let declared = package;
    loop {
        if has_wsgi(package) {
            return package.to_string();
        }
        match package.rsplit_once('.') {
            Some((up, _)) => package = up,
            None => break,
        }
    }
    let mut beside: Vec<&str> = project
        .files()
        .filter_map(|f| f.strip_prefix(sub)?.strip_suffix("/wsgi.py"))
        .filter(|p| !p.contains('/'))
        .collect();
    beside.sort();
    beside.first().copied().unwrap_or(declared).to_string()
}

/// `app = create_app()` / `app = get_application()` at module level: the factory already ran, so the
/// module's variable is the app.
pub(super) fn factory_call(line: &str) -> Option<&str> {
    if line.starts_with(' ') || line.starts_with('\t') {
        return None;
    }
    let (lhs, rhs) = line.split_once('=')?;
    let var = lhs.trim().split(':').next()?.trim();
    let call = rhs.trim();
    // A factory is a bare call (no module or method prefix) of a function named for making the app:
    // `create_app()`, `get_application()`, `create_application()`, `make_fastapi_app()`.
    let name = call.split_once('(').map_or("", |(n, _)| n);
    let is_factory = ["create_", "get_", "make_", "build_"]
        .iter()
        .any(|p| name.starts_with(p))
        && (name.ends_with("_app") || name.ends_with("_application"))
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // Only the conventional names: `flask_app = create_app()` in a Celery worker module is not the
    // web app.
    (is_factory && matches!(var, "app" | "application")).then_some(var)
}

pub(super) fn static_root_set(project: &Project, sub: &str, settings: &str) -> Result<bool> {
    let file = format!("{sub}{}.py", settings.replace('.', "/"));
    Ok(project
        .read_source_opt(&file)?
        .is_some_and(|t| t.contains("STATIC_ROOT")))
}
