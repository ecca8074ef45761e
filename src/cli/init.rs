//! `dockgen init`: detect, confirm (or accept with --yes), render, and write without clobbering.

use super::{prompt, show, InitArgs};
use dockgen::config::{Answers, Config};
use dockgen::Error;

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
                let list: Vec<String> = choices.split(", ").map(str::to_string).collect();
                let pick = prompt::choose(&what, &list)?;
                if what == "stack" {
                    answers.stack = serde_json::from_value(serde_json::Value::String(pick)).ok();
                } else {
                    answers.binary = Some(pick);
                }
            }
            Err(e) => return Err(e),
        }
    };
    if ask && plans.len() == 1 {
        let changed = prompt::confirm(&plans[0])?;
        if !changed.is_empty() {
            answers = answers.overlay(&changed);
            plans = show::plans(&args.dir, &answers)?;
        }
    }

    if args.stdout {
        for plan in &plans {
            print!("{}", dockgen::render::dockerfile(plan)?);
        }
        return Ok(());
    }
    for plan in &plans {
        for w in &plan.notes {
            eprintln!("warning: {}: {w}", plan.facts.path);
        }
    }
    // init and generate write the same way: merge with what dockgen wrote before, never clobber.
    let mode = super::generate::Mode {
        force: args.force,
        ask,
        ..Default::default()
    };
    super::generate::regenerate(&args.dir, &plans, mode)?;
    save_answers(&args.dir, &mut config, &answers, &plans)?;
    next_steps(&args.dir, &plans);
    Ok(())
}

/// Keep in dockgen.toml the answers that differ from what detection alone concludes.
fn save_answers(
    dir: &std::path::Path,
    config: &mut Config,
    answers: &Answers,
    plans: &[dockgen::plan::Plan],
) -> Result<(), Error> {
    let settling = Answers {
        stack: answers.stack,
        binary: answers.binary.clone(),
        package_manager: answers.package_manager,
        ..Answers::default()
    };
    let detected = show::plans(dir, &settling).unwrap_or_else(|_| plans.to_vec());
    let Some(base) = detected.first() else {
        return Ok(());
    };
    let keep = answers.differing_from(&base.facts);
    if keep == config.app.differing_from(&base.facts) || (keep.is_empty() && config.app.is_empty())
    {
        return Ok(());
    }
    config.app = keep;
    dockgen::write::atomic_write(&dir.join(dockgen::config::FILE), &config.to_toml())?;
    eprintln!(
        "kept your answers in {}",
        dir.join(dockgen::config::FILE).display()
    );
    Ok(())
}

fn next_steps(dir: &std::path::Path, plans: &[dockgen::plan::Plan]) {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for plan in plans {
        let base = abs.join(&plan.facts.path);
        let name = dockgen::naming::image_name(&base);
        let ctx = if plan.facts.path == "." {
            ".".to_string()
        } else {
            plan.facts.path.clone()
        };
        eprintln!("\nnext steps:");
        eprintln!("  docker build -t {name} {ctx}");
        match plan.facts.port {
            Some(p) => eprintln!("  docker run --rm -p {p}:{p} {name}"),
            None => eprintln!("  docker run --rm {name}"),
        }
        eprintln!(
            "  trivy image --severity HIGH,CRITICAL {name}    # or: docker scout cves {name}"
        );
    }
}
