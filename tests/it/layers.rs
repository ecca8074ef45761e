//! The library's top-level modules form layers: no import cycle between them. The stacks sit between what
//! they share (probe, plan, facts, rules, manifest) and what dispatches to them (detect, pipeline), so a
//! cycle here means a shared module started naming a stack or a stack reached up into its dispatcher.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code (not its comments) names as `crate::x`.
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let top = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            // The binary's modules (src/cli, main.rs) use the library from outside; they are not a layer.
            if top == "cli" || top == "main" || top == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let deps = graph.entry(top.clone()).or_default();
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or("");
                for (i, _) in code.match_indices("crate::") {
                    let name: String = code[i + 7..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != top {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// A path from `from` back to `to` through the graph, if any.
fn path_to(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if !seen.insert(from.to_string()) {
        return None;
    }
    for next in graph.get(from).into_iter().flatten() {
        if next == to {
            return Some(vec![from.to_string(), to.to_string()]);
        }
        if let Some(mut rest) = path_to(graph, next, to, seen) {
            rest.insert(0, from.to_string());
            return Some(rest);
        }
    }
    None
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = edges();
    assert!(graph.contains_key("detect") && graph.contains_key("stacks"));
    let mut cycles = Vec::new();
    for module in graph.keys() {
        if let Some(cycle) = path_to(&graph, module, module, &mut BTreeSet::new()) {
            cycles.push(cycle.join(" → "));
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    let cycle = path_to(&graph, "a", "a", &mut BTreeSet::new());
    assert_eq!(cycle, Some(vec!["a".into(), "b".into(), "a".into()]));
}

/// The session is the entry point above detection and planning: what it calls never calls it back. Only
/// the entry points, and `lint` (which plans the folder beside a Dockerfile it is given), name it.
#[test]
fn nothing_below_the_session_names_it() {
    let graph = edges();
    assert!(graph.contains_key("session"), "src/session.rs is scanned");
    let below = [
        "detect",
        "pipeline",
        "stacks",
        "probe",
        "plan",
        "manifest",
        "facts",
        "rules",
        "scan",
        "version",
        "image",
        "render",
        "write",
        "regen",
        "compose",
        "verify",
        "workspace",
        "naming",
        "config",
        "error",
    ];
    let up: Vec<&str> = below
        .iter()
        .copied()
        .filter(|m| graph.get(*m).is_some_and(|d| d.contains("session")))
        .collect();
    assert!(
        up.is_empty(),
        "modules below the session that name it: {up:?}"
    );
}
