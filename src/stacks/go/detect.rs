//! Go detector: go.mod, where `package main` lives (root or `cmd/<name>/`), and the port its source states.

use super::GoDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::gomod::GoMod;
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let text = project.read("go.mod")?;
    let gomod = GoMod::parse("go.mod", &text)?;
    let mut facts = Facts::new(".", crate::stacks::go::ID, PackageManager::GO);
    facts.because("stack", "go", "go.mod", "go.mod present");
    facts.because("package_manager", "go", "go.mod", "go modules");

    let mut claims = Vec::new();
    if let Some((v, _)) = gomod.toolchain.as_ref().filter(|(v, _)| v != "default") {
        claims.push(("go.mod", Claim::Exact(v.clone())));
    } else if let Some((v, _)) = &gomod.go {
        claims.push(("go.mod", Claim::Exact(v.clone())));
    }
    facts.toolchain = Some(toolchain::resolve(
        project,
        &rules.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    // The evidence names the directive's line; the toolchain's source stays the file name.
    if let (Some((_, line)), Some(e)) = (
        gomod.toolchain.as_ref().or(gomod.go.as_ref()),
        facts.evidence.last_mut(),
    ) {
        if e.source == "go.mod" {
            e.source = format!("go.mod:{line}");
        }
    }

    // Every folder holding `package main`: the root and cmd/<name>.
    let module_name = binary_name(&gomod.module);
    let mut mains: Vec<(String, String)> = Vec::new();
    for dir in go_dirs(project) {
        if is_main_package(project, &dir)? {
            let name = if dir.is_empty() {
                module_name.clone()
            } else {
                dir.rsplit('/').next().unwrap_or(&dir).to_string()
            };
            mains.push((dir, name));
        }
    }
    let (dir, binary) = choose_main(project, rules, answers, &mut facts, mains)?;
    // The name and folder go into the build's shell line.
    let named_by = if dir.is_empty() {
        "go.mod"
    } else {
        dir.as_str()
    };
    crate::manifest::shell_word(named_by, "binary name", &binary, false)?;
    if !dir.is_empty() {
        crate::manifest::shell_word(named_by, "main package folder", &dir, true)?;
    }
    facts.start = vec![format!("/app/{binary}")];
    facts.because(
        "start",
        format!("/app/{binary}"),
        if dir.is_empty() {
            "main package at the root".to_string()
        } else {
            format!("{dir}/")
        },
        "package main",
    );

    if let Some(fw) = crate::probe::pick_framework(project, &rules.frameworks, |d| {
        gomod.requires.iter().any(|r| r == d)
    })? {
        crate::probe::record_framework(&mut facts, fw, "go.mod", "requires");
    }
    let port = port_in(project, &dir)?;
    let mut sources = Vec::new();
    for f in project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .take(400)
    {
        sources.push((f.to_string(), project.read_source(f)?));
    }
    crate::probe::port::decide_unframed(
        &mut facts,
        &sources,
        &rules.listens,
        port,
        rules.default_port,
        &rules.frameworks,
    );

    let package = if dir.is_empty() {
        ".".to_string()
    } else {
        format!("./{dir}")
    };
    let cgo = cgo_need(project, rules, &gomod, &dir)?;
    let mut detail = GoDetail {
        package: package.clone(),
        binary: binary.clone(),
        has_sum: project.has("go.sum"),
        vendored: project.has_dir("vendor"),
        ..GoDetail::default()
    };
    if cgo.sources.is_empty() {
        facts.build = Some(format!(
            "CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/{binary} {package}"
        ));
        facts.because(
            "build",
            "static binary",
            "go.mod",
            "CGO_ENABLED=0 so the binary runs on distroless static",
        );
    } else {
        facts.build = Some(format!(
            "CGO_ENABLED=1 go build -trimpath -ldflags=\"-s -w\" -o /out/{binary} {package}"
        ));
        for (source, why) in &cgo.sources {
            facts.because("build", "cgo binary", source, why);
        }
        let artifact = if !cgo.runtime_packages.is_empty() {
            "glibc-binary-with-libraries"
        } else if cgo.cxx {
            "glibc-binary"
        } else {
            "cgo-binary"
        };
        facts.artifact = Some(artifact.into());
        facts.because(
            "runtime",
            artifact,
            cgo.libraries_source.as_ref().unwrap_or(&cgo.sources[0].0),
            if cgo.runtime_packages.is_empty() {
                "cgo links glibc dynamically: a glibc runtime, not distroless static".to_string()
            } else {
                format!(
                    "{} loads shared libraries ({}): Debian slim, where apt can install them",
                    cgo.libraries_for.join(", "),
                    cgo.runtime_packages.join(" ")
                )
            },
        );
        facts.warnings.extend(cgo.warnings);
        detail.cgo = true;
        detail.runtime_why = cgo.libraries_for.join(", ");
        detail.build_packages = cgo.build_packages;
        detail.runtime_packages = cgo.runtime_packages;
    }
    facts.detail = Detail::new(detail);
    Ok(Some(facts))
}

/// What makes the build need cgo, and the Debian packages that follow.
#[derive(Debug, Default)]
struct CgoNeed {
    /// `(file:line, why)` for each reason, first the app's own `import "C"`, then go.mod requirements.
    sources: Vec<(String, String)>,
    build_packages: Vec<String>,
    runtime_packages: Vec<String>,
    /// The modules that need runtime packages.
    libraries_for: Vec<String>,
    /// The go.mod line of the first of them.
    libraries_source: Option<String>,
    cxx: bool,
    warnings: Vec<String>,
}

/// Libraries every glibc runtime has (the C library's own parts, and libstdc++ on distroless cc).
const GLIBC_LIBS: &[&str] = &["c", "m", "pthread", "dl", "rt", "resolv", "stdc++", "gcc_s"];

/// Whether the build needs cgo, read without running anything: `import "C"` in a non-test file of the main
/// package or of a package of this module it imports (followed transitively), or a requirement on a module
/// the rules list as compiling C.
#[allow(clippy::too_many_lines)] // TODO(issue 13): split — owned by the sweep
fn cgo_need(
    project: &Project,
    rules: &StackRules,
    gomod: &GoMod,
    main_dir: &str,
) -> Result<CgoNeed> {
    let mut need = CgoNeed::default();
    let prefix = format!("{}/", gomod.module);
    let mut queue = vec![main_dir.to_string()];
    let mut seen: Vec<String> = Vec::new();
    while let Some(dir) = queue.pop() {
        if seen.contains(&dir) || !project.has_dir(&dir) && !dir.is_empty() {
            continue;
        }
        seen.push(dir.clone());
        let files: Vec<String> = go_files(project, &dir).map(str::to_string).collect();
        let mut cgo_here = false;
        for f in &files {
            let text = project.read_source(f)?;
            if constrained_out(&text) {
                continue;
            }
            for (line, path) in imports(&text) {
                if path == "C" {
                    cgo_here = true;
                    if !need
                        .sources
                        .iter()
                        .any(|(_, w)| w.starts_with("import \"C\""))
                    {
                        need.sources.push((
                            format!("{f}:{line}"),
                            "import \"C\": the package calls C through cgo".into(),
                        ));
                    }
                } else if let Some(sub) = path.strip_prefix(&prefix) {
                    queue.push(sub.to_string());
                }
            }
            for (n, l) in text.lines().enumerate() {
                let l = l.trim();
                let l = l.strip_prefix("//").unwrap_or(l).trim_start();
                let Some(flags) = l.strip_prefix("#cgo ") else {
                    continue;
                };
                if flags.contains("-lstdc++") {
                    need.cxx = true;
                }
                let libs: Vec<&str> = flags
                    .split_whitespace()
                    .filter_map(|w| w.strip_prefix("-l"))
                    .filter(|l| !GLIBC_LIBS.contains(l))
                    .collect();
                let pkg_config = flags.split_once("pkg-config:").map(|(_, p)| p.trim());
                if !libs.is_empty() || pkg_config.is_some() {
                    let what = pkg_config.map_or_else(
                        || format!("-l{}", libs.join(" -l")),
                        |p| format!("pkg-config {p}"),
                    );
                    need.warnings.push(format!(
                        "{f}:{} links {what}: install its -dev package in the build stage and its library in the runtime (--runtime-image), dockgen cannot tell which",
                        n + 1
                    ));
                }
            }
        }
        // cgo compiles the package's C++ files too, which then need libstdc++ at run time.
        if cgo_here
            && project.files().any(|f| {
                let parent = f.rsplit_once('/').map_or("", |(d, _)| d);
                parent == dir && [".cc", ".cpp", ".cxx"].iter().any(|e| f.ends_with(e))
            })
        {
            need.cxx = true;
        }
    }
    for (module, line) in gomod.requires.iter().zip(&gomod.require_lines) {
        let Some(row) = rules.natives.iter().find(|n| n.matches(module)) else {
            continue;
        };
        need.sources.push((
            format!("go.mod:{line}"),
            format!("requires {module}, which compiles C through cgo"),
        ));
        need.cxx |= row.cxx;
        for p in &row.build_packages {
            if !need.build_packages.contains(p) {
                need.build_packages.push(p.clone());
            }
        }
        for p in &row.runtime_packages {
            if !need.runtime_packages.contains(p) {
                need.runtime_packages.push(p.clone());
            }
        }
        if !row.runtime_packages.is_empty() {
            need.libraries_for.push(module.clone());
            need.libraries_source
                .get_or_insert(format!("go.mod:{line}"));
        }
    }
    Ok(need)
}

/// The name `go build` gives the module's root package: its path's last element, or the one before a
/// major-version suffix (`example.com/tool/v2` builds `tool`).
fn binary_name(module: &str) -> String {
    let mut parts = module.rsplit('/');
    let last = parts.next().unwrap_or("app");
    let is_major =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    match parts.next() {
        Some(before) if is_major => before.to_string(),
        _ => last.to_string(),
    }
}

/// A `//go:build ignore` file (a generator script) is never part of the build.
fn constrained_out(text: &str) -> bool {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with("package "))
        .any(|l| l.trim() == "//go:build ignore" || l.trim() == "// +build ignore")
}

