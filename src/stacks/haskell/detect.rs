//! Haskell detector: the package's .cabal file (or Stack's package.yaml), cabal.project or stack.yaml;
//! the executable to ship, the web framework among its dependencies, the port its source passes to
//! Warp or Scotty, and the GHC line from the project's pins, its Stackage snapshot or `tested-with`.

use super::cabal::{self, CabalFile};
use super::{HaskellDetail, CABAL, ID, STACK};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{AmbiguityKind, Detail, Facts};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let cabal_files: Vec<String> = project
        .files()
        .filter(|f| !f.contains('/') && f.ends_with(".cabal"))
        .map(str::to_string)
        .collect();
    let stack_yaml = project.has("stack.yaml");
    if cabal_files.is_empty() && !project.has("package.yaml") {
        return Ok(None);
    }
    let use_stack = match answers.package_manager {
        Some(pm) if pm == CABAL => false,
        Some(pm) if pm == STACK => stack_yaml,
        _ => stack_yaml,
    };
    let mut facts = Facts::new(".", ID, if use_stack { STACK } else { CABAL });
    let (file, pkg) = package(project, &cabal_files)?;
    facts.because("stack", ID.as_str(), &file, format!("{file} present"));
    let pm_file = if use_stack {
        "stack.yaml"
    } else {
        file.as_str()
    };
    facts.because(
        "package_manager",
        facts.package_manager.as_str(),
        pm_file,
        "the project's build tool",
    );
    let claims = claims(project, &pkg)?;
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    let exe = executable(project, &pkg, &file, answers)?;
    crate::manifest::shell_word(&file, "executable name", &exe, false)?;
    facts.because("executable", &exe, &file, "the `executable` stanza");
    let has = |d: &str| pkg.depends.iter().any(|x| x == d);
    if let Some(fw) = crate::probe::pick_framework(project, &stack.frameworks, has)? {
        crate::probe::record_framework(&mut facts, fw, &file, "depends on");
    }
    let (build, resolve, stage, manifests) = if use_stack {
        stack_build(project, &file, &exe)
    } else {
        cabal_build(project, &file, &exe)
    };
    facts.because("build", &build, pm_file, "builds the executable");
    facts.build = Some(build);
    facts.start = vec![format!("/app/{exe}")];
    facts.because(
        "start",
        facts.start.join(" "),
        &file,
        "the executable alone",
    );
    let port = source_port(project)?;
    crate::probe::port::decide(&mut facts, port, stack.default_port, &stack.frameworks);
    let runtime_packages = if has("zlib") {
        vec!["zlib1g".to_string()]
    } else {
        Vec::new()
    };
    facts.detail = Detail::new(HaskellDetail {
        executable: exe,
        manifests,
        resolve,
        stage,
        runtime_packages,
    });
    Ok(Some(facts))
}

/// The package description: the one .cabal file at the root, else Stack's package.yaml read for its
/// name, executables and dependencies.
fn package(project: &Project, cabal_files: &[String]) -> Result<(String, CabalFile)> {
    match cabal_files {
        [one] => {
            let text = project.read(one)?;
            let pkg = cabal::parse(&text).map_err(|e| {
                Error::manifest_line(project.root.join(one), &text, e.line, e.message)
            })?;
            Ok((one.clone(), pkg))
        }
        [] => Ok(("package.yaml".into(), hpack(&project.read("package.yaml")?))),
        several => Err(Error::Unsupported {
            path: project.root.clone(),
            message: format!(
                "several .cabal files at the root ({}): keep one per package folder",
                several.join(", ")
            ),
        }),
    }
}

/// hpack's package.yaml: `name:`, the keys under `executables:`, and `- dep` items of `dependencies:`.
fn hpack(text: &str) -> CabalFile {
    let mut out = CabalFile::default();
    let mut section = "";
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent == 0 {
            let (k, v) = t.split_once(':').unwrap_or((t, ""));
            section = if k == "executables" {
                "exe"
            } else if k == "dependencies" {
                "deps"
            } else {
                ""
            };
            if k == "name" {
                out.name = Some(v.trim().to_string());
            }
        } else if section == "exe" && indent == 2 && t.ends_with(':') {
            out.executables.push(t.trim_end_matches(':').to_string());
        }
        if let Some(dep) = t.strip_prefix("- ").filter(|_| !section.is_empty()) {
            let name: String = dep
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if !name.is_empty() && !out.depends.contains(&name) {
                out.depends.push(name);
            }
        }
    }
    out
}

