//! PHP detector: composer.json and composer.lock (requirements, platform, locked packages), or an index.php
//! for a plain site; the PHP version from the documented sources; the framework; the folder Apache serves;
//! the extensions `ext-*` requirements call for; and a Node stage for a framework's front-end assets.

use super::{PhpAssets, PhpDetail};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Ambiguity, Detail, Facts, PackageManager};
use crate::manifest::composer::{ComposerJson, ComposerLock};
use crate::manifest::package_json::PackageJson;
use crate::probe::toolchain;
use crate::rules::{Rules, StackRules};
use crate::scan::Project;
use crate::stacks::node::detect as node;
use crate::version::Range;
use toolchain::Claim;

/// Apache serves the process on this port inside the image's own start script.
const START: &str = "apache2-foreground";

pub fn detect(
    project: &Project,
    stack: &StackRules,
    rules: &Rules,
    _answers: &Answers,
) -> Result<Option<Facts>> {
    let composer = match project.read_opt("composer.json")? {
        Some(text) => Some(ComposerJson::parse("composer.json", &text)?),
        None => None,
    };
    let lock = match project.read_opt("composer.lock")? {
        Some(text) => Some(ComposerLock::parse("composer.lock", &text)?),
        None => None,
    };
    let entry = stack.entry_files.iter().find(|f| project.has(f));
    let fw = match &composer {
        Some(c) => crate::probe::pick_framework(project, &stack.frameworks, |d| c.depends_on(d))?,
        None => None,
    };

    // A web app has a framework or an index.php; a composer.json alone is a library or a tool.
    if fw.is_none() && entry.is_none() {
        if composer.is_none() && lock.is_none() {
            return Ok(None);
        }
        let other_stack = rules
            .stacks
            .iter()
            .filter(|s| s.id != crate::stacks::php::ID)
            .any(|s| s.signals.iter().any(|f| project.has(f)));
        if other_stack {
            // Composer for tooling beside a Node, Go, Python… app: that stack's detector decides.
            return Ok(None);
        }
        return Err(Error::Unsupported {
            path: project.root.join("composer.json"),
            message: "no PHP framework in `require` and no index.php (at the root or in public/, web/, webroot/ or htdocs/): dockgen serves PHP web apps; add public/index.php, or pass --stack".into(),
        });
    }

    let pm = if composer.is_some() {
        PackageManager::COMPOSER
    } else {
        PackageManager::NONE
    };
    let mut facts = Facts::new(".", crate::stacks::php::ID, pm);
    match (&composer, entry) {
        (Some(_), _) => facts.because("stack", "php", "composer.json", "composer.json present"),
        (None, Some(e)) => facts.because(
            "stack",
            "php",
            e,
            format!("{e} and no composer.json: a plain PHP site"),
        ),
        (None, None) => unreachable!("returned above"),
    }
    match (&composer, &lock) {
        (Some(_), Some(_)) => {
            facts.because("package_manager", "composer", "composer.lock", "lockfile")
        }
        (Some(_), None) => {
            facts.because(
                "package_manager",
                "composer",
                "composer.json",
                "composer.json present",
            );
            facts.warnings.push(
                "no composer.lock: dependencies are resolved at build time; run `composer update` and commit composer.lock".into(),
            );
        }
        (None, _) => facts.because(
            "package_manager",
            "none",
            entry.map_or("index.php", String::as_str),
            "no composer.json: nothing to install",
        ),
    }
    if composer.is_none() && lock.is_some() {
        facts
            .warnings
            .push("composer.lock without composer.json: nothing is installed from it".into());
    }

    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &version_claims(composer.as_ref(), lock.as_ref()),
        &mut facts,
    )?);

    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, "composer.json", "require");
        facts.warnings.extend(fw.warning.clone());
        if let Some(b) = &fw.build {
            facts.because(
                "build step",
                b,
                "detectors",
                format!("{}'s build step", fw.name),
            );
        }
    }

    // Apache's docroot: the one a Heroku Procfile names, else the framework's, else the folder holding the
    // index.php, else the app's root.
    let docroot = match (
        procfile_docroot(project)?,
        fw.and_then(|f| f.docroot.clone()),
        entry,
    ) {
        (Some((d, line)), _, _) => {
            facts.because(
                "docroot",
                &d,
                format!("Procfile:{line}"),
                "the document root Heroku's PHP web server is given",
            );
            d
        }
        (None, Some(d), _) => {
            facts.because(
                "docroot",
                &d,
                "detectors",
                format!("{} serves {d}/", fw.map_or("", |f| f.name.as_str())),
            );
            d
        }
        (None, None, Some(e)) if e.contains('/') => {
            let dir = e.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            facts.because(
                "docroot",
                &dir,
                e,
                format!("the front controller is in {dir}/"),
            );
            dir
        }
        (None, None, _) => {
            facts.because(
                "docroot",
                ".",
                entry.map_or("index.php", String::as_str),
                "index.php at the root",
            );
            ".".to_string()
        }
    };
    let front = format!(
        "{}index.php",
        if docroot == "." {
            String::new()
        } else {
            format!("{docroot}/")
        }
    );
    if !project.has(&front) {
        facts
            .warnings
            .push(format!("no {front}: Apache will have nothing to run at /"));
    }

    facts.start = vec![START.to_string()];
    facts.because(
        "start",
        START,
        "detectors",
        "the image's Apache, in the foreground",
    );
    crate::probe::port::decide(&mut facts, None, stack.default_port, &stack.frameworks);

    let mut extensions = extensions(stack, composer.as_ref(), lock.as_ref(), &mut facts);
    if composer.is_none() {
        used_extensions(project, stack, &mut extensions, &mut facts)?;
    }
    let rewrite = rewrites(project, &docroot)?;
    if let Some(file) = &rewrite {
        facts.because(
            "apache_module",
            "rewrite",
            file,
            "RewriteEngine On in .htaccess",
        );
    }

    let assets = match fw.and_then(|f| f.output.as_deref()) {
        Some(output) => assets(project, rules, output, &mut facts)?,
        None => {
            if project.has("package.json") {
                facts.warnings.push(
                    "package.json is not built: dockgen builds front-end assets for Laravel and Symfony only; add the build to the Dockerfile".into(),
                );
            }
            None
        }
    };
    if let Some(a) = &assets {
        facts.build = Some(a.build.clone());
        facts.because(
            "build",
            &a.build,
            "package.json",
            "scripts.build: the front-end assets",
        );
    }
    if project.has("package.json") {
        let fw_name = fw.map_or("a PHP app", |f| f.name.as_str());
        facts.ambiguities.push(Ambiguity {
            what: crate::facts::AmbiguityKind::Stack,
            candidates: vec!["php".into(), "node".into()],
            chosen: "php".into(),
            rule: format!(
                "composer.json makes {fw_name} a PHP app; its package.json only builds front-end assets"
            ),
        });
        facts.because(
            "stack",
            "php",
            "package.json",
            "php supersedes node: package.json builds the assets",
        );
    }

    facts.detail = Detail::new(PhpDetail {
        manifests: ["composer.json", "composer.lock"]
            .into_iter()
            .filter(|m| composer.is_some() && project.has(m))
            .map(str::to_string)
            .collect(),
        front_controller: fw.is_some() || docroot == "public",
        docroot,
        extensions,
        rewrite: rewrite.is_some(),
        writable: fw.map(|f| f.writable.clone()).unwrap_or_default(),
        classmap_authoritative: fw.is_some_and(|f| f.classmap_authoritative),
        touch: fw.map(|f| f.touch.clone()).unwrap_or_default(),
        framework_build: fw.and_then(|f| f.build.clone()),
        env: fw
            .map(|f| f.env.clone().into_iter().collect())
            .unwrap_or_default(),
        assets,
    });
    Ok(Some(facts))
}

