//! Where a Rust server states its port when its main file has no plain literal: a warp address tuple
//! (`([0, 0, 0, 0], 3030)`), the fallback of a PORT variable a line or two below it
//! (`env::var("PORT").unwrap_or("8000"…)`), or a clap or derive_builder default on a port field. The
//! configuration files (the rules' `port_configs`) are read by `crate::probe::config_port`.

use crate::probe::config_port::{NOT_THE_SERVER, PORT_FIELDS};

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
        if let Some(p) = field_default(&lines, i) {
            return Some((p, i + 1));
        }
    }
    None
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
