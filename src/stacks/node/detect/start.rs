//! The start command a Node app's own files give (scripts, an Nx build target, `main`, an entry file) and
//! the port its source states.

use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::manifest::package_json::PackageJson;
use crate::rules::{FrameworkRule, StackRules};
use crate::scan::Project;

/// Frameworks that build a server only through an adapter, and what to install when none is recognised.
const ADAPTER_HINTS: &[(&str, &str)] = &[
    ("@sveltejs/kit", "this SvelteKit app has no adapter dockgen can run (adapter-auto targets hosting platforms): install @sveltejs/adapter-node for a Node server, or @sveltejs/adapter-static for a static site, and name it in svelte.config.js"),
    ("astro", "this Astro app has a server adapter dockgen cannot run: use @astrojs/node with mode: 'standalone' in astro.config"),
];

/// A `start:prod`/`start` script that runs `node <file>`, then the framework's own
/// start, then `main`, then a conventional entry file (a Procfile `web:` process comes before all of them:
/// see `probe::procfile`). A framework whose build output carries its own
/// server (Next.js standalone) is started its own way whatever the scripts say.
pub(super) fn start_command(
    project: &Project,
    rules: &StackRules,
    pkg: &PackageJson,
    fw: Option<&FrameworkRule>,
    facts: &mut Facts,
) -> Result<Vec<String>> {
    let framework_start = fw.map(|f| f.start.as_slice()).unwrap_or(&[]);
    if fw.is_none_or(|f| f.artifacts.is_empty()) {
        for script in ["start:prod", "start"] {
            if let Some(start) = node_script(pkg, script, facts)? {
                return Ok(start);
            }
        }
    }
    if !framework_start.is_empty() {
        facts.because(
            "start",
            framework_start.join(" "),
            "detectors",
            "framework start command",
        );
        return Ok(framework_start.to_vec());
    }
    if let Some(start) = nx_start(project, rules, facts)? {
        return Ok(start);
    }
    if let Some(main) = pkg
        .main
        .as_deref()
        .filter(|m| project.has(m.trim_start_matches("./")))
    {
        let main = main.trim_start_matches("./").to_string();
        if let Some(start) = compiled_main(project, &main, facts)? {
            return Ok(start);
        }
        facts.because("start", format!("node {main}"), "package.json", "main");
        return Ok(vec!["node".into(), main]);
    }
    // The conventional entry files node runs as they are (the TypeScript ones need a build or a runner),
    // the root's before src/'s (`src/index.js` when `main` names a file that is not there). One in src/
    // must serve (`listen(`): src/main.js is as often a browser bundle's entry.
    let mut entries: Vec<&String> = rules
        .entry_files
        .iter()
        .filter(|f| f.ends_with(".js") || f.ends_with(".mjs"))
        .collect();
    entries.sort_by_key(|f| f.contains('/'));
    for f in entries {
        let serves = || -> Result<bool> {
            Ok(project
                .read_source_opt(f)?
                .is_some_and(|t| rules.serve_markers.iter().any(|m| t.contains(m.as_str()))))
        };
        if project.has(f) && (!f.contains('/') || serves()?) {
            facts.because("start", format!("node {f}"), f, "conventional entry file");
            return Ok(vec!["node".into(), f.into()]);
        }
    }
    // Frameworks whose server exists only through an adapter the project has not chosen.
    if let Some((_, hint)) = ADAPTER_HINTS.iter().find(|(d, _)| pkg.depends_on(d)) {
        facts.start_missing = Some(format!("no start command: {hint}; or pass --start"));
        return Ok(Vec::new());
    }
    let static_hint = if pkg.scripts.contains_key("build") {
        "; if `build` writes a static site, pass --stack static"
    } else {
        ""
    };
    facts.start_missing = Some(format!("no start command: no Procfile web process, no `node <file>` start script, no main and no server.js/index.js; pass --start{static_hint}"));
    Ok(Vec::new())
}

/// TypeScript sources and the JavaScript tsc writes for them.
const TS_TO_JS: &[(&str, &str)] = &[
    (".ts", ".js"),
    (".tsx", ".js"),
    (".mts", ".mjs"),
    (".cts", ".cjs"),
];

/// A `main` that is TypeScript source (`src/app.ts`) in a project whose build compiles it: node runs what
/// tsc writes, `<outDir>/<main relative to rootDir>.js` (tsconfig.json's compilerOptions; rootDir is
/// tsc's common source folder: the option, else the one folder `include` names, else `src/` when main is
/// there). Node's type stripping cannot stand in for the build: decorators, enums and path aliases need
/// tsc, and the build is what the project runs.
fn compiled_main(project: &Project, main: &str, facts: &mut Facts) -> Result<Option<Vec<String>>> {
    let Some((stem, js)) = TS_TO_JS
        .iter()
        .find_map(|(ts, js)| main.strip_suffix(ts).map(|stem| (stem, js)))
    else {
        return Ok(None);
    };
    if facts.build.is_none() {
        return Ok(None);
    }
    let options = tsconfig(project)?;
    let text = |key: &str| -> Option<String> {
        let v = options
            .pointer(&format!("/compilerOptions/{key}"))?
            .as_str()?;
        let v = v.trim_start_matches("./").trim_end_matches('/');
        (!v.is_empty() && v != ".").then(|| v.to_string())
    };
    let root = text("rootDir")
        .or_else(|| include_folder(&options))
        .or_else(|| main.starts_with("src/").then(|| "src".to_string()));
    let relative = root
        .as_deref()
        .and_then(|r| stem.strip_prefix(r)?.strip_prefix('/'))
        .unwrap_or(stem);
    let entry = match text("outDir") {
        Some(out) => format!("{out}/{relative}{js}"),
        None => format!("{stem}{js}"),
    };
    facts.because(
        "start",
        format!("node {entry}"),
        "package.json",
        format!(
            "main {main} is TypeScript: the build compiles it to {entry} (tsconfig.json outDir)"
        ),
    );
    Ok(Some(vec!["node".into(), entry]))
}

