//! Which binary of a Rust package or workspace the image ships: --binary, default-run, the only one, the one that serves.

use super::*;

/// A binary target: the index of its package, its name and its source path.
type Target<'p> = (usize, &'p String, &'p String);

/// The binary to ship: the one asked for, the only one, the package's `default-run`, the one whose
/// package depends on a server framework, or the one with a preferred name; otherwise an ambiguity for
/// `--binary`.
pub(super) fn choose_binary(
    project: &Project,
    rules: &StackRules,
    answers: &Answers,
    packages: &[Package],
    facts: &mut Facts,
) -> Result<(usize, String, String)> {
    let all: Vec<Target> = packages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.bins.iter().map(move |(n, path)| (i, n, path)))
        .collect();
    let found = |want: &str| {
        all.iter()
            .find(|(_, n, _)| *n == want)
            .map(|(i, n, p)| (*i, (*n).clone(), (*p).clone()))
    };
    if let Some(want) = &answers.binary {
        return found(want)
            .ok_or_else(|| Error::bad_flag("--binary", want, "no binary target by that name"));
    }
    let names: Vec<&str> = all.iter().map(|(_, n, _)| n.as_str()).collect();
    match all.len() {
        0 => return Err(Error::Unsupported {
            path: project.root.join("Cargo.toml"),
            message:
                "no binary target (src/main.rs, src/bin/ or [[bin]]); a library has nothing to run"
                    .into(),
        }),
        1 => return Ok(found(names[0]).expect("present")),
        _ => {}
    }
    if let Some(hit) = default_run(packages, &all, facts) {
        return Ok(hit);
    }
    let serving = serving(project, rules, packages, &all)?;
    match pick(rules, packages, &all, &serving) {
        Some(name) => {
            facts.warnings.push(format!(
                "several binaries ({}); chose {name}, pass --binary to change",
                names.join(", ")
            ));
            // Recorded as data: a workspace's tree makes each of several servers an app of its own.
            if serving.len() > 1 {
                facts.ambiguities.push(crate::facts::Ambiguity {
                    what: crate::facts::AmbiguityKind::Binary,
                    candidates: serving.iter().map(|(_, n, _)| (*n).clone()).collect(),
                    chosen: name.clone(),
                    rule: "a preferred name, else the package's own src/main.rs".into(),
                });
            }
            Ok(found(&name).expect("present"))
        }
        None => Err(Error::Ambiguous {
            path: project.root.clone(),
            what: crate::facts::AmbiguityKind::Binary,
            choices: names.iter().map(|n| n.to_string()).collect(),
        }),
    }
}

/// The binary a package's `default-run` names, recorded as the reason: cargo runs it, so the project
/// has said which one it means.
fn default_run(
    packages: &[Package],
    all: &[Target],
    facts: &mut Facts,
) -> Option<(usize, String, String)> {
    let (i, want) = packages.iter().enumerate().find_map(|(i, p)| {
        p.manifest
            .package
            .as_ref()
            .and_then(|p| p.default_run.clone())
            .map(|d| (i, d))
    })?;
    let hit = all.iter().find(|(j, n, _)| *j == i && **n == want)?;
    facts.because(
        "binary",
        &want,
        format!("{}Cargo.toml", prefix(&packages[i].dir)),
        "default-run",
    );
    Some((hit.0, hit.1.clone(), hit.2.clone()))
}

/// The binaries that serve: their package depends on a server framework, and among a package's
/// several binaries the ones whose own file listens (a CLI beside the server does not).
fn serving<'a, 'p>(
    project: &Project,
    rules: &StackRules,
    packages: &[Package],
    all: &'a [Target<'p>],
) -> Result<Vec<&'a Target<'p>>> {
    let frameworked = |i: usize| {
        let deps = &packages[i].manifest.dependencies;
        rules
            .frameworks
            .iter()
            .any(|f| f.dependencies.iter().any(|d| deps.contains_key(d)))
    };
    let mut listening = Vec::new();
    for (i, n, path) in all {
        let text = project.read_source_opt(path)?.unwrap_or_default();
        if crate::probe::port::listens(&text, &rules.listens).is_some() {
            listening.push((*i, (*n).clone()));
        }
    }
    let serving: Vec<&Target> = all
        .iter()
        .filter(|(i, n, _)| frameworked(*i) || listening.contains(&(*i, (*n).clone())))
        .collect();
    let heard: Vec<_> = serving
        .iter()
        .copied()
        .filter(|(i, n, _)| listening.contains(&(*i, (*n).clone())))
        .collect();
    Ok(if serving.len() > 1 && heard.len() == 1 {
        heard
    } else {
        serving
    })
}

/// The binary chosen without being asked: the only one that serves, else (among the serving ones, or all
/// when none serves) a preferred name or the package's own src/main.rs. A name convention settles a few
/// candidates; many packages' binaries (a workspace of examples) are the user's choice: none.
fn pick(
    rules: &StackRules,
    packages: &[Package],
    all: &[Target],
    serving: &[&Target],
) -> Option<String> {
    let pool: Vec<&Target> = if serving.is_empty() {
        all.iter().collect()
    } else {
        serving.to_vec()
    };
    let mut spanned: Vec<usize> = pool.iter().map(|(i, _, _)| *i).collect();
    spanned.dedup();
    if serving.len() == 1 {
        Some(serving[0].1.clone())
    } else if spanned.len() > 2 {
        None
    } else {
        rules
            .preferred_binaries
            .iter()
            .find(|p| pool.iter().any(|(_, n, _)| n == p))
            .cloned()
            .or_else(|| {
                pool.iter()
                    .find(|(i, n, path)| **n == packages[*i].name && path.ends_with("src/main.rs"))
                    .map(|(_, n, _)| (*n).clone())
            })
    }
}
