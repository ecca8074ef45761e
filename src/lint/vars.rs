//! Variables in a Dockerfile: ARG and ENV declarations, and `$NAME` / `${NAME:-default}` substitution.

use std::collections::HashMap;

/// `ARG NAME[=default] …` as (name, default) pairs.
pub fn arg_pairs(args: &str) -> Vec<(String, Option<String>)> {
    crate::lint::shell::words(args)
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w, None),
        })
        .collect()
}

/// `ENV K=V K2="v 2"` or the legacy `ENV K value with spaces`, as (name, value) pairs.
pub fn env_pairs(args: &str) -> Vec<(String, String)> {
    let words = crate::lint::shell::words(args);
    match words.first() {
        Some(first) if !first.contains('=') => {
            let value = args.trim()[first.len()..].trim().to_string();
            vec![(first.clone(), unquote(&value))]
        }
        _ => words
            .into_iter()
            .filter_map(|w| w.split_once('=').map(|(k, v)| (k.into(), v.into())))
            .collect(),
    }
}

fn unquote(s: &str) -> String {
    let w = crate::lint::shell::words(s);
    if w.len() == 1 {
        w[0].clone()
    } else {
        s.to_string()
    }
}

/// Substitute `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}` and `${NAME:+word}` from `vars`.
/// `None` when a variable has no value and no default: the result would depend on `--build-arg`.
pub fn substitute(s: &str, vars: &HashMap<String, Option<String>>) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'$') {
            out.push(chars.next()?);
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let braced = chars.peek() == Some(&'{');
        if braced {
            chars.next();
            let mut inner = String::new();
            for c in chars.by_ref() {
                if c == '}' {
                    break;
                }
                inner.push(c);
            }
            out.push_str(&expand(&inner, vars)?);
        } else {
            let mut name = String::new();
            while let Some(c) = chars
                .peek()
                .filter(|c| c.is_ascii_alphanumeric() || **c == '_')
            {
                name.push(*c);
                chars.next();
            }
            if name.is_empty() {
                out.push('$');
            } else {
                out.push_str(vars.get(&name).cloned().flatten().as_deref()?);
            }
        }
    }
    Some(out)
}

fn expand(inner: &str, vars: &HashMap<String, Option<String>>) -> Option<String> {
    let value = |n: &str| vars.get(n).cloned().flatten().filter(|v| !v.is_empty());
    if let Some((n, word)) = inner.split_once(":-") {
        return Some(value(n).unwrap_or_else(|| word.to_string()));
    }
    if let Some((n, word)) = inner.split_once(":+") {
        return Some(value(n).map(|_| word.to_string()).unwrap_or_default());
    }
    if let Some((n, word)) = inner.split_once('-') {
        return Some(
            vars.get(n)
                .cloned()
                .flatten()
                .unwrap_or_else(|| word.to_string()),
        );
    }
    vars.get(inner).cloned().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_defaults_and_refuses_unknowns() {
        let vars: HashMap<String, Option<String>> = [
            ("V".to_string(), Some("1.24".to_string())),
            ("E".to_string(), None),
        ]
        .into();
        assert_eq!(substitute("golang:${V}", &vars).unwrap(), "golang:1.24");
        assert_eq!(
            substitute("golang:$V-alpine", &vars).unwrap(),
            "golang:1.24-alpine"
        );
        assert_eq!(substitute("node:${E:-22}", &vars).unwrap(), "node:22");
        assert_eq!(substitute("node:${E}", &vars), None);
        assert_eq!(substitute("node:${X:+1}22", &vars).unwrap(), "node:22");
    }

    #[test]
    fn env_forms() {
        assert_eq!(
            env_pairs(r#"A=1 B="two words""#),
            vec![("A".into(), "1".into()), ("B".into(), "two words".into())]
        );
        assert_eq!(
            env_pairs("API_KEY abc def"),
            vec![("API_KEY".into(), "abc def".into())]
        );
    }
}
