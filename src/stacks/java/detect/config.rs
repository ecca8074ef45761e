//! The port a JVM app states: application.properties/yml (`server.port`, `quarkus.http.port`) or its main class.

use super::*;

/// A port from application.properties or application.yml/yaml: the key's value, or the default of a
/// `${PORT:8081}` placeholder.
pub(super) fn config_port(
    project: &Project,
    dir: &str,
    key: &str,
) -> Result<Option<(u16, String)>> {
    let props = format!("{dir}/application.properties");
    if let Some(text) = read_any(project, &props)? {
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.starts_with('#') || l.starts_with('!') {
                continue;
            }
            let Some((k, v)) = l.split_once(['=', ':']) else {
                continue;
            };
            if k.trim() == key {
                if let Some(p) = port_value(v) {
                    return Ok(Some((p, format!("{props}:{}", i + 1))));
                }
            }
        }
    }
    for name in ["application.yml", "application.yaml"] {
        let file = format!("{dir}/{name}");
        if let Some(text) = read_any(project, &file)? {
            if let Some((v, line)) = yaml_value(&text, key) {
                if let Some(p) = port_value(&v) {
                    return Ok(Some((p, format!("{file}:{line}"))));
                }
            }
        }
    }
    Ok(None)
}

pub(super) fn port_value(v: &str) -> Option<u16> {
    let v = v.trim().trim_matches(['"', '\'']);
    let v = match v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        Some(inner) => inner.split_once(':')?.1,
        None => v,
    };
    v.trim().parse().ok().filter(|p| *p > 0)
}

/// The scalar at a dotted key in a YAML file, found by indentation (`server:` then `  port: 8081`, or a
/// flat `server.port: 8081`); the first document that sets it wins.
pub(super) fn yaml_value(text: &str, key: &str) -> Option<(String, usize)> {
    let mut path: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.split(" #").next().unwrap_or("");
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("---") {
            path.clear();
            continue;
        }
        let indent = content.len() - trimmed.len();
        let Some((k, v)) = trimmed.split_once(':') else {
            continue;
        };
        while path.last().is_some_and(|(ind, _)| *ind >= indent) {
            path.pop();
        }
        let k = k.trim().trim_matches(['"', '\'']).to_string();
        let full: Vec<&str> = path
            .iter()
            .map(|(_, k)| k.as_str())
            .chain([k.as_str()])
            .collect();
        if full.join(".") == key && !v.trim().is_empty() {
            return Some((v.trim().to_string(), i + 1));
        }
        path.push((indent, k));
    }
    None
}

/// A plain app's port, as its main class's source states it.
pub(super) fn main_source_port(
    project: &Project,
    module: &str,
    main: &str,
) -> Result<Option<(u16, String)>> {
    let path = main.replace('.', "/");
    let kotlin_file = path.strip_suffix("Kt").unwrap_or(&path).to_string();
    for file in [
        format!("src/main/java/{path}.java"),
        format!("src/main/kotlin/{kotlin_file}.kt"),
        format!("src/main/kotlin/{path}.kt"),
    ] {
        let file = rel(module, &file);
        if let Some(text) = read_any(project, &file)? {
            return Ok(crate::probe::port::find(&text).map(|(p, l)| (p, format!("{file}:{l}"))));
        }
    }
    Ok(None)
}

/// Ktor's `EngineMain` (`io.ktor.server.netty.EngineMain`, `…cio.EngineMain`) starts the server from the
/// configuration file, which holds the port; its main class has no source of the app's to read.
pub(super) fn is_ktor_engine_main(main: &str) -> bool {
    main.starts_with("io.ktor.server.") && main.ends_with(".EngineMain")
}

/// `ktor.deployment.port` from application.conf (HOCON) or application.yaml/yml in the resources folder.
pub(super) fn ktor_config_port(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    const KEY: &str = "ktor.deployment.port";
    let conf = format!("{dir}/application.conf");
    if let Some(text) = read_any(project, &conf)? {
        if let Some((p, line)) = hocon_port(&text, KEY) {
            return Ok(Some((p, format!("{conf}:{line}"))));
        }
    }
    for name in ["application.yaml", "application.yml"] {
        let file = format!("{dir}/{name}");
        if let Some(text) = read_any(project, &file)? {
            if let Some((v, line)) = yaml_value(&text, KEY) {
                if let Some(p) = port_value(&v) {
                    return Ok(Some((p, format!("{file}:{line}"))));
                }
            }
        }
    }
    Ok(None)
}

/// The first numeric value at a dotted key of a HOCON file, whose blocks nest as `name {` … `}` and whose
/// keys may be dotted themselves (`deployment.port = 8080`); `${?PORT}` overrides are skipped.
pub(super) fn hocon_port(text: &str, key: &str) -> Option<(u16, usize)> {
    let mut path: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.split("//").next().unwrap_or("");
        let l = l.split('#').next().unwrap_or("").trim();
        if let Some(name) = l.strip_suffix('{') {
            path.push(name.trim().trim_end_matches([':', '=']).trim().to_string());
            continue;
        }
        if l.starts_with('}') {
            path.pop();
            continue;
        }
        let Some((k, v)) = l.split_once(['=', ':']) else {
            continue;
        };
        let full: Vec<&str> = path.iter().map(String::as_str).chain([k.trim()]).collect();
        if full.join(".") == key {
            if let Some(p) = port_value(v) {
                return Some((p, i + 1));
            }
        }
    }
    None
}
