//! The PHP extensions an app's image builds: those composer.json and composer.lock require (`ext-*`), or,
//! for a site without composer.json, those its code calls.

use crate::error::Result;
use crate::facts::Facts;
use crate::manifest::composer::{ComposerJson, ComposerLock};
use crate::rules::StackRules;
use crate::scan::Project;

/// The extensions to build: each `ext-*` the root or a locked production package requires, less those the
/// image compiles in. Unknown ones are a warning: the build's platform check will name them too.
pub(super) fn required(
    stack: &StackRules,
    composer: Option<&ComposerJson>,
    lock: Option<&ComposerLock>,
    facts: &mut Facts,
) -> Vec<String> {
    let mut wanted: Vec<(String, String)> = Vec::new();
    if let Some(c) = composer {
        wanted.extend(
            c.extensions()
                .map(|e| (e.to_ascii_lowercase(), "composer.json".to_string())),
        );
    }
    if let Some(l) = lock {
        wanted.extend(
            l.extensions()
                .map(|(e, pkg)| (e.to_ascii_lowercase(), format!("composer.lock ({pkg})"))),
        );
    }
    let mut out: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for (ext, source) in wanted {
        if stack.bundled_extensions.contains(&ext) || out.contains(&ext) || unknown.contains(&ext) {
            continue;
        }
        if stack.extensions.iter().any(|r| r.name == ext) {
            facts.because("extension", &ext, source, format!("requires ext-{ext}"));
            out.push(ext);
        } else {
            facts.warnings.push(format!(
                "{source} requires ext-{ext}, which dockgen does not know how to install: add it to the Dockerfile's extension step"
            ));
            unknown.push(ext);
        }
    }
    // The table's order: a stable Dockerfile whatever order the requirements come in.
    out.sort_by_key(|e| stack.extensions.iter().position(|r| &r.name == e));
    out
}

/// Files read for extension use: enough for a hand-written site, bounded for a huge one.
const MAX_PHP_FILES: usize = 400;

/// A site without composer.json states no `ext-*`: the extensions its code calls (`new mysqli(`, a
/// `PDO('mysql:…` DSN) are found by reading its .php files (committed vendor/ aside), each with the line
/// that uses it as evidence.
pub(super) fn used(
    project: &Project,
    stack: &StackRules,
    out: &mut Vec<String>,
    facts: &mut Facts,
) -> Result<()> {
    let files: Vec<&str> = project
        .files()
        .filter(|f| f.ends_with(".php") && !f.starts_with("vendor/"))
        .take(MAX_PHP_FILES)
        .collect();
    for rule in stack.extensions.iter().filter(|r| !r.used_by.is_empty()) {
        if out.contains(&rule.name) || stack.bundled_extensions.contains(&rule.name) {
            continue;
        }
        'files: for f in &files {
            let text = project.read_source(f)?;
            for (n, line) in text.lines().enumerate() {
                if let Some(call) = rule.used_by.iter().find(|u| line.contains(u.as_str())) {
                    facts.because(
                        "extension",
                        &rule.name,
                        format!("{f}:{}", n + 1),
                        format!("the code calls `{call}`"),
                    );
                    out.push(rule.name.clone());
                    break 'files;
                }
            }
        }
    }
    out.sort_by_key(|e| stack.extensions.iter().position(|r| &r.name == e));
    Ok(())
}
