//! The .dockerignore every plan shares: version control, secrets, container files, and the stack's own
//! dependency and build folders; plus the secret patterns a scanned project calls for.

use super::IgnoreBlock;

/// Secret files excluded from every build context. Docker matches .dockerignore patterns from the context
/// root only (`*.key` does not exclude `certs/server.key`), so [`secret_patterns`] adds a `**/` form for
/// each of these a project holds in a sub-folder.
const SECRETS: &[&str] = &[
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "id_rsa*",
    "id_ed25519*",
    "id_ecdsa*",
    ".aws",
    ".ssh",
    ".netrc",
    "secrets",
    "credentials*.json",
];

/// Credential files excluded when present: tool configuration that often holds a registry token. Listed
/// only when the project has one, so a project without them keeps the shorter .dockerignore.
const CREDENTIAL_FILES: &[&str] = &[".npmrc", ".pypirc", ".git-credentials"];

/// The extra .dockerignore patterns `files` (a scanned project's paths) call for: `**/<pattern>` for a
/// secret in a sub-folder, and each credential file present (at the root and, nested, as `**/<name>`).
pub fn secret_patterns<'a>(files: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    // Runs over every scanned path (100,000-file trees included), so no allocation per path.
    for f in files {
        let Some((dirs, name)) = f.rsplit_once('/') else {
            if CREDENTIAL_FILES.contains(&f) {
                add(f.to_string());
            }
            continue;
        };
        // File patterns match the name; folder patterns (.aws, secrets) a folder below the top level,
        // since the fixed list already covers the top level.
        for pat in SECRETS {
            if one_star(pat, name)
                || !pat.contains('*') && dirs.split('/').skip(1).any(|d| d == *pat)
            {
                add(format!("**/{pat}"));
            }
        }
        if CREDENTIAL_FILES.contains(&name) {
            add(format!("**/{name}"));
        }
    }
    out
}

/// Glob matching for patterns with at most one `*`, as the fixed secret patterns are.
fn one_star(pat: &str, s: &str) -> bool {
    match pat.split_once('*') {
        None => pat == s,
        Some((pre, post)) => {
            s.len() >= pre.len() + post.len() && s.starts_with(pre) && s.ends_with(post)
        }
    }
}

pub fn ignore_blocks(
    stack: &crate::rules::StackRules,
    secret_files: &[(String, String)],
    found: &[String],
) -> Vec<IgnoreBlock> {
    let block = |c: &str, p: &[&str]| IgnoreBlock {
        comment: c.into(),
        patterns: p.iter().map(|s| s.to_string()).collect(),
    };
    let mut blocks = vec![
        block(
            "Version control and editor state never belongs in an image",
            &[
                ".git",
                ".gitignore",
                ".gitattributes",
                ".hg",
                ".svn",
                ".idea",
                ".vscode",
                "*.swp",
                ".DS_Store",
            ],
        ),
        block(
            "Secrets stay out of the build context, so no layer can leak them",
            SECRETS,
        ),
        block(
            "Container and CI files: editing them must not invalidate the source layers",
            &[
                "Dockerfile*",
                ".dockerignore",
                "docker-compose*.yml",
                "compose*.yaml",
                ".github",
                ".gitlab-ci.yml",
                ".dockgen",
            ],
        ),
        IgnoreBlock {
            comment: format!(
                "Local dependencies and build output of {}: the image builds its own",
                stack.toolchain.name
            ),
            patterns: stack.ignore.clone(),
        },
    ];
    // Secret files the build mounts (.npmrc) must not also travel in the context, nor those found deeper.
    let secrets = &mut blocks[1].patterns;
    for p in secret_files.iter().map(|(_, f)| f).chain(found) {
        if !secrets.contains(p) {
            secrets.push(p.clone());
        }
    }
    blocks
}

/// Keep committed configuration the build reads (`files`: `.env.production`, Symfony's `.env`) in the
/// context: a `!` exception after the secret patterns, which would otherwise drop it. The files that hold
/// local secrets by each tool's convention (`.env.local`, `.env.production.local`) stay excluded.
pub fn keep_build_config(blocks: &mut [IgnoreBlock], files: &[String]) {
    let Some(secrets) = blocks
        .iter_mut()
        .find(|b| b.patterns.iter().any(|p| p == ".env"))
    else {
        return;
    };
    for f in files {
        let keep = format!("!{f}");
        if !secrets.patterns.contains(&keep) {
            secrets.patterns.push(keep);
        }
    }
}
