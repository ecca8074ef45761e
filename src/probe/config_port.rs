//! The port an application's configuration file gives its own server (`http.port: 6157`, `port = 8000`,
//! `address = "127.0.0.1:8000"`), skipping the keys and sections of the services it connects to.

use crate::error::Result;
use crate::scan::Project;

/// Key names whose value is the server's own port (`ldap_port`, `db_port` are someone else's).
pub const PORT_FIELDS: &[&str] = &[
    "port",
    "http_port",
    "server_port",
    "web_port",
    "listen_port",
];

/// Key names whose value is the server's own `host:port` address.
const ADDRESS_FIELDS: &[&str] = &[
    "address",
    "addr",
    "bind",
    "listen",
    "bind_address",
    "listen_addr",
];

/// Words in a key's or section's name that make its port another service's.
pub const NOT_THE_SERVER: &[&str] = &[
    "database",
    "db",
    "postgres",
    "mysql",
    "redis",
    "smtp",
    "mail",
    "ldap",
    "prometheus",
    "metrics",
    "tls",
    "ssl",
    "ssh",
    "grpc",
];

/// The first server port stated in one of `files` (paths from the project root), with `file:line`.
pub fn in_config(project: &Project, files: &[String]) -> Result<Option<(u16, String)>> {
    for f in files {
        let Some(text) = project.read_source_opt(f)? else {
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some((key, port)) = port_key(line) else {
                continue;
            };
            let mut names = enclosing(&lines, i);
            names.push(key);
            if !names.iter().any(|s| {
                let s = s.to_ascii_lowercase();
                NOT_THE_SERVER.iter().any(|w| s.contains(w))
            }) {
                return Ok(Some((port, format!("{f}:{}", i + 1))));
            }
        }
    }
    Ok(None)
}

/// `port: 8000`, `port = 8000`, `http_port: 8000`, `http.port: 6157`, `"port": 8000` or
/// `address = "0.0.0.0:8000"`: the key (with its dotted section) and the port.
fn port_key(line: &str) -> Option<(&str, u16)> {
    let (key, value) = line.trim().split_once([':', '='])?;
    let key = key.trim().trim_matches('"');
    let last = key.rsplit('.').next().unwrap_or(key);
    let value = value.trim().trim_matches(['"', ',', '\'']);
    if PORT_FIELDS.contains(&last) {
        return Some((key, value.parse().ok().filter(|p| *p > 0)?));
    }
    if ADDRESS_FIELDS.contains(&last) {
        let (host, port) = value.rsplit_once(':')?;
        // An IP, none, or localhost (`localhost:9000`: the port holds, the container then needs the
        // address widened, which the stack warns about).
        let host_ok = host.is_empty()
            || host == "localhost"
            || host.chars().all(|c| c.is_ascii_digit() || c == '.');
        return Some((key, port.parse().ok().filter(|p| *p > 0 && host_ok)?));
    }
    None
}

/// The lines that open the sections around line `i`: each previous line indented less than the last, and
/// the nearest `[table]` header (TOML).
fn enclosing<'a>(lines: &[&'a str], i: usize) -> Vec<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut level = indent(lines[i]);
    let mut out = Vec::new();
    let mut table = false;
    for l in lines[..i].iter().rev() {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if !table && l.trim_start().starts_with('[') {
            out.push(*l);
            table = true;
        } else if indent(l) < level {
            out.push(*l);
            level = indent(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::port_key;

    /// Sweep (opengist, rustypaste): the port is in a root config file as `http.port: 6157` or as an
    /// address, beside another service's `metrics.port`.
    #[test]
    fn reads_port_and_address_keys() {
        assert_eq!(port_key("http.port: 6157"), Some(("http.port", 6157)));
        assert_eq!(port_key("port = 8000"), Some(("port", 8000)));
        assert_eq!(port_key("  \"port\": 3000,"), Some(("port", 3000)));
        assert_eq!(
            port_key("address = \"127.0.0.1:8000\""),
            Some(("address", 8000))
        );
        assert_eq!(port_key("bind: \":9000\""), Some(("bind", 9000)));
        assert_eq!(port_key("address = \"example.com:25\""), None);
        assert_eq!(port_key("import = \"x\""), None);
        assert_eq!(port_key("port: ${PORT}"), None);
    }
}
