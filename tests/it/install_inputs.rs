//! Issue 16's findings without a test before: install inputs besides the manifests (pnpm's .pnpmfile.cjs
//! hooks, patch-package's and pnpm's/bun's patches/) are copied before the install, and the static
//! server's own redirects do not name its internal port.

use crate::common;

use common::{dockerfile, Project};

/// The text between the last manifest COPY and the install RUN of the first stage.
fn before_install(df: &str, install: &str) -> String {
    let at = df.find(install).expect(install);
    df[..at].to_string()
}

#[test]
fn pnpm_hooks_and_patches_are_copied_before_the_install() {
    let p = Project::example("node-fastify-pnpm")
        .file(".pnpmfile.cjs", "module.exports = { hooks: {} };\n")
        .file("patches/fastify@5.0.0.patch", "--- a\n+++ b\n");
    let df = dockerfile(&p, &[]);
    let head = before_install(&df, "pnpm install --frozen-lockfile");
    assert!(
        head.contains("COPY package.json pnpm-lock.yaml .pnpmfile.cjs ./"),
        "{df}"
    );
    // A folder is copied as itself, not its files into the app's root.
    assert!(head.contains("COPY patches/ ./patches/"), "{df}");
}

#[test]
fn patch_package_patches_reach_npm_s_install_and_absent_ones_are_not_named() {
    let p = Project::example("node-express-npm").file("patches/express+5.1.0.patch", "--- a\n");
    let df = dockerfile(&p, &[]);
    assert!(
        before_install(&df, "npm ci").contains("COPY patches/ ./patches/"),
        "{df}"
    );
    let plain = dockerfile(&Project::example("node-express-npm"), &[]);
    assert!(!plain.contains("patches"), "{plain}");
}

#[test]
fn bun_patches_are_copied_before_the_install() {
    let p = Project::example("bun-hono").file("patches/hono@4.0.0.patch", "--- a\n");
    let df = dockerfile(&p, &[]);
    assert!(
        before_install(&df, "bun install --frozen-lockfile").contains("COPY patches/ ./patches/"),
        "{df}"
    );
}

#[test]
fn nginx_redirects_are_relative_so_they_never_name_its_internal_port() {
    for example in ["static-html", "spa-vite-react"] {
        let df = dockerfile(&Project::example(example), &[]);
        assert!(
            df.contains("'    absolute_redirect off;'"),
            "{example}:\n{df}"
        );
    }
}
