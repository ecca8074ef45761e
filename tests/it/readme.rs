//! The README's stack table is the rendering of the rules: this test fails when they differ, and
//! `UPDATE_README=1 cargo test --test it readme::` rewrites README.md's marked section.

use dockgen::readme::{replace_section, stacks_table, BEGIN, END};

#[test]
fn readme_stack_table_is_rendered_from_the_rules() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let table = stacks_table(dockgen::stacks::rules().unwrap());
    let rendered = replace_section(&text, &table)
        .unwrap_or_else(|| panic!("README.md lacks the {BEGIN} … {END} markers"));
    if rendered == text {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, rendered).unwrap();
        return;
    }
    panic!("README.md's stack table differs from the rules; regenerate it with `UPDATE_README=1 cargo test --test it readme::`");
}

#[test]
fn every_stack_and_framework_is_in_the_table() {
    let rules = dockgen::stacks::rules().unwrap();
    let table = stacks_table(rules);
    for stack in &rules.stacks {
        assert!(
            table.contains(&format!("| {} |", stack.name)),
            "{}",
            stack.name
        );
        for fw in &stack.frameworks {
            assert!(table.contains(&fw.name), "{}", fw.name);
        }
    }
}
