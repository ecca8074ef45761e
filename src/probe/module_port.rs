//! The port a server's settings module states, when its entry file takes the port from there
//! (`const config = require("./config")` … `listen(config.port)`): the entry's local imports whose name is
//! one of the rules' `port_modules` are read, one level deep, and nothing else.

use crate::error::Result;
use crate::scan::Project;

/// The first server port stated in a settings module that `file` (with text `text`) imports by a relative
/// path, with `module:line`. `names` are the module names that count (`config`, `settings`); `exts` the
/// endings a specifier without one may resolve with (`./config` → `config.js`, `config/index.js`).
pub fn in_imported(
    project: &Project,
    file: &str,
    text: &str,
    names: &[String],
    exts: &[String],
) -> Result<Option<(u16, String)>> {
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    for spec in local_specifiers(text) {
        let Some(path) = join(dir, &spec) else {
            continue;
        };
        let stem = path.rsplit('/').next().unwrap_or(&path);
        let stem = stem.split('.').next().unwrap_or(stem);
        if !names.iter().any(|n| n == stem) {
            continue;
        }
        let Some(module) = resolve(project, &path, exts).filter(|m| m != file) else {
            continue;
        };
        if let Some(text) = project.read_source_opt(&module)? {
            if let Some((port, line)) = server_port(&text) {
                return Ok(Some((port, format!("{module}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// The relative specifiers (`./config`, `../settings.js`) of `require(…)`, `import(…)` and `… from …`.
fn local_specifiers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//") || t.starts_with('*') {
            continue;
        }
        for marker in ["require(", "import(", "from "] {
            for (at, _) in line.match_indices(marker) {
                let rest = line[at + marker.len()..].trim_start();
                let Some(q) = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\'' | '`'))
                else {
                    continue;
                };
                let Some(spec) = rest[1..].split(q).next() else {
                    continue;
                };
                if spec.starts_with("./") || spec.starts_with("../") {
                    out.push(spec.to_string());
                }
            }
        }
    }
    out
}

/// `spec` joined to folder `dir` (project-relative), `..` resolved; `None` when it leaves the project.
fn join(dir: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The file `path` names: itself, with one of `exts`, or its folder's index module.
fn resolve(project: &Project, path: &str, exts: &[String]) -> Option<String> {
    let with_ext = exts.iter().map(|e| format!("{path}{e}"));
    let index = exts.iter().map(|e| format!("{path}/index{e}"));
    std::iter::once(path.to_string())
        .chain(with_ext)
        .chain(index)
        .find(|f| project.has(f))
}

/// The first port in a settings module that is the server's own: a line (and the object keys around it)
/// naming another service (`db: { port: 5432 }`, `redisPort`) is skipped.
fn server_port(text: &str) -> Option<(u16, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().find_map(|(i, line)| {
        let (port, _) = super::port::find(line)?;
        let mut names = super::config_port::enclosing(&lines, i);
        names.push(line);
        let other = names.iter().any(|l| {
            l.to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| super::config_port::NOT_THE_SERVER.contains(&w))
        });
        (!other).then_some((port, i + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::{join, local_specifiers, server_port};

    #[test]
    fn reads_relative_specifiers_only() {
        let text = "const config = require(\"./config\");\nimport { env } from '../env.js';\nconst express = require(\"express\");\n// require(\"./old-config\")\nconst s = await import(`./settings`);\n";
        assert_eq!(
            local_specifiers(text),
            ["./config", "../env.js", "./settings"]
        );
        assert_eq!(join("server", "./config").as_deref(), Some("server/config"));
        assert_eq!(join("server", "../config.js").as_deref(), Some("config.js"));
        assert_eq!(join("", "../config"), None);
    }

    /// Sweep (uptime-kuma): server/config.js states the port in a list of fallbacks; a database's port
    /// in an object around it is someone else's.
    #[test]
    fn a_settings_modules_own_port() {
        let kuma =
            "const port = [args.port, process.env.UPTIME_KUMA_PORT, process.env.PORT, 3001]\n";
        assert_eq!(server_port(kuma), Some((3001, 1)));
        let nested = "module.exports = {\n  db: {\n    host: 'localhost',\n    port: 5432,\n  },\n  redis: { port: 6379 },\n  port: process.env.PORT || 4000,\n};\n";
        assert_eq!(server_port(nested), Some((4000, 7)));
    }
}