/// tsconfig.json (JSON with comments), or an empty object when there is none or it does not parse.
fn tsconfig(project: &Project) -> Result<serde_json::Value> {
    let text = project
        .read_source_opt("tsconfig.json")?
        .unwrap_or_default();
    let json = crate::manifest::deno::strip_jsonc(&text);
    Ok(serde_json::from_str(&json).unwrap_or(serde_json::Value::Null))
}

/// The one folder tsconfig's `include` names (`["src"]`, `["src/**/*"]`), which is then tsc's root.
fn include_folder(options: &serde_json::Value) -> Option<String> {
    let include = options.get("include")?.as_array()?;
    let mut folders = include.iter().map(|v| {
        let p = v.as_str()?.trim_start_matches("./");
        p.split('/')
            .next()
            .filter(|f| !f.contains('*') && !f.contains('.'))
            .map(str::to_string)
    });
    let first = folders.next()??;
    folders.all(|f| f.as_ref() == Some(&first)).then_some(first)
}

/// An Nx project (project.json at the root) whose build compiles a Node program: `node` on the file the
/// build writes (`dist/api/main.js`), since its scripts run Nx's dev server (`nx serve`).
fn nx_start(
    project: &Project,
    rules: &StackRules,
    facts: &mut Facts,
) -> Result<Option<Vec<String>>> {
    let Some(text) = project.read_opt("project.json")? else {
        return Ok(None);
    };
    let Some(build) = crate::manifest::nx::build("project.json", &text)? else {
        return Ok(None);
    };
    if !rules.nx_node_executors.contains(&build.executor) {
        return Ok(None);
    }
    let entry = build.entry();
    facts.because(
        "start",
        format!("node {entry}"),
        "project.json",
        format!(
            "targets.build ({}) writes {entry} from {}",
            build.executor, build.main
        ),
    );
    Ok(Some(vec!["node".into(), entry]))
}

/// A `start:prod`/`start` script whose server is `node <file>`, read by the shared start-command parser
/// (`probe::start`): inline variables become ENV, a migration before the server a release step, other
/// shell syntax a `/bin/sh -c` start on a runtime with a shell.
fn node_script(pkg: &PackageJson, name: &str, facts: &mut Facts) -> Result<Option<Vec<String>>> {
    let Some(text) = super::super::scripts::script_text(pkg, name) else {
        return Ok(None);
    };
    let text = &text;
    let rules = crate::stacks::rules()?;
    let stack = rules.stack(crate::stacks::node::ID);
    let Ok(parsed) = crate::probe::start::parse(
        text,
        stack.default_port,
        &stack.release_commands,
        &stack.prestart_build_commands,
    ) else {
        return Ok(None);
    };
    let server = match &parsed.shell {
        Some(_) => crate::probe::start::server_words(text),
        None => parsed.argv.clone(),
    };
    let runner = server.first().map(String::as_str).unwrap_or("");
    if !stack.start_runners.contains_key(runner) || server.len() < 2 {
        return Ok(None);
    }
    let source = format!("package.json scripts.{name}");
    crate::probe::start::apply(facts, rules, &source, text, stack.default_port).map_err(
        |what| Error::Manifest {
            path: "package.json".into(),
            line: None,
            message: format!("scripts.{name} {what}"),
        },
    )?;
    facts.because(
        "start",
        facts.start.join(" "),
        "package.json",
        format!("scripts.{name}"),
    );
    Ok(Some(facts.start.clone()))
}

/// The port stated by the entry file (its TypeScript source when the entry is build output), `main`, or a
/// conventional entry file.
pub(super) fn port_in(
    project: &Project,
    rules: &StackRules,
    pkg: &PackageJson,
    start: &[String],
) -> Result<Option<(u16, String)>> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(entry) = start.iter().skip(1).find(|w| !w.starts_with('-')) {
        candidates.push(entry.clone());
        // `tsc` writes server.js from server.ts beside it: the port is in the source.
        if let Some(stem) = entry.strip_suffix(".js") {
            candidates.push(format!("{stem}.ts"));
        }
        // A build folder's entry (`dist/index.js`, esbuild's `./build/server.js`) comes from src/ or the root.
        for out in ["dist/", "build/"] {
            let built = entry.trim_start_matches("./").strip_prefix(out);
            if let Some(stem) = built.and_then(|e| e.strip_suffix(".js")) {
                candidates.push(format!("src/{stem}.ts"));
                candidates.push(format!("{stem}.ts"));
            }
        }
    }
    candidates.extend(pkg.main.clone());
    candidates.extend(rules.entry_files.iter().cloned());
    for f in candidates {
        let f = f.trim_start_matches("./");
        if !project.has(f) {
            continue;
        }
        let text = project.read_source(f)?;
        if let Some((p, line)) = crate::probe::port::find(&text) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
        // The entry takes its settings from a local module (`require("./config")`): the port is there.
        let (names, exts) = (&rules.port_modules, &rules.source_exts);
        if let Some(found) = crate::probe::module_port::in_imported(project, f, &text, names, exts)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}
