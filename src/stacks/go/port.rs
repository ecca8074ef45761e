//! Where a Go server's port is stated: its main package, a listening or PORT line elsewhere in the
//! module, a configuration's default, or a config file at the root; never a database's or mail
//! server's port beside it.

use super::detect::{go_files, is_main_package};
use crate::error::Result;
use crate::facts::Facts;
use crate::rules::StackRules;
use crate::scan::Project;

/// The port: stated in the main package, else anywhere in the module's source (a `Listen(":5000")` in
/// another package), else the framework's, or none for a program that never listens.
pub(super) fn port(
    project: &Project,
    rules: &StackRules,
    dir: &str,
    facts: &mut Facts,
) -> Result<()> {
    let port = match port_in(project, dir)? {
        Some(p) => Some(p),
        None => match port_elsewhere(project, rules, dir)? {
            Some(p) => Some(p),
            // The config file the server loads (opengist's config.yml `http.port: 6157`).
            None => crate::probe::config_port::in_config(project, &rules.port_configs)?,
        },
    };
    let mut sources = Vec::new();
    for f in project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .take(400)
    {
        sources.push((f.to_string(), project.read_source(f)?));
    }
    crate::probe::port::decide_unframed(
        facts,
        &sources,
        &rules.listens,
        port,
        rules.default_port,
        &rules.frameworks,
    );
    Ok(())
}

fn port_in(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    for f in go_files(project, dir) {
        if let Some((p, line)) = crate::probe::port::find(&project.read_source(f)?) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

/// A port stated outside the main package, on a line that listens (`app.Listen(":8080")` in
/// internal/server) or reads the PORT variable with a default (`getEnv("PORT", "5000")` in config/):
/// only those lines, so a database's port in the same config is never taken for the server's.
fn port_elsewhere(
    project: &Project,
    rules: &StackRules,
    main_dir: &str,
) -> Result<Option<(u16, String)>> {
    let mut files: Vec<&str> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for f in project
        .files()
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .take(400)
    {
        let dir = f.rsplit_once('/').map_or("", |(d, _)| d);
        // Another main package's listening line is another program's port (a dev tool's beside the server).
        if dir == main_dir || others.contains(&dir) {
            continue;
        }
        if is_main_package(project, dir)? {
            others.push(dir);
            continue;
        }
        files.push(f);
    }
    for f in &files {
        let text = project.read_source(f)?;
        for (i, line) in text.lines().enumerate() {
            let serves = line.contains("\"PORT\"")
                || rules.listens.iter().any(|w| line.contains(w.as_str()));
            if let Some((p, _)) = serves.then(|| crate::probe::port::find(line)).flatten() {
                return Ok(Some((p, format!("{f}:{}", i + 1))));
            }
        }
    }
    config_default(project, &files)
}

/// A configuration's default (`Port: 80,` in config/config.go's defaults), skipping the ports of what
/// the app connects to.
fn config_default(project: &Project, files: &[&str]) -> Result<Option<(u16, String)>> {
    for f in files
        .iter()
        .filter(|f| f.rsplit('/').next().is_some_and(|n| n.contains("config")))
    {
        let text = project.read_source(f)?;
        // The line opening the innermost literal (`Database: Database{`) names whose port it is.
        let mut opened = String::new();
        for (i, line) in text.lines().enumerate() {
            let lower = line.to_ascii_lowercase();
            if lower.trim_end().ends_with('{') {
                opened = lower.clone();
            }
            if NOT_THE_SERVER
                .iter()
                .any(|w| lower.contains(w) || opened.contains(w))
            {
                continue;
            }
            if let Some((p, _)) = crate::probe::port::find(line) {
                return Ok(Some((p, format!("{f}:{}", i + 1))));
            }
        }
    }
    Ok(None)
}

/// Words on a configuration line that make its port another service's (or the TLS listener's).
const NOT_THE_SERVER: &[&str] = &[
    "db", "database", "postgres", "mysql", "redis", "smtp", "mail", "ssl", "tls", "https",
    "metrics", "grpc", "debug",
];
