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
use crate::rules::{FrameworkRule, Rules, StackRules};
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
    if fw.is_none() && entry.is_none() {
        return no_web_app(project, rules, composer.is_some() || lock.is_some());
    }

    let pm = if composer.is_some() {
        PackageManager::COMPOSER
    } else {
        PackageManager::NONE
    };
    let mut facts = Facts::new(".", crate::stacks::php::ID, pm);
    package_manager(composer.as_ref(), lock.as_ref(), entry, &mut facts);
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &version_claims(composer.as_ref(), lock.as_ref()),
        &mut facts,
    )?);
    if let Some(fw) = fw {
        framework(fw, &mut facts);
    }
    let docroot = docroot(project, fw, entry, &mut facts)?;
    facts.start = vec![START.to_string()];
    facts.because(
        "start",
        START,
        "detectors",
        "the image's Apache, in the foreground",
    );
    crate::probe::port::decide(&mut facts, None, stack.default_port, &stack.frameworks);

    let mut extensions =
        super::extensions::required(stack, composer.as_ref(), lock.as_ref(), &mut facts);
    if composer.is_none() {
        super::extensions::used(project, stack, &mut extensions, &mut facts)?;
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
    let assets = front_end(project, rules, fw, &mut facts)?;

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

/// Neither a framework nor an index.php: a composer.json alone is a library or a tool. Not PHP's folder
/// without Composer files or when another stack's app is there (Composer for tooling), else an error.
fn no_web_app(project: &Project, rules: &Rules, has_composer: bool) -> Result<Option<Facts>> {
    if !has_composer {
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
    Err(Error::Unsupported {
        path: project.root.join("composer.json"),
        message: "no PHP framework in `require` and no index.php (at the root or in public/, web/, webroot/ or htdocs/): dockgen serves PHP web apps; add public/index.php, or pass --stack".into(),
    })
}

/// Why the folder is PHP (composer.json, or a plain site's index.php) and what installs its packages, with
/// the warnings a missing composer.lock or composer.json deserves.
fn package_manager(
    composer: Option<&ComposerJson>,
    lock: Option<&ComposerLock>,
    entry: Option<&String>,
    facts: &mut Facts,
) {
    match (composer, entry) {
        (Some(_), _) => facts.because("stack", "php", "composer.json", "composer.json present"),
        (None, Some(e)) => facts.because(
            "stack",
            "php",
            e,
            format!("{e} and no composer.json: a plain PHP site"),
        ),
        (None, None) => unreachable!("detect returns before without both"),
    }
    match (composer, lock) {
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
}

/// The framework with its warning and the build step its rules carry.
fn framework(fw: &FrameworkRule, facts: &mut Facts) {
    crate::probe::record_framework(facts, fw, "composer.json", "require");
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

/// Apache's docroot: the one a Heroku Procfile names, else the framework's, else the folder holding the
/// index.php, else the app's root. A warning when it has no index.php.
fn docroot(
    project: &Project,
    fw: Option<&FrameworkRule>,
    entry: Option<&String>,
    facts: &mut Facts,
) -> Result<String> {
    // The framework's docroot is its default; a front controller found in another folder wins (Symfony 3's
    // web/app.php, wallabag, has no public/).
    let fw_docroot = fw
        .and_then(|f| f.docroot.clone())
        .filter(|d| entry.is_none_or(|e| !e.contains('/') || e.starts_with(&format!("{d}/"))));
    let docroot = match (procfile_docroot(project)?, fw_docroot, entry) {
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
        (None, None, _) => root_docroot(project, entry, facts)?,
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
    Ok(docroot)
}

/// The front-end assets a framework builds with Node (the build command), and the php-over-node choice
/// recorded when a package.json is present.
fn front_end(
    project: &Project,
    rules: &Rules,
    fw: Option<&FrameworkRule>,
    facts: &mut Facts,
) -> Result<Option<PhpAssets>> {
    let assets = match fw.and_then(|f| f.output.as_deref()) {
        Some(output) => assets(project, rules, output, facts)?,
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
    Ok(assets)
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

/// The root, unless its index.php only sends the visitor to a folder holding the app's own index.php
/// (`header('Location: p/')`, FreshRSS): that folder is the document root, and serving the root would
/// publish what lies beside it (data/, config files).
fn root_docroot(project: &Project, entry: Option<&String>, facts: &mut Facts) -> Result<String> {
    if let Some((dir, line)) = redirect_folder(project)? {
        let why = format!("index.php only redirects to {dir}/, which holds the front controller");
        facts.because("docroot", &dir, format!("index.php:{line}"), why);
        return Ok(dir);
    }
    let source = entry.map_or("index.php", String::as_str);
    facts.because("docroot", ".", source, "index.php at the root");
    Ok(".".to_string())
}

/// The folder a short root index.php redirects to (`header('Location: p/')` or a meta refresh
/// `url=./public/`), when that folder has an index.php, with the line.
fn redirect_folder(project: &Project) -> Result<Option<(String, usize)>> {
    let Some(text) = project.read_source_opt("index.php")? else {
        return Ok(None);
    };
    // A front controller of its own (routing, a bootstrap) is longer than a redirect.
    if text.lines().filter(|l| !l.trim().is_empty()).count() > 60 {
        return Ok(None);
    }
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = ["Location:", "url="]
            .iter()
            .find_map(|k| line.split_once(k).map(|(_, r)| r))
        else {
            continue;
        };
        let target: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-'))
            .collect();
        let dir = target.trim_start_matches("./").trim_end_matches('/');
        let plain = !dir.is_empty() && !dir.contains(['/', '.']);
        if plain && project.has(&format!("{dir}/index.php")) {
            return Ok(Some((dir.to_string(), i + 1)));
        }
    }
    Ok(None)
}

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
    // The launcher by name or by its path (`vendor/bin/heroku-php-apache2`, as Heroku's PHP guide writes it).
    let launcher = |w: &String| {
        w.rsplit('/')
            .next()
            .is_some_and(|b| b.starts_with("heroku-php-"))
    };
    if !words.first().is_some_and(launcher) {
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

/// The .htaccess (in the docroot, else the project's root) that turns URL rewriting on: Apache's
/// mod_rewrite is off in the image, and such a site answers 500 or loses its pretty URLs without it.
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
