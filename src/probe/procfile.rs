//! The Procfile, read for every stack in one place: its `web:` process becomes the start command when no
//! answer (`--start`, dockgen.toml) gives one, over the stack's own default (a framework's server, a
//! start script, the built binary). A `release:` process is noted, never run.
//!
//! The command is read as a shell reads it by [`crate::probe::start`] (inline variables become ENV, a
//! migration before the server a release step, other shell syntax `/bin/sh -c` where the runtime has a
//! shell); what cannot run is an error naming the Procfile's line.
//! For a stack whose artifact is a binary, the web process must name the binary the build makes
//! (`./server`, `bin/server`): it is started from where the image keeps it.

use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{ArtifactKind, Facts};
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
    let artifact = facts.artifact.unwrap_or(stack.artifact);
    if let Some(why) =
        not_started(rules, artifact, web).or_else(|| runs_build_output(&stack.build_outputs, web))
    {
        facts.warnings.push(format!("{source} {why}"));
        return Ok(());
    }
    let port = web_port(web, &source, answers, stack.default_port, facts);
    let to_error = |what: String| Error::Manifest {
        path: FILE.into(),
        line: Some(web.line),
        message: format!("web {what}"),
    };
    // The stack's own start names the binary its build makes (read before the web process replaces it).
    let built = facts.start.clone();
    crate::probe::start::apply(facts, rules, &source, &web.command, port).map_err(to_error)?;
    let mut argv = facts.start.clone();
    if let Some(warning) = missing_package_manager(rules, artifact, facts, &argv) {
        facts.warnings.push(format!("{source} {warning}"));
    }
    if stack.artifact.as_str().ends_with("binary") && argv[0] != "/bin/sh" {
        argv[0] = built_binary(&argv[0], &built).map_err(|message| Error::Manifest {
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

/// Why the web process is not the image's start, when it is not: the runtime's own server starts the app
/// (nginx serving a static site), or the command is a launcher that exists only on Heroku.
fn not_started(rules: &Rules, artifact: ArtifactKind, web: &procfile::Process) -> Option<String> {
    if let Some((server, image, _)) = rules
        .images
        .runtime(artifact, "")
        .filter(|(r, _, _)| !r.start.is_empty())
    {
        return Some(format!(
            "web process is not used: {image} serves the app with `{}`",
            server.start.join(" ")
        ));
    }
    // Heroku's own launchers (`heroku-php-apache2 web/`, also run by their path as Heroku's PHP guide
    // writes it: `vendor/bin/heroku-php-nginx public/`) exist only on Heroku: the image's server runs the
    // app (the stack reads what the command says, e.g. PHP's document root).
    crate::probe::start::server_words(&web.command)
        .first()
        .filter(|w| w.rsplit('/').next().is_some_and(|b| b.starts_with("heroku-")))
        .map(|cmd| format!(
            "web runs `{cmd}`, Heroku's own launcher, which the image does not have: the image's server starts the app instead"
        ))
}

/// Why a web process that runs the build's packaged output (`java -jar target/app.jar`) is not the start:
/// the image keeps that output in its own layout, where the stack's start runs it.
fn runs_build_output(outputs: &[String], web: &procfile::Process) -> Option<String> {
    let words = crate::probe::start::server_words(&web.command);
    let word = words.iter().find(|w| {
        let w = w.trim_start_matches("./");
        outputs.iter().any(|o| w.starts_with(o.as_str()))
    })?;
    Some(format!(
        "web runs `{word}`, the build's output, which the image keeps in its own layout: the stack's start runs the same app from there (the line's other options are not carried over: pass --start to keep them)"
    ))
}

/// The port the web process listens on, recorded in the facts when the command states it or reads $PORT:
/// the answer's, else the stated or detected one, else the stack's default.
fn web_port(
    web: &procfile::Process,
    source: &str,
    answers: &Answers,
    default_port: u16,
    facts: &mut Facts,
) -> u16 {
    // A port the command states outright is the port the app listens on.
    if let Some(p) = port_in_command(&web.command) {
        match answers.port.and_then(|a| a.number()) {
            Some(a) if a != p => facts.warnings.push(format!(
                "{source} web process listens on {p} but the port answer is {a}: the app will not answer on {a}"
            )),
            _ => {
                facts.port = Some(p);
                facts.evidence.retain(|e| e.fact != "port");
                facts.because("port", p, source, "port in the web process's command");
            }
        }
    }
    let port = answers
        .port
        .and_then(|a| a.number())
        .or(facts.port)
        .unwrap_or(default_port);
    if mentions_port(&web.command) && facts.port.is_none() {
        facts.port = Some(port);
        facts.because("port", port, source, "the web process reads $PORT");
    }
    port
}

/// A package manager's `run` (npm start, yarn run serve) needs the package manager in the runtime image,
/// and a distroless runtime has none: the image would not start.
fn missing_package_manager(
    rules: &Rules,
    artifact: ArtifactKind,
    facts: &Facts,
    argv: &[String],
) -> Option<String> {
    let stack = rules.stack(facts.stack);
    let version = facts
        .toolchain
        .as_ref()
        .map_or(stack.toolchain.default.clone(), |t| t.version.clone());
    let image = rules
        .images
        .runtime(artifact, &version)
        .map(|(_, image, _)| image)
        .filter(|image| image.contains("distroless"))?;
    let pm = stack
        .package_managers
        .iter()
        .filter_map(|p| p.run.split_whitespace().next())
        .find(|w| *w == argv[0] && *w != stack.toolchain.name)?;
    Some(format!(
        "web runs `{}` through {pm}, which the runtime {image} does not have: name the command the script runs (e.g. `web: node server.js`), or pass --start",
        argv.join(" ")
    ))
}

/// A compiled stack's web process names the binary the build makes; it runs from where the image puts it.
fn built_binary(word: &str, built: &[String]) -> std::result::Result<String, String> {
    let built = built.first().cloned().unwrap_or_default();
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

/// After a `$`: the variable's name (`NAME`, `{NAME}`, `{NAME:-default}`), or None for a bare `$` or
/// `$(`. A default never matters: `${PORT:-5000}` is the planned port like `$PORT`.
pub(super) fn variable(
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
