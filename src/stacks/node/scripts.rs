//! Start scripts: a script that only runs another (`npm run serve`) followed to the one doing the work,
//! and a TypeScript runner (tsx, ts-node) in the start run by node through the runner's own script.

use crate::facts::Facts;
use crate::manifest::package_json::PackageJson;
use crate::rules::StackRules;

/// A TypeScript runner in the start (`tsx src/index.ts`) runs as node on the runner's own script, since
/// the runtime has no node_modules/.bin on PATH; when the runner is a devDependency, the runtime keeps dev
/// dependencies (returns true).
pub(crate) fn run_through_node(facts: &mut Facts, rules: &StackRules, pkg: &PackageJson) -> bool {
    let Some(at) = facts
        .start
        .iter()
        .position(|w| rules.start_runners.contains_key(w))
    else {
        return false;
    };
    let runner = facts.start[at].clone();
    let script = &rules.start_runners[&runner];
    if script.is_empty() {
        return false;
    }
    facts
        .start
        .splice(at..=at, ["node".to_string(), script.clone()]);
    let start = facts.start.join(" ");
    facts.because(
        "start",
        start,
        "detectors",
        format!("{runner} run by node through its own script"),
    );
    // The package is the one whose script runs (`fastify` is fastify-cli's `bin`).
    let package = script
        .strip_prefix("node_modules/")
        .and_then(|p| p.split('/').next())
        .unwrap_or(&runner);
    pkg.dev_dependencies.contains_key(package)
}

/// A script's text, following a script that only runs another (`start: npm run serve`, `yarn serve`,
/// `pnpm run serve`) to the one that does the work; a few hops at most, so a cycle ends.
pub(crate) fn script_text(pkg: &PackageJson, name: &str) -> Option<String> {
    let mut text = pkg.scripts.get(name)?.trim().to_string();
    for _ in 0..4 {
        let words: Vec<&str> = text.split_whitespace().collect();
        let target = match words.as_slice() {
            ["npm", "start"] => "start",
            ["npm" | "yarn" | "pnpm", "run" | "run-script", t] | ["yarn" | "pnpm", t] => *t,
            _ => return Some(text),
        };
        if target == name && words.len() == 2 {
            return Some(text);
        }
        text = pkg.scripts.get(target)?.trim().to_string();
    }
    Some(text)
}
