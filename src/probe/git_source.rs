//! Dependencies fetched with git: where a manifest or lockfile names one (the stack's `[[git_source]]`
//! rows), the build stages need the git program, which slim build images lack.

use crate::error::Result;
use crate::facts::Facts;
use crate::rules::GitSource;
use crate::scan::Project;

/// The Debian package the build stages install for git dependencies.
pub const GIT_PACKAGE: &str = "git";

/// Ask for git in the build stages when one of the rows finds a git dependency, with the first one found as
/// evidence. Lockfiles are otherwise only checked for presence, so one this cannot read whole (over the size
/// limit, not UTF-8) is searched in its capped, lossy prefix instead of failing detection; a file that is not
/// what its row expects (package.json that is not JSON) is skipped: its stack's detector says what is wrong.
pub fn apply(project: &Project, rows: &[GitSource], facts: &mut Facts) -> Result<()> {
    for row in rows {
        let text = match project.read_opt(&row.file) {
            Ok(text) => text,
            Err(_) => project.read_source_opt(&row.file)?,
        };
        let Some(text) = text else {
            continue;
        };
        if let Some((source, what)) = find(row, &text) {
            if !facts.build_packages.iter().any(|p| p == GIT_PACKAGE) {
                facts.build_packages.push(GIT_PACKAGE.into());
            }
            facts.because(
                "build_packages",
                GIT_PACKAGE,
                source,
                format!("{what} is fetched with git, which the build image lacks"),
            );
            return Ok(());
        }
    }
    Ok(())
}

/// Where in `text` the row finds a git dependency: the source (`file:line`, or the file and the
/// dependency's name) and what it names.
pub fn find(row: &GitSource, text: &str) -> Option<(String, String)> {
    if row.sections.is_empty() {
        return find_line(row, text);
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    for section in &row.sections {
        let Some(deps) = json.get(section).and_then(|d| d.as_object()) else {
            continue;
        };
        for (name, spec) in deps {
            let Some(spec) = spec.as_str() else { continue };
            let marked = row.markers.iter().any(|m| spec.starts_with(m.as_str()));
            if marked || (row.shorthand && github_shorthand(spec)) {
                return Some((
                    format!("{} {section}.{name}", row.file),
                    format!("dependency {name} ({spec})"),
                ));
            }
        }
    }
    None
}

/// The first line (outside comments) holding one of the row's markers.
fn find_line(row: &GitSource, text: &str) -> Option<(String, String)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        if row
            .comment
            .as_deref()
            .is_some_and(|c| trimmed.starts_with(c))
        {
            return None;
        }
        let marker = row.markers.iter().find(|m| line.contains(m.as_str()))?;
        Some((
            format!("{}:{}", row.file, i + 1),
            format!("a dependency marked `{}`", marker.trim()),
        ))
    })
}

/// npm's GitHub shorthand: a dependency spec `owner/repo`, optionally `#ref`, with no protocol. No version
/// range holds a `/`, and a path starts with `.`, `/` or `~`.
fn github_shorthand(spec: &str) -> bool {
    let repo = spec.split('#').next().unwrap_or(spec);
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    word(owner) && word(name) && !owner.starts_with('.') && !spec.contains(':')
}

#[cfg(test)]
mod tests {
    use super::github_shorthand;

    #[test]
    fn shorthand_is_owner_and_repo_only() {
        assert!(github_shorthand("expressjs/express"));
        assert!(github_shorthand("owner/repo#v1.2.0"));
        assert!(!github_shorthand("^1.2.3"));
        assert!(!github_shorthand("../local/pkg"));
        assert!(!github_shorthand("file:libs/a"));
        assert!(!github_shorthand("npm:other@1"));
        assert!(!github_shorthand("https://example.com/a/b.tgz"));
        assert!(!github_shorthand("workspace:*"));
    }
}
