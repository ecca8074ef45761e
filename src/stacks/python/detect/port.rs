//! Ports a Python app states in its own configuration rather than in its entry file: a server config
//! file's bind address (gunicorn's `bind` in the file `--config` names, or gunicorn.conf.py), and the
//! settings value the app's module hands its server (`uvicorn.run(..., port=settings.API_PORT)` with
//! `API_PORT: int = 9000` in the settings).

use super::*;

/// The configured port, with its source and the rule that found it. A settings file's port and the
/// Compose file's only stand in for a default (`defaulted`), never for a port the source states.
pub(super) fn config_port(
    project: &Project,
    rules: &StackRules,
    fw: Option<&FrameworkRule>,
    defaulted: bool,
) -> Result<Option<(u16, String, String)>> {
    if let Some(found) = server_config_port(project, rules, fw)? {
        return Ok(Some(found));
    }
    let module = fw
        .and_then(|fw| locate_app(project, fw).ok())
        .map(|(_, _, m)| m);
    if let Some(module) = &module {
        if let Some(found) = app_module_port(project, module)? {
            return Ok(Some(found));
        }
    }
    if !defaulted {
        return Ok(None);
    }
    if let Some(found) = settings_file_port(project, rules, module.as_deref())? {
        return Ok(Some(found));
    }
    Ok(
        crate::probe::compose_port::in_compose(project)?.map(|(p, at)| {
            let why = "the container port the project's Compose file publishes for its own service";
            (p, at, why.to_string())
        }),
    )
}

/// The port key of the app's settings file (the rules' `port_configs`, in order; `{package}` is the
/// folder of the app's module: searx/settings.yml's `server: port: 8888`), another service's skipped.
fn settings_file_port(
    project: &Project,
    rules: &StackRules,
    module: Option<&str>,
) -> Result<Option<(u16, String, String)>> {
    let package = module
        .and_then(|m| m.split_once('/'))
        .map(|(dir, _)| dir)
        .filter(|d| *d != "src");
    let files: Vec<String> = rules
        .port_configs
        .iter()
        .filter_map(|f| match package {
            Some(p) => Some(f.replace("{package}", p)),
            None => (!f.contains("{package}")).then(|| f.clone()),
        })
        .collect();
    Ok(
        crate::probe::config_port::in_config(project, &files)?.map(|(p, at)| {
            (
                p,
                at,
                "the server port of the app's settings file".to_string(),
            )
        }),
    )
}

/// The bind address of the server's config file: the file a flag of the Procfile's web process names,
/// else the server's default file when the server runs it (the web process or the framework's start).
fn server_config_port(
    project: &Project,
    rules: &StackRules,
    fw: Option<&FrameworkRule>,
) -> Result<Option<(u16, String, String)>> {
    let web = procfile_web(project).unwrap_or_default();
    let program = web
        .iter()
        .find(|w| *w != "exec")
        .cloned()
        .or_else(|| fw.and_then(|f| f.start.first().cloned()));
    let Some(rule) = rules
        .server_configs
        .iter()
        .find(|r| program.as_deref() == Some(r.server.as_str()))
    else {
        return Ok(None);
    };
    let named = web.iter().enumerate().find_map(|(i, w)| {
        rule.flags.iter().find_map(|f| {
            if w == f {
                web.get(i + 1).cloned()
            } else {
                w.strip_prefix(&format!("{f}=")).map(str::to_string)
            }
        })
    });
    // gunicorn's `python:module` form names a module, not a file.
    let Some(file) = named
        .filter(|f| !f.starts_with("python:"))
        .or_else(|| rule.default.clone())
    else {
        return Ok(None);
    };
    let file = file.trim_start_matches("./").to_string();
    let Some(text) = project.read_source_opt(&file)? else {
        return Ok(None);
    };
    Ok(setting_port(&text, &rule.key).map(|(p, line)| {
        (
            p,
            format!("{file}:{line}"),
            format!("{}'s `{}` in its config file", rule.server, rule.key),
        )
    }))
}

