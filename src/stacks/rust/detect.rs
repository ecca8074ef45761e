//! Rust detector: Cargo.toml (package or workspace), every target of every member (to stub them so
//! dependencies compile in a layer of their own), and which binary serves.

use super::RustDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::cargo::{member_matches, CargoToml};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

mod binary;
mod package;
mod port;
use binary::*;
use package::{package, Package};

/// Detect a Rust project: its packages (the root's and its workspace members'), the toolchain, the binary
/// that serves, its framework and port, the build, and what the planner needs to cache dependencies.
pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let root_text = project.read("Cargo.toml")?;
    let root = CargoToml::parse("Cargo.toml", &root_text)?;
    let mut facts = Facts::new(".", crate::stacks::rust::ID, PackageManager::CARGO);
    facts.because("stack", "rust", "Cargo.toml", "Cargo.toml present");
    facts.because("package_manager", "cargo", "Cargo.toml", "cargo");

    let packages = packages(project, &root)?;
    outside_the_folder(&root_text, &root, &packages)?;

    let mut claims = Vec::new();
    if let Some(v) = packages
        .iter()
        .find_map(|p| p.manifest.rust_version().map(str::to_string))
        .or(root.rust_version().map(str::to_string))
    {
        claims.push(("Cargo.toml rust-version", Claim::Floor(v)));
    }
    facts.toolchain = Some(toolchain::resolve(
        project,
        &rules.toolchain,
        2,
        &claims,
        &mut facts,
    )?);

    let (pkg_index, binary, bin_path) =
        choose_binary(project, rules, answers, &packages, &mut facts)?;
    let pkg = &packages[pkg_index];
    let deps: Vec<&String> = pkg.manifest.dependencies.keys().collect();
    let fw =
        crate::probe::pick_framework(project, &rules.frameworks, |d| deps.iter().any(|x| *x == d))?;
    if let Some(fw) = fw {
        crate::probe::record_framework(
            &mut facts,
            fw,
            format!("{}Cargo.toml", prefix(&pkg.dir)),
            "dependency",
        );
    }
    let sources = package_sources(project, &packages, pkg_index)?;
    let port = stated_port(project, rules, &bin_path, &sources)?;
    crate::probe::port::decide_unframed(
        &mut facts,
        &sources,
        &rules.listens,
        port,
        rules.default_port,
        &rules.frameworks,
    );

    let locked = record_build(project, &binary, &bin_path, &mut facts);
    let (build_packages, runtime_packages) = native_needs(project, rules, &packages, &mut facts)?;
    // The framework's settings, with the port the app was found to listen on.
    let port = facts.port.unwrap_or(rules.default_port).to_string();
    let env = fw
        .map(|f| {
            f.env
                .iter()
                .map(|(k, v)| (k.clone(), v.replace("{port}", &port)))
                .collect()
        })
        .unwrap_or_default();
    facts.detail = Detail::new(RustDetail {
        package: pkg.name.clone(),
        binary,
        manifests: manifests(project, &packages),
        stubs: stubs(&packages),
        locked,
        pins_toolchain: project.has("rust-toolchain.toml") || project.has("rust-toolchain"),
        build_packages,
        runtime_packages,
        env,
    });
    Ok(Some(facts))
}

/// The project's packages: the root's own when it has `[package]`, then the workspace's members (by its
/// `members` and `exclude` globs), each with its targets.
fn packages(project: &Project, root: &CargoToml) -> Result<Vec<Package>> {
    let mut packages = Vec::new();
    if root.package.is_some() {
        packages.push(package(project, "", root.clone())?);
    }
    if let Some(ws) = &root.workspace {
        for manifest in project.files().filter(|f| f.ends_with("/Cargo.toml")) {
            let dir = manifest.trim_end_matches("/Cargo.toml");
            let member = ws.members.iter().any(|m| member_matches(m, dir))
                && !ws.exclude.iter().any(|m| member_matches(m, dir));
            if member {
                let m = CargoToml::parse(manifest, &project.read(manifest)?)?;
                packages.push(package(project, dir, m)?);
            }
        }
    }
    Ok(packages)
}