/// What composer.json and composer.lock say about the PHP version, by the source names of php.toml.
fn version_claims(
    composer: Option<&ComposerJson>,
    lock: Option<&ComposerLock>,
) -> Vec<(&'static str, Claim)> {
    let mut claims = Vec::new();
    let range = |name: &'static str, c: &str| {
        Range::composer(c).map(|r| (name, Claim::Range(c.to_string(), r)))
    };
    if let Some(c) = composer {
        if let Some(v) = c.platform_php() {
            claims.push((
                "composer.json config.platform.php",
                Claim::Exact(v.to_string()),
            ));
        }
        claims.extend(
            c.requires("php")
                .and_then(|v| range("composer.json require.php", v)),
        );
    }
    if let Some(l) = lock {
        claims.extend(
            l.platform_php()
                .and_then(|v| range("composer.lock platform.php", v)),
        );
    }
    claims
}

/// The extensions to build: each `ext-*` the root or a locked production package requires, less those the
/// image compiles in. Unknown ones are a warning: the build's platform check will name them too.
fn extensions(
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
fn used_extensions(
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

/// The .htaccess (in the docroot, else the project's root) that turns URL rewriting on: Apache's
/// mod_rewrite is off in the image, and such a site answers 500 or loses its pretty URLs without it.
/// The document root a Procfile's `web: heroku-php-apache2 web/` (or `heroku-php-nginx`) names, with the
/// line: Heroku's launcher exists only on Heroku, but the folder it serves is the app's document root.
fn procfile_docroot(project: &Project) -> Result<Option<(String, usize)>> {
    let Some(text) = project.read_opt(crate::probe::procfile::FILE)? else {
        return Ok(None);
    };
    let Ok(processes) = crate::manifest::procfile::parse(crate::probe::procfile::FILE, &text)
    else {
        return Ok(None);
    };
    let Some(web) = processes.iter().find(|p| p.name == "web") else {
        return Ok(None);
    };
    let words = crate::probe::start::server_words(&web.command);
    if !words.first().is_some_and(|w| w.starts_with("heroku-php-")) {
        return Ok(None);
    }
    // Options with a value (-C/-F/-i/-l file) are skipped; the positional argument is the docroot.
    let mut dir = None;
    let mut it = words.iter().skip(1);
    while let Some(w) = it.next() {
        match w.as_str() {
            "-C" | "-F" | "-i" | "-l" => {
                it.next();
            }
            w if w.starts_with('-') => {}
            w => dir = Some(w.trim_start_matches("./").trim_end_matches('/').to_string()),
        }
    }
    Ok(dir
        .filter(|d| !d.is_empty() && !d.contains(".."))
        .map(|d| (d, web.line)))
}

fn rewrites(project: &Project, docroot: &str) -> Result<Option<String>> {
    let candidates = if docroot == "." {
        vec![".htaccess".to_string()]
    } else {
        vec![format!("{docroot}/.htaccess"), ".htaccess".to_string()]
    };
    for file in candidates {
        if let Some(text) = project.read_source_opt(&file)? {
            if text.lines().any(|l| {
                l.trim()
                    .to_ascii_lowercase()
                    .starts_with("rewriteengine on")
            }) {
                return Ok(Some(file));
            }
        }
    }
    Ok(None)
}

/// The Node stage that builds a framework's assets, when package.json has a `build` script.
fn assets(
    project: &Project,
    rules: &Rules,
    output: &str,
    facts: &mut Facts,
) -> Result<Option<PhpAssets>> {
    let Some(text) = project.read_opt("package.json")? else {
        return Ok(None);
    };
    let pkg = PackageJson::parse("package.json", &text)?;
    if !pkg.scripts.contains_key("build") {
        return Ok(None);
    }
    let node_rules = rules.stack(crate::stacks::node::ID);
    let (pm_rule, _, lockfile) =
        node::package_manager_fact(project, node_rules, &pkg, &Answers::default())?;
    if lockfile.is_none() {
        facts
            .warnings
            .push("package.json has no lockfile: the asset build's installs are not reproducible; commit one".into());
    }
    // The Node version for the asset stage, from the project's Node sources; recorded under its own name.
    let mut scratch = Facts::new(".", crate::stacks::node::ID, PackageManager::NPM);
    let claims: Vec<_> = toolchain::engines_claim("package.json engines.node", pkg.engine("node"))
        .into_iter()
        .collect();
    let node = toolchain::resolve(project, &node_rules.toolchain, 1, &claims, &mut scratch)?;
    facts.because(
        "assets",
        format!("node {} ({})", node.version, pm_rule.id),
        &node.source,
        format!("package.json builds the assets into {output}/"),
    );
    facts.warnings.extend(scratch.warnings);
    Ok(Some(PhpAssets {
        rule: pm_rule.id.clone(),
        manifests: node::manifests(project, pm_rule, lockfile),
        node_version: node.version,
        build: format!("{} build", pm_rule.run),
        output: output.to_string(),
    }))
}
