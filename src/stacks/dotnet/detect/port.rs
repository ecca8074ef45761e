//! The port a .NET app's own configuration states: appsettings.json's Urls, HTTP_PORTS or Kestrel endpoints, else a listening URL literal in its source.

use super::*;

/// The port the app's own configuration states: `Urls`/`HTTP_PORTS` or a Kestrel endpoint in
/// appsettings.json beside the project, else a literal address in Program.cs.
pub(super) fn configured_port(project: &Project, app: &Proj) -> Result<Option<(u16, String)>> {
    let dir = app.dir();
    let at = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let settings = at("appsettings.json");
    if let Some(text) = project.read_opt(&settings)? {
        let cleaned = crate::manifest::deno::strip_jsonc(&text);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&cleaned) {
            if let Some(p) = settings_port(&v) {
                return Ok(Some((p, settings)));
            }
        }
    }
    for name in ["Program.cs", "Program.fs"] {
        let file = at(name);
        if let Some(text) = project.read_source_opt(&file)? {
            if let Some((p, line)) = crate::probe::port::find(&text).or_else(|| url_literal(&text))
            {
                return Ok(Some((p, format!("{file}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// `app.Run("http://0.0.0.0:5000")`, `UseUrls("http://*:5000")`: a listening URL on all interfaces (or
/// localhost) in the source, with its 1-based line.
pub(super) fn url_literal(text: &str) -> Option<(u16, usize)> {
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for piece in line.split('"').skip(1).step_by(2) {
            let Some(rest) = piece.strip_prefix("http://") else {
                continue;
            };
            let rest = rest.split(';').next().unwrap_or(rest).trim_end_matches('/');
            let Some((host, port)) = rest.rsplit_once(':') else {
                continue;
            };
            if matches!(
                host,
                "*" | "+" | "0.0.0.0" | "[::]" | "localhost" | "127.0.0.1"
            ) {
                if let Some(p) = port.parse::<u16>().ok().filter(|p| *p >= 80) {
                    return Some((p, i + 1));
                }
            }
        }
    }
    None
}

pub(super) fn settings_port(v: &serde_json::Value) -> Option<u16> {
    let obj = v.as_object()?;
    let get = |key: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    };
    let from_url = |url: &str| -> Option<u16> {
        let first = url.split(';').next()?.trim().trim_end_matches('/');
        first.rsplit_once(':')?.1.parse().ok()
    };
    if let Some(p) = get("HTTP_PORTS").and_then(|p| p.as_str()) {
        if let Some(p) = p.split(';').next().and_then(|p| p.trim().parse().ok()) {
            return Some(p);
        }
    }
    if let Some(u) = get("Urls").and_then(|u| u.as_str()) {
        if let Some(p) = from_url(u) {
            return Some(p);
        }
    }
    let endpoints = get("Kestrel")?.get("Endpoints")?.as_object()?;
    endpoints
        .values()
        .filter_map(|e| e.get("Url")?.as_str())
        .find(|u| u.starts_with("http:"))
        .and_then(from_url)
}
