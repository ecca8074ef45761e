//! Go detector: go.mod, where `package main` lives (root or `cmd/<name>/`), and the port its source states.

use super::cgo::{cgo_need, CgoNeed};
use super::GoDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::gomod::GoMod;
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let Some(module) = module(project)? else {
        return Ok(None);
    };
    let mut facts = Facts::new(".", crate::stacks::go::ID, PackageManager::GO);
    if module.manifest {
        facts.because("stack", "go", "go.mod", "go.mod present");
        facts.because("package_manager", "go", "go.mod", "go modules");
    } else {
        facts.because("stack", "go", "main.go", "package main without go.mod");
        facts.because(
            "package_manager",
            "go",
            "main.go",
            "go modules, initialised in the build",
        );
        facts.warnings.push(format!(
            "main.go has no go.mod: the build runs `go mod init {BARE_MODULE} && go mod tidy`, which takes the newest release of each imported module; run `go mod init <module> && go mod tidy` and commit go.mod and go.sum to pin them"
        ));
    }
    toolchain_line(project, rules, &module.gomod, &mut facts)?;
    let (dir, binary) = main_package(project, rules, answers, &module.gomod, &mut facts)?;
    if let Some(fw) = crate::probe::pick_framework(project, &rules.frameworks, |d| {
        module.deps.iter().any(|r| r == d)
    })? {
        let source = if module.manifest { "go.mod" } else { "main.go" };
        crate::probe::record_framework(&mut facts, fw, source, "requires");
    }
    super::port::port(project, rules, &dir, &mut facts)?;
    build(project, rules, &module, (&dir, &binary), &mut facts)?;
    Ok(Some(facts))
}

/// The module name a folder without go.mod is initialised with in the build (and so its binary's name):
/// a fixed word, so the Dockerfile does not depend on the folder's name.
const BARE_MODULE: &str = "app";

/// The module the build compiles: go.mod, or a `package main` at the root without one.
struct Module {
    gomod: GoMod,
    /// go.mod is present (else the build initialises a module).
    manifest: bool,
    /// What the module depends on, for framework rows: go.mod's requirements, or the imports' module
    /// paths (every prefix of each import path) without one.
    deps: Vec<String>,
}

/// go.mod, or, without one, a root `main.go` in `package main`: Go builds only modules since 1.16
/// (GO111MODULE defaults to on), so the build stage runs `go mod init` first, as Go's own tutorial does.
fn module(project: &Project) -> Result<Option<Module>> {
    if let Some(text) = project.read_opt("go.mod")? {
        let gomod = GoMod::parse("go.mod", &text)?;
        let deps = gomod.requires.clone();
        return Ok(Some(Module {
            gomod,
            manifest: true,
            deps,
        }));
    }
    if !project.has("main.go") || !is_main_package(project, "")? {
        return Ok(None);
    }
    let mut deps = Vec::new();
    for f in go_files(project, "") {
        for (_, path) in imports(&project.read_source(f)?) {
            // Only module paths (a dot in the first element) are fetched; the standard library is not.
            if !path.split('/').next().is_some_and(|h| h.contains('.')) {
                continue;
            }
            let parts: Vec<&str> = path.split('/').collect();
            for n in 1..=parts.len() {
                let prefix = parts[..n].join("/");
                if !deps.contains(&prefix) {
                    deps.push(prefix);
                }
            }
        }
    }
    let gomod = GoMod {
        module: BARE_MODULE.into(),
        go: None,
        toolchain: None,
        requires: Vec::new(),
        require_lines: Vec::new(),
    };
    Ok(Some(Module {
        gomod,
        manifest: false,
        deps,
    }))
}

/// The Go line: go.mod's `toolchain` directive, else its `go` directive, else the version files.
fn toolchain_line(
    project: &Project,
    rules: &StackRules,
    gomod: &GoMod,
    facts: &mut Facts,
) -> Result<()> {
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
        facts,
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
    Ok(())
}

