//! Prompts: only on a terminal, never under CI, and every question prefilled with what was detected.

use dockgen::config::Answers;
use dockgen::plan::Plan;
use std::io::IsTerminal;

/// Whether questions may be asked: stdin and stderr are terminals and CI is not set.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

fn io_err(e: dialoguer::Error) -> dockgen::Error {
    let dialoguer::Error::IO(e) = e;
    dockgen::Error::Usage(format!("prompt failed: {e}"))
}

/// Ask the user to pick one of `choices` for an ambiguity detection could not settle.
pub fn choose(what: &str, choices: &[String]) -> Result<String, dockgen::Error> {
    let i = dialoguer::Select::new()
        .with_prompt(format!("Several candidates for the {what}; which one?"))
        .items(choices)
        .default(0)
        .interact()
        .map_err(io_err)?;
    Ok(choices[i].clone())
}

/// Ask with the current value as the default: Enter keeps it, typing replaces it.
fn ask(prompt: &str, current: &str) -> Result<String, dockgen::Error> {
    ask_valid(prompt, current, |_| Ok(()))
}

fn ask_valid(
    prompt: &str,
    current: &str,
    check: impl Fn(&String) -> Result<(), String>,
) -> Result<String, dockgen::Error> {
    let mut input = dialoguer::Input::<String>::new()
        .with_prompt(prompt)
        .validate_with(|v: &String| check(v));
    if !current.is_empty() {
        input = input.default(current.to_string());
    }
    input.interact_text().map_err(io_err)
}

/// Confirm or change each decision of one app; returns the answers that changed.
pub fn confirm(plan: &Plan) -> Result<Answers, dockgen::Error> {
    let f = &plan.facts;
    eprintln!("{}", f.headline());
    let mut a = Answers {
        origin: Some(dockgen::facts::Origin::Flag),
        ..Answers::default()
    };
    let known: Vec<&str> = dockgen::stacks::STACKS
        .iter()
        .map(|s| s.id().as_str())
        .collect();
    let stack = ask_valid("Stack", f.stack.as_str(), |v| {
        dockgen::facts::StackId::parse(v)
            .map(|_| ())
            .ok_or_else(|| format!("one of {}", known.join(", ")))
    })?;
    if stack != f.stack.as_str() {
        // A different stack re-detects from scratch: the other answers below belong to this one.
        a.stack = dockgen::facts::StackId::parse(&stack);
        return Ok(a);
    }
    let version = f
        .toolchain
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_default();
    let v = ask("Toolchain version", &version)?;
    if v != version {
        a.version = Some(v);
    }
    let pm = ask_valid("Package manager", f.package_manager.as_str(), |v| {
        dockgen::facts::PackageManager::parse(v)
            .map(|_| ())
            .ok_or_else(|| {
                "one of npm, yarn, pnpm, bun, pip, poetry, uv, pipenv, pdm, go, cargo, nuget"
                    .to_string()
            })
    })?;
    if pm != f.package_manager.as_str() {
        a.package_manager = Some(
            dockgen::facts::PackageManager::parse(&pm)
                .ok_or_else(|| dockgen::Error::Usage(format!("unknown package manager {pm}")))?,
        );
    }
    let port = f.port.map(|p| p.to_string()).unwrap_or_default();
    let check = |v: &String| {
        v.parse::<u16>()
            .map(|_| ())
            .map_err(|_| "a number from 1 to 65535".to_string())
    };
    // An app that serves nothing (a worker) has no port: Enter keeps it that way.
    let p = if port.is_empty() {
        dialoguer::Input::<String>::new()
            .with_prompt("Port (Enter for none)")
            .allow_empty(true)
            .validate_with(|v: &String| if v.is_empty() { Ok(()) } else { check(v) })
            .interact_text()
            .map_err(io_err)?
    } else {
        ask_valid("Port", &port, check)?
    };
    if p != port {
        a.port = Some(p.parse().map_err(|_| {
            dockgen::Error::Usage(format!("port {p}: not a number from 1 to 65535"))
        })?);
    }
    let start = f.start.join(" ");
    let s = ask("Start command", &start)?;
    if s != start {
        a.start = Some(dockgen::manifest::split_words(&s));
    }
    let build = f.build.clone().unwrap_or_else(|| "-".into());
    let b = ask("Build command (- for none)", &build)?;
    if b != build {
        a.build = Some(if b.trim() == "-" { String::new() } else { b });
    }
    let r = ask("Runtime base image", &plan.images.runtime)?;
    if r != plan.images.runtime {
        a.runtime_image = Some(r);
    }
    Ok(a)
}
