//! Detect: every stack's detector looks at the scanned project; the strongest candidate becomes the app.
//!
//! Detectors read manifests through [`Project`] and consult the rules in `detectors/`; they never run
//! anything. Where several stacks claim the same folder, candidates are ranked by a documented rule (a stack
//! with a detected framework beats one without; a compiled stack beats a package.json kept for tooling), and
//! a real tie is an ambiguity the user settles with `--stack`.

mod go;
mod node;
pub mod port;
mod python;
mod rust;
pub mod toolchain;

use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Facts, Language};
use crate::rules::Rules;
use crate::scan::Project;

/// The languages in the order a tie between them is broken (see the module docs).
const TIE_ORDER: &[Language] = &[
    Language::Go,
    Language::Rust,
    Language::Python,
    Language::Node,
];

/// Detect the app at the project's root, or each app in its first two levels of folders when the root has
/// none (a monorepo). Answers (dockgen.toml, flags) settle ambiguities and override detected values.
pub fn detect(project: &Project, answers: &Answers) -> Result<Vec<Facts>> {
    let rules = Rules::get()?;
    if let Some(facts) = detect_app(project, "", rules, answers)? {
        return Ok(vec![facts]);
    }
    let mut apps = Vec::new();
    for dir in app_dirs(project, rules) {
        let sub = project.sub(&dir);
        if let Some(facts) = detect_app(&sub, &dir, rules, answers)? {
            apps.push(facts);
        }
    }
    if apps.is_empty() {
        return Err(Error::NothingDetected(project.root.clone()));
    }
    Ok(apps)
}

/// Folders one or two levels down that carry a stack's signal file.
fn app_dirs(project: &Project, rules: &Rules) -> Vec<String> {
    let mut dirs: Vec<String> = project
        .files()
        .filter_map(|f| {
            let (dir, name) = f.rsplit_once('/')?;
            let depth = dir.matches('/').count() + 1;
            let signal = rules
                .stacks
                .iter()
                .any(|s| s.signals.iter().any(|sig| sig == name));
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

fn detect_app(
    project: &Project,
    path: &str,
    rules: &Rules,
    answers: &Answers,
) -> Result<Option<Facts>> {
    let path = if path.is_empty() { "." } else { path };
    let mut candidates = Vec::new();
    for stack in &rules.stacks {
        if answers.stack.is_some_and(|s| s != stack.language) {
            continue;
        }
        if !stack.signals.iter().any(|s| project.has(s)) {
            continue;
        }
        let facts = match stack.language {
            Language::Go => go::detect(project, stack, answers)?,
            Language::Node => node::detect(project, stack, answers)?,
            Language::Python => python::detect(project, stack, answers)?,
            Language::Rust => rust::detect(project, stack, answers)?,
        };
        if let Some(mut facts) = facts {
            facts.path = path.to_string();
            candidates.push(facts);
        }
    }
    if candidates.len() <= 1 {
        let mut found = candidates.pop();
        if let Some(f) = found.as_mut() {
            crate::config::apply(f, answers, rules)?;
        }
        return Ok(found);
    }
    candidates.sort_by_key(|f| {
        (
            f.framework.is_none(),
            TIE_ORDER.iter().position(|l| *l == f.language),
        )
    });
    let (first, second) = (&candidates[0], &candidates[1]);
    let tie = first.framework.is_some() == second.framework.is_some()
        && matches!(
            (first.language, second.language),
            (Language::Python, Language::Node) | (Language::Node, Language::Python)
        );
    if tie {
        return Err(Error::Ambiguous {
            path: project.root.clone(),
            what: "stack".into(),
            choices: candidates
                .iter()
                .map(|f| f.language.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            flag: "--stack".into(),
        });
    }
    let others: Vec<&str> = candidates[1..]
        .iter()
        .map(|f| f.language.as_str())
        .collect();
    let mut chosen = candidates.remove(0);
    chosen.warnings.push(format!(
        "also found {} files; chose {} because {}",
        others.join(", "),
        chosen.language.as_str(),
        if chosen.framework.is_some() {
            "it has a server framework"
        } else {
            "a compiled stack outranks tooling manifests"
        }
    ));
    chosen.because(
        "language",
        chosen.language.as_str(),
        "several stacks",
        "rank: framework, then go > rust > python > node",
    );
    crate::config::apply(&mut chosen, answers, rules)?;
    Ok(Some(chosen))
}

/// The highest-priority framework row whose dependency is present (and whose file condition holds).
pub(crate) fn pick_framework<'r>(
    project: &Project,
    frameworks: &'r [crate::rules::FrameworkRule],
    has_dependency: impl Fn(&str) -> bool,
) -> Result<Option<&'r crate::rules::FrameworkRule>> {
    let mut best: Option<&crate::rules::FrameworkRule> = None;
    for fw in frameworks {
        if !fw.dependencies.iter().any(|d| has_dependency(d)) {
            continue;
        }
        if let Some(cond) = &fw.when_file_contains {
            let mut holds = false;
            for f in &cond.files {
                if let Some(text) = project.read_opt(f)? {
                    holds |= text.contains(&cond.text);
                }
            }
            if !holds {
                continue;
            }
        }
        if best.is_none_or(|b| fw.priority > b.priority) {
            best = Some(fw);
        }
    }
    Ok(best)
}
