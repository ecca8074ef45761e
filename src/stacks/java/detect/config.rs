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
            let found = crate::probe::port::find(&text).or_else(|| port_method(&text));
            return Ok(found.map(|(p, l)| (p, format!("{file}:{l}"))));
        }
    }
    Ok(None)
}

/// The literal a port helper falls back to: `static int getHerokuAssignedPort() { … PORT …; return 7070; }`
/// (Javalin's and Spark's Heroku examples), the last `return <number>` of a method whose name ends in
/// `Port`, within its first lines.
fn port_method(text: &str) -> Option<(u16, usize)> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        let decl = l.split_once("Port(").map(|(b, _)| b);
        decl.is_some_and(|b| {
            let b = b.trim_start();
            (b.contains("int ") || b.contains("Integer ") || b.contains("fun "))
                && !b.contains('=')
                && !b.contains('.')
        })
    })?;
    lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .take(10)
        // The method's closing brace, at its declaration's indentation, ends it.
        .take_while(|(_, l)| l.trim() != "}" || indent(l) > indent(lines[start]))
        .filter_map(|(i, l)| {
            let n = l
                .trim()
                .strip_prefix("return ")?
                .trim_end_matches(';')
                .trim();
            n.parse::<u16>()
                .ok()
                .filter(|p| *p >= 80)
                .map(|p| (p, i + 1))
        })
        .last()
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_port_helper_method_falls_back_to_its_literal() {
        let text = "public class App {\n    public static void main(String[] a) {\n        Javalin.create().start(getAssignedPort());\n    }\n    private static int getAssignedPort() {\n        String p = System.getenv(\"PORT\");\n        if (p != null) {\n            return Integer.parseInt(p);\n        }\n        return 7070;\n    }\n}\n";
        assert_eq!(super::port_method(text), Some((7070, 10)));
        // A call of the helper is no declaration; a helper returning no literal states nothing.
        assert_eq!(
            super::port_method("    int p = getPort();\n    return 8080;\n"),
            None
        );
    }
}
