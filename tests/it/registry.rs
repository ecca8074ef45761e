//! The stack registry is complete: every registered stack has its rules file, an example, and fuzz
//! targets for the parsers it reads; and every rules file belongs to a registered stack. Adding a stack
//! is its folder, its rules file, its examples and one registry line: this test names what is missing.

use dockgen::stacks::STACKS;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_stack_has_a_rules_file_that_names_it() {
    let rules = dockgen::stacks::rules().unwrap();
    for stack in STACKS {
        let id = stack.id().as_str();
        let file = root().join("detectors").join(format!("{id}.toml"));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("stack {id}: {} missing: {e}", file.display()));
        assert!(
            text.lines().any(|l| l == format!("stack = \"{id}\"")),
            "{}: does not say stack = \"{id}\"",
            file.display()
        );
        assert!(
            rules.stacks.iter().any(|s| s.id == stack.id()),
            "stack {id}: detectors/{id}.toml is not the text its Stack::rules embeds"
        );
    }
    for s in &rules.stacks {
        assert!(
            STACKS.iter().any(|r| r.id() == s.id),
            "detectors/{}.toml has no registered stack",
            s.id.as_str()
        );
    }
}

#[test]
fn every_stack_has_an_example() {
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let expect = entry.unwrap().path().join("expect.toml");
        if let Ok(text) = std::fs::read_to_string(&expect) {
            let table: toml::Table = toml::from_str(&text).unwrap();
            if let Some(id) = table["facts"].get("stack").and_then(|v| v.as_str()) {
                seen.push(id.to_string());
            }
        }
    }
    for stack in STACKS {
        let id = stack.id().as_str();
        assert!(
            seen.iter().any(|s| s == id),
            "stack {id} has no example in examples/ (an expect.toml with stack = \"{id}\")"
        );
    }
}

#[test]
fn every_stack_has_fuzz_targets_for_its_parsers() {
    let cargo = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    for stack in STACKS {
        let id = stack.id().as_str();
        assert!(!stack.parsers().is_empty(), "stack {id} names no parser");
        for parser in stack.parsers() {
            let target = format!("fuzz_targets/{parser}.rs");
            assert!(
                root().join("fuzz").join(&target).is_file(),
                "stack {id}: fuzz/{target} is missing"
            );
            assert!(
                cargo.contains(&format!("path = \"{target}\"")),
                "stack {id}: fuzz/Cargo.toml has no [[bin]] for {target}"
            );
        }
    }
}

#[test]
fn the_registry_names_each_stack_once() {
    let mut ids: Vec<&str> = STACKS.iter().map(|s| s.id().as_str()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a stack is registered twice");
}

#[test]
fn each_stack_embeds_its_own_rules_file_and_supersedes_only_registered_stacks() {
    for stack in STACKS {
        let id = stack.id().as_str();
        let on_disk = std::fs::read_to_string(root().join(format!("detectors/{id}.toml"))).unwrap();
        assert_eq!(
            stack.rules(),
            on_disk,
            "stack {id}: its rules() is not detectors/{id}.toml"
        );
    }
    for s in &dockgen::stacks::rules().unwrap().stacks {
        for other in &s.supersedes {
            assert!(
                dockgen::stacks::parse(other.as_str()).is_some(),
                "detectors/{}.toml supersedes `{}`, which is not a registered stack",
                s.id.as_str(),
                other.as_str()
            );
        }
    }
}

/// Names read from dockgen.toml are checked against the registry and the rules where they enter.
#[test]
fn an_answer_naming_an_unknown_stack_or_package_manager_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("go.mod"),
        "module example.com/x\n\ngo 1.24\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.go"),
        "package main\n\nfunc main() {}\n",
    )
    .unwrap();
    let rules = dockgen::stacks::rules().unwrap();
    let project = dockgen::scan::Project::scan(dir.path(), rules).unwrap();
    let config = dockgen::config::Config::parse("[app]\nstack = \"cobol\"\n").unwrap();
    let err = dockgen::detect::detect(&project, &config.app)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`cobol`") && err.contains("go, rust"), "{err}");
    let config = dockgen::config::Config::parse("[app]\npackage_manager = \"npn\"\n").unwrap();
    let err = dockgen::detect::detect(&project, &config.app)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`npn`") && err.contains("npm"), "{err}");
    let config = dockgen::config::Config::parse("[app]\nstack = \"go\"\n").unwrap();
    let apps = dockgen::detect::detect(&project, &config.app).unwrap();
    assert_eq!(apps[0].stack, dockgen::stacks::go::ID);
}

#[test]
fn every_fuzz_target_has_seeds_and_every_seed_exists() {
    let seeds = std::fs::read_to_string(root().join("fuzz/seeds.tsv")).unwrap();
    let cargo = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    let mut seeded = std::collections::BTreeSet::new();
    for line in seeds.lines().filter(|l| !l.starts_with('#')) {
        let (target, path) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("fuzz/seeds.tsv: `{line}` is not target<TAB>path"));
        assert!(
            cargo.contains(&format!("path = \"fuzz_targets/{target}.rs\"")),
            "fuzz/seeds.tsv names `{target}`, which is no fuzz target"
        );
        assert!(
            root().join(path).is_file(),
            "fuzz/seeds.tsv: {path} (a seed of {target}) does not exist"
        );
        seeded.insert(target.to_string());
    }
    for bin in cargo.split("path = \"fuzz_targets/").skip(1) {
        let target = bin.split(".rs").next().unwrap();
        let corpus = root().join("fuzz/corpus").join(target);
        assert!(
            seeded.contains(target) || corpus.is_dir(),
            "fuzz target {target} has no seed: no fuzz/corpus/{target}/ and no line in fuzz/seeds.tsv"
        );
    }
}