/// Import paths of a Go file with their lines: `import "x"`, `import name "x"` and `import ( … )` blocks.
/// Comments (the cgo preamble among them) are skipped; scanning stops at the first declaration.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut in_comment = false;
    let quoted = |s: &str| -> Option<String> {
        let s = s.trim();
        let start = s.find('"')?;
        let end = s[start + 1..].find('"')?;
        Some(s[start + 1..start + 1 + end].to_string())
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if in_comment {
            if line.contains("*/") {
                in_comment = false;
            }
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line.starts_with(')') {
                in_block = false;
            } else if let Some(p) = quoted(line) {
                out.push((i + 1, p));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("import") {
            let rest = rest.trim();
            if let Some(inner) = rest.strip_prefix('(') {
                in_block = true;
                if let Some(p) = quoted(inner) {
                    out.push((i + 1, p));
                }
            } else if let Some(p) = quoted(rest) {
                out.push((i + 1, p));
            }
        } else if ["func ", "type ", "var ", "const "]
            .iter()
            .any(|d| line.starts_with(d))
        {
            break;
        }
    }
    out
}

/// Folders that may hold a main package: the root, `cmd/<name>` and `cmd/<name>/<sub>` are not walked deeper.
fn go_dirs(project: &Project) -> Vec<String> {
    let mut dirs: Vec<String> = project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .filter_map(|f| match f.rsplit_once('/') {
            None => Some(String::new()),
            Some((dir, _)) if dir.starts_with("cmd/") && dir.matches('/').count() == 1 => {
                Some(dir.to_string())
            }
            _ => None,
        })
        .collect();
    dirs.dedup();
    dirs
}

fn go_files<'a>(project: &'a Project, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    project.files().filter(move |f| {
        let parent = f.rsplit_once('/').map_or("", |(d, _)| d);
        parent == dir && f.ends_with(".go") && !f.ends_with("_test.go")
    })
}

