//! The image catalogue against the published tags: no registry is reachable, so every tag dockgen can
//! emit is checked against the official images' tag lists and the distroless image table in ../shared.

use dockgen::rules::Rules;
use std::path::PathBuf;

fn shared() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/official-images");
    assert!(
        dir.is_dir(),
        "{} is missing: the catalogue cannot be checked without it",
        dir.display()
    );
    dir
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

/// Images outside Docker Hub's official library and distroless, which ../shared has no tag lists for:
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
    let dir = shared();
    let mut missing = Vec::new();
    let mut checked = 0;
    for image in images().iter().filter(|i| !i.contains('/')) {
        let (repo, tag) = image.split_once(':').expect("tagged");
        let tags = std::fs::read_to_string(dir.join(format!("{repo}.tags")))
            .unwrap_or_else(|_| panic!("no tag list for {repo}"));
        checked += 1;
        if !tags.lines().any(|t| t == tag) {
            missing.push(image.clone());
        }
    }
    assert!(checked > 50, "only {checked} images checked");
    assert!(missing.is_empty(), "tags never published: {missing:?}");
}

#[test]
fn every_distroless_image_is_in_the_supported_table() {
    let table = std::fs::read_to_string(shared().join("distroless.md")).unwrap();
    for image in images()
        .iter()
        .filter(|i| i.starts_with("gcr.io/distroless/"))
    {
        let (name, tag) = image.split_once(':').unwrap();
        let row = table
            .lines()
            .find(|l| l.split('|').nth(1).map(str::trim) == Some(name));
        let row = row.unwrap_or_else(|| panic!("{name} is not a published distroless image"));
        assert!(row.contains(tag), "{image}: tag {tag} not published");
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
