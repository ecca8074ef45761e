//! What a stack's rules file may carry beyond its detection tables, so that adding a stack edits nothing
//! shared: its image rows and the published tags they are checked against, the source files `verify`
//! edits, the dependency folders and lint examples `lint` uses.

use super::{EolRule, ImageRule};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A stack's own rows of the image catalogue (`[[image.build]]`, `[[image.runtime]]`, `[[image.eol]]`),
/// merged into the shared one (detectors/images.toml) when the rules load: build rows without a `language`
/// are the stack's own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackImages {
    #[serde(default)]
    pub build: Vec<ImageRule>,
    #[serde(default)]
    pub runtime: Vec<ImageRule>,
    #[serde(default)]
    pub eol: Vec<EolRule>,
}

/// The published tags of an image the stack's rows name, the repository's own compact copy (the shared
/// list, data/official-tags.toml, covers the images the first stacks use): tests/catalogue.rs checks
/// every tag the rows can emit against them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedTags {
    /// The repository (`dart`, `ghcr.io/gleam-lang/gleam`).
    pub image: String,
    /// Where the list comes from (the official images' library file, the project's release page).
    pub source: String,
    pub tags: Vec<String>,
}

/// What `dockgen lint` quotes in a fix for a Dockerfile of this stack, and the images it knows the stack
/// by (the same fields as lint.toml's `[[example]]`, plus the repositories of its toolchain images).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintExample {
    /// Repositories whose base images mark a file as this stack's (`dart`, a prefix ending in `*`).
    pub repos: Vec<String>,
    pub image: String,
    pub start: String,
    pub healthcheck: String,
    pub runtime: String,
    /// Build-toolchain repositories a single-stage image must not ship (lint's `toolchain-in-image`).
    #[serde(default)]
    pub toolchain_images: Vec<String>,
}

/// The side lists, by file ending: the line-comment marker `verify`'s cache check appends a comment with
/// (`".go" = "//"`).
pub type SourceComments = BTreeMap<String, String>;

/// Add every stack's own image rows to the shared catalogue; a build row without a `language` is the
/// stack's (named by `id`).
pub fn merge_images(catalogue: &mut super::Catalogue, id: &str, images: &StackImages) {
    for row in &images.build {
        let mut row = row.clone();
        row.language.get_or_insert_with(|| id.to_string());
        catalogue.build.push(row);
    }
    catalogue.runtime.extend(images.runtime.iter().cloned());
    catalogue.eol.extend(images.eol.iter().cloned());
}
