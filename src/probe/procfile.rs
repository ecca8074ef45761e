//! The Procfile, read for every stack in one place: its `web:` process becomes the start command when no
//! answer (`--start`, dockgen.toml) gives one, over the stack's own default (a framework's server, a
//! start script, the built binary). A `release:` process is noted, never run.
//!
//! The image starts in exec form, with no shell, so the command is split into argv the way a shell
//! would split it, and only what needs no shell is accepted: `$PORT` (and `${PORT}`, `${PORT:-…}`)
//! becomes the planned port, which the image also sets as `PORT`; any other variable, `&&`, pipes,
//! redirections and inline `VAR=value` are refused with an error naming the Procfile's line and `--start`.
//! For a stack whose artifact is a binary, the web process must name the binary the build makes
//! (`./server`, `bin/server`): it is started from where the image keeps it.

use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::manifest::procfile;
use crate::rules::Rules;
use crate::scan::Project;

pub const FILE: &str = "Procfile";

/// Apply the project's Procfile to detected facts (before the answers are applied over them).
pub fn apply(project: &Project, rules: &Rules, answers: &Answers, facts: &mut Facts) -> Result<()> {
    let stack = rules.stack(facts.stack);
    let Some(text) = project.read_opt(FILE)? else {
        return Ok(());
    };
    let processes = procfile::parse(FILE, &text)?;
    for p in processes.iter().filter(|p| p.name == "release") {
        facts.warnings.push(format!(
            "{FILE}:{} release process `{}` is not run by the image: run it as your platform's release step (a one-off container of this image before the rollout)",
            p.line, p.command
        ));
    }
    let Some(web) = processes.iter().find(|p| p.name == "web") else {
        return Ok(());
    };
    let source = format!("{FILE}:{}", web.line);
    if answers.start.is_some() {
        return Ok(());
    }
    // A runtime whose own server starts the app (nginx serving a static site) has nothing to start.
    let artifact = facts
        .artifact
        .clone()
        .unwrap_or_else(|| stack.artifact.clone());
    if let Some((server, image, _)) = rules
        .images
        .runtime(&artifact, "")
        .filter(|(r, _, _)| !r.start.is_empty())
    {
        facts.warnings.push(format!(
            "{source} web process is not used: {image} serves the app with `{}`",
            server.start.join(" ")
        ));
        return Ok(());
    }
    let refuse = |what: String| {
        Error::Manifest {
        path: FILE.into(),
        line: Some(web.line),
        message: format!(
            "web {what}: the image starts the app in exec form, with no shell to do that; write the command without it, or pass --start (or `start` in dockgen.toml) with the command to run"
        ),
    }
    };
    // A port the command states outright is the port the app listens on.
    if let Some(p) = port_in_command(&web.command) {
        match answers.port.and_then(|a| a.number()) {
            Some(a) if a != p => facts.warnings.push(format!(
                "{source} web process listens on {p} but the port answer is {a}: the app will not answer on {a}"
            )),
            _ => {
                facts.port = Some(p);
                facts.evidence.retain(|e| e.fact != "port");
                facts.because("port", p, &source, "port in the web process's command");
            }
        }
    }
    let uses_port = mentions_port(&web.command);
    let port = answers
        .port
        .and_then(|a| a.number())
        .or(facts.port)
        .unwrap_or(stack.default_port);
    if uses_port && facts.port.is_none() {
        facts.port = Some(port);
        facts.because("port", port, &source, "the web process reads $PORT");
    }
    let mut argv = exec_argv(&web.command, port).map_err(refuse)?;
    // A package manager's `run` (npm start, yarn run serve) needs the package manager in the runtime image,
    // and a distroless runtime has none: the image would not start.
    let version = facts
        .toolchain
        .as_ref()
        .map_or(stack.toolchain.default.clone(), |t| t.version.clone());
    let runtime = rules
        .images
        .runtime(&artifact, &version)
        .map(|(_, image, _)| image)
        .filter(|image| image.contains("distroless"));
    if let (Some(pm), Some(image)) = (
        stack
            .package_managers
            .iter()
            .filter_map(|p| p.run.split_whitespace().next())
            .find(|w| *w == argv[0] && *w != stack.toolchain.name),
        runtime,
    ) {
        facts.warnings.push(format!(
            "{source} web runs `{}` through {pm}, which the runtime {image} does not have: name the command the script runs (e.g. `web: node server.js`), or pass --start",
            argv.join(" ")
        ));
    }
    if stack.artifact.ends_with("binary") {
        argv[0] = built_binary(&argv[0], facts).map_err(|message| Error::Manifest {
            path: FILE.into(),
            line: Some(web.line),
            message,
        })?;
    }
    facts.start = argv;
    // The stack's default start is replaced, and so is the evidence for it.
    facts.evidence.retain(|e| e.fact != "start");
    facts.because("start", facts.start.join(" "), &source, "web process");
    Ok(())
}

/// A compiled stack's web process names the binary the build makes; it runs from where the image puts it.
fn built_binary(word: &str, facts: &Facts) -> std::result::Result<String, String> {
    let built = facts.start.first().cloned().unwrap_or_default();
    let built_name = built.rsplit('/').next().unwrap_or(&built);
    let named = word.rsplit('/').next().unwrap_or(word);
    if !built_name.is_empty() && named == built_name {
        return Ok(built);
    }
    Err(format!(
        "web runs `{word}`, but the build makes the binary `{built_name}` ({built}); name it in the Procfile (`web: ./{built_name}`), pass --binary {named} if `{named}` is another binary of the project, or pass --start"
    ))
}

