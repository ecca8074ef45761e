//! The image catalogue against the published tags: no registry is reachable, so every tag dockgen can
//! emit is checked against data/official-tags.toml, the repository's own list of the official images' and
//! distroless images' published tags (scripts/refresh-tags.py regenerates it from the library files).

use std::collections::BTreeMap;

/// data/official-tags.toml: official image -> published tags, distroless image -> tags (its `date` is
/// checked by tests/it/shell.rs, through `--version`).
#[derive(serde::Deserialize)]
struct Published {
    tags: BTreeMap<String, Vec<String>>,
    distroless: BTreeMap<String, Vec<String>>,
}

fn published() -> Published {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/official-tags.toml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Published tags by repository: the shared list's, and those each stack's rules carry for its own images
/// (`[[published]]`), so a stack's image rows are checked like the shared catalogue's.
fn all_tags() -> BTreeMap<String, Vec<String>> {
    let mut tags = published().tags;
    for stack in &dockgen::stacks::rules().unwrap().stacks {
        for p in &stack.published {
            assert!(
                !p.source.is_empty() && !p.tags.is_empty(),
                "detectors/{}.toml: published {} needs its tags and their source",
                stack.id.as_str(),
                p.image
            );
            tags.entry(p.image.clone())
                .or_default()
                .extend(p.tags.iter().cloned());
        }
    }
    tags
}

/// Every concrete image the catalogue can produce.
fn images() -> Vec<String> {
    let rules = dockgen::stacks::rules().unwrap();
    let mut out = Vec::new();
    for rule in rules.images.build.iter().chain(&rules.images.runtime) {
        out.extend(rule.concrete());
    }
    out
}

/// Images outside Docker Hub's official library and distroless, which the tag data does not cover:
/// each repository with the reason it cannot be checked here. Every other image must be checked.
const UNCHECKED: &[(&str, &str)] = &[
    (
        "oven/bun",
        "Bun's own images are not in the official library; tags follow Bun's x.y releases",
    ),
    (
        "denoland/deno",
        "Deno's own images are not in the official library; lines are pinned to releases seen published",
    ),
    (
        "mcr.microsoft.com/dotnet/sdk",
        "Microsoft's .NET images live on mcr.microsoft.com, outside the official library; `<x.y>-noble` tags confirmed in dotnet-docker's docs and samples",
    ),
    (
        "mcr.microsoft.com/dotnet/aspnet",
        "Microsoft's .NET images live on mcr.microsoft.com, outside the official library; `<x.y>-noble-chiseled` and `-noble-chiseled-extra` tags confirmed in dotnet-docker's docs and samples",
    ),
    (
        "mcr.microsoft.com/dotnet/runtime",
        "Microsoft's .NET images live on mcr.microsoft.com, outside the official library; `<x.y>-noble-chiseled` and `-noble-chiseled-extra` tags confirmed in dotnet-docker's docs and samples",
    ),
    (
        "ghcr.io/astral-sh/uv",
        "uv's own image on GitHub's registry, outside the official library; tagged with every uv release (`<x.y.z>`), pinned to the uv release on PyPI",
    ),
];

#[test]
fn every_image_is_checked_or_listed_as_unchecked() {
    let tags = all_tags();
    for image in images() {
        let repo = image.split_once(':').map_or(image.as_str(), |(r, _)| r);
        let official = !repo.contains('/') || tags.contains_key(repo);
        let distroless = repo.starts_with("gcr.io/distroless/");
        let unchecked = UNCHECKED.iter().any(|(r, _)| *r == repo);
        assert!(
            official || distroless || unchecked,
            "{image}: not an official or distroless image, and not listed in UNCHECKED with a reason"
        );
        assert!(
            !(official && unchecked),
            "{image}: official images are always checked"
        );
    }
}

#[test]
fn every_official_image_tag_was_published() {
    let published = all_tags();
    let mut missing = Vec::new();
    let mut checked = 0;
    for image in images().iter() {
        let (repo, tag) = image.rsplit_once(':').expect("tagged");
        if repo.contains('/') && !published.contains_key(repo) {
            continue;
        }
        let tags = published.get(repo).unwrap_or_else(|| {
            panic!(
                "no tag list for {repo}: run scripts/refresh-tags.py on the official images' files"
            )
        });
        checked += 1;
        if !tags.iter().any(|t| t == tag) {
            missing.push(image.clone());
        }
    }
    assert!(checked > 50, "only {checked} images checked");
    assert!(missing.is_empty(), "tags never published: {missing:?}");
}

#[test]
fn every_distroless_image_is_in_the_supported_table() {
    let table = published().distroless;
    for image in images()
        .iter()
        .filter(|i| i.starts_with("gcr.io/distroless/"))
    {
        let (name, tag) = image.split_once(':').unwrap();
        let tags = table
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not a published distroless image"));
        assert!(
            tags.iter().any(|t| t == tag),
            "{image}: tag {tag} not published"
        );
        assert!(
            name.ends_with("-debian13"),
            "{image}: Debian 12 distroless images reached end of life in September 2026"
        );
    }
}

#[test]
fn no_image_is_latest_or_untagged() {
    for image in images() {
        let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
        assert!(!tag.is_empty() && tag != "latest", "{image}");
    }
}

/// scripts/refresh-tags.py against the committed list: fed tag lists holding the committed tags plus tags of
/// other shapes (patch releases, other variants, `latest`), it writes the committed file back byte for byte,
/// so the script keeps exactly the catalogue's shapes and the file is in the form the script writes.
#[test]
fn the_tag_list_is_what_the_refresh_script_writes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("data/official-tags.toml")).unwrap();
    let data: toml::Table = toml::from_str(&committed).unwrap();
    let source = tempfile::tempdir().unwrap();
    for (repo, tags) in published().tags {
        let mut lines = tags.clone();
        lines.extend(["latest", "1.2.3-trixie", "9.9-windowsservercore"].map(String::from));
        lines.extend(tags.iter().map(|t| format!("{t}-onbuild")));
        std::fs::write(
            source.path().join(format!("{repo}.tags")),
            lines.join("\n") + "\n",
        )
        .unwrap();
    }
    let table: String = published()
        .distroless
        .iter()
        .map(|(image, tags)| format!("| {image} | {} | amd64 |\n", tags.join(", ")))
        .collect();
    std::fs::write(source.path().join("distroless.md"), table).unwrap();
    let out = source.path().join("out.toml");
    let status = std::process::Command::new(if cfg!(windows) { "python" } else { "python3" })
        .arg(root.join("scripts/refresh-tags.py"))
        .arg(source.path())
        .args(["--date", data["date"].as_str().unwrap(), "--out"])
        .arg(&out)
        .status()
        .expect("python3 runs scripts/refresh-tags.py");
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        committed,
        "data/official-tags.toml differs from what scripts/refresh-tags.py writes"
    );
}

