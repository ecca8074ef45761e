//! The README's table of supported stacks, rendered from the rules in `detectors/` so it cannot drift from
//! what dockgen does. tests/it/readme.rs fails when README.md's marked section differs from this rendering;
//! `UPDATE_README=1 cargo test --test it readme::` rewrites it.

use crate::facts::ArtifactKind;
use crate::rules::{Rules, StackRules};

pub const BEGIN: &str = "<!-- stacks:begin -->";
pub const END: &str = "<!-- stacks:end -->";

/// One row per stack, in the order of the rule files.
pub fn stacks_table(rules: &Rules) -> String {
    let mut out = String::from(
        "| stack | signals | version from (default) | package managers | frameworks | runtime base (user) |\n|---|---|---|---|---|---|\n",
    );
    for stack in &rules.stacks {
        let mut signals = ticks(&stack.signals);
        if !stack.describe.is_empty() {
            signals = format!("{signals}; {}", stack.describe);
        }
        let version = format!(
            "{} ({} {})",
            ticks(&stack.toolchain.sources),
            stack.toolchain.name,
            stack.toolchain.default
        );
        let frameworks = dedup(stack.frameworks.iter().map(|f| f.name.clone()));
        out += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            stack.name,
            signals.replace('|', "\\|"),
            version,
            package_managers(rules, stack),
            if frameworks.is_empty() {
                "—".to_string()
            } else {
                frameworks.join(", ")
            },
            runtime(rules, stack),
        );
    }
    out
}

/// README text with the section between the markers replaced by `table`; `None` when a marker is missing.
pub fn replace_section(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(BEGIN)? + BEGIN.len();
    let end = start + readme[start..].find(END)?;
    Some(format!("{}\n{table}{}", &readme[..start], &readme[end..]))
}

fn ticks(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The stack's package managers; a stack that builds on another's images installs with that stack's.
fn package_managers(rules: &Rules, stack: &StackRules) -> String {
    let owner = if stack.package_managers.is_empty() {
        stack
            .build_images
            .as_deref()
            .and_then(|f| rules.stacks.iter().find(|s| s.id.as_str() == f))
            .unwrap_or(stack)
    } else {
        stack
    };
    let ids = dedup(
        owner
            .package_managers
            .iter()
            .map(|p| p.id.replace('-', " ")),
    );
    if ids.is_empty() {
        stack
            .installs_with
            .clone()
            .unwrap_or_else(|| stack.toolchain.name.clone())
    } else {
        ids.join(", ")
    }
}

/// The runtime bases the stack's artifact can get, `<v>` standing for the version line; then those of any
/// framework that needs another runtime (ASP.NET Core), named.
fn runtime(rules: &Rules, stack: &StackRules) -> String {
    let rows = |artifact: ArtifactKind| -> String {
        rules
            .images
            .runtime
            .iter()
            .filter(|r| r.artifact == Some(artifact))
            .map(|r| {
                let user = r
                    .user
                    .map(|u| format!(" ({}:{})", u.uid, u.gid))
                    .unwrap_or_default();
                format!("`{}`{user}", r.image.replace("{v}", "<v>"))
            })
            .collect::<Vec<_>>()
            .join(", else ")
    };
    let mut out = rows(stack.artifact);
    for fw in &stack.frameworks {
        if let Some(a) = fw.artifact.filter(|a| *a != stack.artifact) {
            out.push_str(&format!("; {}: {}", fw.name, rows(a)));
        }
    }
    out
}
