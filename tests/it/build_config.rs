//! Committed configuration a build reads stays in the build context: `.env.production` (Next and Vite read
//! it when they build for production) and Symfony's committed `.env` defaults; the files that hold local
//! secrets by each tool's convention (`.env.local`, `.env.production.local`) stay out. Checked with
//! gitignore's rules, which agree with .dockerignore's for top-level names.

use crate::common;

use common::Project;

/// Whether the generated .dockerignore of `p` keeps `name` (a top-level file) out of the context.
fn ignored(p: &Project, name: &str) -> bool {
    let text = p.read(".dockerignore");
    let mut b = ignore::gitignore::GitignoreBuilder::new("/ctx");
    for line in text.lines() {
        b.add_line(None, line).unwrap();
    }
    let gi = b.build().unwrap();
    gi.matched(format!("/ctx/{name}"), false).is_ignore()
}

fn init(p: &Project) {
    p.dockgen(&["init", "--yes"]).success();
}

#[test]
fn a_next_app_keeps_env_production_and_drops_its_secrets() {
    let p = Project::example("node-next-standalone")
        .file(
            ".env.production",
            "NEXT_PUBLIC_API=https://api.example.com\n",
        )
        .file(".env.local", "SECRET=x\n")
        .file(".env.production.local", "SECRET=x\n")
        .file(".env", "SECRET=x\n");
    init(&p);
    assert!(!ignored(&p, ".env.production"));
    for secret in [
        ".env",
        ".env.local",
        ".env.production.local",
        ".env.development",
    ] {
        assert!(ignored(&p, secret), "{secret}");
    }
}

#[test]
fn a_vite_site_keeps_env_production() {
    let p = Project::example("spa-vite-react");
    init(&p);
    assert!(!ignored(&p, ".env.production"));
    assert!(ignored(&p, ".env.local"));
}

#[test]
fn symfony_keeps_its_committed_env_defaults_and_lint_accepts_them() {
    let p = Project::example("php-symfony").file(".env", "APP_ENV=dev\n");
    init(&p);
    assert!(!ignored(&p, ".env"));
    assert!(!ignored(&p, ".env.prod"));
    assert!(ignored(&p, ".env.local"));
    assert!(ignored(&p, ".env.prod.local"));
    // The exception is deliberate: lint does not report .env as let in.
    let out = p
        .dockgen(&["lint", "Dockerfile"])
        .get_output()
        .stdout
        .clone();
    assert!(
        !String::from_utf8_lossy(&out).contains("DG007"),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn other_stacks_still_drop_every_env_file() {
    let p = Project::example("python-fastapi-uv");
    init(&p);
    for f in [".env", ".env.production", ".env.prod"] {
        assert!(ignored(&p, f), "{f}");
    }
}
