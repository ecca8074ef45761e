//! The image catalogue against the published tags: no registry is reachable, so every tag dockgen can
//! emit is checked against data/official-tags.toml, the repository's own list of the official images' and
//! distroless images' published tags (scripts/refresh-tags.py regenerates it from the library files).

use dockgen::rules::Rules;
use std::collections::BTreeMap;

/// data/official-tags.toml: official image -> published tags, distroless image -> tags (its `date` is
/// checked by tests/shell.rs, through `--version`).
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

/// Every concrete image the catalogue can produce.
fn images() -> Vec<String> {
    let rules = Rules::get().unwrap();
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
        "Microsoft's .NET images live on mcr.microsoft.com, outside the official library; `<x.y>-noble-chiseled` tags confirmed in dotnet-docker's docs and samples",
    ),
    (
        "mcr.microsoft.com/dotnet/runtime",
        "Microsoft's .NET images live on mcr.microsoft.com, outside the official library; `<x.y>-noble-chiseled` tags confirmed in dotnet-docker's docs and samples",
    ),
];

#[test]
fn every_image_is_checked_or_listed_as_unchecked() {
    for image in images() {
        let repo = image.split_once(':').map_or(image.as_str(), |(r, _)| r);
        let official = !repo.contains('/');
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
    let published = published();
    let mut missing = Vec::new();
    let mut checked = 0;
    for image in images().iter().filter(|i| !i.contains('/')) {
        let (repo, tag) = image.split_once(':').expect("tagged");
        let tags = published.tags.get(repo).unwrap_or_else(|| {
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
