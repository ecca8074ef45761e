//! Crystal detector: shard.yml (its name, Crystal requirement, targets and dependencies), shard.lock, the
//! framework (Kemal, Lucky) and the port the target's main file states. Nothing is run.

use super::shard::Shard;
use super::CrystalDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::version::Range;

/// Crystal's dependency manager.
const SHARDS: PackageManager = PackageManager::new("shards");

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let Some(text) = project.read_opt("shard.yml")? else {
        return Ok(None);
    };
    let shard = Shard::parse("shard.yml", &text)?;
    let mut facts = Facts::new(".", super::ID, SHARDS);
    facts.because("stack", "crystal", "shard.yml", "shard.yml present");
    let locked = project.has("shard.lock");
    facts.record_lock(
        locked,
        "shard.yml",
        "shard.lock",
        "shards",
        "run `shards install` and commit shard.lock",
    );
    let claims: Vec<(&str, Claim)> = shard
        .crystal
        .as_ref()
        .and_then(|(r, _)| {
            requirement(r).map(|range| ("shard.yml", Claim::Range(r.clone(), range)))
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
        crate::probe::pick_framework(project, &stack.frameworks, |d| shard.depends_on(d))?
    {
        crate::probe::record_framework(&mut facts, fw, "shard.yml", "dependency");
    }
    let (target, main) = target(project, &shard, answers)?;
    let build = format!("shards build {target} --release --static --no-debug --production");
    facts.because(
        "build",
        &build,
        "shard.yml",
        format!("the target `{target}`, linked statically"),
    );
    facts.build = Some(build);
    facts.start = vec![format!("/app/{target}")];
    facts.because(
        "start",
        facts.start[0].clone(),
        "shard.yml",
        format!("targets.{target}"),
    );
    let mut sources = Vec::new();
    if let Some(t) = project.read_source_opt(&main)? {
        sources.push((main.clone(), t));
    }
    let found = sources
        .iter()
        .find_map(|(f, t)| crate::probe::port::find(t).map(|(p, l)| (p, format!("{f}:{l}"))));
    crate::probe::port::decide_unframed(
        &mut facts,
        &sources,
        &stack.listens,
        found,
        stack.default_port,
        &stack.frameworks,
    );
    facts.detail = Detail::new(CrystalDetail {
        binary: target,
        locked,
    });
    Ok(Some(facts))
}

/// A shards requirement: a bare version is a floor (`1.10.0` is `>= 1.10.0`), `~>` is pessimistic, and
/// `,` joins constraints.
fn requirement(r: &str) -> Option<Range> {
    let r = r.trim();
    if r.starts_with(|c: char| c.is_ascii_digit()) {
        return Range::npm(&format!(">={r}"));
    }
    if r.contains("~>") {
        return Range::elixir(&r.replace(',', " and"));
    }
    Range::npm(&r.replace(',', " "))
}

/// The target to build: `--binary`, the one named like the shard, or the only one.
fn target(project: &Project, shard: &Shard, answers: &Answers) -> Result<(String, String)> {
    let wanted = answers.binary.as_deref().unwrap_or(&shard.name);
    if let Some(t) = shard.targets.iter().find(|(n, _)| n == wanted) {
        return Ok(t.clone());
    }
    match shard.targets.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Unsupported {
            path: project.root.join("shard.yml"),
            message:
                "no `targets:`: `shards build` builds targets only; add one with its `main:` file"
                    .into(),
        }),
        many => Err(Error::Ambiguous {
            path: project.root.join("shard.yml"),
            what: crate::facts::AmbiguityKind::Binary,
            choices: many.iter().map(|(n, _)| n.clone()).collect(),
        }),
    }
}