/// Toolchain claims the stack reads itself: cabal.project's compiler, the snapshot's GHC, `tested-with`.
fn claims(project: &Project, pkg: &CabalFile) -> Result<Vec<(&'static str, Claim)>> {
    let mut out = Vec::new();
    if let Some((v, _)) = project
        .read_opt("cabal.project")?
        .and_then(|t| cabal::top_field(&t, "with-compiler"))
    {
        out.push((
            "cabal.project",
            Claim::Exact(v.trim_start_matches("ghc-").to_string()),
        ));
    }
    if let Some(text) = project.read_opt("stack.yaml")? {
        let snap =
            cabal::top_field(&text, "snapshot").or_else(|| cabal::top_field(&text, "resolver"));
        if let Some(ghc) = snap.as_ref().and_then(|(s, _)| cabal::lts_ghc(s)) {
            out.push(("stack.yaml", Claim::Exact(ghc.to_string())));
        }
    }
    if let Some(v) = pkg.tested_with.last() {
        out.push(("*.cabal tested-with", Claim::Exact(v.clone())));
    }
    Ok(out)
}

fn executable(project: &Project, pkg: &CabalFile, file: &str, answers: &Answers) -> Result<String> {
    if let Some(want) = &answers.binary {
        return Ok(want.clone());
    }
    match pkg.executables.as_slice() {
        [] => Err(Error::Unsupported {
            path: project.root.join(file),
            message:
                "no `executable` stanza: a library has nothing to run; add one or pass --binary"
                    .into(),
        }),
        [one] => Ok(one.clone()),
        several => Err(Error::Ambiguous {
            path: project.root.clone(),
            what: AmbiguityKind::Binary,
            choices: several.to_vec(),
        }),
    }
}

type Commands = (String, Vec<String>, String, Vec<String>);

fn cabal_build(project: &Project, file: &str, exe: &str) -> Commands {
    let manifests = [file, "cabal.project", "cabal.project.freeze"]
        .into_iter()
        .filter(|f| project.has(f))
        .map(str::to_string)
        .collect();
    (
        format!("cabal build exe:{exe}"),
        vec![
            "cabal update".into(),
            format!("cabal build --only-dependencies exe:{exe}"),
        ],
        format!("cp \"$(cabal list-bin exe:{exe})\" /out/"),
        manifests,
    )
}

fn stack_build(project: &Project, file: &str, exe: &str) -> Commands {
    let manifests = ["stack.yaml", "stack.yaml.lock", "package.yaml", file]
        .into_iter()
        .filter(|f| project.has(f))
        .map(str::to_string)
        .fold(Vec::new(), |mut v, f| {
            if !v.contains(&f) {
                v.push(f);
            }
            v
        });
    (
        "stack build --system-ghc".into(),
        vec!["stack build --system-ghc --only-dependencies".into()],
        format!("cp \"$(stack path --system-ghc --local-install-root)/bin/{exe}\" /out/"),
        manifests,
    )
}

/// The port the source hands the server: `scotty 3000`, `run 8080 app`, `warp 3000 App`, `setPort 8080`,
/// else any `port = 8080` the shared probe finds.
fn source_port(project: &Project) -> Result<Option<(u16, String)>> {
    let mut files: Vec<&str> = project
        .files()
        .filter(|f| f.ends_with(".hs") && !f.starts_with("test/"))
        .collect();
    files.sort();
    for f in &files {
        let text = project.read_source(f)?;
        for (i, line) in text.lines().enumerate() {
            let code = line.split("--").next().unwrap_or("");
            let words: Vec<&str> = code.split_whitespace().collect();
            for pair in words.windows(2) {
                let call = pair[0].rsplit('.').next().unwrap_or(pair[0]);
                if matches!(call, "scotty" | "run" | "warp" | "setPort" | "runSettings") {
                    if let Ok(p) = pair[1].trim_end_matches(')').parse::<u16>() {
                        return Ok(Some((p, format!("{f}:{}", i + 1))));
                    }
                }
            }
        }
        if let Some((p, line)) = crate::probe::port::find(&text) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}