/// The start and the release build of the chosen binary, `--locked` when Cargo.lock is committed (a
/// warning when not). Gives whether it is.
fn record_build(project: &Project, binary: &str, bin_path: &str, facts: &mut Facts) -> bool {
    let locked = project.has("Cargo.lock");
    if !locked {
        facts.warnings.push(
            "no Cargo.lock: the build resolves dependency versions itself; commit the lockfile"
                .into(),
        );
    }
    facts.start = vec![format!("/app/{binary}")];
    facts.build = Some(format!(
        "cargo build --release{} --bin {binary}",
        if locked { " --locked" } else { "" }
    ));
    facts.because(
        "build",
        facts.build.clone().unwrap_or_default(),
        bin_path.to_string(),
        "release build of the chosen binary",
    );
    locked
}

/// The files copied before the source so that dependencies build in a layer of their own: the root's
/// manifest, lockfile and toolchain files present, and every member's Cargo.toml.
fn manifests(project: &Project, packages: &[Package]) -> Vec<String> {
    let mut manifests = vec!["Cargo.toml".to_string()];
    manifests.extend(
        [
            "Cargo.lock",
            "rust-toolchain.toml",
            "rust-toolchain",
            ".cargo/config.toml",
        ]
        .iter()
        .filter(|f| project.has(f))
        .map(|f| f.to_string()),
    );
    manifests.extend(
        packages
            .iter()
            .filter(|p| !p.dir.is_empty())
            .map(|p| format!("{}/Cargo.toml", p.dir)),
    );
    manifests
}

/// Every target root of every package, once and sorted: the dependency layer stubs them so cargo can
/// build the dependencies before the source is copied.
fn stubs(packages: &[Package]) -> Vec<(String, bool)> {
    let mut stubs: Vec<(String, bool)> = Vec::new();
    for p in packages {
        stubs.extend(p.bins.iter().map(|(_, path)| (path.clone(), false)));
        stubs.extend(p.others.iter().cloned());
    }
    stubs.sort();
    stubs.dedup_by(|a, b| a.0 == b.0);
    stubs
}

/// The Rust sources of one package (not of a package nested in its folder, not its tests, benches or
/// examples), read to tell whether it listens; capped so a huge crate stays quick.
/// The port the project states: one of the shapes [`port::in_source`] reads, in the main file then the
/// package's other sources, else a literal in the main file, else the configuration file.
fn stated_port(
    project: &Project,
    rules: &StackRules,
    bin_path: &str,
    sources: &[(String, String)],
) -> Result<Option<(u16, String)>> {
    let main = match sources.iter().find(|(f, _)| f == bin_path) {
        Some((_, t)) => Some(t.clone()),
        None => project
            .read_source_opt(bin_path)?
            .map(|t| port::without_tests(&t).to_string()),
    };
    // The shapes first: a plain number in the main file may be a backlog (`listen(1024)`).
    let main = main.map(|t| (bin_path.to_string(), t));
    let rest = sources.iter().filter(|(f, _)| f != bin_path).cloned();
    for (f, text) in main.clone().into_iter().chain(rest) {
        if let Some((p, l)) = port::in_source(&text) {
            return Ok(Some((p, format!("{f}:{l}"))));
        }
    }
    let literal = main.and_then(|(_, t)| crate::probe::port::find(&port::without_backlogs(&t)));
    if let Some((p, l)) = literal {
        return Ok(Some((p, format!("{bin_path}:{l}"))));
    }
    // A literal on a line that listens in the module that serves (`Server::bind(&"0.0.0.0:8080"…)` in
    // src/http/mod.rs, called from main).
    if let Some(found) = crate::probe::port::on_listening_line(sources, &rules.listens) {
        return Ok(Some(found));
    }
    crate::probe::config_port::in_config(project, &rules.port_configs)
}

fn package_sources(
    project: &Project,
    packages: &[Package],
    index: usize,
) -> Result<Vec<(String, String)>> {
    let pre = prefix(&packages[index].dir);
    let nested: Vec<String> = packages
        .iter()
        .enumerate()
        .filter(|(i, p)| *i != index && p.dir.len() > packages[index].dir.len())
        .map(|(_, p)| prefix(&p.dir))
        .collect();
    let mut out = Vec::new();
    for f in project.files().filter(|f| {
        f.ends_with(".rs")
            && f.starts_with(&pre)
            && !nested.iter().any(|n| f.starts_with(n.as_str()))
            && !["tests/", "benches/", "examples/"]
                .iter()
                .any(|d| f[pre.len()..].starts_with(d))
    }) {
        if out.len() >= 400 {
            break;
        }
        let text = project.read_source(f)?;
        out.push((f.to_string(), port::without_tests(&text).to_string()));
    }
    Ok(out)
}

