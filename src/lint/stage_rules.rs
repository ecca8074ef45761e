//! Rules about what the shipped image is: its bases, its user, its toolchain, how it starts.

use super::parse::{Dockerfile, Instruction};
use super::project::Context;
use super::rules::LintRules;
use super::{shell, Raw};

/// A base image reference split into repository and tag.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// Without `docker.io/` or `library/`, lowercased.
    pub repo: String,
    pub tag: Option<String>,
    pub digest: bool,
}

impl ImageRef {
    pub fn parse(image: &str) -> ImageRef {
        let lower = image.to_ascii_lowercase();
        let (name, digest) = match lower.split_once('@') {
            Some((n, _)) => (n.to_string(), true),
            None => (lower.clone(), false),
        };
        let slash = name.rfind('/').map_or(0, |p| p + 1);
        let (repo, tag) = match name[slash..].rfind(':') {
            Some(p) => (
                name[..slash + p].to_string(),
                Some(name[slash + p + 1..].to_string()),
            ),
            None => (name.clone(), None),
        };
        let repo = repo
            .trim_start_matches("docker.io/")
            .trim_start_matches("index.docker.io/")
            .trim_start_matches("library/")
            .to_string();
        ImageRef { repo, tag, digest }
    }

    /// The tag, empty when untagged.
    pub fn tag_str(&self) -> &str {
        self.tag.as_deref().unwrap_or("")
    }

    /// A build toolchain: a toolchain repository, unless its tag names a runtime (Temurin's `-jre`).
    fn is_toolchain(&self, rules: &LintRules) -> bool {
        let images = &rules.images;
        images.toolchain.contains(&self.repo)
            && !images
                .runtime_tags
                .iter()
                .any(|w| self.tag_str().contains(w.as_str()))
    }

    /// A base that runs as a non-root user without a USER line.
    fn is_nonroot(&self, rules: &LintRules) -> bool {
        rules
            .images
            .nonroot
            .iter()
            .any(|p| p.matches(&self.repo, self.tag_str()))
    }

    /// A base with no shell and no package manager (images.toml's `[bases]`).
    pub fn is_shellless(&self) -> bool {
        crate::stacks::rules().is_ok_and(|r| {
            r.images
                .bases
                .shellless
                .iter()
                .any(|p| p.matches(&self.repo, self.tag_str()))
        })
    }

    fn is_small(&self, rules: &LintRules) -> bool {
        let tag = self.tag.as_deref().unwrap_or("");
        rules
            .images
            .small_tags
            .iter()
            .any(|w| tag.contains(w.as_str()) || self.repo.contains(w.as_str()))
    }

    /// The version at the start of the tag (`22` of `22-bookworm`), if any.
    fn version(&self) -> Option<String> {
        let v: String = self
            .tag
            .as_deref()?
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        (!v.is_empty()).then_some(v)
    }
}

/// The image the final stage starts from, following `FROM <stage>` back to a real image.
fn root_image(df: &Dockerfile, chain: &[usize]) -> Option<(usize, String)> {
    let first = *chain.first()?;
    df.stages[first]
        .image
        .clone()
        .map(|im| (df.stages[first].line, im))
}

pub fn check(df: &Dockerfile, ctx: &Context, rules: &LintRules, out: &mut Vec<Raw>) {
    unpinned(df, out);
    duplicate_names(df, out);
    shellless(df, rules, out);
    let chain = df.final_chain();
    let Some(last) = chain.last().map(|i| &df.stages[*i]) else {
        return;
    };
    let final_instrs: Vec<&Instruction> = df.instructions_of(&chain).collect();
    user(df, &chain, last.line, &final_instrs, rules, out);
    let toolchain = toolchain(df, &chain, &final_instrs, rules, out);
    if !toolchain {
        full_os(df, &chain, ctx, rules, out);
    }
    for kw in ["CMD", "ENTRYPOINT"] {
        if let Some(i) = final_instrs.iter().rev().find(|i| i.keyword == kw) {
            // `CMD exec gunicorn …`: the shell replaces itself with the app, which then gets the signals.
            let execs = shell::words(&i.args).first().map(String::as_str) == Some("exec");
            if i.exec().is_none() && !execs {
                out.push(Raw::new("DG013", i.line, format!("{kw} in shell form: the app runs under /bin/sh -c and does not receive SIGTERM")));
            }
        }
    }
    if !final_instrs.iter().any(|i| i.keyword == "HEALTHCHECK") {
        out.push(Raw::new(
            "DG014",
            last.line,
            "the final stage has no HEALTHCHECK".into(),
        ));
    }
}

/// DG004: every FROM of a real image needs a tag other than `latest`, or a digest.
fn unpinned(df: &Dockerfile, out: &mut Vec<Raw>) {
    for s in &df.stages {
        let Some(image) = &s.image else { continue };
        if s.parent.is_some() || image.eq_ignore_ascii_case("scratch") {
            continue;
        }
        let r = ImageRef::parse(image);
        match r.tag.as_deref() {
            _ if r.digest => {}
            None => out.push(Raw::new(
                "DG004",
                s.line,
                format!("base image `{image}` has no tag, so it means `latest`"),
            )),
            Some("latest") => out.push(Raw::new(
                "DG004",
                s.line,
                format!("base image `{image}` is tagged `latest`"),
            )),
            Some(_) => {}
        }
    }
}

