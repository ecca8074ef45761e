//! `dockgen init`: detect, confirm (or accept with --yes), render, and write without clobbering.

use super::{prompt, InitArgs};
use dockgen::config::{Answers, Config};
use dockgen::facts::AmbiguityKind;
use dockgen::plan::Plan;
use dockgen::render::CiApp;
use dockgen::session::{Planned, Scope, Session};
use dockgen::write::Output;
use dockgen::Error;

/// `dockgen init`: settle the open choices (asking on a terminal, failing with the flag in a script),
/// confirm, then print or write the files and save the answers.
pub fn run(args: InitArgs) -> Result<(), Error> {
    let (session, answers) = super::open(&args.dir, &args.answers)?;
    let mut config = session.config().clone();
    let ask = !args.yes && prompt::interactive();
    if !args.yes && !ask {
        return Err(Error::Usage(
            "no terminal to ask on (or CI is set): pass --yes to accept what dockgen detects; answer any question with its flag, e.g. --port 8080".into(),
        ));
    }
    let (answers, mut planned) = settle(&session, answers, ask)?;
    match &args.app.app {
        Some(app) => planned.only(app)?,
        None if ask && planned.plans.len() > 1 => pick_apps(&mut planned)?,
        None => {}
    }
    let (answers, plans) = confirm(&session, answers, planned.plans, ask)?;
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
    write(&args, &session, &plans, workflow, ask)?;
    save_answers(&session, &mut config, &answers)?;
    next_steps(&args.dir, &plans);
    if args.compose {
        super::compose::next_steps();
    }
    Ok(())
}

/// Write what init produces: the Dockerfiles and their companions through regeneration (merged with what
/// dockgen wrote before, never clobbered, as `generate` does), then the CI workflow when asked for.
fn write(
    args: &InitArgs,
    session: &Session,
    plans: &[Plan],
    workflow: Option<Output>,
    ask: bool,
) -> Result<(), Error> {
    // A workflow the user wrote is refused before anything is written, so a refusal changes nothing.
    if let Some(w) = &workflow {
        let existing = std::fs::read_to_string(&w.path).ok();
        if !args.force && existing.as_deref().is_some_and(|e| e != w.contents) {
            return Err(Error::Exists {
                path: w.path.clone(),
            });
        }
    }
    let mode = super::generate::Mode {
        force: args.force,
        ask,
        compose: args.compose,
        ..Default::default()
    };
    super::generate::regenerate(&args.dir, session.project(), plans, mode)?;
    if let Some(w) = workflow {
        for outcome in dockgen::write::write_all(&[w], args.force)? {
            if let dockgen::write::Outcome::Created(p)
            | dockgen::write::Outcome::Replaced { path: p, .. } = outcome
            {
                eprintln!("wrote {}", p.display());
            }
        }
    }
    Ok(())
}

/// Detect, asking about each choice detection leaves open (which stack, which binary) until none is; a
/// script gets the error naming the flag that settles it. Everything is detected from the one scan.
fn settle(session: &Session, mut answers: Answers, ask: bool) -> Result<(Answers, Planned), Error> {
    let mut asked = Vec::new();
    loop {
        let detection = session.detect(&answers, Scope::Apps)?;
        let Some(choice) = detection.open.clone() else {
            let planned = session.plan_detected(detection, &answers)?;
            return Ok((answers, planned));
        };
        // An answer that leaves the same choice open would ask forever: stop with its message instead.
        if !ask || asked.contains(&choice) {
            return Err(choice.to_error());
        }
        let pick = prompt::choose(choice.what.as_str(), &choice.candidates)?;
        if choice.what == AmbiguityKind::Stack {
            answers.stack = dockgen::stacks::parse(&pick);
        } else {
            answers.binary = Some(pick);
        }
        asked.push(choice);
    }
}

/// At a workspace root on a terminal: which apps get a Dockerfile (all of them by default).
fn pick_apps(planned: &mut Planned) -> Result<(), Error> {
    let names: Vec<String> = planned
        .detection
        .apps
        .iter()
        .map(|a| format!("{} ({}, {})", a.path, a.name, a.stack.as_str()))
        .collect();
    let keep = prompt::pick_apps(&names)?;
    let apps = std::mem::take(&mut planned.detection.apps);
    let plans = std::mem::take(&mut planned.plans);
    for (i, (app, plan)) in apps.into_iter().zip(plans).enumerate() {
        if keep.contains(&i) {
            planned.detection.apps.push(app);
            planned.plans.push(plan);
        }
    }
    if planned.plans.is_empty() {
        return Err(Error::Usage("no app chosen: nothing to write".into()));
    }
    Ok(())
}

/// On a terminal with one app: offer the stack the ranking rules chose (the rule's choice first), then
/// confirm each decision; a changed stack re-detects (from the scan in memory) and its own decisions
/// are confirmed in turn.
fn confirm(
    session: &Session,
    mut answers: Answers,
    mut plans: Vec<Plan>,
    ask: bool,
) -> Result<(Answers, Vec<Plan>), Error> {
    if !ask || plans.len() != 1 {
        return Ok((answers, plans));
    }
    let ranked = plans[0]
        .facts
        .ambiguities
        .iter()
        .find(|a| a.what == AmbiguityKind::Stack)
        .filter(|_| answers.stack.is_none())
        .cloned();
    if let Some(a) = ranked {
        let pick = prompt::choose("stack", &a.candidates)?;
        if pick != a.chosen {
            answers.stack = dockgen::stacks::parse(&pick);
            plans = replan(session, &answers, &plans[0].facts.path)?;
        }
    }
    loop {
        let changed = prompt::confirm(session, &answers, &plans[0])?;
        if changed.is_empty() {
            break;
        }
        let restack = changed.stack.is_some();
        answers = answers.overlay(&changed);
        plans = replan(session, &answers, &plans[0].facts.path)?;
        if !restack {
            break;
        }
    }
    Ok((answers, plans))
}

/// Plan again with changed answers, keeping the one app being confirmed (`--app` picked it from several).
fn replan(session: &Session, answers: &Answers, path: &str) -> Result<Vec<Plan>, Error> {
    let mut planned = session.plan(answers, Scope::Apps)?;
    if planned.plans.len() > 1 {
        planned.only(path)?;
    }
    Ok(planned.plans)
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

/// Keep in dockgen.toml the answers that differ from what detection alone concludes. Both detections it
/// compares with are made from the session's scan.
pub(super) fn save_answers(
    session: &Session,
    config: &mut Config,
    answers: &Answers,
) -> Result<(), Error> {
    let dir = session.dir();
    let settling = Answers {
        stack: answers.stack,
        binary: answers.binary.clone(),
        package_manager: answers.package_manager,
        ..Answers::default()
    };
    // Detection fails without the answers: every one given was needed, and is kept.
    let Ok(detected) = session.plan(&settling, Scope::Apps) else {
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
    let Some(base) = detected.plans.first() else {
        return Ok(());
    };
    let mut keep = answers.differing_from(&base.facts);
    // Answers that settle detection are kept unless detection alone, with no answers, reaches them too.
    let unaided = session.plan(&Answers::default(), Scope::Apps).ok();
    let unaided = unaided
        .as_ref()
        .and_then(|p| p.plans.first())
        .map(|p| &p.facts);
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