/// The main package to build (the root or `cmd/<name>/`) and its binary's name; sets the start.
fn main_package(
    project: &Project,
    rules: &StackRules,
    answers: &Answers,
    gomod: &GoMod,
    facts: &mut Facts,
) -> Result<(String, String)> {
    let module_name = binary_name(&gomod.module);
    let mut mains: Vec<(String, String)> = Vec::new();
    for dir in go_dirs(project) {
        if is_main_package(project, &dir)? {
            // `go build ./cmd` would name it `cmd`: a main directly in cmd/ is the module's binary.
            let name = if dir.is_empty() || dir == "cmd" {
                module_name.clone()
            } else {
                dir.rsplit('/').next().unwrap_or(&dir).to_string()
            };
            mains.push((dir, name));
        }
    }
    let (dir, binary) = choose_main(project, rules, answers, facts, mains)?;
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
    let source = if dir.is_empty() {
        "main package at the root".to_string()
    } else {
        format!("{dir}/")
    };
    facts.because("start", format!("/app/{binary}"), source, "package main");
    Ok((dir, binary))
}

/// The build command (static, or cgo with the packages it needs) and the planner's detail.
fn build(
    project: &Project,
    rules: &StackRules,
    module: &Module,
    (dir, binary): (&str, &str),
    facts: &mut Facts,
) -> Result<()> {
    let package = if dir.is_empty() {
        ".".to_string()
    } else {
        format!("./{dir}")
    };
    let cgo = cgo_need(project, rules, &module.gomod, dir)?;
    let mut detail = GoDetail {
        package: package.clone(),
        binary: binary.to_string(),
        has_sum: project.has("go.sum"),
        vendored: project.has_dir("vendor"),
        manifest: module.manifest,
        ..GoDetail::default()
    };
    let init = if module.manifest {
        String::new()
    } else {
        format!("go mod init {BARE_MODULE} && go mod tidy && ")
    };
    let source = if module.manifest { "go.mod" } else { "main.go" };
    if cgo.sources.is_empty() {
        facts.build = Some(format!(
            "{init}CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/{binary} {package}"
        ));
        let why = "CGO_ENABLED=0 so the binary runs on distroless static";
        facts.because("build", "static binary", source, why);
    } else {
        facts.build = Some(format!(
            "{init}CGO_ENABLED=1 go build -trimpath -ldflags=\"-s -w\" -o /out/{binary} {package}"
        ));
        cgo_runtime(cgo, &mut detail, facts);
    }
    facts.detail = Detail::new(detail);
    Ok(())
}

/// A cgo build's runtime: glibc, with the shared libraries its modules load.
fn cgo_runtime(cgo: CgoNeed, detail: &mut GoDetail, facts: &mut Facts) {
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
    facts.artifact = Some(crate::facts::ArtifactKind::new(artifact));
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
pub(super) fn constrained_out(text: &str) -> bool {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with("package "))
        .any(|l| l.trim() == "//go:build ignore" || l.trim() == "// +build ignore")
}

/// Import paths of a Go file with their lines: `import "x"`, `import name "x"` and `import ( … )` blocks.
/// Comments (the cgo preamble among them) are skipped; scanning stops at the first declaration.
pub(super) fn imports(text: &str) -> Vec<(usize, String)> {
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

/// Folders that may hold a main package: the root, `cmd/` itself and `cmd/<name>` (`cmd/<name>/<sub>` is not walked).
fn go_dirs(project: &Project) -> Vec<String> {
    let mut dirs: Vec<String> = project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .filter_map(|f| match f.rsplit_once('/') {
            None => Some(String::new()),
            Some((dir, _))
                if dir == "cmd" || (dir.starts_with("cmd/") && dir.matches('/').count() == 1) =>
            {
                Some(dir.to_string())
            }
            _ => None,
        })
        .collect();
    dirs.dedup();
    dirs
}

pub(super) fn go_files<'a>(
    project: &'a Project,
    dir: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    project.files().filter(move |f| {
        let parent = f.rsplit_once('/').map_or("", |(d, _)| d);
        parent == dir && f.ends_with(".go") && !f.ends_with("_test.go")
    })
}

pub(super) fn is_main_package(project: &Project, dir: &str) -> Result<bool> {
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
            .ok_or_else(|| Error::bad_flag("--binary", want, "no main package by that name"));
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
        _ => super::serving::choose_among(project, rules, facts, mains),
    }
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
