//! Zig detector: build.zig (and build.zig.zon), the executable it installs, the minimum Zig version, the
//! packages to fetch, and the port its entry file states. Neither file is run.

use super::zon::{self, Zon};
use super::ZigDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

/// Zig fetches packages itself: `zig build --fetch` reads build.zig.zon's hashes.
const ZIG: PackageManager = PackageManager::new("zig");

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let Some(build_zig) = project.read_opt("build.zig")? else {
        return Ok(None);
    };
    let zon = match project.read_opt("build.zig.zon")? {
        Some(text) => Some(Zon::parse("build.zig.zon", &text)?),
        None => None,
    };
    let mut facts = Facts::new(".", super::ID, ZIG);
    facts.because("stack", "zig", "build.zig", "build.zig present");
    facts.because(
        "package_manager",
        "zig",
        "build.zig",
        "Zig's own package fetcher",
    );
    let claims: Vec<(&str, Claim)> = zon
        .as_ref()
        .and_then(|z| z.minimum_zig_version.clone())
        .map(|(v, _)| ("build.zig.zon", Claim::Exact(v)))
        .into_iter()
        .collect();
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    let binary = binary(&build_zig, zon.as_ref(), answers, project)?;
    let libc = zon::links_libc(&build_zig);
    if libc {
        facts.artifact = Some(crate::facts::ArtifactKind::new("glibc-binary"));
        facts.because(
            "artifact",
            "glibc-binary",
            "build.zig",
            "linkLibC: the binary links glibc dynamically",
        );
    }
    let build = "zig build -Doptimize=ReleaseSafe --prefix /out".to_string();
    facts.because(
        "build",
        &build,
        "build.zig",
        "zig build, release with safety checks",
    );
    facts.build = Some(build);
    facts.start = vec![format!("/app/{binary}")];
    facts.because(
        "start",
        facts.start[0].clone(),
        "build.zig",
        format!("the executable `{binary}`"),
    );
    port(project, stack, &mut facts)?;
    facts.detail = Detail::new(ZigDetail {
        binary,
        zon: zon.is_some(),
    });
    Ok(Some(facts))
}

/// The executable to ship: the one build.zig adds, or the one `--binary` names among several.
fn binary(
    build_zig: &str,
    zon: Option<&Zon>,
    answers: &Answers,
    project: &Project,
) -> Result<String> {
    let exes = zon::executables(build_zig);
    if let Some(b) = &answers.binary {
        return Ok(b.clone());
    }
    match exes.as_slice() {
        [one] => Ok(one.clone()),
        [] => zon
            .and_then(|z| z.name.clone())
            .ok_or_else(|| Error::Unsupported {
                path: project.root.join("build.zig"),
                message: "no executable: build.zig adds none with a literal `.name`; pass --binary"
                    .into(),
            }),
        many => Err(Error::Ambiguous {
            path: project.root.join("build.zig"),
            what: crate::facts::AmbiguityKind::Binary,
            choices: many.to_vec(),
        }),
    }
}

/// The port the entry file states, else the stack's default; no port for a program that never listens.
fn port(project: &Project, stack: &StackRules, facts: &mut Facts) -> Result<()> {
    let mut sources = Vec::new();
    for f in &stack.entry_files {
        if let Some(text) = project.read_source_opt(f)? {
            sources.push((f.clone(), text));
        }
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