fn is_main_package(project: &Project, dir: &str) -> Result<bool> {
    for f in go_files(project, dir) {
        let text = project.read_source(f)?;
        let package_line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("package "));
        if package_line.is_some_and(|l| l.split_whitespace().nth(1) == Some("main")) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn choose_main(
    project: &Project,
    rules: &StackRules,
    answers: &Answers,
    facts: &mut Facts,
    mut mains: Vec<(String, String)>,
) -> Result<(String, String)> {
    if let Some(want) = &answers.binary {
        return mains
            .into_iter()
            .find(|(_, n)| n == want)
            .ok_or_else(|| Error::Usage(format!("--binary {want}: no main package by that name")));
    }
    match mains.len() {
        0 => {
            let elsewhere = mains_elsewhere(project)?;
            if elsewhere.is_empty() {
                return Err(Error::Unsupported {
                    path: project.root.join("go.mod"),
                    message: "no `package main` at the root or under cmd/<name>/; nothing to build"
                        .into(),
                });
            }
            Err(Error::Unsupported {
                path: project.root.join("go.mod"),
                message: format!(
                    "no `package main` at the root or under cmd/<name>/, but in {}; run dockgen in the one to ship",
                    elsewhere.join(", ")
                ),
            })
        }
        1 => Ok(mains.remove(0)),
        _ => {
            let names: Vec<String> = mains.iter().map(|(_, n)| n.clone()).collect();
            if let Some(i) =
                procfile_binary(project).and_then(|b| mains.iter().position(|(_, n)| *n == b))
            {
                let chosen = mains.remove(i);
                facts.because("binary", &chosen.1, "Procfile", "the web process runs it");
                return Ok(chosen);
            }
            let Some(pick) = rules
                .preferred_binaries
                .iter()
                .find_map(|p| mains.iter().position(|(_, n)| n == p))
            else {
                return Err(Error::Ambiguous {
                    path: project.root.clone(),
                    what: crate::facts::AmbiguityKind::MainPackage,
                    choices: names,
                });
            };
            let chosen = mains.remove(pick);
            facts.warnings.push(format!(
                "several main packages ({}); chose {} by name, pass --binary to change",
                names.join(", "),
                chosen.1
            ));
            Ok(chosen)
        }
    }
}

/// The program a Procfile's web process runs, without a leading `./` or `bin/`.
fn procfile_binary(project: &Project) -> Option<String> {
    let text = project.read_opt("Procfile").ok()??;
    let processes = crate::manifest::procfile::parse("Procfile", &text).ok()?;
    let web = processes.into_iter().find(|p| p.name == "web")?;
    let first = crate::manifest::split_words(&web.command)
        .into_iter()
        .next()?;
    Some(first.rsplit('/').next().unwrap_or(&first).to_string())
}

/// Folders anywhere that hold a `package main` (for a refusal that names them).
fn mains_elsewhere(project: &Project) -> Result<Vec<String>> {
    let mut dirs: Vec<String> = project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .filter_map(|f| f.rsplit_once('/').map(|(d, _)| d.to_string()))
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut out = Vec::new();
    for d in dirs.into_iter().take(200) {
        if is_main_package(project, &d)? {
            out.push(format!("{d}/"));
        }
    }
    Ok(out)
}

fn port_in(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    for f in go_files(project, dir) {
        if let Some((p, line)) = crate::probe::port::find(&project.read_source(f)?) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}
