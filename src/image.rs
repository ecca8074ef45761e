//! Image references a person gives (`--runtime-image`, the prompt, dockgen.toml): parsed by the
//! distribution reference grammar (oci-spec's port of it), matched against the catalogue by repository,
//! and described by what their names tell (no shell, musl).

use serde::Deserialize;

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageName {
    /// As typed.
    pub text: String,
    /// The repository as Docker Hub users write it: `node`, `nginxinc/nginx-unprivileged`,
    /// `gcr.io/distroless/nodejs22-debian13` (no `docker.io/`, no `library/`), lowercased.
    pub repo: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageName {
    /// Parse `[registry/]repository[:tag][@algorithm:hex]`; the error is one line saying what is wrong.
    pub fn parse(text: &str) -> Result<ImageName, String> {
        let t = text.trim();
        let why = if t.is_empty() {
            "it is empty".to_string()
        } else if t.chars().any(char::is_whitespace) {
            "it contains a space".to_string()
        } else {
            match t.parse::<oci_spec::distribution::Reference>() {
                Ok(r) => return Ok(ImageName::from_reference(t, &r)),
                Err(e) => e.to_string(),
            }
        };
        Err(format!(
            "`{text}` is not an image reference ({why}): write [registry/]repository[:tag][@sha256:<digest>], e.g. gcr.io/distroless/nodejs22-debian13:nonroot"
        ))
    }

    fn from_reference(text: &str, r: &oci_spec::distribution::Reference) -> ImageName {
        let repo = match r.registry() {
            "docker.io" | "index.docker.io" => r
                .repository()
                .strip_prefix("library/")
                .unwrap_or(r.repository())
                .to_string(),
            registry => format!("{registry}/{}", r.repository()),
        };
        // oci-spec fills in `latest` for a bare name; an absent tag is kept absent.
        let typed_tag = text.rsplit('/').next().unwrap_or(text);
        let typed_tag = typed_tag
            .split('@')
            .next()
            .unwrap_or(typed_tag)
            .contains(':');
        ImageName {
            text: text.to_string(),
            repo: repo.to_ascii_lowercase(),
            tag: r.tag().filter(|_| typed_tag).map(str::to_string),
            digest: r.digest().map(str::to_string),
        }
    }

    /// The tag, empty when there is none.
    pub fn tag_str(&self) -> &str {
        self.tag.as_deref().unwrap_or("")
    }

    /// Whether any of `patterns` describes this image.
    pub fn is(&self, patterns: &[ImagePattern]) -> bool {
        patterns
            .iter()
            .any(|p| p.matches(&self.repo, self.tag_str()))
    }

    /// Whether this image is of the repository a catalogue template names, whatever the tag, digest
    /// or version in the name (`gcr.io/distroless/nodejs20-debian13` is `gcr.io/distroless/nodejs{v}-debian13`'s).
    pub fn is_of_template(&self, template: &str) -> bool {
        // A letter run no repository holds stands for the version while the template parses.
        let Ok(t) = ImageName::parse(&template.replace("{v}", "vvvv")) else {
            return false;
        };
        match t.repo.split_once("vvvv") {
            None => t.repo == self.repo,
            Some((pre, post)) => self
                .repo
                .strip_prefix(pre)
                .and_then(|r| r.strip_suffix(post))
                .is_some_and(|v| {
                    !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')
                }),
        }
    }
}

/// Images by repository and tag words: `repo` exact or a prefix ending in `*` (any when absent), `tag` a
/// word the tag must contain, `not_tag` one it must not.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagePattern {
    #[serde(default)]
    pub repo: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub not_tag: Option<String>,
}

impl ImagePattern {
    /// Whether the repository `repo` (as [`ImageName::repo`]) with `tag` (empty when untagged) matches.
    pub fn matches(&self, repo: &str, tag: &str) -> bool {
        repo_matches(self.repo.as_deref(), repo)
            && self.tag.as_deref().is_none_or(|t| tag.contains(t))
            && self.not_tag.as_deref().is_none_or(|t| !tag.contains(t))
    }
}

/// `pattern` is a repository, or a prefix ending in `*`; `None` matches any.
pub fn repo_matches(pattern: Option<&str>, repo: &str) -> bool {
    match pattern {
        None => true,
        Some(p) => match p.strip_suffix('*') {
            Some(prefix) => repo.starts_with(prefix),
            None => repo == p,
        },
    }
}

/// images.toml `[bases]`: what a base's name tells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bases {
    pub shellless: Vec<ImagePattern>,
    pub musl: Vec<ImagePattern>,
    /// Artifact kinds that link glibc: refused on a musl base.
    pub musl_refuse: Vec<crate::facts::ArtifactKind>,
    /// Artifact kinds that may carry glibc-built native modules: warned about on a musl base.
    pub musl_warn: Vec<crate::facts::ArtifactKind>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_by_the_distribution_grammar() {
        let n = ImageName::parse("gcr.io/distroless/nodejs22-debian13@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(n.repo, "gcr.io/distroless/nodejs22-debian13");
        assert_eq!(n.tag, None);
        assert!(n.digest.as_deref().unwrap().starts_with("sha256:0123"));
        let n = ImageName::parse("docker.io/library/node:22-alpine").unwrap();
        assert_eq!((n.repo.as_str(), n.tag_str()), ("node", "22-alpine"));
        let n = ImageName::parse("localhost:5000/team/app").unwrap();
        assert_eq!(
            (n.repo.as_str(), n.tag.as_deref()),
            ("localhost:5000/team/app", None)
        );
        for bad in [
            "my image!!",
            "",
            "Node:22",
            "node:22@sha256:abc",
            "node::22",
            "-node",
        ] {
            let e = ImageName::parse(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("`{bad}` is not an image reference")),
                "{e}"
            );
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn templates_match_by_repository() {
        let of = |i: &str, t: &str| ImageName::parse(i).unwrap().is_of_template(t);
        let distroless = "gcr.io/distroless/nodejs{v}-debian13:nonroot";
        assert!(of("gcr.io/distroless/nodejs20-debian13@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", distroless));
        assert!(!of("gcr.io/distroless/nodejs-debian13", distroless));
        assert!(of("node:22-alpine", "node:{v}-trixie-slim"));
        assert!(of("docker.io/library/node", "node:{v}-trixie-slim"));
        assert!(!of("example.com/team/base:1", "node:{v}-trixie-slim"));
    }
}
