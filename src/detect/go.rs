//! Go detector: go.mod, where `package main` lives (root or `cmd/<name>/`), and the port its source states.

use super::toolchain::{self, Claim};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, GoDetail, Language, PackageManager};
use crate::manifest::gomod::GoMod;
use crate::rules::StackRules;
use crate::scan::Project;

pub fn detect(project: &Project, rules: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let text = project.read("go.mod")?;
    let gomod = GoMod::parse("go.mod", &text)?;
    let mut facts = Facts::new(".", Language::Go, PackageManager::Go);
    facts.because("language", "go", "go.mod", "go.mod present");
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
    let module_name = gomod.module.rsplit('/').next().unwrap_or("app").to_string();
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

    if let Some(fw) = super::pick_framework(project, &rules.frameworks, |d| {
        gomod.requires.iter().any(|r| r == d)
    })? {
        super::record_framework(&mut facts, fw, "go.mod", "requires");
    }
    let port = port_in(project, &dir)?;
    super::port::decide(&mut facts, port, rules.default_port, &rules.frameworks);

    let package = if dir.is_empty() {
        ".".to_string()
    } else {
        format!("./{dir}")
    };
    facts.build = Some(format!(
        "CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/{binary} {package}"
    ));
    facts.because(
        "build",
        "static binary",
        "go.mod",
        "CGO_ENABLED=0 so the binary runs on distroless static",
    );
    facts.detail = Detail::Go(GoDetail {
        package,
        binary,
        has_sum: project.has("go.sum"),
        vendored: project.has_dir("vendor"),
    });
    Ok(Some(facts))
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
        0 => Err(Error::Unsupported {
            path: project.root.join("go.mod"),
            message: "no `package main` at the root or under cmd/<name>/; nothing to build".into(),
        }),
        1 => Ok(mains.remove(0)),
        _ => {
            let names: Vec<String> = mains.iter().map(|(_, n)| n.clone()).collect();
            let Some(pick) = rules
                .preferred_binaries
                .iter()
                .find_map(|p| mains.iter().position(|(_, n)| n == p))
            else {
                return Err(Error::Ambiguous {
                    path: project.root.clone(),
                    what: "main package".into(),
                    choices: names.join(", "),
                    flag: "--binary".into(),
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

fn port_in(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    for f in go_files(project, dir) {
        if let Some((p, line)) = super::port::find(&project.read_source(f)?) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}
