//! A server that binds only the loopback address (`127.0.0.1`, `localhost`) is unreachable through a
//! container's published port: the Dockerfile would build and start, and nothing outside could answer.
//! Detection cannot change the app's code, so it says where the bind is and what to change.

use crate::error::Result;
use crate::facts::Facts;
use crate::rules::StackRules;
use crate::scan::Project;

/// How many source files are read before giving up: a large tree is no reason to slow detection.
const MAX_SOURCES: usize = 400;

/// Warn when a source line of the app's stack listens (one of the stack's `listens` or `serve_markers`
/// words) on a quoted loopback address. Nothing to say for an app without a port, or one whose start
/// command sets its own address (`gunicorn --bind 0.0.0.0:8000`, `uvicorn --host 0.0.0.0`).
pub fn warn(project: &Project, stack: &StackRules, facts: &mut Facts) -> Result<()> {
    if facts.port.is_none() || facts.start.iter().any(|w| w.contains("0.0.0.0")) {
        return Ok(());
    }
    let words: Vec<&str> = stack
        .listens
        .iter()
        .chain(&stack.serve_markers)
        .map(String::as_str)
        .collect();
    let (base, nested) = own_folder(project, stack, &facts.path);
    let sources = project
        .files()
        .filter(|f| f.starts_with(&base) && !nested.iter().any(|d| f.starts_with(d.as_str())))
        .filter(|f| {
            stack
                .source_comments
                .keys()
                .any(|e| f.ends_with(e.as_str()))
        })
        .filter(|f| !f.split('/').any(|part| part.starts_with("test")))
        .take(MAX_SOURCES)
        .map(str::to_string)
        .collect::<Vec<_>>();
    for file in sources {
        let text = project.read_source(&file)?;
        if let Some((n, host)) = loopback_bind(&text, &words) {
            facts.warnings.push(format!(
                "{file}:{n} listens on {host} only: inside a container nothing reaches it through the published port; bind 0.0.0.0 (or read the address from the environment)"
            ));
            return Ok(());
        }
    }
    Ok(())
}

/// The app's folder as a prefix of the scanned paths (empty when the scan is the app's own folder), and
/// the folders below it that hold another package of the stack (a workspace's other members): their
/// sources are not this app's.
fn own_folder(project: &Project, stack: &StackRules, path: &str) -> (String, Vec<String>) {
    let prefix = format!("{path}/");
    let base = match path != "." && project.files().any(|f| f.starts_with(&prefix)) {
        true => prefix,
        false => String::new(),
    };
    let nested = project
        .files()
        .filter(|f| f.starts_with(&base))
        .filter_map(|f| f.rsplit_once('/'))
        .filter(|(_, name)| stack.signals.iter().any(|s| s == name))
        .map(|(dir, _)| format!("{dir}/"))
        .filter(|dir| *dir != base)
        .collect();
    (base, nested)
}

/// The first line (1-based) that listens on a quoted loopback address, and the address. A URL
/// (`http://localhost:8080` in a log line) is not a bind.
fn loopback_bind<'a>(text: &str, words: &[&str]) -> Option<(usize, &'a str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let code = line.trim_start();
        let comment = ["//", "#", "--", "*", ";"]
            .iter()
            .any(|c| code.starts_with(c));
        if comment || line.contains("://") || !words.iter().any(|w| line.contains(w)) {
            return None;
        }
        ["127.0.0.1", "localhost"]
            .into_iter()
            .find(|host| {
                ['"', '\'']
                    .iter()
                    .any(|q| line.contains(&format!("{q}{host}")))
            })
            .map(|host| (i + 1, host))
    })
}

#[cfg(test)]
mod tests {
    use super::loopback_bind;

    const WORDS: &[&str] = &[".bind(", "listen(", "ListenAndServe"];

    #[test]
    fn a_listening_line_on_loopback_is_found_with_its_line() {
        let rust =
            "fn main() {\n    HttpServer::new(app)\n        .bind((\"127.0.0.1\", 8080))?\n}\n";
        assert_eq!(loopback_bind(rust, WORDS), Some((3, "127.0.0.1")));
        let node = "app.listen(3000, 'localhost', () => {});\n";
        assert_eq!(loopback_bind(node, WORDS), Some((1, "localhost")));
        let go = "log.Fatal(http.ListenAndServe(\"127.0.0.1:8080\", nil))\n";
        assert_eq!(loopback_bind(go, WORDS), Some((1, "127.0.0.1")));
    }

    #[test]
    fn all_interfaces_urls_comments_and_clients_are_not_loopback_binds() {
        for text in [
            ".bind((\"0.0.0.0\", 8080))\n",
            "log::info!(\"listen( at http://localhost:8080\");\n",
            "// .bind((\"127.0.0.1\", 8080))\n",
            "let db = connect(\"127.0.0.1:5432\");\n",
        ] {
            assert_eq!(loopback_bind(text, WORDS), None, "{text}");
        }
    }
}
