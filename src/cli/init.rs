//! `dockgen init`: detect, confirm (or accept with --yes), render, and write without clobbering.

use super::{prompt, show, InitArgs};
use dockgen::config::{Answers, Config};
use dockgen::render::CiApp;
use dockgen::write::Output;
use dockgen::Error;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
pub fn run(args: InitArgs) -> Result<(), Error> {
    let (mut config, mut answers) = super::load_answers(&args.dir, &args.answers)?;
    let ask = !args.yes && prompt::interactive();
    if !args.yes && !ask {
        return Err(Error::Usage(
            "no terminal to ask on (or CI is set): pass --yes to accept what dockgen detects; answer any question with its flag, e.g. --port 8080".into(),
        ));
    }
    let mut plans = loop {
        match show::plans(&args.dir, &answers) {
            Ok(p) => break p,
            Err(Error::Ambiguous { what, choices, .. }) if ask => {
                let pick = prompt::choose(what.as_str(), &choices)?;
                if what == dockgen::facts::AmbiguityKind::Stack {
                    answers.stack = serde_json::from_value(serde_json::Value::String(pick)).ok();
                } else {
                    answers.binary = Some(pick);
                }
            }
            Err(e) => return Err(e),
        }
    };
    // A stack chosen by the ranking rules is offered for confirmation, the rule's choice first.
    if ask && answers.stack.is_none() && plans.len() == 1 {
        if let Some(a) = plans[0]
            .facts
            .ambiguities
            .iter()
            .find(|a| a.what == dockgen::facts::AmbiguityKind::Stack)
        {
            let pick = prompt::choose("stack", &a.candidates)?;
            if pick != a.chosen {
                answers.stack = dockgen::stacks::parse(&pick);
                plans = show::plans(&args.dir, &answers)?;
            }
        }
    }
    if ask && plans.len() == 1 {
        // A changed stack re-detects, then its own decisions are confirmed in turn.
        loop {
            let changed = prompt::confirm(&args.dir, &answers, &plans[0])?;
            if changed.is_empty() {
                break;
            }
            let restack = changed.stack.is_some();
            answers = answers.overlay(&changed);
            plans = show::plans(&args.dir, &answers)?;
            if !restack {
                break;
            }
        }
    }

    let workflow = match args.ci {
        Some(kind) => Some(ci_workflow(&args.dir, kind, &plans)?),
        None => None,
    };
    if args.stdout {
        for plan in &plans {
            print!("{}", dockgen::render::dockerfile(plan)?);
        }
        return Ok(());
    }
    for plan in &plans {
        for w in &plan.notes {
            eprintln!(
                "warning: {}: {w}",
                super::shown(&args.dir, &[&plan.facts.path])
            );
        }
    }
    // A workflow the user wrote is refused before anything is written, so a refusal changes nothing.
    if let Some(w) = &workflow {
        let existing = std::fs::read_to_string(&w.path).ok();
        if !args.force && existing.as_deref().is_some_and(|e| e != w.contents) {
            return Err(Error::Exists {
                path: w.path.clone(),
            });
        }
    }
    let compose = if args.compose {
        Some(super::compose::outputs(&args.dir, &plans, args.force)?)
    } else {
        None
    };
    // init and generate write the same way: merge with what dockgen wrote before, never clobber.
    let mode = super::generate::Mode {
        force: args.force,
        ask,
        ..Default::default()
    };
    super::generate::regenerate(&args.dir, &plans, mode)?;
    if let Some(w) = workflow {
        for outcome in dockgen::write::write_all(&[w], args.force)? {
            if let dockgen::write::Outcome::Created(p)
            | dockgen::write::Outcome::Replaced { path: p, .. } = outcome
            {
                eprintln!("wrote {}", p.display());
            }
        }
    }
    save_answers(&args.dir, &mut config, &answers, &plans)?;
    next_steps(&args.dir, &plans);
    if let Some(outputs) = compose {
        super::compose::write(&outputs, args.force)?;
    }
    Ok(())
}

