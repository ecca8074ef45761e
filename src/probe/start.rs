//! A start command written for a shell (a Procfile `web:` line, a package.json `start` script), read the way
//! a shell would and turned into what an image can run: the one parser every stack's start goes through.
//!
//! The image starts in exec form, with no shell, so: inline `VAR=value` before the server becomes `ENV`;
//! a migration chained before the server (`rails db:migrate && rails server`) becomes a documented release
//! step (the stack's `release_commands`); a build step chained before it (`npm run scss && node app.js`)
//! is left to the image's build (`prestart_build_commands`); `$PORT`, `${PORT}` and `${PORT:-…}` become
//! the planned port, which the image also sets. Anything else that only a shell can do (`a; b`, pipes,
//! other variables) runs as `/bin/sh -c "… exec server"` on a runtime that has a shell — or on the stack's
//! `<artifact>-shell` runtime row, with a warning — and is a one-line error where there is none. An exec
//! form never holds shell syntax.

use crate::facts::Facts;
use crate::rules::Rules;

/// A start command as a shell reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartCommand {
    /// Inline assignments before the server (`NODE_ENV=production node server.js`).
    pub env: Vec<(String, String)>,
    /// Release steps chained before the server, as written.
    pub release: Vec<String>,
    /// Build steps chained before the server, as written.
    pub build: Vec<String>,
    /// The server in exec form, `$PORT` filled in (empty when only a shell can read it).
    pub argv: Vec<String>,
    /// When only a shell can run the command: the script for `/bin/sh -c`, the server `exec`ed so it is
    /// PID 1 and receives SIGTERM.
    pub shell: Option<String>,
}

/// One simple command of a sequence, as the shell splits it.
struct Words {
    assign: Vec<(String, String)>,
    argv: Vec<String>,
    /// A variable other than PORT, or `$(…)`: only a shell knows the words.
    needs_shell: bool,
}

/// Read `cmd` as a shell would. `release`/`build` are the stack's patterns for commands chained before
/// the server; `port` replaces `$PORT`. The error says what is malformed (an unclosed quote).
pub fn parse(
    cmd: &str,
    port: u16,
    release: &[String],
    build: &[String],
) -> Result<StartCommand, String> {
    let (segments, other_ops) = split_sequence(cmd)?;
    let Some((server_text, preludes)) = segments.split_last() else {
        return Err("is empty".into());
    };
    let mut out = StartCommand::default();
    let mut kept: Vec<(String, String)> = Vec::new();
    for (op, text) in preludes {
        let matches = |pats: &[String]| pats.iter().any(|p| text.contains(p.as_str()));
        // A message printed before the server changes nothing the server does.
        if ["echo", "printf", "true", ":"].contains(&text.split_whitespace().next().unwrap_or("")) {
            continue;
        }
        if matches(release) {
            out.release.push(text.clone());
        } else if matches(build) {
            out.build.push(text.clone());
        } else {
            kept.push((op.clone(), text.clone()));
        }
    }
    let server = words(&server_text.1, port)?;
    if server.argv.is_empty() {
        return Err("has no command to run".into());
    }
    if other_ops || server.needs_shell || !kept.is_empty() {
        let mut script = String::new();
        for (i, (op, text)) in kept.iter().enumerate() {
            if i > 0 {
                script.push_str(&separator(op));
            }
            script.push_str(text);
        }
        if !script.is_empty() {
            script.push_str(&separator(&server_text.0));
        }
        // `exec` only where it replaces the shell with the server: a plain command, not a pipeline or `||`.
        let server_cmd = server_text.1.trim();
        if other_ops || server_cmd.starts_with("exec ") {
            script.push_str(server_cmd);
        } else {
            script.push_str("exec ");
            script.push_str(server_cmd);
        }
        out.shell = Some(script);
        return Ok(out);
    }
    out.env = server.assign;
    out.argv = server.argv;
    if out.argv.first().is_some_and(|w| w == "exec") {
        out.argv.remove(0);
    }
    // `exec` alone replaces the shell with nothing.
    if out.argv.is_empty() {
        return Err("has no command to run after `exec`".into());
    }
    Ok(out)
}

