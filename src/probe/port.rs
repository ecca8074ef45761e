//! Port hints: the port a server's own source states (`process.env.PORT || 3001`, `":9090"`,
//! `"0.0.0.0:7878"`, `os.getenv("PORT", "8000")`), found by reading its entry files as text; and whether
//! the sources serve at all.

use crate::rules::StackRules;
use crate::scan::Project;

/// The first port stated in `text`, with its 1-based line.
pub fn find(text: &str) -> Option<(u16, usize)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') {
            continue;
        }
        if let Some(p) = near_port_word(line)
            .or_else(|| address_literal(line))
            .or_else(|| listen_literal(line))
        {
            return Some((p, i + 1));
        }
    }
    None
}

/// A number within a few characters after the word `port` (any case, as a whole word).
fn near_port_word(line: &str) -> Option<u16> {
    let lower = line.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("port") {
        let start = from + pos;
        let end = start + 4;
        from = end;
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphabetic();
        if !before_ok || other_service(&lower[..start]) || in_prose(line, start) {
            continue;
        }
        let after_ok = end >= bytes.len()
            || !bytes[end].is_ascii_alphabetic()
            || lower[end..].starts_with("s:");
        if !before_ok || !after_ok {
            continue;
        }
        // The number must start within 60 characters of the word, but is read whole (a window cut
        // through `"8080"` would read 80).
        let rest = &line[end..];
        if let Some(at) = rest
            .char_indices()
            .take(60)
            .find(|(_, c)| c.is_ascii_digit())
        {
            if let Some(p) = first_port_number(&rest[at.0..]) {
                return Some(p);
            }
        }
    }
    None
}

/// Prefixes of a `<name>_port` word that name another service's port, never the server's own
/// (`db_port = System.get_env("DB_PORT", "5432")`, `REDIS_PORT`, `metrics_port`).
const OTHER_SERVICES: &[&str] = &[
    "db",
    "database",
    "pg",
    "postgres",
    "mysql",
    "redis",
    "smtp",
    "mail",
    "metrics",
    "debug",
    "inspector",
    "rpc",
    "grpc",
    "ssh",
    "ldap",
    "mongo",
    "amqp",
    "kafka",
    "client",
    "proxy",
    "cluster",
    "peer",
    "gossip",
];

/// Whether the name ending just before a `port` word names another service in any of its parts
/// (`db_port`, `REDIS_PORT`, and `GEN_RPC_TCP_SERVER_PORT`, whose `rpc` sits in the middle).
fn other_service(before: &str) -> bool {
    let Some(stem) = before
        .strip_suffix('_')
        .or_else(|| before.strip_suffix('-'))
    else {
        return false;
    };
    let name: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    name.split(['_', '-'])
        .any(|part| OTHER_SERVICES.contains(&part))
}

/// Whether the byte at `at` sits inside a quoted sentence (a log message: `"expose the port 9229:9229"`),
/// where a number is prose, not a setting; a quoted key (`"PORT"`, `'http.port'`) has no space.
fn in_prose(line: &str, at: usize) -> bool {
    let mut quote: Option<(char, usize)> = None;
    for (i, c) in line.char_indices() {
        if i >= at {
            break;
        }
        match quote {
            Some((q, _)) if c == q => quote = None,
            None if matches!(c, '"' | '\'' | '`') => quote = Some((c, i)),
            _ => {}
        }
    }
    let Some((q, open)) = quote else {
        return false;
    };
    let close = line[at..].find(q).map_or(line.len(), |i| at + i);
    line[open + 1..close].contains(' ')
}

/// `":9090"`, `"0.0.0.0:7878"`, `'127.0.0.1:5000'`, `localhost:3000` inside quotes.
fn address_literal(line: &str) -> Option<u16> {
    for quote in ['"', '\''] {
        for piece in line.split(quote).skip(1).step_by(2) {
            let host_ok = |h: &str| {
                matches!(
                    h,
                    "" | "0.0.0.0" | "127.0.0.1" | "localhost" | "[::]" | "::"
                )
            };
            if let Some((host, port)) = piece.rsplit_once(':') {
                if host_ok(host) {
                    if let Some(p) = parse_port(port) {
                        return Some(p);
                    }
                }
            }
        }
    }
    None
}

