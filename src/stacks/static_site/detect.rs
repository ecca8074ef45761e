//! Static-site detector: plain HTML (index.html at the root, no package.json), or a single-page app whose
//! build tool is among package.json's dependencies and which no Node server framework or server start
//! script claims. The build installs with Node's package-manager rules; the static server comes from the
//! image catalogue.

use super::StaticDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager, StackId};
use crate::manifest::package_json::PackageJson;
use crate::probe::toolchain;
use crate::rules::{Rules, StackRules};
use crate::scan::Project;
use crate::stacks::node::detect as node;

/// Start scripts whose first word runs a server: such an app is not a static site.
const SERVER_COMMANDS: &[&str] = &["node", "bun", "deno", "tsx", "ts-node", "nodemon"];

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    answers: &Answers,
) -> Result<Option<Facts>> {
    let server = rules.images.runtime(&stack.artifact, "").map(|(r, ..)| r);
    let server_start = server.map(|r| r.start.clone()).unwrap_or_default();
    let Some(text) = project.read_opt("package.json")? else {
        if !project.has("index.html") {
            return Ok(None);
        }
        let mut facts = Facts::new(".", StackId::Static, PackageManager::None);
        facts.because(
            "stack",
            "static",
            "index.html",
            "index.html at the root and no package.json: a plain HTML site",
        );
        facts.because(
            "package_manager",
            "none",
            "index.html",
            "nothing to install",
        );
        finish(&mut facts, stack, server_start, ".", Vec::new(), "");
        return Ok(Some(facts));
    };
    let pkg = PackageJson::parse("package.json", &text)?;
    let node_rules = rules.stack(StackId::Node);
    // A Node server framework, or a start script that runs a server, keeps the folder for a server stack.
    if node::framework(project, &node_rules.frameworks, &pkg)?.is_some() {
        return Ok(None);
    }
    let start_word = pkg
        .scripts
        .get("start")
        .and_then(|s| s.split_whitespace().next());
    if start_word.is_some_and(|w| SERVER_COMMANDS.contains(&w)) {
        return Ok(None);
    }
    let Some(fw) = crate::probe::pick_framework(project, &stack.frameworks, |d| pkg.depends_on(d))?
    else {
        return Ok(None);
    };

    let (pm_rule, pm, lockfile) = node::package_manager_fact(project, node_rules, &pkg, answers)?;
    let mut facts = Facts::new(".", StackId::Static, pm);
    facts.because(
        "stack",
        "static",
        "package.json",
        format!(
            "{} builds a static site and no server framework or server start script is present",
            fw.name
        ),
    );
    node::record_package_manager(&mut facts, &pkg, pm, lockfile);
    crate::probe::record_framework(&mut facts, fw, "package.json", "dependency");

    let claims: Vec<_> = toolchain::engines_claim("package.json engines.node", pkg.engine("node"))
        .into_iter()
        .collect();
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        1,
        &claims,
        &mut facts,
    )?);

    if !pkg.scripts.contains_key("build") {
        return Err(Error::Unsupported {
            path: project.root.join("package.json"),
            message: format!(
                "a {} app without a `build` script: add one (it writes the site to {}) or pass --build",
                fw.name,
                fw.output.as_deref().unwrap_or("dist")
            ),
        });
    }
    let build = format!("{} build", pm_rule.run);
    facts.because("build", &build, "package.json", "scripts.build");
    facts.build = Some(build);

    let template = fw.output.clone().unwrap_or_else(|| "dist".into());
    let output = match project.read_opt("angular.json")? {
        Some(text) if template.contains("{project}") => {
            let dir = crate::manifest::angular::output_dir("angular.json", &text)?;
            if let Some(d) = &dir {
                facts.because("output", d, "angular.json", "the build's outputPath");
            }
            dir
        }
        _ => None,
    };
    let output = output
        .unwrap_or_else(|| template.replace("{project}", pkg.name.as_deref().unwrap_or("app")));
    let manifests = node::manifests(project, pm_rule, lockfile);
    finish(
        &mut facts,
        stack,
        server_start,
        &output,
        manifests,
        &pm_rule.id,
    );
    Ok(Some(facts))
}

/// What both kinds share: the static server's start, its unprivileged port, and the detail.
fn finish(
    facts: &mut Facts,
    stack: &StackRules,
    start: Vec<String>,
    output: &str,
    manifests: Vec<String>,
    pm_rule: &str,
) {
    facts.start = start;
    facts.because(
        "start",
        facts.start.join(" "),
        "detectors",
        "the static server of the image catalogue",
    );
    facts.port = Some(stack.default_port);
    facts.because(
        "port",
        stack.default_port,
        "detectors",
        "the static server's unprivileged port",
    );
    facts.detail = Detail::new(StaticDetail {
        manifests,
        output: output.to_string(),
        package_manager_rule: pm_rule.to_string(),
    });
}