/// The words of the server a start command runs: its last simple command, without inline assignments or
/// `exec` (`RACK_ENV=production rake db:migrate && exec ruby app.rb` → `ruby app.rb`). Empty when the command
/// does not parse.
pub fn server_words(cmd: &str) -> Vec<String> {
    let Ok((segments, _)) = split_sequence(cmd) else {
        return Vec::new();
    };
    let Some(Ok(mut w)) = segments.last().map(|(_, text)| words(text, 0)) else {
        return Vec::new();
    };
    if w.argv.first().is_some_and(|x| x == "exec") {
        w.argv.remove(0);
    }
    w.argv
}

/// Apply a start command to the facts: the start (exec form, or `/bin/sh -c` on a runtime with a shell),
/// inline variables as ENV, release and build steps as warnings saying how to run them. `source` names the
/// file (and line) for the messages; the error is the part of a one-line message after it.
pub fn apply(
    facts: &mut Facts,
    rules: &Rules,
    source: &str,
    cmd: &str,
    port: u16,
) -> Result<(), String> {
    let stack = rules.stack(facts.stack);
    let parsed = parse(
        cmd,
        port,
        &stack.release_commands,
        &stack.prestart_build_commands,
    )?;
    for r in &parsed.release {
        facts.warnings.push(format!(
            "{source} runs `{r}` before the server: the image does not run it at every start; run it once per deploy as a release step, e.g. `docker run --rm <image> {r}` (add `--entrypoint` when the image sets one)"
        ));
        if !facts.release.contains(r) {
            facts.release.push(r.clone());
        }
    }
    for b in &parsed.build {
        facts.warnings.push(format!(
            "{source} runs `{b}` before the server: a build step, not run at start; make it part of the build (the `build` script, or --build)"
        ));
    }
    for (k, v) in &parsed.env {
        facts.env.retain(|(key, _)| key != k);
        facts.env.push((k.clone(), v.clone()));
        facts.because(
            "env",
            format!("{k}={v}"),
            source,
            "set inline before the server",
        );
    }
    let start = match parsed.shell {
        None => parsed.argv,
        Some(script) => {
            shell_runtime(facts, rules, source)?;
            vec!["/bin/sh".into(), "-c".into(), script]
        }
    };
    facts.start = start;
    Ok(())
}

/// Make sure the runtime has a shell: keep it, switch to the stack's `<artifact>-shell` row, or say why not.
fn shell_runtime(facts: &mut Facts, rules: &Rules, source: &str) -> Result<(), String> {
    let stack = rules.stack(facts.stack);
    let artifact = facts.artifact.unwrap_or(stack.artifact);
    let version = facts
        .toolchain
        .as_ref()
        .map_or(stack.toolchain.default.clone(), |t| t.version.clone());
    let Some((_, image, _)) = rules.images.runtime(artifact, &version) else {
        return Ok(());
    };
    if has_shell(&image) {
        return Ok(());
    }
    let alternative = crate::facts::ArtifactKind::named(&format!("{artifact}-shell"));
    match rules.images.runtime(alternative, &version) {
        Some((_, other, _)) => {
            facts.warnings.push(format!(
                "{source} needs a shell to start, which {image} does not have: the runtime is {other} instead"
            ));
            facts.artifact = Some(alternative);
            Ok(())
        }
        None => Err(format!(
            "needs a shell to start, and the runtime {image} has none: write the command without shell syntax (`&&`, `;`, pipes, variables other than $PORT), or pass --start"
        )),
    }
}

/// Whether an image has `/bin/sh`: distroless and chiseled images have none.
pub fn has_shell(image: &str) -> bool {
    !(image.contains("distroless") || image.contains("chiseled"))
}

