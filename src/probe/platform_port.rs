//! The port a hosting platform's manifest states for the app (`fly.toml`'s `[env] PORT`, its
//! `internal_port`), from `detectors/platforms.toml`: read for every stack after its detector, over the
//! port the source falls back to or the framework's default.

use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::rules::Rules;
use crate::scan::Project;
use serde::Deserialize;
use std::sync::OnceLock;

const FILE: &str = "platforms.toml";
const TEXT: &str = include_str!("../../detectors/platforms.toml");

/// One platform manifest and the keys that hold the app's port, in order of trust.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformManifest {
    pub file: String,
    pub platform: String,
    pub ports: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    manifest: Vec<PlatformManifest>,
}

/// The manifests of `detectors/platforms.toml`, parsed once.
pub fn manifests() -> Result<&'static [PlatformManifest]> {
    static PARSED: OnceLock<std::result::Result<Vec<PlatformManifest>, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            toml::from_str::<Table>(TEXT)
                .map(|t| t.manifest)
                .map_err(|e| e.message().lines().next().unwrap_or("").to_string())
        })
        .as_deref()
        .map_err(|message| Error::Rules {
            file: FILE.into(),
            message: message.clone(),
        })
}

/// Set the port a platform manifest states, when the stack found one to replace (a worker with no port
/// keeps none) and the runtime does not serve the app with its own server. A manifest that does not parse
/// is a warning, never an error: it is the platform's file, not dockgen's input.
pub fn apply(project: &Project, rules: &Rules, facts: &mut Facts) -> Result<()> {
    if facts.port.is_none() || own_server(rules, facts) {
        return Ok(());
    }
    for m in manifests()? {
        let Some(text) = project.read_opt(&m.file)? else {
            continue;
        };
        let doc: toml::Table = match toml::from_str(&text) {
            Ok(doc) => doc,
            Err(e) => {
                let why = e.message().lines().next().unwrap_or("").to_string();
                facts.warnings.push(format!(
                    "{}: not read for the port ({why}); pass --port if the app serves elsewhere",
                    m.file
                ));
                continue;
            }
        };
        if let Some((key, port)) = m
            .ports
            .iter()
            .find_map(|k| port_at(&doc, k).map(|p| (k, p)))
        {
            if let Some(old) = facts.port.replace(port) {
                restate(&mut facts.start, old, port);
            }
            facts.evidence.retain(|e| e.fact != "port");
            facts.because(
                "port",
                port,
                &m.file,
                format!("{key}: the port {} sends the app's traffic to", m.platform),
            );
            return Ok(());
        }
    }
    Ok(())
}

/// The stack's start may state the port it chose (`gunicorn --bind 0.0.0.0:8000`, `--port 8000`,
/// `--port=8000`, the same inside a `/bin/sh -c` script): it moves with the port, or the server would
/// listen where no traffic comes.
fn restate(start: &mut [String], old: u16, new: u16) {
    let (old, new) = (old.to_string(), new.to_string());
    let token = |t: &str| -> String {
        match t.strip_suffix(old.as_str()) {
            Some("") => new.clone(),
            Some(head) if head.ends_with(':') || head.ends_with('=') => format!("{head}{new}"),
            _ => t.to_string(),
        }
    };
    for w in start.iter_mut() {
        if w.contains(' ') {
            if w.split(' ').any(|t| token(t) != t) {
                *w = w.split(' ').map(token).collect::<Vec<_>>().join(" ");
            }
        } else {
            *w = token(w);
        }
    }
}

/// Whether the final image's own server (nginx for a static site) serves the app on a port dockgen sets.
fn own_server(rules: &Rules, facts: &Facts) -> bool {
    let artifact = facts.artifact.unwrap_or(rules.stack(facts.stack).artifact);
    rules
        .images
        .runtime(artifact, "")
        .is_some_and(|(r, _, _)| !r.start.is_empty())
}

/// The port at dotted `key` (an array of tables read at its first element), a number or a numeric string.
fn port_at(doc: &toml::Table, key: &str) -> Option<u16> {
    let mut value: Option<&toml::Value> = None;
    for part in key.split('.') {
        let table = match value {
            None => doc,
            Some(toml::Value::Table(t)) => t,
            Some(toml::Value::Array(a)) => a.first()?.as_table()?,
            Some(_) => return None,
        };
        value = Some(table.get(part)?);
    }
    let port = match value? {
        toml::Value::Integer(n) => u16::try_from(*n).ok()?,
        toml::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (port > 0).then_some(port)
}

#[cfg(test)]
mod tests {
    use super::{manifests, port_at, restate};

    /// Sweep (remix-run/indie-stack, blues-stack): the port is fly.toml's, in either of its layouts.
    #[test]
    fn reads_dotted_keys_through_arrays_of_tables() {
        let doc: toml::Table = toml::from_str(
            "[env]\nPORT = \"8080\"\n[[services]]\ninternal_port = 9000\n[[services]]\ninternal_port = 1\n",
        )
        .unwrap();
        assert_eq!(port_at(&doc, "env.PORT"), Some(8080));
        assert_eq!(port_at(&doc, "services.internal_port"), Some(9000));
        assert_eq!(port_at(&doc, "http_service.internal_port"), None);
        let bad: toml::Table = toml::from_str("[env]\nPORT = \"${PORT}\"\n").unwrap();
        assert_eq!(port_at(&bad, "env.PORT"), None);
        assert_eq!(manifests().unwrap()[0].file, "fly.toml");
    }

    /// A start that states the stack's port (gunicorn's bind) moves with the platform's, and only there.
    #[test]
    fn the_start_follows_the_port() {
        let mut start: Vec<String> = [
            "gunicorn",
            "--bind",
            "0.0.0.0:8000",
            "--port",
            "8000",
            "x:18000",
        ]
        .map(String::from)
        .to_vec();
        restate(&mut start, 8000, 8081);
        assert_eq!(
            start,
            [
                "gunicorn",
                "--bind",
                "0.0.0.0:8081",
                "--port",
                "8081",
                "x:18000"
            ]
        );
        let mut shell: Vec<String> = [
            "/bin/sh",
            "-c",
            "exec uvicorn main:app --port=8000 --workers 2",
        ]
        .map(String::from)
        .to_vec();
        restate(&mut shell, 8000, 8081);
        assert_eq!(shell[2], "exec uvicorn main:app --port=8081 --workers 2");
    }
}