/// The rules' `[[native]]` crates among the packages' dependencies and Cargo.lock's packages: the Debian
/// packages the build and the runtime need. A runtime library moves the runtime to Debian slim.
fn native_needs(
    project: &Project,
    rules: &StackRules,
    packages: &[Package],
    facts: &mut Facts,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut names: Vec<(String, String)> = packages
        .iter()
        .flat_map(|p| {
            p.manifest
                .dependencies
                .keys()
                .map(|d| (d.clone(), format!("{}Cargo.toml", prefix(&p.dir))))
        })
        .collect();
    // Cargo.lock is otherwise only checked for presence (cargo reads it in the build): one that cannot
    // be read here is searched for nothing.
    if let Some(lock) = project.read_opt("Cargo.lock").ok().flatten() {
        for line in lock.lines() {
            if let Some(n) = line
                .strip_prefix("name = \"")
                .and_then(|r| r.strip_suffix('"'))
            {
                names.push((n.to_string(), "Cargo.lock".into()));
            }
        }
    }
    let (mut build, mut runtime) = (Vec::new(), Vec::new());
    for row in &rules.natives {
        let Some((_, source)) = names.iter().find(|(n, _)| *n == row.dependency) else {
            continue;
        };
        for p in &row.build_packages {
            if !build.contains(p) {
                build.push(p.clone());
            }
        }
        for p in &row.runtime_packages {
            if !runtime.contains(p) {
                runtime.push(p.clone());
            }
        }
        facts.because(
            "native",
            &row.dependency,
            source,
            format!(
                "links a system library: build needs {}, runtime {}",
                row.build_packages.join(" "),
                if row.runtime_packages.is_empty() {
                    "nothing distroless cc lacks".to_string()
                } else {
                    row.runtime_packages.join(" ")
                }
            ),
        );
    }
    if !runtime.is_empty() {
        facts.artifact = Some(crate::facts::ArtifactKind::new(
            "glibc-binary-with-libraries",
        ));
        facts.because(
            "runtime",
            "glibc-binary-with-libraries",
            "Cargo.lock",
            format!(
                "loads {}: Debian slim, where apt can install them",
                runtime.join(" ")
            ),
        );
    }
    Ok((build, runtime))
}

/// A package that needs files above the project folder cannot build from it: a member inheriting from a
/// workspace above (`x.workspace = true` with no `[workspace]` here), or a path dependency that leaves
/// the folder. Refused with the way out: plan from the folder that holds both.
fn outside_the_folder(root_text: &str, root: &CargoToml, packages: &[Package]) -> Result<()> {
    if root.workspace.is_none() {
        if let Some(line) = root_text.lines().position(|l| {
            let l = l.split('#').next().unwrap_or("").replace(' ', "");
            l.contains("workspace=true") && !l.starts_with('[')
        }) {
            return Err(Error::Unsupported {
                path: "Cargo.toml".into(),
                message: format!(
                    "line {}: inherits from a Cargo workspace above this folder (`workspace = true`), which the build cannot see; run dockgen from the workspace root and pass --binary",
                    line + 1
                ),
            });
        }
    }
    for p in packages {
        for (name, spec) in &p.manifest.dependencies {
            let Some(path) = spec.get("path").and_then(|v| v.as_str()) else {
                continue;
            };
            let depth = p.dir.split('/').filter(|s| !s.is_empty()).count() as i64;
            let mut level = depth;
            let mut leaves = false;
            for part in path.split('/') {
                match part {
                    ".." => level -= 1,
                    "." | "" => {}
                    _ => level += 1,
                }
                leaves |= level < 0;
            }
            if leaves || path.starts_with('/') {
                return Err(Error::Unsupported {
                    path: format!("{}Cargo.toml", prefix(&p.dir)).into(),
                    message: format!(
                        "depends on `{name}` by path `{path}`, outside this folder, which the build cannot see; run dockgen from the folder that holds both (the repository root) and pass --binary"
                    ),
                });
            }
        }
    }
    Ok(())
}

fn prefix(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}
