//! Rules about single steps: layer order, the build context, secrets, ADD, and apt-get.

use super::parse::{Dockerfile, Instruction};
use super::project::Context;
use super::rules::LintRules;
use super::{shell, Raw};

pub fn check(df: &Dockerfile, ctx: &Context, rules: &LintRules, out: &mut Vec<Raw>) {
    install_after_copy_all(df, rules, out);
    dockerignore(df, ctx, out);
    let shipped = df.final_chain();
    for i in &df.instructions {
        match i.keyword.as_str() {
            "ENV" | "ARG" => secrets(i, rules, out),
            "ADD" => add_local(i, out),
            "EXPOSE" => expose(i, out),
            "RUN" => apt(i, i.stage.is_some_and(|s| shipped.contains(&s)), out),
            _ => {}
        }
    }
}

/// The sources of a COPY or ADD (every argument but the destination).
fn sources(i: &Instruction) -> Vec<String> {
    let mut words = i.exec().unwrap_or_else(|| shell::words(&i.args));
    words.pop();
    words
}

/// A COPY or ADD of the whole build context (`COPY . .`, `COPY ./ /app`, `ADD * ./`).
fn copies_all(i: &Instruction) -> bool {
    matches!(i.keyword.as_str(), "COPY" | "ADD")
        && i.flag("from").is_none()
        && sources(i)
            .iter()
            .any(|s| matches!(s.as_str(), "." | "./" | "*" | "./*"))
}

/// Does a COPY or ADD take anything from the build context?
fn uses_context(i: &Instruction) -> bool {
    matches!(i.keyword.as_str(), "COPY" | "ADD")
        && i.flag("from").is_none()
        && i.heredocs.is_empty()
        && sources(i).iter().any(|s| !s.contains("://"))
}

/// DG006: per stage (continuing its parent's state), the first dependency install after a whole-context
/// copy, when no install ran before that copy (the manifests-first layer that keeps the cache).
fn install_after_copy_all(df: &Dockerfile, rules: &LintRules, out: &mut Vec<Raw>) {
    let mut state: Vec<(Option<usize>, bool)> = Vec::new();
    for s in &df.stages {
        let (mut copy_line, mut installed) = s.parent.map_or((None, false), |p| state[p]);
        let mut reported = false;
        for i in s.instructions.iter().map(|i| &df.instructions[*i]) {
            if copies_all(i) && copy_line.is_none() {
                copy_line = Some(i.line);
            }
            if i.keyword != "RUN" {
                continue;
            }
            let install = shell::commands(&i.script()).into_iter().find_map(|argv| {
                let p = rules
                    .commands
                    .install
                    .iter()
                    .find(|p| shell::matches(&argv, p))?;
                let global = argv.iter().any(|a| a == "-g" || a == "--global");
                (!global).then(|| p.trim_end_matches(" *").to_string())
            });
            let Some(install) = install else { continue };
            match copy_line {
                Some(c) if !installed && !reported => {
                    reported = true;
                    out.push(Raw::new("DG006", i.line, format!("`{install}` runs after the whole context is copied (line {c}): every source edit reinstalls the dependencies")));
                }
                None => installed = true,
                _ => {}
            }
        }
        state.push((copy_line, installed));
    }
}

/// DG007: a missing .dockerignore, or one that lets .git, .env or dependency folders in.
fn dockerignore(df: &Dockerfile, ctx: &Context, out: &mut Vec<Raw>) {
    let Some(first) = df.instructions.iter().find(|i| uses_context(i)) else {
        return;
    };
    match ctx.leaks() {
        None => out.push(Raw::new(
            "DG007",
            first.line,
            "no .dockerignore beside the Dockerfile: .git, .env and everything else in the folder are in the build context".into(),
        )),
        Some(leaks) if !leaks.is_empty() => out.push(Raw::new(
            "DG007",
            first.line,
            format!(
                "{} lets {} into the build context",
                ctx.dockerignore_name,
                leaks.join(", ")
            ),
        )),
        Some(_) => {}
    }
}

