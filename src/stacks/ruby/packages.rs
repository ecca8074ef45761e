//! What a Ruby app's gems need beyond Ruby: Debian packages for native extensions (and jemalloc when the
//! entrypoint preloads it), and Node in the build stage when the asset build runs a package.json script.

use super::detect::App;
use super::RubyNode;
use crate::error::Result;
use crate::facts::Facts;
use crate::rules::Rules;
use crate::version::Version;

/// System packages for native gems left in by BUNDLE_WITHOUT, and jemalloc for the frameworks whose own
/// Dockerfile preloads it or when the entrypoint preloads it: `(build stage, runtime, library to preload)`.
/// The image preloads it only for those frameworks; an entrypoint that preloads it does so itself (only Rails
/// apps have one today, so that branch matters once `frameworks` leaves a framework out).
pub(super) fn packages(
    app: &App,
    entrypoint: Option<&str>,
    facts: &mut Facts,
) -> Result<(Vec<String>, Vec<String>, Option<String>)> {
    let (build, mut runtime) = native_gems(app, facts);
    let jemalloc = &app.ruby.jemalloc;
    let preload = app
        .fw
        .filter(|f| jemalloc.frameworks.contains(&f.id))
        .map(|f| (f, jemalloc.preload.clone()));
    if let Some((f, _)) = &preload {
        facts.because(
            "packages",
            &jemalloc.package,
            app.gems_file,
            format!("{}'s own Dockerfile preloads jemalloc", f.name),
        );
    } else if let Some(e) = entrypoint {
        if !app
            .project
            .read_source(e)?
            .lines()
            .any(|l| l.contains("jemalloc") && !l.trim_start().starts_with('#'))
        {
            return Ok((build, runtime, None));
        }
        facts.because(
            "packages",
            &jemalloc.package,
            e,
            "the entrypoint preloads jemalloc",
        );
    } else {
        return Ok((build, runtime, None));
    }
    runtime.push(jemalloc.package.clone());
    Ok((build, runtime, preload.map(|(_, p)| p)))
}

/// The Debian packages native gems need: compilers and headers in the build stage, shared libraries at
/// run time. Gems the Gemfile puts only in development or test are left out, as Bundler leaves them out.
fn native_gems(app: &App, facts: &mut Facts) -> (Vec<String>, Vec<String>) {
    let mut build = app.ruby.build_packages.clone();
    let mut runtime: Vec<String> = Vec::new();
    for row in &app.ruby.native_gems {
        if !app.has(&row.gem)
            || app.gemfile.dev_only(&row.gem)
            || row.direct_only && !app.gemfile.has(&row.gem)
        {
            continue;
        }
        for p in &row.build {
            if !build.contains(p) {
                build.push(p.clone());
            }
        }
        for p in &row.runtime {
            if !runtime.contains(p) {
                runtime.push(p.clone());
            }
        }
        let mut all: Vec<&str> = row.build.iter().map(String::as_str).collect();
        all.extend(row.runtime.iter().map(String::as_str));
        facts.because(
            "packages",
            all.join(" "),
            app.gems_file,
            format!(
                "gem {}: native extension (build headers / runtime libraries)",
                row.gem
            ),
        );
    }
    (build, runtime)
}

/// Node in the build stage when the asset build runs a package.json script (jsbundling, cssbundling).
pub(super) fn node_build(app: &App, rules: &Rules, facts: &mut Facts) -> Result<Option<RubyNode>> {
    let project = app.project;
    let Some(gem) = app.ruby.node_gems.iter().find(|g| app.has(g)) else {
        return Ok(None);
    };
    let Some(text) = project.read_opt("package.json")? else {
        return Ok(None);
    };
    let pkg = crate::manifest::package_json::PackageJson::parse("package.json", &text)?;
    if !pkg.scripts.contains_key("build") && !pkg.scripts.contains_key("build:css") {
        return Ok(None);
    }
    let node = rules.stack(crate::stacks::node::ID);
    let (version, source) = node_version(app, &node.toolchain.default)?;
    let Some((image, _)) = rules
        .images
        .build_image(rules.build_family(crate::stacks::node::ID), &version)
    else {
        return Ok(None);
    };
    let berry = project.has(".yarnrc.yml");
    let Some(pm) = node.package_managers.iter().find(|p| {
        p.id != "bun"
            && p.lockfiles.iter().any(|l| project.has(l))
            && (p.id != "yarn" || !berry)
            && (p.id != "yarn-berry" || berry)
    }) else {
        facts.warnings.push(format!(
            "gem {gem} builds with package.json but no npm, yarn or pnpm lockfile is present: the build installs nothing first; commit the lockfile"
        ));
        return Ok(None);
    };
    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(
        pm.lockfiles
            .iter()
            .chain(&pm.extra_files)
            .filter(|f| project.has(f))
            .cloned(),
    );
    facts.because(
        "node",
        format!("node {version} ({})", pm.id),
        source.unwrap_or("package.json").to_string(),
        format!("gem {gem}: assets:precompile runs the package.json build script"),
    );
    Ok(Some(RubyNode {
        image,
        rule: pm.id.clone(),
        manifests,
    }))
}

/// The Node major from .nvmrc or .node-version and the file that named it, else node.toml's default.
fn node_version(app: &App, default: &str) -> Result<(String, Option<&'static str>)> {
    for file in [".nvmrc", ".node-version"] {
        if let Some(v) = app
            .project
            .read_opt(file)?
            .and_then(|t| crate::manifest::tool_versions::single_line(&t))
            .and_then(|v| Version::parse(v.trim_start_matches('v')))
        {
            return Ok((v.major.to_string(), Some(file)));
        }
    }
    Ok((default.to_string(), None))
}
