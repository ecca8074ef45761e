//! What an Elixir app's config/*.exs say about running it: the port (else a Bandit or Cowboy child spec),
//! whether Phoenix binds every interface, and the environment variables the release needs at boot.

use crate::error::Result;
use crate::facts::Facts;
use crate::rules::StackRules;
use crate::scan::Project;

/// The port: config (runtime.exs first), else the server's child spec under `code_dir`, else the
/// framework's default; for Phoenix, whether the endpoint binds every interface.
pub(super) fn port(
    project: &Project,
    stack: &StackRules,
    code_dir: &str,
    phoenix: bool,
    facts: &mut Facts,
) -> Result<()> {
    let port = config_port(project)?.or(child_spec_port(project, code_dir)?);
    if port.is_some() || facts.framework.is_some() {
        crate::probe::port::decide(facts, port, stack.default_port, &stack.frameworks);
    } else {
        // No web framework and no stated port: an OTP app (a worker, an Ecto job) serves nothing unless
        // its source names a server (the rules' `listens`).
        let mut sources = Vec::new();
        for f in project
            .files()
            .filter(|f| f.ends_with(".ex") || f.ends_with(".exs"))
            .filter(|f| f.starts_with("lib/") || f.starts_with("apps/") || f.starts_with("config/"))
            .take(300)
        {
            sources.push((f.to_string(), project.read_source(f)?));
        }
        crate::probe::port::decide_unframed(
            facts,
            &sources,
            &stack.listens,
            None,
            stack.default_port,
            &stack.frameworks,
        );
    }
    if phoenix {
        binding_note(project, facts)?;
    }
    Ok(())
}

/// Warnings for what the container needs at run time: the variables config/runtime.exs requires at
/// boot, and the migrate script phx.gen.release writes.
pub(super) fn runtime_warnings(project: &Project, facts: &mut Facts) -> Result<()> {
    if let Some(text) = project.read_source_opt("config/runtime.exs")? {
        let names = required_env(&text);
        if !names.is_empty() {
            facts.warnings.push(format!(
                "config/runtime.exs requires {} at boot: pass {} when the container starts (`docker run -e {}=…`), never in the image",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" },
                names[0]
            ));
        }
    }
    if project.has("rel/overlays/bin/migrate") {
        facts.warnings.push(
            "rel/overlays/bin/migrate: run database migrations with the same image, e.g. `docker run --rm IMAGE /app/bin/migrate`".into(),
        );
    }
    Ok(())
}

