//! Gleam detector: gleam.toml (its name, Gleam requirement and target), manifest.toml, the web framework
//! among the dependencies, and the port the main module states. Nothing is run.

use super::manifest::{GleamToml, Manifest};
use super::GleamDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::version::Range;

/// Gleam's own build tool downloads Hex packages (`gleam deps download`).
const GLEAM: PackageManager = PackageManager::new("gleam");

pub fn detect(project: &Project, stack: &StackRules, _answers: &Answers) -> Result<Option<Facts>> {
    let Some(text) = project.read_opt("gleam.toml")? else {
        return Ok(None);
    };
    let cfg = GleamToml::parse("gleam.toml", &text)?;
    if cfg.target() != "erlang" {
        return Err(Error::Unsupported {
            path: project.root.join("gleam.toml"),
            message: format!(
                "target = \"{}\": dockgen builds Gleam apps for the Erlang target (an Erlang shipment); a JavaScript-target app is a Node or Deno app",
                cfg.target()
            ),
        });
    }
    let manifest = match project.read_opt("manifest.toml")? {
        Some(t) => Some(Manifest::parse("manifest.toml", &t)?),
        None => None,
    };
    let mut facts = Facts::new(".", super::ID, GLEAM);
    facts.because("stack", "gleam", "gleam.toml", "gleam.toml present");
    facts.record_lock(
        manifest.is_some(),
        "gleam.toml",
        "manifest.toml",
        "Gleam's own build tool",
        "run `gleam deps download` and commit manifest.toml",
    );
    let claims: Vec<(&str, Claim)> = cfg
        .gleam
        .as_deref()
        .and_then(|r| {
            Range::elixir(r).map(|range| ("gleam.toml", Claim::Range(r.to_string(), range)))
        })
        .into_iter()
        .collect();
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        3,
        &claims,
        &mut facts,
    )?);
    if let Some(fw) =
        crate::probe::pick_framework(project, &stack.frameworks, |d| cfg.depends_on(d))?
    {
        crate::probe::record_framework(&mut facts, fw, "gleam.toml", "dependency");
    }
    let build = "gleam export erlang-shipment".to_string();
    facts.because(
        "build",
        &build,
        "gleam.toml",
        "Gleam's deployable Erlang shipment",
    );
    facts.build = Some(build);
    facts.start = vec!["/app/entrypoint.sh".into(), "run".into()];
    facts.because(
        "start",
        "/app/entrypoint.sh run",
        "gleam.toml",
        "the shipment's entrypoint runs the package's main",
    );
    port(project, stack, &cfg.name, &mut facts)?;
    facts.detail = Detail::new(GleamDetail {
        locked: manifest.is_some(),
    });
    Ok(Some(facts))
}

/// The port the main module (`src/<name>.gleam`) states, else the framework's or the stack's default.
fn port(project: &Project, stack: &StackRules, name: &str, facts: &mut Facts) -> Result<()> {
    let main = format!("src/{name}.gleam");
    let mut sources = Vec::new();
    if let Some(text) = project.read_source_opt(&main)? {
        sources.push((main, text));
    }
    let found = sources
        .iter()
        .find_map(|(f, t)| crate::probe::port::find(t).map(|(p, line)| (p, format!("{f}:{line}"))));
    crate::probe::port::decide_unframed(
        facts,
        &sources,
        &stack.listens,
        found,
        stack.default_port,
        &stack.frameworks,
    );
    Ok(())
}