/// DG001 and DG002: the user the shipped image runs as.
fn user(
    df: &Dockerfile,
    chain: &[usize],
    final_line: usize,
    instrs: &[&Instruction],
    rules: &LintRules,
    out: &mut Vec<Raw>,
) {
    let Some(u) = instrs.iter().rev().find(|i| i.keyword == "USER") else {
        let image = root_image(df, chain).map(|(_, im)| im).unwrap_or_default();
        let nonroot = ImageRef::parse(&image).is_nonroot(rules);
        if !nonroot && !image.is_empty() {
            out.push(Raw::new(
                "DG001",
                final_line,
                format!("the final stage never sets USER, so it runs as root (the default of `{image}`)"),
            ));
        }
        return;
    };
    let value = u.args.trim();
    if value.contains('$') {
        return;
    }
    let (uid, gid) = value.split_once(':').unwrap_or((value, ""));
    if uid == "0" || uid == "root" {
        out.push(Raw::new(
            "DG001",
            u.line,
            format!("`USER {value}`: the final stage runs as root"),
        ));
        return;
    }
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !numeric(uid) || !(gid.is_empty() || numeric(gid)) {
        out.push(Raw::new(
            "DG002",
            u.line,
            format!("`USER {value}` is not numeric"),
        ));
    }
}

/// DG003: an image built where it ships (nothing copied from another stage) carrying a toolchain.
fn toolchain(
    df: &Dockerfile,
    chain: &[usize],
    instrs: &[&Instruction],
    rules: &LintRules,
    out: &mut Vec<Raw>,
) -> bool {
    let copies_in = instrs
        .iter()
        .any(|i| i.keyword == "COPY" && i.flag("from").is_some());
    let Some((line, image)) = root_image(df, chain) else {
        return false;
    };
    if copies_in {
        return false;
    }
    let r = ImageRef::parse(&image);
    let evidence = if r.is_toolchain(rules) {
        Some(format!("its base `{image}` is a toolchain image"))
    } else {
        instrs
            .iter()
            .filter(|i| i.keyword == "RUN")
            .find_map(|i| build_evidence(i, rules))
    };
    let Some(evidence) = evidence else {
        return false;
    };
    out.push(Raw::new(
        "DG003",
        line,
        format!("single-stage image ships its build toolchain: {evidence}"),
    ));
    true
}

fn build_evidence(i: &Instruction, rules: &LintRules) -> Option<String> {
    for argv in shell::commands(&i.script()) {
        if let Some(p) = rules
            .commands
            .build
            .iter()
            .find(|p| shell::matches(&argv, p))
        {
            return Some(format!(
                "it runs `{}` (line {})",
                p.trim_end_matches(" *"),
                i.line
            ));
        }
        let installs = matches!(argv[0].as_str(), "apt-get" | "apt" | "apk" | "dnf" | "yum");
        if let Some(pkg) = argv[1..]
            .iter()
            .find(|a| installs && rules.commands.compiler_packages.contains(a))
        {
            return Some(format!("it installs `{pkg}` (line {})", i.line));
        }
    }
    None
}

/// DG005: the runtime base is a full OS, or a language image's full variant, where a small one exists.
fn full_os(df: &Dockerfile, chain: &[usize], ctx: &Context, rules: &LintRules, out: &mut Vec<Raw>) {
    let Some((line, image)) = root_image(df, chain) else {
        return;
    };
    let r = ImageRef::parse(&image);
    let images = &rules.images;
    // `rust:1.82-slim` and `golang:1.24-alpine` are small, but still compilers.
    if r.is_small(rules) && !r.is_toolchain(rules) {
        return;
    }
    // The base dockgen itself picks for the app (`eclipse-temurin:11-jre-noble`, a JRE from a repository
    // that also publishes JDKs) is never worse than itself.
    if ctx.runtime.as_deref() == Some(image.as_str()) {
        return;
    }
    // What serves the artifact: the project's runtime base, else the one the image itself implies, else
    // the one implied by the build stage the artifact is copied from (a Go binary onto ubuntu).
    let better = ctx
        .runtime
        .clone()
        .or_else(|| suggestion(&r))
        .or_else(|| copied_from(df, chain).find_map(|b| suggestion(&ImageRef::parse(&b))));
    let kind = if r.is_toolchain(rules) {
        "a toolchain image"
    } else if images.language.contains(&r.repo) {
        "a full Debian image"
    } else if images.full_os.contains(&r.repo) && better.is_some() {
        "a full operating system"
    } else {
        return;
    };
    // Only the language images publish `-slim` siblings; a toolchain's artifact belongs on a runtime base.
    let better = match better {
        Some(b) => format!("; `{b}` serves this app"),
        None if images.language.contains(&r.repo) => format!("; use a `{}:…-slim` tag", r.repo),
        None => {
            "; copy the built artifact into a runtime base (a JRE, distroless, or a slim image)"
                .into()
        }
    };
    out.push(Raw::new(
        "DG005",
        line,
        format!("runtime base `{image}` is {kind}{better}"),
    ));
}

