//! Lint output: text for people (grouped by file, optionally coloured), JSON for programs, SARIF 2.1.0 for
//! code-scanning services.

use super::rules::{LintRules, Severity};
use super::Finding;
use serde_json::{json, Value};

/// The findings of one file, under the path as the user gave it.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

fn counts(files: &[FileReport]) -> [usize; 3] {
    let mut c = [0; 3];
    for f in files.iter().flat_map(|f| &f.findings) {
        c[f.severity as usize] += 1;
    }
    c
}

/// Text: each file's name, then one line per finding with its fix beneath; a summary line last.
pub fn text(files: &[FileReport], color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for f in files {
        if f.findings.is_empty() {
            continue;
        }
        out.push_str(&paint("1", &f.path));
        out.push('\n');
        for x in &f.findings {
            let sev = match x.severity {
                Severity::Error => paint("31", "error"),
                Severity::Warning => paint("33", "warning"),
                Severity::Info => paint("36", "info"),
            };
            out.push_str(&format!(
                "  {}:{:<4} {sev:<7} {}  {}\n",
                f.path,
                x.line,
                paint("1", &x.code),
                x.message
            ));
            out.push_str(&format!("        {} {}\n", paint("2", "fix:"), x.fix));
        }
        out.push('\n');
    }
    let [info, warning, error] = counts(files);
    let checked = files.len();
    let s = if checked == 1 { "" } else { "s" };
    if info + warning + error == 0 {
        out.push_str(&format!("{checked} Dockerfile{s} checked: no findings\n"));
    } else {
        out.push_str(&format!(
            "{checked} Dockerfile{s} checked: {error} error(s), {warning} warning(s), {info} info\n"
        ));
    }
    out
}

/// JSON: schema_version 1, every finding with its file, and counts by severity.
pub fn json(files: &[FileReport]) -> Value {
    let findings: Vec<Value> = files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(move |x| {
                json!({
                    "file": f.path,
                    "line": x.line,
                    "code": x.code,
                    "severity": x.severity,
                    "message": x.message,
                    "fix": x.fix,
                })
            })
        })
        .collect();
    let [info, warning, error] = counts(files);
    json!({
        "schema_version": 1,
        "files": files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        "findings": findings,
        "summary": { "error": error, "warning": warning, "info": info },
    })
}

/// SARIF 2.1.0: one run, every rule in tool.driver.rules, each finding a result with its line.
pub fn sarif(files: &[FileReport], rules: &LintRules) -> Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let driver_rules: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "help": { "text": r.fix },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(move |x| {
                json!({
                    "ruleId": x.code,
                    "ruleIndex": rules.rules.iter().position(|r| r.code == x.code),
                    "level": level(x.severity),
                    "message": { "text": format!("{} (fix: {})", x.message, x.fix) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": f.path.replace('\\', "/") },
                            "region": { "startLine": x.line },
                        }
                    }],
                })
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dockgen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }},
            "results": results,
        }],
    })
}
