//! Which of several Go main packages is the app: a Procfile's web process, else the one that serves
//! (calls a listening function itself, or imports a server framework) over CLIs, a developer tool by
//! name never over another server, else a preferred name; otherwise the user's choice.

use super::detect::{constrained_out, go_files, imports};
use crate::error::{Error, Result};
use crate::facts::{Ambiguity, AmbiguityKind, Facts};
use crate::rules::StackRules;
use crate::scan::Project;

/// A main package: its folder (`""` for the root) and its binary's name.
pub(super) type Main = (String, String);

/// The main package to build among several, recorded in the facts; an ambiguity error for `--binary`
/// when more than one serves and nothing settles it, or when none serves and no name does.
pub(super) fn choose_among(
    project: &Project,
    rules: &StackRules,
    facts: &mut Facts,
    mut mains: Vec<Main>,
) -> Result<Main> {
    let names: Vec<String> = mains.iter().map(|(_, n)| n.clone()).collect();
    if let Some(i) = procfile_binary(project).and_then(|b| names.iter().position(|n| *n == b)) {
        let chosen = mains.remove(i);
        facts.because("binary", &chosen.1, "Procfile", "the web process runs it");
        return Ok(chosen);
    }
    let mut servers = Vec::new();
    for (i, (dir, _)) in mains.iter().enumerate() {
        if serves(project, rules, dir)? {
            servers.push(i);
        }
    }
    let pool: Vec<usize> = match servers.is_empty() {
        true => (0..mains.len()).collect(),
        false => servers.clone(),
    };
    let Some(pick) = pick(rules, &names, &pool, servers.len()) else {
        let choices = pool.iter().map(|&i| names[i].clone()).collect();
        return Err(Error::Ambiguous {
            path: project.root.clone(),
            what: AmbiguityKind::MainPackage,
            choices,
        });
    };
    let chosen = mains.remove(pick);
    let why = match servers.is_empty() {
        true => "by name",
        false => "the one that serves",
    };
    facts.warnings.push(format!(
        "several main packages ({}); chose {} ({why}), pass --binary to change",
        names.join(", "),
        chosen.1
    ));
    if servers.len() > 1 {
        facts.ambiguities.push(Ambiguity {
            what: AmbiguityKind::MainPackage,
            candidates: servers.iter().map(|&i| names[i].clone()).collect(),
            chosen: chosen.1.clone(),
            rule: "the one that serves, a developer tool by name never, else a preferred name"
                .into(),
        });
    }
    Ok(chosen)
}

/// Among `pool` (indices into `names`): the only one, else the only one not named as a developer tool,
/// else a preferred name. With no server at all (`servers` 0), only a preferred name settles it.
fn pick(rules: &StackRules, names: &[String], pool: &[usize], servers: usize) -> Option<usize> {
    let tool = |n: &str| {
        n.split(['-', '_']).any(|w| {
            rules
                .tool_binaries
                .iter()
                .any(|t| t.eq_ignore_ascii_case(w))
        })
    };
    let apps: Vec<usize> = pool.iter().copied().filter(|&i| !tool(&names[i])).collect();
    match (servers, apps.len()) {
        (1, _) => return Some(pool[0]),
        (2.., 1) => return Some(apps[0]),
        _ => {}
    }
    let among = if apps.is_empty() { pool.to_vec() } else { apps };
    rules
        .preferred_binaries
        .iter()
        .find_map(|p| among.iter().copied().find(|&i| names[i] == *p))
}

/// Whether the main package in `dir` accepts connections itself: one of its files calls one of the
/// rules' `serving_calls` outside a comment, or imports a framework row's module.
fn serves(project: &Project, rules: &StackRules, dir: &str) -> Result<bool> {
    for f in go_files(project, dir) {
        let text = project.read_source(f)?;
        if constrained_out(&text) {
            continue;
        }
        if crate::probe::port::listens(&text, &rules.serving_calls).is_some() {
            return Ok(true);
        }
        let framework = |path: &str| {
            rules.frameworks.iter().any(|fw| {
                fw.dependencies
                    .iter()
                    .any(|d| path == d || path.starts_with(&format!("{d}/")))
            })
        };
        if imports(&text).iter().any(|(_, path)| framework(path)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The program a Procfile's web process runs, without a leading `./` or `bin/`.
fn procfile_binary(project: &Project) -> Option<String> {
    let text = project.read_opt("Procfile").ok()??;
    let processes = crate::manifest::procfile::parse("Procfile", &text).ok()?;
    let web = processes.into_iter().find(|p| p.name == "web")?;
    let first = crate::manifest::split_words(&web.command)
        .into_iter()
        .next()?;
    Some(first.rsplit('/').next().unwrap_or(&first).to_string())
}
