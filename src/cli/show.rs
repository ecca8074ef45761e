//! `dockgen plan`: what was detected and why, as a table for people or JSON for programs.

use super::PlanArgs;
use dockgen::detect::tree::Tree;
use dockgen::plan::Plan;
use dockgen::scan::Project;
use serde_json::json;

pub fn run(args: PlanArgs) -> Result<(), dockgen::Error> {
    let (_, answers) = super::load_answers(&args.dir, &args.answers)?;
    let (tree, plans) = tree_plans(&args.dir, &answers)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&tree_json(&tree, &plans)).unwrap_or_default()
        );
    } else {
        // The report is what `plan` was asked for, so it goes to stdout like --json (pipeable, greppable).
        let several = tree.apps.len() > 1 || !tree.skipped.is_empty();
        if !tree.workspaces.is_empty() {
            println!("workspace: {}", tree.workspaces.join(", "));
        }
        for (app, plan) in tree.apps.iter().zip(&plans) {
            if several || !tree.workspaces.is_empty() {
                println!(
                    "app {} at {} (build context {}, {})",
                    app.name, app.path, app.context, app.dockerfile
                );
            }
            print!("{}", human(plan));
        }
        for s in &tree.skipped {
            println!("skipped {}: {}", s.path, s.reason);
        }
    }
    Ok(())
}

/// Scan once, detect the whole tree (every app, every skipped library) and plan each app.
pub fn tree_plans(
    dir: &std::path::Path,
    answers: &dockgen::config::Answers,
) -> Result<(Tree, Vec<Plan>), dockgen::Error> {
    let rules = dockgen::stacks::rules()?;
    let project = Project::scan(dir, rules)?;
    let tree = dockgen::detect::tree::tree(&project, answers)?;
    let plans = tree
        .apps
        .iter()
        .map(|a| dockgen::pipeline::plan(&a.facts, rules, answers.runtime_image.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((tree, plans))
}

/// The JSON view of a tree: every app's plan with its name, build context and Dockerfile, the skipped
/// members with why, and the workspace definitions found.
pub fn tree_json(tree: &Tree, plans: &[Plan]) -> serde_json::Value {
    let apps: Vec<serde_json::Value> = tree
        .apps
        .iter()
        .zip(plans)
        .map(|(app, plan)| {
            let mut v = dockgen::plan::summary(plan);
            if let Some(o) = v.as_object_mut() {
                o.insert("name".into(), json!(app.name));
                o.insert("context".into(), json!(app.context));
                o.insert("dockerfile".into(), json!(app.dockerfile));
            }
            v
        })
        .collect();
    json!({
        "schema_version": 1,
        "workspaces": tree.workspaces,
        "apps": apps,
        "skipped": tree.skipped,
    })
}

/// Scan, detect and plan every app of the folder.
pub fn plans(
    dir: &std::path::Path,
    answers: &dockgen::config::Answers,
) -> Result<Vec<Plan>, dockgen::Error> {
    let rules = dockgen::stacks::rules()?;
    let project = Project::scan(dir, rules)?;
    // A workspace root: every app of the tree (libraries skipped), each from the context it builds in.
    if !dockgen::workspace::find(&project)?.is_empty() {
        return Ok(tree_plans(dir, answers)?.1);
    }
    let apps = dockgen::detect::detect(&project, answers)?;
    apps.iter()
        .map(|f| dockgen::pipeline::plan(f, rules, answers.runtime_image.as_deref()))
        .collect()
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
