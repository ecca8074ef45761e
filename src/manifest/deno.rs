//! deno.json and deno.jsonc: the tasks and import map detection reads. JSONC's comments and trailing
//! commas are removed before the text is parsed as JSON, keeping line numbers for errors.

use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DenoJson {
    #[serde(default)]
    pub tasks: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub imports: BTreeMap<String, String>,
    /// An import map file (`"importMap": "./import_map.json"`) holding the imports instead.
    #[serde(default, rename = "importMap")]
    pub import_map: Option<String>,
    /// Unstable features the configuration opens for every run (`"unstable": ["kv"]`).
    #[serde(default)]
    pub unstable: Vec<String>,
}

impl DenoJson {
    pub fn parse(path: &str, text: &str) -> Result<DenoJson> {
        super::json(path, &strip_jsonc(text))
    }

    /// A task's command: a string, or the `command` of a task object (Deno 2).
    pub fn task(&self, name: &str) -> Option<&str> {
        match self.tasks.get(name)? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Object(o) => o.get("command")?.as_str(),
            _ => None,
        }
    }

    /// Whether the import map names `module` (`jsr:@hono/hono`, `npm:hono`) at any version.
    pub fn imports_module(&self, module: &str) -> bool {
        self.imports.values().any(|spec| {
            spec == module
                || spec
                    .strip_prefix(module)
                    .is_some_and(|rest| rest.starts_with('@') || rest.starts_with('/'))
        })
    }
}

/// JSONC to JSON: `//` and `/* */` comments become nothing (their newlines kept), then trailing commas go.
pub fn strip_jsonc(text: &str) -> String {
    let no_comments = scan(text, |chars, i, out| {
        if chars[i] == '/' && chars.get(i + 1) == Some(&'/') {
            let mut j = i;
            while j < chars.len() && chars[j] != '\n' {
                j += 1;
            }
            return Some(j);
        }
        if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
            let mut j = i + 2;
            while j < chars.len() && !(chars[j] == '*' && chars.get(j + 1) == Some(&'/')) {
                if chars[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            return Some((j + 2).min(chars.len()));
        }
        None
    });
    scan(&no_comments, |chars, i, _| {
        let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        (chars[i] == ',' && matches!(next, Some('}') | Some(']'))).then_some(i + 1)
    })
}

/// Copy `text`, outside strings letting `skip` drop a span (returning where copying resumes).
fn scan(text: &str, skip: impl Fn(&[char], usize, &mut String) -> Option<usize>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 1;
            } else if c == '"' {
                in_string = false;
            }
        } else if let Some(next) = skip(&chars, i, &mut out) {
            i = next;
            continue;
        } else {
            in_string = c == '"';
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jsonc_tasks_and_imports() {
        let text = "{\n  // the server\n  \"tasks\": { \"start\": \"deno run --allow-net main.ts\", /* x */ },\n  \"imports\": { \"@hono/hono\": \"jsr:@hono/hono@^4.6.0\", \"u\": \"https://x//y\" },\n}\n";
        let d = DenoJson::parse("deno.jsonc", text).unwrap();
        assert_eq!(d.task("start"), Some("deno run --allow-net main.ts"));
        assert!(d.imports_module("jsr:@hono/hono"));
        assert!(!d.imports_module("jsr:@hono/hon"));
        assert_eq!(d.imports["u"], "https://x//y");
        let obj = r#"{"tasks":{"start":{"command":"deno serve main.ts","description":"x"}}}"#;
        assert_eq!(
            DenoJson::parse("deno.json", obj).unwrap().task("start"),
            Some("deno serve main.ts")
        );
    }

    #[test]
    fn errors_keep_the_line() {
        let err = DenoJson::parse("deno.jsonc", "{\n// c\n\"tasks\": [}\n").unwrap_err();
        assert!(err.to_string().starts_with("deno.jsonc:3"), "{err}");
    }
}
