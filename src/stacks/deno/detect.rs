//! Deno detector: deno.json(c), its `start` task (or a conventional entry module), deno.lock, the
//! framework its import map names, and the port the entry module states.

use super::DenoDetail;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::deno::DenoJson;
use crate::probe::toolchain;
use crate::rules::{FrameworkRule, StackRules};
use crate::scan::Project;

/// With no deno.json: the first entry module (the stack's entry files, then `mod.js`) of a folder without
/// package.json that imports a URL or calls the `Deno` namespace.
fn bare_module<'r>(project: &Project, stack: &'r StackRules) -> Result<Option<&'r str>> {
    if project.has("package.json") {
        return Ok(None);
    }
    for entry in &stack.entry_files {
        if let Some(text) = project.read_source_opt(entry)? {
            // URL, npm: and jsr: specifiers are Deno's own (Node resolves none of them).
            let deno = ["https://", "npm:", "jsr:"].iter().any(|s| {
                text.contains(&format!("from \"{s}")) || text.contains(&format!("from '{s}"))
            }) || text.contains("Deno.");
            if deno {
                return Ok(Some(entry.as_str()));
            }
        }
    }
    Ok(None)
}

/// Module file endings an entry can have.
const MODULE_EXTS: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts"];
/// Permissions given to an app that states none (no start task): serve, and read PORT and the like.
const DEFAULT_PERMISSIONS: &[&str] = &["--allow-net", "--allow-env"];

pub fn detect(project: &Project, stack: &StackRules, _answers: &Answers) -> Result<Option<Facts>> {
    let Some((file, cfg)) = config(project, stack)? else {
        return Ok(None);
    };
    let bare = !file.starts_with("deno.json");
    let mut facts = Facts::new(".", crate::stacks::deno::ID, PackageManager::DENO);
    let locked = package_manager(project, file, bare, &cfg, &mut facts);
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &[],
        &mut facts,
    )?);

    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| cfg.imports_module(d))?;
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, file, "imports");
    }
    let pm_rule = stack
        .package_manager("deno")
        .expect("deno.toml has the deno package manager");
    if cfg.task("build").is_some() {
        let build = format!("{} build", pm_rule.run);
        facts.because("build", &build, file, "tasks.build");
        facts.build = Some(build);
    }

    let mut start = start(project, stack, file, &cfg, fw, &mut facts)?;
    unstable_flags(project, stack, &cfg, &mut start, &mut facts)?;
    let entry = start
        .iter()
        .skip(2)
        .find(|w| !w.starts_with('-') && MODULE_EXTS.iter().any(|e| w.ends_with(e)))
        .cloned()
        .unwrap_or_else(|| "main.ts".into());
    facts.start = start;
    let port = match project.read_source_opt(entry.trim_start_matches("./"))? {
        Some(text) => {
            crate::probe::port::find(&text).map(|(p, line)| (p, format!("{entry}:{line}")))
        }
        None => None,
    };
    crate::probe::port::decide_or_worker(&mut facts, port, project, stack);

    let mut manifests = if bare {
        Vec::new()
    } else {
        vec![file.to_string()]
    };
    if locked {
        manifests.push("deno.lock".into());
    }
    manifests.extend(
        pm_rule
            .extra_files
            .iter()
            .filter(|f| project.has(f))
            .cloned(),
    );
    facts.detail = Detail::new(DenoDetail {
        manifests,
        locked,
        entry,
    });
    Ok(Some(facts))
}

/// The file that makes the folder Deno's (deno.json(c), else a bare module) and its configuration, with
/// the imports of the import map it names; `None` when neither is there.
fn config<'r>(project: &Project, stack: &'r StackRules) -> Result<Option<(&'r str, DenoJson)>> {
    let (file, mut cfg) = match project.first_of(&["deno.json", "deno.jsonc"]) {
        Some(file) => (file, DenoJson::parse(file, &project.read(file)?)?),
        None => match bare_module(project, stack)? {
            Some(entry) => (entry, DenoJson::default()),
            None => return Ok(None),
        },
    };
    // The imports may live in the import map file deno.json names.
    if let Some(map) = cfg.import_map.clone().filter(|_| cfg.imports.is_empty()) {
        let map = map.trim_start_matches("./");
        if let Some(text) = project.read_opt(map)? {
            cfg.imports = DenoJson::parse(map, &text)?.imports;
        }
    }
    Ok(Some((file, cfg)))
}

