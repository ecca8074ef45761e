//! `dockgen plan`: what was detected and why, as a table for people or JSON for programs.

use super::PlanArgs;
use dockgen::plan::Plan;
use dockgen::scan::Project;
use serde_json::json;

pub fn run(args: PlanArgs) -> Result<(), dockgen::Error> {
    let (_, answers) = super::load_answers(&args.dir, &args.answers)?;
    let plans = plans(&args.dir, &answers)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(&plans)).unwrap_or_default()
        );
    } else {
        // The report is what `plan` was asked for, so it goes to stdout like --json (pipeable, greppable).
        for plan in &plans {
            print!("{}", human(plan));
        }
    }
    Ok(())
}

/// Scan, detect and plan every app of the folder.
pub fn plans(
    dir: &std::path::Path,
    answers: &dockgen::config::Answers,
) -> Result<Vec<Plan>, dockgen::Error> {
    let rules = dockgen::stacks::rules()?;
    let project = Project::scan(dir, rules)?;
    let apps = dockgen::detect::detect(&project, answers)?;
    apps.iter()
        .map(|f| dockgen::pipeline::plan(f, rules, answers.runtime_image.as_deref()))
        .collect()
}

/// The JSON view: schema_version 1, one entry per app.
pub fn to_json(plans: &[Plan]) -> serde_json::Value {
    let apps: Vec<serde_json::Value> = plans.iter().map(dockgen::plan::summary).collect();
    json!({ "schema_version": 1, "apps": apps })
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
