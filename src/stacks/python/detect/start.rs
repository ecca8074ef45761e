//! The start command a Python app gets: its framework's production server on the located app object
//! (with Django's settings and collectstatic), the entry file run as a script, or nothing (then the
//! Procfile or `--start` must say).

use super::*;

/// Set the start (and build) from the framework's row and the located app, or from the entry file;
/// returns the environment the framework's server needs.
pub(super) fn start(
    project: &Project,
    rules: &StackRules,
    fw: Option<&FrameworkRule>,
    port: u16,
    sources: &[(String, String)],
    deps: &[String],
    facts: &mut Facts,
) -> Result<Vec<(String, String)>> {
    let Some(fw) = fw else {
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
        return Ok(Vec::new());
    };
    // The stack's own start; a Procfile `web:` process replaces it (probe::procfile), as --start does.
    let (app, settings, source) = match locate_app(project, fw) {
        Ok(found) => found,
        Err(Error::Unsupported { message, .. }) => {
            match rules.entry_files.iter().find(|f| project.has(f)) {
                // A script that imports nothing to serve (a main.py with Flask merely listed) runs
                // as itself, and serves no port unless it listens.
                Some(entry) if fw.app.as_deref() != Some("django") => {
                    run_as_script(facts, entry, &message, sources, &rules.listens);
                }
                _ => facts.start_missing = Some(message),
            }
            return Ok(Vec::new());
        }
        Err(e) => return Err(e),
    };
    facts.start = server_argv(fw, &app, port);
    facts.because(
        "start",
        facts.start.join(" "),
        &source,
        format!("{} served by {}", fw.name, fw.start[0]),
    );
    let sub = source.strip_suffix("manage.py").unwrap_or("").to_string();
    framework_build(project, fw, &settings, &sub, deps, facts)?;
    Ok(fw
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.replace("{settings}", &settings)))
        .collect())
}

/// The framework's server command on the app: uvicorn imports an attribute and rejects
/// `module:create_app()`, calling a factory itself when told `--factory` (gunicorn accepts the call form);
/// an app in a sub-folder (`--chdir backend proj.wsgi:application`) is several words.
fn server_argv(fw: &FrameworkRule, app: &str, port: u16) -> Vec<String> {
    let factory = fw.start.first().is_some_and(|p| p == "uvicorn") && app.ends_with("()");
    let app = if factory {
        app.trim_end_matches("()")
    } else {
        app
    };
    let mut argv: Vec<String> = fw
        .start
        .iter()
        .map(|w| w.replace("{port}", &port.to_string()).replace("{app}", app))
        .collect();
    if factory {
        argv.insert(1, "--factory".into());
    }
    argv.iter()
        .flat_map(|w| w.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The framework's build step (Django's collectstatic), run only when the settings say where it writes.
fn framework_build(
    project: &Project,
    fw: &FrameworkRule,
    settings: &str,
    sub: &str,
    deps: &[String],
    facts: &mut Facts,
) -> Result<()> {
    let Some(build) = &fw.build else {
        return Ok(());
    };
    if !settings.is_empty() && !static_root_set(project, sub, settings)? {
        facts.warnings.push(format!(
            "{settings} sets no STATIC_ROOT, so collectstatic is skipped"
        ));
        return Ok(());
    }
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
    Ok(())
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