/// Lines of `text` with those naming the public URL (`url: [port: 443]`, and the lines of a `url:` list
/// written over several lines) blanked, so that only the port the endpoint listens on is found.
fn without_url_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut blank = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if l.contains("url:") {
            let end = if l.trim_end().ends_with('[') {
                statement_end(&lines, i)
            } else {
                i + 1
            };
            blank[i..end].iter_mut().for_each(|b| *b = true);
        }
    }
    lines
        .iter()
        .zip(&blank)
        .map(|(l, b)| if *b { "" } else { *l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text with every `config` statement that configures something else than a Phoenix endpoint
/// blanked (line numbers hold), when the file configures an endpoint: a gRPC server's or an RTMP
/// listener's port (`config :grpc, port: …`, `config :app, rtmp_port: …`) is not where the endpoint
/// listens, while the variables the endpoint reads (`port = System.get_env("PORT") || "4000"`) stay.
/// A statement runs from its `config` line over the lines indented deeper.
fn endpoint_blocks(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut blank = vec![false; lines.len()];
    let mut endpoint = false;
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with("config ") {
            i += 1;
            continue;
        }
        let end = statement_end(&lines, i);
        // The module may sit on the statement's second line (`config :app,\n  AppWeb.Endpoint,`).
        if lines[i..end.min(i + 2)]
            .iter()
            .any(|l| l.contains("Endpoint"))
        {
            endpoint = true;
        } else {
            blank[i..end].iter_mut().for_each(|b| *b = true);
        }
        i = end;
    }
    if !endpoint {
        return text.to_string();
    }
    let kept: Vec<&str> = lines
        .iter()
        .zip(&blank)
        .map(|(l, b)| if *b { "" } else { *l })
        .collect();
    kept.join("\n")
}

/// The line after the statement or keyword starting at `i`: the next non-blank line indented no deeper.
fn statement_end(lines: &[&str], i: usize) -> usize {
    let indent = |l: &str| l.len() - l.trim_start().len();
    (i + 1..lines.len())
        .find(|&j| !lines[j].trim().is_empty() && indent(lines[j]) <= indent(lines[i]))
        .unwrap_or(lines.len())
}

/// The port the config states: `System.get_env("PORT") || "4000"`, `http: [port: 4000]`.
fn config_port(project: &Project) -> Result<Option<(u16, String)>> {
    for f in ["config/runtime.exs", "config/prod.exs", "config/config.exs"] {
        if let Some(text) = project.read_source_opt(f)? {
            let text = endpoint_blocks(&without_url_lines(&text));
            if let Some((p, line)) = crate::probe::port::find(&text) {
                return Ok(Some((p, format!("{f}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// The port in a Bandit or Cowboy child spec: `{Bandit, plug: Router, port: 4001}`.
fn child_spec_port(project: &Project, dir: &str) -> Result<Option<(u16, String)>> {
    let files: Vec<String> = project
        .files_under(dir, ".ex")
        .map(str::to_string)
        .collect();
    for f in files {
        let text = project.read_source(&f)?;
        if !["{Bandit", "{Plug.Cowboy"].iter().any(|s| text.contains(s)) {
            continue;
        }
        // The port is often a variable set a few lines above the child spec: the whole module is read.
        if let Some((p, line)) = crate::probe::port::find(&text) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

/// Phoenix listens where the endpoint's `http: [ip: …]` says: a container needs every interface.
fn binding_note(project: &Project, facts: &mut Facts) -> Result<()> {
    for f in ["config/runtime.exs", "config/prod.exs"] {
        if let Some(text) = project.read_source_opt(f)? {
            let code: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim_start().starts_with('#'))
                .collect();
            if let Some((i, _)) = code.iter().find(|(_, l)| {
                let l = l.replace(' ', "");
                l.contains("ip:{0,0,0,0}") || l.contains("ip:{0,0,0,0,0,0,0,0}")
            }) {
                facts.because(
                    "binding",
                    "all interfaces",
                    format!("{f}:{}", i + 1),
                    "the endpoint's http ip",
                );
                return Ok(());
            }
            if let Some((i, _)) = code
                .iter()
                .find(|(_, l)| l.replace(' ', "").contains("ip:{127,0,0,1}"))
            {
                facts.warnings.push(format!(
                    "{f}:{}: the endpoint listens on 127.0.0.1 only, unreachable from outside the container; use `ip: {{0, 0, 0, 0, 0, 0, 0, 0}}`",
                    i + 1
                ));
                return Ok(());
            }
        }
    }
    facts.warnings.push(
        "no `http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, …]` in config/runtime.exs: make sure the endpoint binds every interface, or the container's port answers nothing".into(),
    );
    Ok(())
}

/// Environment variables config/runtime.exs cannot boot without: `System.fetch_env!("NAME")`, and
/// `System.get_env("NAME") || raise …` (the raise on the same or the next line).
fn required_env(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                ""
            } else {
                l
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let name_after = |s: &str| -> Option<String> {
        let s = s.strip_prefix("(\"")?;
        let name: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty() && s[name.len()..].starts_with('"')).then_some(name)
    };
    for (i, l) in lines.iter().enumerate() {
        for (at, _) in l.match_indices("System.fetch_env!") {
            if let Some(n) = name_after(&l[at + "System.fetch_env!".len()..]) {
                out.push(n);
            }
        }
        for (at, _) in l.match_indices("System.get_env") {
            let rest = &l[at + "System.get_env".len()..];
            let Some(n) = name_after(rest) else {
                continue;
            };
            let tail = rest.get(n.len() + 4..).unwrap_or("").trim_start();
            let raises = tail.starts_with("||")
                && (tail[2..].trim_start().starts_with("raise")
                    || (tail[2..].trim().is_empty()
                        && lines
                            .get(i + 1)
                            .is_some_and(|x| x.trim_start().starts_with("raise"))));
            if raises {
                out.push(n);
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_endpoint_statements_and_their_variables_state_the_port() {
        let text = "import Config\nconfig :app, rtmp_port: String.to_integer(System.get_env(\"RTMP_PORT\", \"9006\"))\nif config_env() == :prod do\n  config :app,\n    AppWeb.Endpoint,\n    http: [port: String.to_integer(System.get_env(\"PORT\") || \"4000\")]\n  config :grpc, port: 50051\nend\n";
        let kept = super::endpoint_blocks(text);
        assert_eq!(crate::probe::port::find(&kept), Some((4000, 6)));
        // A variable the endpoint reads stays; a public URL written over several lines is not the port.
        let text = "config :app, AppWeb.Endpoint,\n  url: [\n    host: host,\n    port: 443\n  ],\n  http: [port: port]\nport = System.get_env(\"PORT\") || \"4000\"\n";
        let kept = super::endpoint_blocks(&super::without_url_lines(text));
        assert_eq!(crate::probe::port::find(&kept), Some((4000, 7)));
        // Without an endpoint the whole file is read (a Plug app's `config :app, port: 4001`).
        let plain = "config :app, port: 4001\n";
        assert_eq!(super::endpoint_blocks(plain), plain);
    }

    #[test]
    fn required_env_reads_raise_and_fetch_env() {
        let text = "  db =\n    System.get_env(\"DATABASE_URL\") ||\n      raise \"missing\"\n  key = System.get_env(\"SECRET_KEY_BASE\") || raise \"x\"\n  host = System.get_env(\"PHX_HOST\") || \"example.com\"\n  # System.fetch_env!(\"COMMENTED\")\n  s3 = System.fetch_env!(\"S3_BUCKET\")\n";
        assert_eq!(
            super::required_env(text),
            ["DATABASE_URL", "SECRET_KEY_BASE", "S3_BUCKET"]
        );
        // Cut short, or a multi-byte character right after the name: no panic, nothing required.
        assert!(super::required_env("x = System.get_env(\"PORT\"").is_empty());
        assert!(super::required_env("x = System.get_env(\"PORT\"é || raise").is_empty());
    }
}