/// The CI workflow for every planned app, where its CI service reads it: the repository's root (the nearest
/// folder above the project holding `.git`), with each app's folder relative to that root.
fn ci_workflow(
    dir: &std::path::Path,
    kind: super::CiArg,
    plans: &[dockgen::plan::Plan],
) -> Result<Output, Error> {
    let abs = std::fs::canonicalize(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let root = repo_root(&abs).unwrap_or_else(|| {
        eprintln!(
            "warning: {}: not inside a git repository (no .git above it); the CI workflow goes in this folder, which must be the repository's root",
            dir.display()
        );
        abs.clone()
    });
    let apps: Vec<CiApp> = plans
        .iter()
        .map(|p| {
            let app = abs.join(&p.facts.path);
            let context = relative(&app, &root);
            CiApp {
                dockerfile: super::shown(std::path::Path::new(&context), &["Dockerfile"]),
                context,
                image: dockgen::naming::image_name(&app),
            }
        })
        .collect();
    let (name, file) = match kind {
        super::CiArg::Github => ("github", ".github/workflows/container.yml"),
        super::CiArg::Gitlab => ("gitlab", ".gitlab-ci.yml"),
    };
    // Written and reported as the user named the project: absolute for an absolute DIR, else relative to
    // the folder they ran in.
    let root_shown = if dir.is_absolute() {
        root.clone()
    } else {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .unwrap_or_else(|_| abs.clone());
        std::path::PathBuf::from(relative(&root, &cwd))
    };
    Ok(Output {
        path: std::path::PathBuf::from(super::shown(&root_shown, &[file])),
        contents: dockgen::render::ci(name, &relative(&abs, &root), &apps)?,
    })
}

/// The nearest folder at or above `abs` that holds `.git` (a folder, or a file in a worktree).
fn repo_root(abs: &std::path::Path) -> Option<std::path::PathBuf> {
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(std::path::Path::to_path_buf)
}

/// `to` relative to `from` (both absolute), with `/` separators: `api`, `../..`, or `.` for the same folder.
fn relative(to: &std::path::Path, from: &std::path::Path) -> String {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Keep in dockgen.toml the answers that differ from what detection alone concludes.
pub(super) fn save_answers(
    dir: &std::path::Path,
    config: &mut Config,
    answers: &Answers,
    _plans: &[dockgen::plan::Plan],
) -> Result<(), Error> {
    let settling = Answers {
        stack: answers.stack,
        binary: answers.binary.clone(),
        package_manager: answers.package_manager,
        ..Answers::default()
    };
    // Detection fails without the answers: every one given was needed, and is kept.
    let Ok(detected) = show::plans(dir, &settling) else {
        let keep = Answers {
            origin: None,
            ..answers.clone()
        };
        let mut current = config.app.clone();
        current.origin = None;
        if keep == current {
            return Ok(());
        }
        config.app = keep;
        return write_answers(dir, config);
    };
    let Some(base) = detected.first() else {
        return Ok(());
    };
    let mut keep = answers.differing_from(&base.facts);
    // Answers that settle detection are kept unless detection alone, with no answers, reaches them too.
    let unaided = show::plans(dir, &Answers::default()).ok();
    let unaided = unaided.as_ref().and_then(|p| p.first()).map(|p| &p.facts);
    keep.stack = answers
        .stack
        .filter(|s| unaided.is_none_or(|f| f.stack != *s));
    keep.package_manager = answers
        .package_manager
        .filter(|pm| unaided.is_none_or(|f| f.package_manager != *pm));
    if keep == config.app.differing_from(&base.facts) || (keep.is_empty() && config.app.is_empty())
    {
        return Ok(());
    }
    config.app = keep;
    write_answers(dir, config)
}

fn write_answers(dir: &std::path::Path, config: &Config) -> Result<(), Error> {
    dockgen::write::atomic_write(&dir.join(dockgen::config::FILE), &config.to_toml())?;
    eprintln!(
        "kept your answers in {}",
        dir.join(dockgen::config::FILE).display()
    );
    Ok(())
}

/// The commands to run next, with paths as the user reaches them from where they ran dockgen.
fn next_steps(dir: &std::path::Path, plans: &[dockgen::plan::Plan]) {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for plan in plans {
        let name = dockgen::naming::image_name(&abs.join(&plan.facts.path));
        // A workspace app builds from the root, naming its Dockerfile: the lockfile and packages live there.
        let ctx = if plan.facts.root_context {
            format!(
                "-f {} {}",
                super::shown(dir, &[&plan.facts.path, "Dockerfile"]),
                super::shown(dir, &["."])
            )
        } else {
            super::shown(dir, &[&plan.facts.path])
        };
        eprintln!("\nnext steps:");
        let secrets: String = plan
            .secrets
            .iter()
            .map(|(id, file)| {
                let src = super::shown(dir, &[&plan.facts.path, file]);
                format!(" --secret id={id},src={src}")
            })
            .collect();
        eprintln!("  docker build{secrets} -t {name} {ctx}");
        match plan.facts.port {
            Some(p) => eprintln!("  docker run --rm -p {p}:{p} {name}"),
            None => eprintln!("  docker run --rm {name}"),
        }
        eprintln!(
            "  trivy image --severity HIGH,CRITICAL {name}    # or: docker scout cves {name}"
        );
    }
}
