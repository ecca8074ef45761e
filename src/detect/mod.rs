//! Detect: every stack's detector looks at the scanned project; the strongest candidate becomes the app.
//!
//! Detectors read manifests through [`Project`] and consult the rules in `detectors/`; they never run
//! anything. Where several stacks claim the same folder, the rules decide, as data:
//!
//! 1. a stack that `supersedes` another takes the folder whenever its detector finds an app there (a Bun or
//!    Deno app, or a static site, carries a package.json the Node detector would also claim); the superseded
//!    detector does not run, and `--stack` still chooses it (an Elixir app's package.json for assets, too);
//!    the choice is recorded in `ambiguities` like those of rules 2–3;
//! 2. among the remaining candidates, one with a server framework (a framework row of a stack whose
//!    frameworks serve) beats one without;
//! 3. then the lower `rank` wins (go 10, rust 20, java 30, elixir 30, python/node/bun/deno 40, static 90: a compiled stack
//!    outranks a package.json kept for tooling, and any server outranks a static site);
//! 4. equal on both is a real tie: an ambiguity a terminal user is asked about and a script settles with
//!    `--stack`. A choice made by rules 2–3 is recorded in `ambiguities` (and `plan --json`) and offered
//!    for confirmation on a terminal.

mod go_member;
mod member;
mod root_stack;
pub mod tree;
mod uv_member;

use crate::probe::procfile;

use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Ambiguity, Facts};
use crate::rules::Rules;
use crate::scan::Project;

/// Detect the app at the project's root, or each app in its first two levels of folders when the root has
/// none (a monorepo). Answers (dockgen.toml, flags) settle ambiguities and override detected values.
pub fn detect(project: &Project, answers: &Answers) -> Result<Vec<Facts>> {
    let rules = crate::stacks::rules()?;
    check_names(rules, answers)?;
    if let Some(facts) = detect_app(project, "", rules, answers, false)? {
        return Ok(vec![facts]);
    }
    let mut apps = Vec::new();
    for dir in app_dirs(project, rules) {
        let sub = project.sub(&dir);
        if let Some(facts) = detect_app(&sub, &dir, rules, answers, false)? {
            apps.push(facts);
        }
    }
    // An app without its manifest at the root (server.py, main.go) beats sub-folders that hold only
    // static sites: a Flask `templates/index.html` or the `web/` a Python server serves is the app's own
    // content, never a site of its own. Sub-folders with a real manifest still win.
    if apps
        .iter()
        .all(|a| a.stack == crate::stacks::static_site::ID)
    {
        if let Some(facts) = detect_app(project, "", rules, answers, true)? {
            return Ok(vec![facts]);
        }
    }
    if apps.is_empty() {
        return Err(rules.nothing_detected(project.root.clone()));
    }
    Ok(apps)
}

/// A stack or package manager an answer names (dockgen.toml is read by name) must be one the registry and
/// the rules know.
fn check_names(rules: &Rules, answers: &Answers) -> Result<()> {
    if let Some(s) = answers
        .stack
        .filter(|s| crate::stacks::parse(s.as_str()).is_none())
    {
        return Err(Error::UnknownName {
            what: "stack",
            name: s.as_str().to_string(),
            known: crate::stacks::names().join(", "),
        });
    }
    let known = |p: &str| {
        p == "none"
            || rules
                .stacks
                .iter()
                .any(|s| s.package_manager_names().contains(&p))
    };
    if let Some(p) = answers.package_manager.filter(|p| !known(p.as_str())) {
        return Err(Error::UnknownName {
            what: "package manager",
            name: p.as_str().to_string(),
            known: rules.package_manager_list(),
        });
    }
    Ok(())
}

/// Folders one or two levels down that carry a stack's signal file.
fn app_dirs(project: &Project, rules: &Rules) -> Vec<String> {
    let mut dirs: Vec<String> = project
        .files()
        .filter_map(|f| {
            let (dir, name) = f.rsplit_once('/')?;
            let depth = dir.matches('/').count() + 1;
            let signal = rules.stacks.iter().any(|s| {
                s.signals
                    .iter()
                    .any(|sig| crate::rules::signal_matches(sig, name))
            });
            (depth <= 2 && signal).then(|| dir.to_string())
        })
        .collect();
    dirs.dedup();
    // A folder inside another app folder belongs to that app (e.g. a workspace member).
    let all = dirs.clone();
    dirs.retain(|d| {
        !all.iter()
            .any(|p| d != p && d.starts_with(&format!("{p}/")))
    });
    dirs
}

/// One stack's detector on the folder: its app, or `None` when the stack's files are there but no app.
fn detect_stack(
    project: &Project,
    stack: &crate::rules::StackRules,
    rules: &Rules,
    answers: &Answers,
) -> Result<Option<Facts>> {
    crate::stacks::get(stack.id).detect(project, rules, answers)
}