/// `app.listen(5000)` / `server.listen(8080, …)`: a literal first argument to listen.
fn listen_literal(line: &str) -> Option<u16> {
    let at = line.find("listen(")? + "listen(".len();
    let arg: String = line[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    parse_port(&arg)
}

fn first_port_number(s: &str) -> Option<u16> {
    let digits: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    parse_port(&digits)
}

fn parse_port(s: &str) -> Option<u16> {
    let p: u32 = s.parse().ok()?;
    (80..=65535).contains(&p).then_some(p as u16)
}

/// The first of `words` (the rules' `listens`) that `text` uses outside a comment line, with its
/// 1-based line: evidence the program accepts connections.
pub fn listens<'w>(text: &str, words: &'w [String]) -> Option<(&'w str, usize)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') {
            continue;
        }
        if let Some(w) = words.iter().find(|w| line.contains(w.as_str())) {
            return Some((w, i + 1));
        }
    }
    None
}

/// The first port stated on a line of `sources` (`(file, text)`) that uses one of `words` (the rules'
/// `listens`), with `file:line`: only such lines, so a client's or a database's port beside it is never taken.
pub fn on_listening_line(sources: &[(String, String)], words: &[String]) -> Option<(u16, String)> {
    sources.iter().find_map(|(f, text)| {
        text.lines().enumerate().find_map(|(i, line)| {
            let t = line.trim_start();
            let code = !t.starts_with("//") && !t.starts_with('#');
            let listens = code && words.iter().any(|w| line.contains(w.as_str()));
            listens
                .then(|| find(line))
                .flatten()
                .map(|(p, _)| (p, format!("{f}:{}", i + 1)))
        })
    })
}

/// A program with no server framework whose sources never use a listening word: a job or a CLI, which
/// serves no port (no EXPOSE). `sources` are `(file, text)`; the evidence names what was read.
pub fn decide_unframed(
    facts: &mut crate::facts::Facts,
    sources: &[(String, String)],
    words: &[String],
    found: Option<(u16, String)>,
    stack_default: u16,
    frameworks: &[crate::rules::FrameworkRule],
) {
    let heard = sources
        .iter()
        .find_map(|(f, t)| listens(t, words).map(|(w, l)| (w, format!("{f}:{l}"))));
    match heard {
        None if !sources.is_empty() && facts.framework.is_none() => {
            facts.port = None;
            facts.because(
                "port",
                "none",
                sources[0].0.clone(),
                "no server framework and nothing in the source listens: a job or CLI serves no port; pass --port if it does",
            );
        }
        Some(_) if found.is_none() && facts.framework.is_none() => {
            decide(facts, None, stack_default, frameworks);
            // It listens, but nothing says where: the stack's default is a guess the user should check.
            facts.warnings.push(format!(
                "the app listens, but no port is stated in its source, a framework or a config file; assumed {stack_default}, the {} default: {}",
                facts.stack.as_str(),
                crate::facts::SETTLE_WITH_PORT
            ));
        }
        _ => decide(facts, found, stack_default, frameworks),
    }
}

/// Settle the port: the project's own statement, else the framework's default, else the stack's.
pub fn decide(
    facts: &mut crate::facts::Facts,
    found: Option<(u16, String)>,
    stack_default: u16,
    frameworks: &[crate::rules::FrameworkRule],
) {
    let framework = facts
        .framework
        .as_deref()
        .and_then(|id| frameworks.iter().find(|f| f.id == id));
    let (port, source, rule) = match (found, framework) {
        (Some((p, src)), _) => (p, src, "port stated in the entry file".to_string()),
        (None, Some(fw)) => (
            fw.port,
            "detectors".to_string(),
            format!("{} default port", fw.name),
        ),
        (None, None) => (
            stack_default,
            "detectors".to_string(),
            "stack default port".to_string(),
        ),
    };
    facts.port = Some(port);
    facts.because("port", port, source, rule);
}

/// How many source files [`serves`] reads before it gives up and assumes a server.
const MAX_SOURCES: usize = 400;

