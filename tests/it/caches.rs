//! Cache mounts shared by stages that BuildKit runs at once: tools that do not wait for each other on a
//! shared cache (apt's lock, yarn classic's unlocked cache) get `sharing=locked`; tools that lock their
//! own caches keep the default sharing.

use crate::common;

use common::{dockerfile, Project};

/// Every `--mount=type=cache,…` of the Dockerfile whose target starts with `target`.
fn mounts<'a>(df: &'a str, target: &str) -> Vec<&'a str> {
    df.split_whitespace()
        .filter(|w| w.starts_with(&format!("--mount=type=cache,target={target}")))
        .collect()
}

#[test]
fn apt_and_yarn_classic_caches_are_locked_and_npm_s_is_not() {
    let psycopg = dockerfile(&Project::example("python-psycopg2-flask"), &[]);
    let apt = mounts(&psycopg, "/var/");
    // The build stage's headers and the runtime's libpq, in two stages BuildKit runs at once.
    assert_eq!(apt.len(), 4, "{psycopg}");
    assert!(
        apt.iter().all(|m| m.ends_with(",sharing=locked")),
        "{psycopg}"
    );

    let yarn = dockerfile(&Project::example("node-nest-yarn"), &[]);
    let cache = mounts(&yarn, "/usr/local/share/.cache/yarn");
    assert_eq!(cache.len(), 2, "{yarn}");
    assert!(
        cache.iter().all(|m| m.ends_with(",sharing=locked")),
        "{yarn}"
    );

    let npm = dockerfile(&Project::example("node-express-npm"), &[]);
    let cache = mounts(&npm, "/root/.npm");
    assert!(
        !cache.is_empty() && cache.iter().all(|m| !m.contains("sharing")),
        "{npm}"
    );
}
