//! `init --compose`: compose.yaml and its .env.example at the project's root, for every planned app.

use dockgen::compose::{apps_from_plans, render, COMPOSE_FILE, ENV_EXAMPLE};
use dockgen::plan::Plan;
use dockgen::write::Output;
use dockgen::Error;
use std::path::Path;

/// The two files, checked before anything is written: a file of the user's with other contents is refused
/// (unless `force`), so a refusal leaves the folder as it was.
/// `project` is the session's scan of `dir` (init walks the folder once).
pub fn outputs(
    dir: &Path,
    project: &dockgen::scan::Project,
    plans: &[Plan],
    force: bool,
) -> Result<Vec<Output>, Error> {
    let compose = render(&apps_from_plans(project, plans)?)?;
    let outputs = vec![
        Output {
            path: dir.join(COMPOSE_FILE),
            contents: compose.yaml,
        },
        Output {
            path: dir.join(ENV_EXAMPLE),
            contents: compose.env_example,
        },
    ];
    for o in &outputs {
        let existing = std::fs::read_to_string(&o.path).ok();
        if !force && existing.is_some_and(|e| e != o.contents) {
            return Err(Error::Exists {
                path: o.path.clone(),
            });
        }
    }
    for (app, service, why) in &compose.needs {
        eprintln!("compose: {app} uses {service} ({why})");
    }
    Ok(outputs)
}

/// Write the files checked by [`outputs`] and say what to do next.
pub fn write(outputs: &[Output], force: bool) -> Result<(), Error> {
    for outcome in dockgen::write::write_all(outputs, force)? {
        if let dockgen::write::Outcome::Created(p)
        | dockgen::write::Outcome::Replaced { path: p, .. } = outcome
        {
            eprintln!("wrote {}", p.display());
        }
    }
    eprintln!("  cp .env.example .env    # then fill in its empty values");
    eprintln!("  docker compose up --build");
    Ok(())
}
