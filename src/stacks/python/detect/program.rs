//! A packaged app's own program: a console script (`[project.scripts]`, Poetry's scripts, setup.py's
//! `console_scripts`) or a root launcher script (setup.py `scripts=[…]`) whose code starts the server
//! itself (`uvicorn.run`, `socketio.run`, `serve_forever`), with the host and port its options take.

use super::*;

/// The program that serves: its argv, the port it listens on, and the file each was read from.
pub(super) struct Program {
    pub argv: Vec<String>,
    pub source: String,
    pub port: Option<(u16, String)>,
    /// A root launcher script that a manifest names (setup.py `scripts=`): the project's own way to run
    /// the server, which does its set-up (stores, workers) before serving; it beats a framework's app.
    pub launcher: bool,
    /// The host the server binds is set: a `--host` flag passed, or `0.0.0.0` in the program's code.
    pub binds_all: bool,
}

/// The first console script whose target module listens (one named after the project first), as the
/// root launcher script that calls it when there is one, else as the script with its host and port flags.
pub(super) fn program(
    project: &Project,
    pyproject: Option<&PyProject>,
    listens: &[String],
) -> Result<Option<Program>> {
    let setup = project.read_source_opt("setup.py")?.unwrap_or_default();
    let mut scripts = console_scripts(pyproject, &setup);
    let name = pyproject
        .and_then(|p| p.project.as_ref())
        .and_then(|p| p.name.clone())
        .unwrap_or_default();
    scripts.sort_by_key(|(n, _)| *n != name);
    for (script, target) in scripts {
        let (module, function) = target.split_once(':').unwrap_or((&target, "main"));
        let Some((file, text)) = module_source(project, module)? else {
            continue;
        };
        if crate::probe::port::listens(&text, listens).is_none() {
            continue;
        }
        let port = crate::probe::port::find(&text).map(|(p, l)| (p, format!("{file}:{l}")));
        if let Some(launcher) = launcher(project, &setup, module, function)? {
            return Ok(Some(Program {
                argv: vec!["python".into(), launcher.clone()],
                source: launcher,
                port,
                launcher: true,
                binds_all: true,
            }));
        }
        let mut argv = vec![script];
        let mut port = port;
        let mut binds_all = text.contains("\"0.0.0.0\"") || text.contains("'0.0.0.0'");
        if let Some((flag, _)) = option(&text, "--host") {
            argv.extend([flag, "0.0.0.0".into()]);
            binds_all = true;
        }
        if let Some((flag, Some((p, line)))) = option(&text, "--port") {
            argv.extend([flag, p.to_string()]);
            port = Some((p, format!("{file}:{line}")));
        }
        return Ok(Some(Program {
            argv,
            source: file,
            port,
            launcher: false,
            binds_all,
        }));
    }
    Ok(None)
}

/// The program as the start (and its port): a launcher always, since it is how the project runs its
/// server; a console script only when nothing else gave a start (no framework app, no entry file).
pub(super) fn apply(
    project: &Project,
    rules: &StackRules,
    pyproject: Option<&PyProject>,
    facts: &mut Facts,
) -> Result<()> {
    let Some(program) = program(project, pyproject, &rules.listens)? else {
        return Ok(());
    };
    if !program.launcher && !facts.start.is_empty() {
        return Ok(());
    }
    facts.start = program.argv;
    facts.start_missing = None;
    let why = if program.launcher {
        "the project's launcher script, which starts its server itself"
    } else {
        "the packaged app's console script, whose code starts its server"
    };
    facts.because("start", facts.start.join(" "), &program.source, why);
    if !program.binds_all {
        facts.warnings.push(format!(
            "`{}` is given no listening address (its code declares no --host option): check that its configuration binds 0.0.0.0, since a server on localhost answers nothing through the container's port",
            facts.start.join(" ")
        ));
    }
    if let Some((p, source)) = program.port {
        facts.port = Some(p);
        facts.evidence.retain(|e| e.fact != "port");
        facts.because("port", p, source, "the port the program's code listens on");
    }
    Ok(())
}

