//! Render: the plan through the tera templates embedded in the binary. Templates format; they decide nothing.

use crate::error::{Error, Result};
use crate::plan::Plan;
use std::sync::OnceLock;

const TEMPLATES: &[(&str, &str)] = &[
    ("Dockerfile", include_str!("../templates/Dockerfile.tera")),
    (
        "dockerignore",
        include_str!("../templates/dockerignore.tera"),
    ),
    ("ci/github", include_str!("../templates/ci/github.yml.tera")),
    ("ci/gitlab", include_str!("../templates/ci/gitlab.yml.tera")),
];

/// The trivy release the CI workflows scan with: pinned, so a scanner release cannot change a green build.
pub const TRIVY_VERSION: &str = "0.72.0";

/// How a generated CI workflow installs dockgen: this release's tag of this project's repository, built
/// with its lockfile. Never the bare crate name: `dockgen` on crates.io is another project.
pub fn install_command() -> String {
    format!(
        "cargo install --locked --git {} --tag v{} {}",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_NAME")
    )
}

fn tera() -> Result<&'static tera::Tera> {
    static TERA: OnceLock<std::result::Result<tera::Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut t = tera::Tera::default();
        t.autoescape_on(vec![]);
        t.register_filter("exec_form", exec_form);
        t.register_filter("shell_lines", shell_lines);
        t.add_raw_templates(TEMPLATES.iter().copied())
            .map_err(|e| chain(&e))?;
        Ok(t)
    })
    .as_ref()
    .map_err(|m| Error::Template {
        name: "templates".into(),
        message: m.clone(),
    })
}

/// An argv as a Dockerfile exec-form array: JSON strings, `", "` between them.
fn exec_form(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let words = value
        .as_array()
        .ok_or_else(|| tera::Error::msg("exec_form needs a list"))?;
    let quoted: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    Ok(tera::Value::String(format!("[{}]", quoted.join(", "))))
}

/// A file's text as single-quoted shell words, one per line, for `printf '%s\n' … > file`: a RUN writes
/// it, since heredocs in COPY need BuildKit and older buildah and podman reject them.
fn shell_lines(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("shell_lines needs text"))?;
    let words: Vec<String> = text
        .lines()
        .map(|l| format!("'{}'", l.replace('\'', "'\\''")))
        .collect();
    Ok(tera::Value::String(words.join(" \\\n    ")))
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn render(name: &str, plan: &Plan) -> Result<String> {
    let mut ctx = tera::Context::from_serialize(plan).map_err(|e| Error::Template {
        name: name.into(),
        message: chain(&e),
    })?;
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    let out = tera()?.render(name, &ctx).map_err(|e| Error::Template {
        name: name.into(),
        message: chain(&e),
    })?;
    Ok(tidy(&out))
}

/// Trailing spaces and runs of blank lines are layout accidents of templates, never intended output.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

pub fn dockerfile(plan: &Plan) -> Result<String> {
    render("Dockerfile", plan)
}

pub fn dockerignore(plan: &Plan) -> Result<String> {
    render("dockerignore", plan)
}

/// One app as a CI workflow builds it: its Dockerfile, build context and image name (paths relative to
/// the repository root).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CiApp {
    pub dockerfile: String,
    pub context: String,
    pub image: String,
}

/// A CI workflow (`github` or `gitlab`) that lints, builds and scans every app.
/// `project` is the folder dockgen was run on, relative to the repository root (`.` for the root).
pub fn ci(kind: &str, project: &str, apps: &[CiApp]) -> Result<String> {
    let name = format!("ci/{kind}");
    let mut ctx = tera::Context::new();
    ctx.insert("apps", apps);
    ctx.insert("project", project);
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx.insert("trivy", TRIVY_VERSION);
    ctx.insert("repository", env!("CARGO_PKG_REPOSITORY"));
    ctx.insert("install", &install_command());
    let out = tera()?.render(&name, &ctx).map_err(|e| Error::Template {
        name: name.clone(),
        message: chain(&e),
    })?;
    Ok(tidy(&out))
}
