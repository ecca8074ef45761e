//! Procfile: one `name: command` process per line (Heroku's format, read by Dokku, foreman, honcho and
//! most platforms that build from source). Blank lines and `#` comments are skipped.

use crate::error::{Error, Result};

/// One process type and its command line, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub name: String,
    pub command: String,
    /// 1-based line in the Procfile.
    pub line: usize,
}

pub fn parse(path: &str, text: &str) -> Result<Vec<Process>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| Error::Manifest {
            path: path.into(),
            line: Some(i + 1),
            message,
        };
        let Some((name, command)) = line.split_once(':') else {
            return Err(err("is not a `name: command` process line".into()));
        };
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(err(format!(
                "process name `{name}` is not letters, digits, `_` and `-`"
            )));
        }
        let command = command.trim();
        if command.is_empty() {
            return Err(err(format!("process `{name}` has no command")));
        }
        out.push(Process {
            name: name.to_string(),
            command: command.to_string(),
            line: i + 1,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_with_their_lines() {
        let p = parse(
            "Procfile",
            "# processes\nweb: gunicorn app:app\n\nrelease:python manage.py migrate\n",
        )
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].name.as_str(), p[0].line), ("web", 2));
        assert_eq!(p[1].command, "python manage.py migrate");
    }

    #[test]
    fn a_line_without_a_name_is_an_error_with_its_line() {
        let e = parse("Procfile", "web: a\nnode server.js\n").unwrap_err();
        assert!(e.to_string().contains("Procfile:2"), "{e}");
    }
}