/// Whether the project's sources (the stack's `source_exts`) hold one of its `serve_markers`. `true` when
/// the stack lists none, when there is no source to read (the entry is build output) or too many to read,
/// so a server is never taken for a worker on thin evidence.
pub fn serves(project: &Project, stack: &StackRules) -> bool {
    if stack.serve_markers.is_empty() {
        return true;
    }
    let sources: Vec<&str> = project
        .files()
        .filter(|f| stack.source_exts.iter().any(|e| f.ends_with(e.as_str())))
        .collect();
    if sources.is_empty() || sources.len() > MAX_SOURCES {
        return true;
    }
    sources.iter().any(|f| match project.read_source(f) {
        Ok(text) => stack
            .serve_markers
            .iter()
            .any(|m| text.contains(m.as_str())),
        // Unreadable (a link out of the project): assume it serves rather than drop a port.
        Err(_) => true,
    })
}

/// Settle the port as [`decide`] does, except for a worker: no server framework, no port stated, and no
/// serve marker in the sources (a cron job, a one-shot script) gets no port, so no EXPOSE, and a warning.
pub fn decide_or_worker(
    facts: &mut crate::facts::Facts,
    found: Option<(u16, String)>,
    project: &Project,
    stack: &StackRules,
) {
    if found.is_none()
        && facts.framework.is_none()
        && !facts.start.is_empty()
        && !serves(project, stack)
    {
        let some: Vec<&str> = stack
            .serve_markers
            .iter()
            .take(3)
            .map(String::as_str)
            .collect();
        facts.port = None;
        facts.because(
            "port",
            "none",
            "sources",
            format!(
                "no server framework, and no {} in the sources: a worker",
                some.join(" / ")
            ),
        );
        facts.warnings.push(format!(
            "nothing in the sources listens ({}…): the image exposes no port; pass --port if the app serves",
            some.join(", ")
        ));
        return;
    }
    decide(facts, found, stack.default_port, &stack.frameworks);
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_ports_in_common_idioms() {
        assert_eq!(
            find("const port = process.env.PORT || 3001;"),
            Some((3001, 1))
        );
        assert_eq!(
            find("const PORT = process.env.PORT ?? 8081"),
            Some((8081, 1))
        );
        assert_eq!(
            find("import x from 'y'\nhttp.ListenAndServe(\":9090\", nil)"),
            Some((9090, 2))
        );
        assert_eq!(
            find("let l = TcpListener::bind(\"0.0.0.0:7878\")?;"),
            Some((7878, 1))
        );
        assert_eq!(
            find("port := os.Getenv(\"PORT\")\nif port == \"\" {\n\tport = \"8080\"\n}"),
            Some((8080, 3))
        );
        assert_eq!(
            find("app.run(port=int(os.getenv('PORT', '5000')))"),
            Some((5000, 1))
        );
        assert_eq!(find("import express from 'express'\n// port 9999\n"), None);
        assert_eq!(find("const x = 12;"), None);
        assert_eq!(find("app.listen(5000, () => {})"), Some((5000, 1)));
        assert_eq!(find("app.listen(port)"), None);
        // A number straddling the 60-character window is read whole.
        assert_eq!(
            find(r#"int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));"#),
            Some((8080, 1))
        );
    }

    /// Sweep (uptime-kuma, supabase/realtime): a log message's "the port 9229" and another service's
    /// `db_port` were taken for the server's port, so the image published the inspector's or Postgres's.
    #[test]
    fn prose_and_other_services_ports_are_not_the_servers() {
        let log = "log.warn(\"server\", \"You need to expose the port 9229:9229 in your docker command\");";
        assert_eq!(find(log), None);
        assert_eq!(
            find("db_port = System.get_env(\"DB_PORT\", \"5432\")"),
            None
        );
        assert_eq!(find("const REDIS_PORT = 6379;"), None);
        assert_eq!(
            find("db_port = System.get_env(\"DB_PORT\", \"5432\")\nport = System.get_env(\"PORT\", \"4000\")"),
            Some((4000, 2))
        );
        assert_eq!(
            find("http_port = os.getenv(\"HTTP_PORT\", \"8081\")"),
            Some((8081, 1))
        );
        assert_eq!(find("port ENV.fetch(\"PORT\", 3000)"), Some((3000, 1)));
        // Sweep (supabase/realtime): `rpc` in the middle of the name is still another service's port.
        assert_eq!(
            find("gen_rpc_tcp_server_port = Env.get_integer(\"GEN_RPC_TCP_SERVER_PORT\", 5369)"),
            None
        );
        assert_eq!(
            find("web_server_port = Env.get_integer(\"WEB_SERVER_PORT\", 4000)"),
            Some((4000, 1))
        );
    }
}