fn detect_app(
    project: &Project,
    path: &str,
    rules: &Rules,
    answers: &Answers,
    bare: bool,
) -> Result<Option<Facts>> {
    let path = if path.is_empty() { "." } else { path };
    let mut candidates = candidates(project, path, rules, answers, bare)?;
    yield_tooling(&mut candidates, rules);
    let secrets = crate::plan::secret_patterns(project.files());
    for c in &mut candidates {
        c.secret_patterns = secrets.clone();
    }
    let mut chosen = if candidates.len() <= 1 {
        match candidates.pop() {
            Some(found) => found,
            None => return Ok(None),
        }
    } else {
        arbitrate(project, candidates, rules)?
    };
    settle(project, &mut chosen, answers, rules)?;
    Ok(Some(chosen))
}

/// The apps the stacks' detectors find in the folder (rule 1 of the header applied: a superseded stack's
/// claim is recorded on its superseder, not a candidate of its own). `bare` reads the stacks' signals
/// for an app without a manifest.
fn candidates(
    project: &Project,
    path: &str,
    rules: &Rules,
    answers: &Answers,
    bare: bool,
) -> Result<Vec<Facts>> {
    let mut candidates: Vec<Facts> = Vec::new();
    let mut refused = Vec::new();
    // Superseding stacks first, so a folder one of them claims is never handed to the stack it supersedes.
    let mut order: Vec<&crate::rules::StackRules> = rules.stacks.iter().collect();
    order.sort_by_key(|s| s.supersedes.is_empty());
    for stack in order {
        if answers.stack.is_some_and(|s| s != stack.id) {
            continue;
        }
        let signals = if bare {
            &stack.bare_signals
        } else {
            &stack.signals
        };
        if !signals.iter().any(|s| has_signal(project, s)) {
            continue;
        }
        if let Some(winner) = candidates
            .iter_mut()
            .find(|f| rules.stack(f.stack).supersedes.contains(&stack.id))
        {
            superseded(winner, project, stack, rules, answers);
            continue;
        }
        match detect_stack(project, stack, rules, answers) {
            Ok(Some(mut facts)) => {
                facts.path = path.to_string();
                candidates.push(facts);
            }
            Ok(None) => {}
            Err(e) => refused.push((stack.id, e)),
        }
    }
    unclaimed_refusal(&mut candidates, refused, rules)?;
    Ok(candidates)
}

/// A stack's refusal stands only when no other stack claims the folder: a go.mod of developer tooling with
/// no `package main` beside a Python app (searxng) is no reason to refuse the app, but it is said.
fn unclaimed_refusal(
    candidates: &mut [Facts],
    refused: Vec<(crate::facts::StackId, crate::error::Error)>,
    rules: &Rules,
) -> Result<()> {
    // A refusal of a stack that supersedes a candidate's (a static site's missing build script over Node)
    // is the answer for the folder, as it was before any other stack was asked.
    let supersedes = |id: crate::facts::StackId| {
        let over = &rules.stack(id).supersedes;
        candidates.iter().any(|c| over.contains(&c.stack))
    };
    let mut refused = refused.into_iter();
    let mut left = Vec::new();
    for (id, e) in refused.by_ref() {
        if supersedes(id) {
            return Err(e);
        }
        left.push(e);
    }
    let mut left = left.into_iter();
    match candidates.first_mut() {
        None => left.next().map_or(Ok(()), Err),
        Some(first) => {
            for e in left {
                first.warnings.push(format!(
                    "{e} (another stack's files claim the folder instead)"
                ));
            }
            Ok(())
        }
    }
}

/// Record on the winner that it superseded `stack`, and offer `stack` as a choice when its detector would
/// really claim the folder.
fn superseded(
    winner: &mut Facts,
    project: &Project,
    stack: &crate::rules::StackRules,
    rules: &Rules,
    answers: &Answers,
) {
    let lang = winner.stack.as_str();
    let rule = format!("{lang} supersedes {}", stack.id.as_str());
    winner.because("stack", lang, "several stacks", &rule);
    // Only a stack whose detector would really claim the folder is a choice worth offering; its
    // errors (a package.json without a start, say) are the superseded stack's, not this app's.
    if !matches!(detect_stack(project, stack, rules, answers), Ok(Some(_))) {
        return;
    }
    // Recorded like a ranking choice, so `plan --json` shows it and a terminal user can change it.
    let other = stack.id.as_str().to_string();
    match winner
        .ambiguities
        .iter_mut()
        .find(|a| a.what == crate::facts::AmbiguityKind::Stack)
    {
        Some(a) if a.candidates.contains(&other) => {}
        Some(a) => a.candidates.push(other),
        None => winner.ambiguities.push(Ambiguity {
            what: crate::facts::AmbiguityKind::Stack,
            candidates: vec![lang.into(), other],
            chosen: lang.into(),
            rule,
        }),
    }
}