/// `$PORT`, `${PORT}` or `${PORT:-…}` anywhere in the command.
fn mentions_port(cmd: &str) -> bool {
    cmd.contains("$PORT") || cmd.contains("${PORT}") || cmd.contains("${PORT:")
}

/// `--port 8080`, `--bind 0.0.0.0:8080`, `-b :8080`, `-p 8080` in a server command line.
fn port_in_command(cmd: &str) -> Option<u16> {
    let words = crate::manifest::split_words(cmd);
    words.iter().enumerate().find_map(|(i, w)| {
        let value = match w.as_str() {
            "--port" | "-p" | "--bind" | "-b" => words.get(i + 1)?.as_str(),
            w if w.starts_with("--port=") || w.starts_with("--bind=") => w.split_once('=')?.1,
            _ => return None,
        };
        value.rsplit(':').next()?.parse().ok()
    })
}

/// Split a command into argv as a POSIX shell would (quotes, backslashes), with `$PORT` replaced by
/// `port`; anything only a shell can do is an error saying what it is.
pub fn exec_argv(cmd: &str, port: u16) -> std::result::Result<Vec<String>, String> {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), c) => cur.push(c),
            (Some('"'), '"') => quote = None,
            (Some('"'), '\\') => match chars.next() {
                Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                Some(n) => {
                    cur.push('\\');
                    cur.push(n);
                }
                None => return Err("ends inside a quoted string".into()),
            },
            (q, '$') => {
                let name = variable(&mut chars)?;
                match name.as_deref() {
                    Some("PORT") => cur.push_str(&port.to_string()),
                    Some(other) => return Err(format!("uses the variable ${other}")),
                    None if q.is_some() || chars.peek().is_none_or(|c| c.is_whitespace()) => {
                        cur.push('$')
                    }
                    None => return Err("uses `$(…)` command substitution".into()),
                }
                in_word = true;
            }
            (Some(_), '`') | (None, '`') => return Err("uses `…` command substitution".into()),
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    in_word = true;
                }
            }
            (None, '&' | '|' | ';' | '>' | '<') => {
                let op: String = std::iter::once(c)
                    .chain(chars.next_if(|n| matches!(n, '&' | '|' | '>')))
                    .collect();
                let what = match op.as_str() {
                    "&&" | "||" => format!("chains commands with `{op}`"),
                    "|" => "pipes with `|`".to_string(),
                    ";" => "runs several commands with `;`".to_string(),
                    "&" => "runs a command in the background with `&`".to_string(),
                    _ => format!("redirects with `{op}`"),
                };
                return Err(what);
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("ends inside a quoted string".into());
    }
    if in_word {
        words.push(cur);
    }
    if words.first().is_some_and(|w| w == "exec") {
        words.remove(0);
    }
    if let Some(w) = words.first().filter(|w| {
        w.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    }) {
        return Err(format!(
            "sets `{w}` for the command inline (set it in the environment instead)"
        ));
    }
    if words.is_empty() {
        return Err("is empty".into());
    }
    Ok(words)
}

/// After a `$`: the variable's name (`NAME`, `{NAME}`, `{NAME:-default}`), or None for a bare `$` or
/// `$(`. A default never matters: `${PORT:-5000}` is the planned port like `$PORT`.
fn variable(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> std::result::Result<Option<String>, String> {
    if chars.next_if_eq(&'{').is_some() {
        let mut inner = String::new();
        for c in chars.by_ref() {
            if c == '}' {
                let name: String = inner
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                return Ok(Some(name));
            }
            inner.push(c);
        }
        return Err("has an unclosed `${`".into());
    }
    let mut name = String::new();
    while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
        name.push(c);
    }
    Ok((!name.is_empty()).then_some(name))
}

#[cfg(test)]
mod tests {
    use super::exec_argv;

    #[test]
    fn splits_like_a_shell_and_fills_in_the_port() {
        assert_eq!(
            exec_argv(
                r#"gunicorn --bind 0.0.0.0:$PORT 'app:create_app()' --log-level "info""#,
                8000
            )
            .unwrap(),
            vec![
                "gunicorn",
                "--bind",
                "0.0.0.0:8000",
                "app:create_app()",
                "--log-level",
                "info"
            ]
        );
        assert_eq!(
            exec_argv("exec node server.js --port ${PORT:-5000}", 3000).unwrap(),
            vec!["node", "server.js", "--port", "3000"]
        );
        assert_eq!(
            exec_argv("bin/server -addr=:${PORT}", 8080).unwrap(),
            vec!["bin/server", "-addr=:8080"]
        );
        assert_eq!(exec_argv("echo '$HOME'", 1).unwrap(), vec!["echo", "$HOME"]);
    }

    #[test]
    fn refuses_what_needs_a_shell() {
        for (cmd, says) in [
            ("bundle exec puma -e $RAILS_ENV", "$RAILS_ENV"),
            ("npm run migrate && node server.js", "`&&`"),
            ("node server.js | tee log", "pipes"),
            ("node server.js > out.log", "redirects"),
            ("node server.js; echo done", "`;`"),
            ("NODE_ENV=production node server.js", "inline"),
            ("node $(which app)", "substitution"),
            ("node \"server.js", "quoted"),
        ] {
            let e = exec_argv(cmd, 8080).unwrap_err();
            assert!(e.contains(says), "{cmd}: {e}");
        }
    }
}