/// Split at top-level `&&` and `;`: `(operator before, text)` per simple command (the first's operator is
/// empty), and whether any other shell operator (`||`, `|`, `&`, redirection, substitution) appears.
#[allow(clippy::type_complexity)]
fn split_sequence(cmd: &str) -> Result<(Vec<(String, String)>, bool), String> {
    let mut segments: Vec<(String, String)> = Vec::new();
    let mut op = String::new();
    let mut cur = String::new();
    let mut other = false;
    let mut quote: Option<char> = None;
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some('"'), '\\') | (None, '\\') => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => {
                if c == '`' || (c == '$' && chars.peek() == Some(&'(')) {
                    other |= quote == Some('"');
                }
                cur.push(c);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (None, '&') if chars.peek() == Some(&'&') => {
                chars.next();
                segments.push((std::mem::replace(&mut op, "&&".into()), take(&mut cur)));
            }
            (None, ';') => {
                segments.push((std::mem::replace(&mut op, ";".into()), take(&mut cur)));
            }
            (None, '|' | '&' | '>' | '<' | '`') => {
                other = true;
                cur.push(c);
            }
            (None, '$') if chars.peek() == Some(&'(') => {
                other = true;
                cur.push(c);
            }
            (None, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return Err("ends inside a quoted string".into());
    }
    segments.push((op, take(&mut cur)));
    // A trailing `;` leaves an empty command; any other empty one is a syntax error a shell would reject.
    if segments.last().is_some_and(|(_, t)| t.is_empty()) && segments.len() > 1 {
        segments.pop();
    }
    if segments.iter().any(|(_, t)| t.is_empty()) {
        return Err("has an empty command between `&&` or `;`".into());
    }
    Ok((segments, other))
}

/// `; ` or ` && ` between two commands of a script, as people write them.
fn separator(op: &str) -> String {
    if op == ";" {
        "; ".into()
    } else {
        format!(" {op} ")
    }
}

fn take(s: &mut String) -> String {
    std::mem::take(s).trim().to_string()
}

/// Split one simple command into its leading assignments and argv, as a shell would (quotes,
/// backslashes), `$PORT` replaced by `port`.
fn words(cmd: &str, port: u16) -> Result<Words, String> {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut needs_shell = false;
    let mut quote: Option<char> = None;
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), c) => cur.push(c),
            (Some('"'), '\\') => match chars.next() {
                Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                Some(n) => {
                    cur.push('\\');
                    cur.push(n);
                }
                None => return Err("ends inside a quoted string".into()),
            },
            (q, '$') => {
                match super::procfile::variable(&mut chars)?.as_deref() {
                    Some("PORT") => cur.push_str(&port.to_string()),
                    Some(_) => needs_shell = true,
                    None if q.is_some() || chars.peek().is_none_or(|c| c.is_whitespace()) => {
                        cur.push('$')
                    }
                    None => needs_shell = true,
                }
                in_word = true;
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    in_word = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("ends inside a quoted string".into());
    }
    if in_word {
        words.push(cur);
    }
    let mut assign = Vec::new();
    loop {
        if let Some((k, v)) = words.first().and_then(|w| assignment(w)) {
            assign.push((k, v));
            words.remove(0);
        } else if words.len() > 1 && rules()?.wrappers.contains(&words[0]) {
            // `cross-env NODE_ENV=production node server.js` sets variables as the shell's prefix does.
            words.remove(0);
        } else {
            break;
        }
    }
    Ok(Words {
        assign,
        argv: words,
        needs_shell,
    })
}

/// The start-command rules (detectors/start.toml), whatever the stack.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StartRules {
    /// Programs that only set variables or preload something before running the rest of the line.
    wrappers: Vec<String>,
}

/// The start-command rules, parsed once; a broken file is an error naming it.
fn rules() -> Result<&'static StartRules, String> {
    static PARSED: std::sync::OnceLock<Result<StartRules, String>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            toml::from_str(include_str!("../../detectors/start.toml"))
                .map_err(|e| format!("detectors/start.toml: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// `NAME=value` as a shell reads an assignment word.
fn assignment(word: &str) -> Option<(String, String)> {
    let (k, v) = word.split_once('=')?;
    let valid = !k.is_empty()
        && !k.starts_with(|c: char| c.is_ascii_digit())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (k.to_string(), v.to_string()))
}

#[cfg(test)]
mod tests;