/// `key = "0.0.0.0:8080"` or `key = ["0.0.0.0:8080"]` at the start of a line: the port and its line.
fn setting_port(text: &str, key: &str) -> Option<(u16, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        let addr = rest.split(['"', '\'']).nth(1)?;
        let port = addr.rsplit(':').next()?.parse().ok()?;
        Some((port, i + 1))
    })
}

/// The port the app's own module passes its server (`port=settings.API_PORT`), followed to the settings
/// field that defines it (`API_PORT: int = 9000`); a literal (`port=5000`) is taken as it is. A bare name
/// (`port=port`) is the module's own variable: another module's `port = 3306` (a database client's) is
/// never it.
fn app_module_port(project: &Project, module: &str) -> Result<Option<(u16, String, String)>> {
    let text = project.read_source(module)?;
    let Some((value, line)) = port_argument(&text) else {
        return Ok(None);
    };
    let why = "the port the app's module passes its server".to_string();
    if let Ok(p) = value.parse::<u16>() {
        return Ok(Some((p, format!("{module}:{line}"), why)));
    }
    let Some((_, name)) = value.rsplit_once('.') else {
        return Ok(definition(&text, &value)
            .map(|(p, l)| (p, format!("{module}:{l}"), format!("{why} ({value})"))));
    };
    for f in project
        .files()
        .filter(|f| f.ends_with(".py") && f.matches('/').count() <= 3)
        .take(400)
    {
        let text = project.read_source(f)?;
        if let Some((p, l)) = definition(&text, name) {
            let why = format!("{why} ({value}), as its settings define it");
            return Ok(Some((p, format!("{f}:{l}"), why)));
        }
    }
    Ok(None)
}

/// The value of a `port=` keyword argument outside comments (`port=settings.API_PORT`, `port=5000`),
/// with its line.
fn port_argument(text: &str) -> Option<(String, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        if line.trim_start().starts_with('#') {
            return None;
        }
        let at = line.find("port=")?;
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let value: String = line[at + 5..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
            .collect();
        (!value.is_empty()).then(|| (value, i + 1))
    })
}

/// `NAME: int = 9000` or `NAME = 9000` (a settings field or a constant): the number and its line.
fn definition(text: &str, name: &str) -> Option<(u16, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start().strip_prefix(name)?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix(':') {
            Some(typed) => typed.split_once('=')?.1,
            None => rest.strip_prefix('=')?,
        };
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let port: u16 = digits.parse().ok()?;
        (port > 0).then_some((port, i + 1))
    })
}

/// The words of the Procfile's web process, when there is one.
fn procfile_web(project: &Project) -> Option<Vec<String>> {
    let text = project.read_opt(crate::probe::procfile::FILE).ok()??;
    let processes = crate::manifest::procfile::parse(crate::probe::procfile::FILE, &text).ok()?;
    let web = processes.into_iter().find(|p| p.name == "web")?;
    Some(crate::manifest::split_words(&web.command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bind_setting_states_the_port() {
        assert_eq!(
            setting_port("workers = 2\nbind = \"0.0.0.0:8080\"\n", "bind"),
            Some((8080, 2))
        );
        assert_eq!(
            setting_port("bind = ['[::]:9000']\n", "bind"),
            Some((9000, 1))
        );
        assert_eq!(
            setting_port("# bind = \"0.0.0.0:1\"\nworkers = 2\n", "bind"),
            None
        );
    }

    #[test]
    fn a_port_argument_is_followed_to_its_definition() {
        let call = "    uvicorn.run(\"app:app\",\n        port=settings.API_PORT,\n    )\n";
        assert_eq!(port_argument(call), Some(("settings.API_PORT".into(), 2)));
        assert_eq!(
            port_argument("app.run(host=h, port=5000)\n"),
            Some(("5000".into(), 1))
        );
        assert_eq!(port_argument("db_port=5432\n# port=1\n"), None);
        let settings = "class S:\n    API_HOST: str = \"\"\n    API_PORT: int = 9000\n";
        assert_eq!(definition(settings, "API_PORT"), Some((9000, 3)));
        assert_eq!(definition("API_PORT_X = 1\n", "API_PORT"), None);
    }
}
