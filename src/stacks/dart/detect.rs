//! Dart detector: pubspec.yaml (its name, SDK constraint, dependencies and executables), pubspec.lock,
//! the server entry in bin/, the framework (shelf, Dart Frog) and the port the entry states. Nothing is run.

use super::pubspec::Pubspec;
use super::DartDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::version::Range;

/// Dart's package manager, `dart pub`.
const PUB: PackageManager = PackageManager::new("pub");

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let Some(text) = project.read_opt("pubspec.yaml")? else {
        return Ok(None);
    };
    let spec = Pubspec::parse("pubspec.yaml", &text)?;
    if spec.depends_on("flutter") {
        return Err(Error::Unsupported {
            path: project.root.join("pubspec.yaml"),
            message:
                "a Flutter app: dockgen builds Dart servers (`dart compile exe`), not Flutter UIs"
                    .into(),
        });
    }
    let mut facts = Facts::new(".", super::ID, PUB);
    facts.because("stack", "dart", "pubspec.yaml", "pubspec.yaml present");
    let locked = project.has("pubspec.lock");
    facts.record_lock(
        locked,
        "pubspec.yaml",
        "pubspec.lock",
        "dart pub",
        "run `dart pub get` and commit pubspec.lock (Dart's advice for applications)",
    );
    let claims: Vec<(&str, Claim)> = spec
        .sdk
        .as_ref()
        .and_then(|(r, _)| {
            Range::npm(r).map(|range| ("pubspec.yaml", Claim::Range(r.clone(), range)))
        })
        .into_iter()
        .collect();
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    if let Some(fw) =
        crate::probe::pick_framework(project, &stack.frameworks, |d| spec.depends_on(d))?
    {
        crate::probe::record_framework(&mut facts, fw, "pubspec.yaml", "dependency");
    }
    let entry = entry(project, stack, &spec, answers)?;
    let binary = entry
        .trim_end_matches(".dart")
        .rsplit('/')
        .next()
        .unwrap_or("server")
        .to_string();
    let build = format!("dart compile exe {entry} -o /out/{binary}");
    facts.because(
        "build",
        &build,
        &entry,
        "Dart's ahead-of-time compiler: a native executable",
    );
    facts.build = Some(build);
    facts.start = vec![format!("/app/{binary}")];
    facts.because(
        "start",
        facts.start[0].clone(),
        &entry,
        "the compiled entry",
    );
    let text = project.read_source(&entry)?;
    let found = crate::probe::port::find(&text).map(|(p, l)| (p, format!("{entry}:{l}")));
    crate::probe::port::decide_unframed(
        &mut facts,
        &[(entry.clone(), text)],
        &stack.listens,
        found,
        stack.default_port,
        &stack.frameworks,
    );
    facts.detail = Detail::new(DartDetail { binary, locked });
    Ok(Some(facts))
}

/// The script to compile: `--binary`, a conventional server entry, the package's own, or its one executable.
fn entry(
    project: &Project,
    stack: &StackRules,
    spec: &Pubspec,
    answers: &Answers,
) -> Result<String> {
    let mut candidates: Vec<String> = answers
        .binary
        .iter()
        .map(|b| format!("bin/{b}.dart"))
        .collect();
    candidates.extend(stack.entry_files.iter().cloned());
    candidates.push(format!("bin/{}.dart", spec.name));
    candidates.extend(spec.executables.iter().map(|e| format!("bin/{e}.dart")));
    candidates
        .into_iter()
        .find(|c| project.has(c))
        .ok_or_else(|| Error::Unsupported {
            path: project.root.join("pubspec.yaml"),
            message: "no server entry: none of bin/server.dart, bin/main.dart or bin/<name>.dart; pass --binary NAME for bin/NAME.dart".into(),
        })
}