#[test]
fn a_toolchain_line_without_a_build_image_is_refused_with_the_lines_that_have_one() {
    let p = crate::common::Project::node();
    let out = p
        .dockgen(&["plan", "--toolchain-version", "99"])
        .failure()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    let known = dockgen::stacks::rules()
        .unwrap()
        .stack(dockgen::stacks::node::ID)
        .toolchain
        .known
        .join(", ");
    assert!(!known.is_empty());
    assert!(
        err.contains(&format!(
            ": no node image is known for version 99; pass --toolchain-version with one of {known}\n"
        )),
        "{err}"
    );
}

#[test]
fn the_missing_image_errors_carry_what_was_looked_for() {
    let build = dockgen::Error::NoBuildImage {
        path: "app".into(),
        toolchain: "node".into(),
        version: "99".into(),
        known: vec!["22".into(), "24".into()],
    };
    assert_eq!(
        build.to_string(),
        "app: no node image is known for version 99; pass --toolchain-version with one of 22, 24"
    );
    let bare = dockgen::Error::NoBuildImage {
        path: "app".into(),
        toolchain: "zig".into(),
        version: "0.1".into(),
        known: Vec::new(),
    };
    assert_eq!(
        bare.to_string(),
        "app: no zig image is known for version 0.1; pass --toolchain-version"
    );
    let runtime = dockgen::Error::NoRuntimeImage {
        path: "app".into(),
        artifact: dockgen::facts::ArtifactKind::new("dotnet-aspnet"),
        version: "7.0".into(),
    };
    assert_eq!(
        runtime.to_string(),
        "app: no runtime image is known for dotnet-aspnet 7.0"
    );
    assert_eq!(runtime.exit_code(), 1);
}