/// Rules 2–4 of the header between two or more candidates: the one chosen, with the choice recorded in
/// its warnings, evidence and ambiguities; a tie is an ambiguity error.
fn arbitrate(project: &Project, mut candidates: Vec<Facts>, rules: &Rules) -> Result<Facts> {
    let serves = |f: &Facts| {
        let stack = rules.stack(f.stack);
        stack.frameworks_serve
            && f.framework
                .as_deref()
                .is_some_and(|id| stack.framework(id).is_none_or(|fw| fw.serves))
    };
    let rank = |f: &Facts| rules.stack(f.stack).rank;
    // Stable: equal keys keep the order of the rule files.
    candidates.sort_by_key(|f| (!serves(f), rank(f)));
    let (first, second) = (&candidates[0], &candidates[1]);
    let names: Vec<String> = candidates
        .iter()
        .map(|f| f.stack.as_str().to_string())
        .collect();
    if serves(first) == serves(second) && rank(first) == rank(second) {
        return Err(Error::Ambiguous {
            path: project.root.clone(),
            what: crate::facts::AmbiguityKind::Stack,
            choices: names,
        });
    }
    let mut chosen = candidates.remove(0);
    let because = if serves(&chosen) && !serves(&candidates[0]) {
        "it has a server framework".to_string()
    } else {
        let ranks: Vec<String> = std::iter::once(&chosen)
            .chain(&candidates)
            .map(|f| format!("{} {}", f.stack.as_str(), rank(f)))
            .collect();
        format!("it ranks first ({})", ranks.join(", "))
    };
    chosen.warnings.push(format!(
        "also found {} files; chose {} because {because}",
        names[1..].join(", "),
        chosen.stack.as_str(),
    ));
    chosen.because(
        "stack",
        chosen.stack.as_str(),
        "several stacks",
        "rank: a server framework first, then the stacks' rank",
    );
    chosen.ambiguities.push(Ambiguity {
        what: crate::facts::AmbiguityKind::Stack,
        candidates: names,
        chosen: chosen.stack.as_str().into(),
        rule: because,
    });
    Ok(chosen)
}

/// A manifest kept only as another stack's tooling (the rules' `tooling_for`: a package.json of linters or
/// an asset bundler, with no start and no framework of its own, beside a Python app) yields the folder to
/// that stack's candidate; the choice is recorded like a ranking choice, so `--stack` still changes it.
fn yield_tooling(candidates: &mut Vec<Facts>, rules: &Rules) {
    let serves_other = |f: &Facts, all: &[Facts]| {
        let tooling_for = &rules.stack(f.stack).tooling_for;
        all.iter().position(|o| tooling_for.contains(&o.stack))
    };
    while let Some(i) = candidates.iter().position(|f| {
        f.start.is_empty() && f.framework.is_none() && serves_other(f, candidates).is_some()
    }) {
        let tooling = candidates.remove(i);
        let Some(j) = serves_other(&tooling, candidates) else {
            return;
        };
        let app = &mut candidates[j];
        let (lang, other) = (app.stack.as_str(), tooling.stack.as_str());
        let rule =
            format!("{other}'s files give no start of their own: tooling for the {lang} app");
        app.warnings.push(format!(
            "also found {other} files; chose {lang} because {rule}"
        ));
        app.because("stack", lang, "several stacks", &rule);
        app.ambiguities.push(Ambiguity {
            what: crate::facts::AmbiguityKind::Stack,
            candidates: vec![lang.into(), other.into()],
            chosen: lang.into(),
            rule,
        });
    }
}

/// The steps every stack shares once its detector is done: git for dependencies fetched with it, a
/// platform manifest's port (fly.toml), the Procfile over the stack's defaults, then the answers (dockgen.toml, flags) over both; and a start
/// command must exist by then.
fn settle(project: &Project, facts: &mut Facts, answers: &Answers, rules: &Rules) -> Result<()> {
    crate::probe::git_source::apply(project, &rules.stack(facts.stack).git_sources, facts)?;
    crate::probe::platform_port::apply(project, rules, facts)?;
    procfile::apply(project, rules, answers, facts)?;
    crate::config::apply(facts, answers, rules)?;
    crate::probe::loopback::warn(project, rules.stack(facts.stack), facts)?;
    if facts.start.is_empty() {
        return Err(Error::Unsupported {
            path: project.root.clone(),
            message: facts.start_missing.clone().unwrap_or_else(|| {
                "no start command found: add a Procfile `web:` line or pass --start".into()
            }),
        });
    }
    Ok(())
}

/// Whether the folder's top level holds a signal file (`*.csproj` matches any project file there).
fn has_signal(project: &Project, signal: &str) -> bool {
    if signal.starts_with('*') {
        project
            .files()
            .any(|f| !f.contains('/') && crate::rules::signal_matches(signal, f))
    } else {
        project.has(signal)
    }
}
