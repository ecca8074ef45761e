//! `dockgen plan`: what was detected and why, as a table for people or JSON for programs.

use super::PlanArgs;
use dockgen::plan::{Plan, Summary};
use dockgen::session::{Planned, Scope, Session};
use serde::Serialize;

pub fn run(args: PlanArgs) -> Result<(), dockgen::Error> {
    let (session, answers) = super::open(&args.dir, &args.answers)?;
    let mut planned = session.plan(&answers, Scope::Tree)?;
    if let Some(app) = &args.app.app {
        planned.only(app)?;
    }
    if args.json {
        let report = report(&session, &planned)?;
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return Ok(());
    }
    // The report is what `plan` was asked for, so it goes to stdout like --json (pipeable, greppable).
    let d = &planned.detection;
    let several = d.apps.len() > 1 || !d.skipped.is_empty();
    if !d.workspaces.is_empty() {
        println!("workspace: {}", d.workspaces.join(", "));
    }
    for (app, plan) in d.apps.iter().zip(&planned.plans) {
        if several || !d.workspaces.is_empty() {
            println!(
                "app {} at {} (build context {}, {})",
                app.name, app.path, app.context, app.dockerfile
            );
        }
        print!("{}", human(plan));
    }
    for s in &d.skipped {
        println!("skipped {}: {}", s.path, s.reason);
    }
    for s in session.services(&planned.plans)? {
        let users: Vec<String> = s
            .used_by
            .iter()
            .map(|u| format!("{} ({})", u.app, u.because))
            .collect();
        println!(
            "service {} ({}): used by {}",
            s.name,
            s.image,
            users.join(", ")
        );
    }
    Ok(())
}

/// `plan --json` (schema_version 1): every app's summary with its name, build context and Dockerfile,
/// the members skipped with why, the workspace definitions found, and the backing services the apps use.
#[derive(Debug, Serialize)]
pub struct Report {
    schema_version: u32,
    workspaces: Vec<String>,
    apps: Vec<serde_json::Value>,
    skipped: Vec<dockgen::detect::tree::Skipped>,
    services: Vec<dockgen::session::Service>,
}

fn report(session: &Session, planned: &Planned) -> Result<Report, dockgen::Error> {
    let d = &planned.detection;
    let apps = d
        .apps
        .iter()
        .zip(&planned.plans)
        .map(|(app, plan)| {
            let mut v = Summary::of(plan).to_json();
            if let Some(o) = v.as_object_mut() {
                o.insert("name".into(), app.name.clone().into());
                o.insert("context".into(), app.context.clone().into());
                o.insert("dockerfile".into(), app.dockerfile.clone().into());
            }
            v
        })
        .collect();
    Ok(Report {
        schema_version: 1,
        workspaces: d.workspaces.clone(),
        apps,
        skipped: d.skipped.clone(),
        services: session.services(&planned.plans)?,
    })
}

fn human(plan: &Plan) -> String {
    let f = &plan.facts;
    let mut out = format!("{}\n", f.headline());
    let row = |k: &str, v: String| format!("  {k:<16} {v}\n");
    out += &row("package manager", f.package_manager.as_str().into());
    if let Some(t) = &f.toolchain {
        out += &row(
            "toolchain",
            format!("{} {} (from {})", t.name, t.version, t.source),
        );
    }
    out += &row("build", f.build.clone().unwrap_or_else(|| "none".into()));
    out += &row("start", f.start.join(" "));
    out += &row(
        "port",
        f.port
            .map(|p| p.to_string())
            .unwrap_or_else(|| "none".into()),
    );
    out += &row(
        "build image",
        plan.images.build.clone().unwrap_or_else(|| "none".into()),
    );
    out += &row("runtime image", plan.images.runtime.clone());
    out += &row("user", format!("{}:{}", plan.user.uid, plan.user.gid));
    out += "  evidence:\n";
    for e in &f.evidence {
        out += &format!(
            "    {:<16} {:<24} {} ({})\n",
            e.fact, e.value, e.source, e.rule
        );
    }
    for a in &f.ambiguities {
        out += &format!(
            "  ambiguity: {} {}: chose {} because {}\n",
            a.what,
            a.candidates.join(" or "),
            a.chosen,
            a.rule
        );
    }
    // The plan's notes: the detection's warnings and what the plan adds (an unchecked runtime base).
    for w in &plan.notes {
        out += &format!("  warning: {w}\n");
    }
    out
}