/// The stack and package-manager evidence, with the warnings a bare module or an unpinned set of imports
/// deserves; returns whether deno.lock is present.
fn package_manager(
    project: &Project,
    file: &str,
    bare: bool,
    cfg: &DenoJson,
    facts: &mut Facts,
) -> bool {
    if bare {
        facts.because(
            "stack",
            "deno",
            file,
            "no deno.json and no package.json; the module imports by URL or calls Deno",
        );
        facts.warnings.push(format!(
            "no deno.json: {file} is run as a bare Deno module, its URL imports cached at build time; add a deno.json with a start task and the permissions it needs, and commit deno.lock"
        ));
    } else {
        facts.because("stack", "deno", file, format!("{file} present"));
    }
    let locked = project.has("deno.lock");
    if locked {
        facts.because("package_manager", "deno", "deno.lock", "lockfile");
    } else {
        facts.because("package_manager", "deno", file, "deno's own installer");
    }
    // Without imports there is nothing to pin, and Deno writes no lockfile.
    if !bare && !locked && (!cfg.imports.is_empty() || project.has("package.json")) {
        facts.warnings.push(
            "no deno.lock: dependencies are not pinned; run `deno install` and commit deno.lock"
                .into(),
        );
    }
    locked
}

/// The start task when it runs a module with `deno run` or `deno serve` (not a file watcher); else the
/// framework's production start; else an entry module with the permissions a server needs.
fn start(
    project: &Project,
    stack: &StackRules,
    file: &str,
    cfg: &DenoJson,
    fw: Option<&FrameworkRule>,
    facts: &mut Facts,
) -> Result<Vec<String>> {
    let task = cfg
        .task("start")
        .map(crate::manifest::split_words)
        .filter(|w| {
            w.len() > 2
                && w[0] == "deno"
                && matches!(w[1].as_str(), "run" | "serve")
                && !w
                    .iter()
                    .any(|x| x == "&&" || x.starts_with("--watch") || x == "dev.ts")
        });
    // The framework's start runs a module the project has, or one its build task writes (Fresh 2's
    // _fresh/server.js).
    let built = facts.build.is_some();
    let framework_start = fw
        .map(|f| f.start.clone())
        .filter(|s| s.len() > 2 && (built || project.has(&s[s.len() - 1])));
    Ok(match (task, framework_start) {
        (Some(words), _) => {
            facts.because("start", words.join(" "), file, "tasks.start");
            words
        }
        (None, Some(words)) => {
            if cfg.task("start").is_some() {
                facts.warnings.push(format!(
                    "tasks.start is a development command (a file watcher): the image runs `{}`, the framework's production start",
                    words.join(" ")
                ));
            }
            facts.because(
                "start",
                words.join(" "),
                "detectors",
                "framework start command",
            );
            words
        }
        (None, None) => {
            let Some(entry) = stack.entry_files.iter().find(|f| project.has(f)) else {
                return Err(crate::error::Error::Unsupported {
                    path: project.root.join(file),
                    message: "no start command: no `start` task running `deno run` or `deno serve`, and no main.ts; pass --start".into(),
                });
            };
            let mut words = vec!["deno".to_string(), "run".to_string()];
            words.extend(DEFAULT_PERMISSIONS.iter().map(|p| p.to_string()));
            words.push(entry.clone());
            facts.because("start", words.join(" "), entry, "conventional entry module");
            facts.warnings.push(format!(
                "no `start` task: the image runs {entry} with {}; add a start task with the permissions it needs",
                DEFAULT_PERMISSIONS.join(" ")
            ));
            words
        }
    })
}

/// The `--unstable-*` flags the sources need: an unstable API one calls (`Deno.openKv(` needs
/// `--unstable-kv`), added after `deno run` unless the start or deno.json's `unstable` list opens it.
fn unstable_flags(
    project: &Project,
    stack: &StackRules,
    cfg: &DenoJson,
    start: &mut Vec<String>,
    facts: &mut Facts,
) -> Result<()> {
    if start.len() < 3 || start[0] != "deno" || !matches!(start[1].as_str(), "run" | "serve") {
        return Ok(());
    }
    let sources: Vec<&str> = project
        .files()
        .filter(|f| stack.source_exts.iter().any(|e| f.ends_with(e.as_str())))
        .collect();
    for (api, flag) in &stack.unstable_apis {
        let feature = flag.trim_start_matches("--unstable-");
        if start.contains(flag) || cfg.unstable.iter().any(|u| u == feature) {
            continue;
        }
        for f in &sources {
            if project
                .read_source_opt(f)?
                .is_some_and(|t| t.contains(api.as_str()))
            {
                start.insert(2, flag.clone());
                facts.because(
                    "start",
                    start.join(" "),
                    *f,
                    format!("calls {api}, which needs {flag}"),
                );
                break;
            }
        }
    }
    Ok(())
}