/// `(name, "module:function")` of every console script the manifests declare.
fn console_scripts(pyproject: Option<&PyProject>, setup: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(p) = pyproject {
        let project = p.project.iter().flat_map(|p| p.scripts.clone());
        let poetry = p
            .tool
            .iter()
            .filter_map(|t| t.poetry.as_ref())
            .flat_map(|p| p.scripts.clone())
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())));
        out.extend(project.chain(poetry));
    }
    // setup.py: `'name = module:function'` strings (console_scripts entries).
    for quoted in setup.split(['"', '\'']).skip(1).step_by(2) {
        if let Some((name, target)) = quoted.split_once('=') {
            let (name, target) = (name.trim(), target.trim());
            let word = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            };
            if word(name) && word(target) && target.contains(':') {
                out.push((name.to_string(), target.to_string()));
            }
        }
    }
    out
}

/// The source file of a dotted module (`pkg/mod.py` or `pkg/mod/__init__.py`, at the root or in src/).
fn module_source(project: &Project, module: &str) -> Result<Option<(String, String)>> {
    let path = module.replace('.', "/");
    for dir in ["", "src/"] {
        for f in [
            format!("{dir}{path}.py"),
            format!("{dir}{path}/__init__.py"),
        ] {
            if let Some(text) = project.read_source_opt(&f)? {
                return Ok(Some((f, text)));
            }
        }
    }
    Ok(None)
}

/// A root .py file setup.py lists in `scripts=` that calls the console script's function
/// (`changedetectionio.main()` under `if __name__ == "__main__"`).
fn launcher(
    project: &Project,
    setup: &str,
    module: &str,
    function: &str,
) -> Result<Option<String>> {
    let Some(list) = setup
        .split_once("scripts=")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
    else {
        return Ok(None);
    };
    let call = format!("{function}(");
    for f in list.split(['"', '\'', '[', ',']).map(str::trim) {
        let f = f.trim_start_matches("./");
        if !f.ends_with(".py") || f.contains('/') {
            continue;
        }
        if let Some(text) = project.read_source_opt(f)? {
            if text.contains("__main__") && text.contains(module) && text.contains(&call) {
                return Ok(Some(f.to_string()));
            }
        }
    }
    Ok(None)
}

/// An option the script's module declares (click's `@click.option("-p", "--port", default=8001)` or
/// argparse's `add_argument`): its first flag, and its numeric default with the line.
fn option(text: &str, long: &str) -> Option<(String, Option<(u16, usize)>)> {
    let quoted = format!("\"{long}\"");
    let single = format!("'{long}'");
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains(&quoted) || l.contains(&single))?;
    // The call may list one flag a line: its flags start at the line that opens it.
    let open = (i.saturating_sub(4)..=i)
        .rev()
        .find(|&j| lines[j].contains('('))
        .unwrap_or(i);
    let flag = lines[open..=i]
        .iter()
        .flat_map(|l| l.split(['"', '\'']).skip(1).step_by(2))
        .find(|w| w.starts_with('-') && !w.contains(' '))?
        .to_string();
    // The default may sit on one of the next lines of the same call.
    let default = lines[i..]
        .iter()
        .take(6)
        .enumerate()
        .take_while(|(k, l)| *k == 0 || !l.contains(".option(") && !l.contains("add_argument("))
        .find_map(|(k, l)| Some((l.split_once("default=")?.1, i + k + 1)))
        .and_then(|(rest, line)| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((digits.parse::<u16>().ok().filter(|p| *p > 0)?, line))
        });
    Some((flag, default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_gives_its_first_flag_and_default() {
        let cli = "@click.option(\n    \"-p\",\n    \"--port\",\n    default=8001,\n)\n";
        assert_eq!(option(cli, "--port"), Some(("-p".into(), Some((8001, 4)))));
        let cli = "@click.option(\"-h\", \"--host\", default=\"127.0.0.1\")\n@click.option(\"-p\", \"--port\", default=8001, type=int)\n";
        assert_eq!(option(cli, "--host"), Some(("-h".into(), None)));
        assert_eq!(option(cli, "--port"), Some(("-p".into(), Some((8001, 2)))));
        assert_eq!(
            option("parser.add_argument('--port', type=int)\n", "--port"),
            Some(("--port".into(), None))
        );
    }

    #[test]
    fn setup_py_console_scripts_are_read() {
        let setup =
            "setup(entry_points={\"console_scripts\": [\"tool.io=tool:main\"]}, name='x')\n";
        assert_eq!(
            console_scripts(None, setup),
            vec![("tool.io".to_string(), "tool:main".to_string())]
        );
    }
}
