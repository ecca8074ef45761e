//! Where a Rust server states its port when its main file has no plain literal: a warp address tuple
//! (`([0, 0, 0, 0], 3030)`), the fallback of a PORT variable a line or two below it
//! (`env::var("PORT").unwrap_or("8000"…)`), a clap or derive_builder default on a port field, a clap
//! builder's `Arg::new("port")…default_value("8000")`, a serde `fn default_port() -> u16 { 5000 }`, or a
//! constant named for the port or the listen address (`const DEFAULT_PORT: u16 = 6379`,
//! `const DEFAULT_HTTP_ADDR: &str = "localhost:7700"`). The configuration files (the rules'
//! `port_configs`) are read by `crate::probe::config_port`.

use crate::probe::config_port::{NOT_THE_SERVER, PORT_FIELDS};

/// The source without its `#[cfg(test)]` module (by convention the file's last item): a test's mock
/// peer address (`([127, 0, 0, 1], 12345)`) is not where the server listens.
pub(super) fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// A Rust `listen(1024)` is a socket's backlog, never a port: such lines are blanked before the generic
/// literal search of the main file.
pub(super) fn without_backlogs(text: &str) -> String {
    text.lines()
        .map(|l| if l.contains(".listen(") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first port `text` states in one of the shapes above, with its 1-based line.
pub(super) fn in_source(text: &str) -> Option<(u16, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        if let Some(p) = address_tuple(line) {
            return Some((p, i + 1));
        }
        if line.contains("\"PORT\"") {
            let mut below = lines.iter().enumerate().skip(i).take(3);
            if let Some((j, p)) = below.find_map(|(j, l)| fallback(l).map(|p| (j, p))) {
                return Some((p, j + 1));
            }
        }
        if let Some(p) = field_default(&lines, i)
            .or_else(|| builder_default(&lines, i))
            .or_else(|| default_fn(&lines, i))
            .or_else(|| named_const(line))
        {
            return Some((p, i + 1));
        }
    }
    None
}

/// `Arg::new("port")` followed, before the next argument, by `.default_value("8000")`.
fn builder_default(lines: &[&str], i: usize) -> Option<u16> {
    let name = lines[i].split_once("Arg::new(\"")?.1.split('"').next()?;
    if !PORT_FIELDS.contains(&name) {
        return None;
    }
    lines
        .iter()
        .skip(i + 1)
        .take(12)
        .take_while(|l| !l.contains("Arg::new("))
        .find_map(|l| l.split_once(".default_value(\"").map(|(_, v)| v))
        .and_then(|v| v.split('"').next()?.parse().ok())
        .filter(|p| *p > 0)
}

/// `fn default_port() -> u16 {` with the number on the same or one of the next two lines (a serde
/// `#[serde(default = "default_port")]` default).
fn default_fn(lines: &[&str], i: usize) -> Option<u16> {
    let name = lines[i].split_once("fn default_")?.1.split('(').next()?;
    if !PORT_FIELDS.contains(&name) {
        return None;
    }
    lines.iter().skip(i).take(3).find_map(|l| {
        let body = l.rsplit_once('{').map_or(*l, |(_, b)| b).trim();
        body.trim_end_matches('}')
            .trim()
            .parse()
            .ok()
            .filter(|p| *p > 0)
    })
}

/// `const DEFAULT_PORT: u16 = 6379;` or `const DEFAULT_HTTP_ADDR: &str = "localhost:7700";`: a constant
/// whose name ends in PORT (or ADDR/ADDRESS/BIND/LISTEN, holding host:port) and names no other service.
fn named_const(line: &str) -> Option<u16> {
    let rest = line.trim_start().trim_start_matches("pub ");
    let rest = rest.strip_prefix("const ").or_else(|| {
        rest.split_once(") const ").map(|(_, r)| r) // pub(crate) const
    })?;
    let (name, value) = rest.split_once(':')?;
    let words: Vec<String> = name
        .trim()
        .to_ascii_lowercase()
        .split('_')
        .map(str::to_string)
        .collect();
    if words.iter().any(|w| NOT_THE_SERVER.contains(&w.as_str())) {
        return None;
    }
    let value = value.split_once('=')?.1.trim().trim_end_matches(';');
    match words.last()?.as_str() {
        "port" => value.parse().ok().filter(|p| *p > 0),
        "addr" | "address" | "bind" | "listen" => crate::probe::port::find(value).map(|(p, _)| p),
        _ => None,
    }
}

/// `([0, 0, 0, 0], 3030)`: an address as an array of numbers, then the port.
fn address_tuple(line: &str) -> Option<u16> {
    let close = line.find("], ")?;
    let open = line[..close].rfind('[')?;
    let inside = &line[open + 1..close];
    if inside.is_empty()
        || !inside
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
    {
        return None;
    }
    let rest = &line[close + 3..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[digits.len()..].starts_with(')').then_some(())?;
    digits.parse().ok().filter(|p| *p > 0)
}

/// The number an `unwrap_or("8000"…)` / `unwrap_or(8000)` / `unwrap_or_else(|_| "8000"…)` falls back to.
fn fallback(line: &str) -> Option<u16> {
    let rest = line.split_once("unwrap_or")?.1;
    let rest = rest.trim_start_matches(|c: char| !c.is_ascii_digit() && c != ')' && c != ';');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|p| *p > 0)
}

/// `default_value = "8080"`, `default_value_t = 8080` or `default = "17170"` in the attribute of a
/// field named like the server's port (the first field declared below it).
fn field_default(lines: &[&str], i: usize) -> Option<u16> {
    let line = lines[i];
    let value = ["default_value_t", "default_value", "default"]
        .iter()
        .find_map(|k| line.split_once(&format!("{k} = ")).map(|(_, v)| v))?;
    let digits: String = value
        .trim_start_matches('"')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let port: u16 = digits.parse().ok().filter(|p| *p > 0)?;
    let field = lines.iter().skip(i + 1).take(8).find_map(|l| {
        let l = l.trim();
        let decl = !l.starts_with('#') && !l.starts_with(')') && !l.contains('=');
        decl.then(|| l.split_once(':')).flatten().map(|(n, _)| n)
    })?;
    let name = field.rsplit(' ').next().unwrap_or(field);
    // The struct holding the field: an `SmtpOptions`' port is the mail server's.
    let owner = lines[..i].iter().rev().find(|l| l.contains("struct "))?;
    let owner = owner.to_ascii_lowercase();
    let other = NOT_THE_SERVER.iter().any(|w| owner.contains(w));
    (PORT_FIELDS.contains(&name) && !other).then_some(port)
}

#[cfg(test)]
mod tests {
    use super::in_source;

    #[test]
    fn clap_builder_serde_default_fn_and_named_constants_state_the_port() {
        let builder = "Arg::new(\"ip\")\n    .default_value(\"0.0.0.0\"),\nArg::new(\"port\")\n    .long(\"port\")\n    .default_value(\"8000\")\n";
        assert_eq!(in_source(builder), Some((8000, 3)));
        let serde = "fn default_port() -> u16 {\n    5000\n}\n";
        assert_eq!(in_source(serde), Some((5000, 1)));
        assert_eq!(
            in_source("pub const DEFAULT_PORT: u16 = 6379;\n"),
            Some((6379, 1))
        );
        let addr = "const DEFAULT_HTTP_ADDR: &str = \"localhost:7700\";\n";
        assert_eq!(in_source(addr), Some((7700, 1)));
        // Another service's constant, or an argument that is not the port, states nothing.
        assert_eq!(in_source("const REDIS_PORT: u16 = 6379;\n"), None);
        assert_eq!(
            in_source("Arg::new(\"threads\")\n    .default_value(\"8\")\n"),
            None
        );
    }

    #[test]
    fn test_modules_and_backlogs_are_not_ports() {
        let text =
            "fn main() {}\n#[cfg(test)]\nmod tests { const A: X = ([127, 0, 0, 1], 12345); }\n";
        assert_eq!(super::without_tests(text), "fn main() {}\n");
        let backlog = "socket.listen(1024 /* backlog */)?;\nlet port = 5000;\n";
        let kept = super::without_backlogs(backlog);
        assert_eq!(crate::probe::port::find(&kept), Some((5000, 2)));
    }
}
