//! The image benchmark's cases (benches/images/cases.toml) stay runnable: each names an example with an
//! expect.toml, a reference Dockerfile that says which guidance it follows, and files to edit that exist.

use std::path::Path;

#[test]
fn every_benchmark_case_has_its_example_reference_and_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("benches/images");
    let cases: toml::Value =
        toml::from_str(&std::fs::read_to_string(bench.join("cases.toml")).unwrap()).unwrap();
    let cases = cases["case"].as_array().unwrap();
    let mut per_stack = std::collections::BTreeMap::<&str, usize>::new();
    for case in cases {
        let example = case["example"].as_str().unwrap();
        let dir = root.join("examples").join(example);
        assert!(dir.join("expect.toml").is_file(), "{example}: no example");
        let reference =
            std::fs::read_to_string(bench.join("references").join(example).join("Dockerfile"))
                .unwrap_or_else(|e| panic!("{example}: no reference Dockerfile: {e}"));
        assert!(
            reference.starts_with("# Reference: "),
            "{example}: the reference's first line names the guidance it follows"
        );
        assert!(
            !reference.contains("# syntax="),
            "{example}: no registry for a frontend here"
        );
        for key in ["source", "manifest"] {
            if let Some(spec) = case.get(key) {
                let file = spec[0].as_str().unwrap();
                assert!(
                    dir.join(file).is_file(),
                    "{example}: {key} {file} is not in the example"
                );
            }
        }
        *per_stack
            .entry(case["stack"].as_str().unwrap())
            .or_default() += 1;
    }
    for stack in ["go", "rust", "python", "node", "bun", "deno", "static"] {
        assert!(
            per_stack.get(stack).copied().unwrap_or(0) >= 2,
            "{stack}: two cases at least"
        );
    }
}