/// DG018: a stage name used twice; the later stage is the one reported.
fn duplicate_names(df: &Dockerfile, out: &mut Vec<Raw>) {
    for (i, s) in df.stages.iter().enumerate() {
        let Some(name) = &s.name else { continue };
        if let Some(first) = df.stages[..i]
            .iter()
            .find(|p| p.name.as_ref() == Some(name))
        {
            out.push(Raw::new(
                "DG018",
                s.line,
                format!(
                    "stage name `{name}` is already used by the stage at line {}",
                    first.line
                ),
            ));
        }
    }
}

/// The real image a stage starts from, following `FROM <stage>` back.
fn stage_root(df: &Dockerfile, mut at: usize) -> Option<&str> {
    while let Some(p) = df.stages[at].parent {
        at = p;
    }
    df.stages[at].image.as_deref()
}

/// DG017: a RUN in a stage whose base has no shell: shell form (or a heredoc) needs /bin/sh, and a
/// package manager in exec form is not there either.
fn shellless(df: &Dockerfile, rules: &LintRules, out: &mut Vec<Raw>) {
    for s in &df.stages {
        let Some(image) = stage_root(df, s.index) else {
            continue;
        };
        if !ImageRef::parse(image).is_shellless() {
            continue;
        }
        for i in s.instructions.iter().map(|i| &df.instructions[*i]) {
            if i.keyword != "RUN" {
                continue;
            }
            let message = match i.exec() {
                Some(argv) if i.heredocs.is_empty() => {
                    let program = argv.first().map(|p| p.rsplit('/').next().unwrap_or(p));
                    match program.filter(|p| rules.images.package_managers.iter().any(|m| m == p)) {
                        Some(p) => format!(
                            "`{p}` runs in a stage on `{image}`, which has no package manager"
                        ),
                        None => continue,
                    }
                }
                _ => format!("RUN in shell form needs /bin/sh, which `{image}` does not have"),
            };
            out.push(Raw::new("DG017", i.line, message));
        }
    }
}

/// The base images of the stages the final stage copies from (`COPY --from=build`).
fn copied_from<'a>(df: &'a Dockerfile, chain: &'a [usize]) -> impl Iterator<Item = String> + 'a {
    let last = chain.last().copied().unwrap_or(0);
    df.instructions_of(chain)
        .filter_map(move |i| i.flag("from").and_then(|f| df.stage_ref(f, last)))
        .filter_map(move |s| {
            let mut at = s;
            while let Some(p) = df.stages[at].parent {
                at = p;
            }
            df.stages[at].image.clone()
        })
}

/// The runtime base dockgen's catalogue holds for the artifact a base image implies.
fn suggestion(r: &ImageRef) -> Option<String> {
    let (artifact, default) = match r.repo.as_str() {
        "golang" => ("static-binary", ""),
        "rust" => ("glibc-binary", ""),
        "node" => ("node", "24"),
        "python" => ("python", "3.13"),
        "eclipse-temurin" => ("java", "21"),
        _ => return None,
    };
    let version = r.version().unwrap_or_else(|| default.to_string());
    let rules = crate::stacks::rules().ok()?;
    rules
        .images
        .runtime(crate::facts::ArtifactKind::named(artifact), &version)
        .map(|(_, image, _)| image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("docker.io/library/node:22@sha256:abc");
        assert_eq!(r.repo, "node");
        assert_eq!(r.tag.as_deref(), Some("22"));
        assert!(r.digest);
        let r = ImageRef::parse("localhost:5000/team/app");
        assert_eq!(r.repo, "localhost:5000/team/app");
        assert_eq!(r.tag, None);
    }

    #[test]
    fn images_that_run_as_non_root_or_without_a_shell() {
        let rules = LintRules::get().unwrap();
        let nonroot = |i: &str| ImageRef::parse(i).is_nonroot(rules);
        assert!(nonroot("nginxinc/nginx-unprivileged:1.27-alpine"));
        assert!(nonroot(
            "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled"
        ));
        assert!(nonroot("gcr.io/distroless/static-debian13:nonroot"));
        assert!(!nonroot("nginx:1.27-alpine"));
        assert!(!nonroot("mcr.microsoft.com/dotnet/aspnet:9.0-noble"));
        assert!(!nonroot("gcr.io/distroless/nodejs22-debian13@sha256:abc"));
        let shellless = |i: &str| ImageRef::parse(i).is_shellless();
        assert!(shellless("gcr.io/distroless/nodejs22-debian13@sha256:abc"));
        assert!(shellless(
            "mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled"
        ));
        assert!(!shellless(
            "gcr.io/distroless/static-debian13:debug-nonroot"
        ));
        assert!(!shellless("node:24-trixie-slim"));
    }
}