/// DG008: ENV or ARG giving a secret-looking name a literal value. The value is never echoed.
fn secrets(i: &Instruction, rules: &LintRules, out: &mut Vec<Raw>) {
    let pairs: Vec<(String, String)> = if i.keyword == "ENV" {
        super::vars::env_pairs(&i.args)
    } else {
        super::vars::arg_pairs(&i.args)
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect()
    };
    for (name, value) in pairs {
        let upper = name.to_ascii_uppercase();
        let secret = rules
            .commands
            .secret_names
            .iter()
            .any(|s| upper == *s || upper.ends_with(&format!("_{s}")));
        let literal = !value.is_empty() && !value.starts_with('$');
        if secret && literal {
            out.push(Raw::new(
                "DG008",
                i.line,
                format!(
                    "{} {name} has a literal value, kept in the image's history",
                    i.keyword
                ),
            ));
        }
    }
}

/// DG019: an EXPOSE of a port nothing can listen on: 0, above 65535, or not a number. `$PORT` is left to
/// the build.
fn expose(i: &Instruction, out: &mut Vec<Raw>) {
    for w in shell::words(&i.args).iter().filter(|w| !w.contains('$')) {
        let port = w.split('/').next().unwrap_or(w);
        let valid = |p: &str| p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        let ok = match port.split_once('-') {
            Some((lo, hi)) => valid(lo) && valid(hi),
            None => valid(port),
        };
        if !ok {
            out.push(Raw::new(
                "DG019",
                i.line,
                format!("`EXPOSE {w}`: a port is a number from 1 to 65535"),
            ));
        }
    }
}

/// Archives ADD unpacks: the one local use ADD has over COPY.
const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

/// DG009: ADD of local files or folders that are not archives to unpack.
fn add_local(i: &Instruction, out: &mut Vec<Raw>) {
    let local = sources(i).into_iter().find(|s| {
        let lower = s.to_ascii_lowercase();
        let remote = lower.contains("://") || lower.starts_with("git@");
        !remote && !ARCHIVES.iter().any(|a| lower.ends_with(a))
    });
    if let Some(src) = local.or_else(|| i.heredocs.first().map(|h| format!("<<{}", h.name))) {
        out.push(Raw::new(
            "DG009",
            i.line,
            format!("ADD of local `{src}`: COPY does the same without ADD's URL and archive magic"),
        ));
    }
}

/// DG010, DG011, DG012: apt-get without --no-install-recommends, lists left in a shipped layer, no cache.
fn apt(i: &Instruction, shipped: bool, out: &mut Vec<Raw>) {
    let cmds: Vec<Vec<String>> = shell::commands(&i.script())
        .into_iter()
        .filter(|a| matches!(a[0].as_str(), "apt-get" | "apt"))
        .collect();
    let sub = |a: &Vec<String>| a[1..].iter().find(|w| !w.starts_with('-')).cloned();
    let installs: Vec<&Vec<String>> = cmds
        .iter()
        .filter(|a| sub(a).as_deref() == Some("install"))
        .collect();
    if cmds.is_empty() {
        return;
    }
    let lean = |a: &&Vec<String>| {
        a.iter().any(|w| {
            w == "--no-install-recommends"
                || w.starts_with("APT::Install-Recommends=false")
                || w.starts_with("APT::Install-Recommends=0")
        })
    };
    if installs.iter().any(|a| !lean(a)) {
        out.push(Raw::new(
            "DG010",
            i.line,
            "`apt-get install` without `--no-install-recommends`".into(),
        ));
    }
    let mounts: Vec<String> = [i.mount_targets("cache"), i.mount_targets("tmpfs")].concat();
    let mounted = mounts
        .iter()
        .any(|t| t.starts_with("/var/lib/apt") || t.starts_with("/var/cache/apt"));
    let fetches = cmds
        .iter()
        .any(|a| matches!(sub(a).as_deref(), Some("update" | "install")));
    let cleaned = shell::commands(&i.script())
        .iter()
        .any(|a| a[0] == "rm" && a.iter().any(|w| w.contains("/var/lib/apt/lists")));
    if shipped && fetches && !mounted && !cleaned {
        out.push(Raw::new(
            "DG011",
            i.line,
            "apt package lists stay in this layer of the final image".into(),
        ));
    }
    if fetches && !mounted {
        out.push(Raw::new(
            "DG012",
            i.line,
            "apt-get runs without a cache mount for /var/cache/apt and /var/lib/apt".into(),
        ));
    }
}
