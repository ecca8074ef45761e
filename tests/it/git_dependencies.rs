//! Dependencies fetched with git: Node, Bun and Python installs clone them with the git program, which the
//! slim build images lack. Where a manifest or lockfile names one, the build stages install git (apt, with
//! locked cache mounts); the runtime never gets it, and a project without one gets no git at all.

use crate::common;

use common::{dockerfile, evidence, plan, Project};

/// The final stage: everything after the last FROM.
fn final_stage(df: &str) -> &str {
    df.rsplit_once("\nFROM ").map_or(df, |(_, last)| last)
}

/// The stages named `name` (`FROM … AS name` up to the next FROM).
fn stage<'a>(df: &'a str, name: &str) -> &'a str {
    let (_, rest) = df
        .split_once(&format!(" AS {name}\n"))
        .unwrap_or_else(|| panic!("no stage {name}:\n{df}"));
    rest.split("\nFROM ").next().unwrap()
}

/// The Dockerfile installs git, in the named build stages only, with apt's locked cache mounts.
fn assert_git_in(df: &str, stages: &[&str]) {
    for name in stages {
        let s = stage(df, name);
        let install = s
            .lines()
            .find(|l| l.contains("apt-get install -y --no-install-recommends"))
            .unwrap_or_else(|| panic!("stage {name} installs nothing with apt:\n{df}"));
        assert!(install.split(' ').any(|w| w == "git"), "{name}:\n{df}");
        assert!(
            s.contains("--mount=type=cache,target=/var/lib/apt,sharing=locked"),
            "{name}:\n{df}"
        );
    }
    assert!(!final_stage(df).contains(" git"), "runtime:\n{df}");
}

fn no_git(df: &str) {
    assert!(
        !df.lines()
            .any(|l| l.contains("apt-get install") && l.contains(" git")),
        "{df}"
    );
}

fn node_with(deps: &str) -> Project {
    Project::new()
        .file(
            "package.json",
            format!(
                r#"{{"name":"demo","main":"server.js","repository":"github:acme/demo","dependencies":{{"express":"^4.21.0"{deps}}}}}"#
            ),
        )
        .file("package-lock.json", b"{\"lockfileVersion\": 3}")
        .file("server.js", b"const port = process.env.PORT || 3005;\n")
}

#[test]
fn node_git_dependencies_in_package_json_install_git_in_the_dependency_stage() {
    // A `repository` of `github:…` is not a dependency: no git.
    no_git(&dockerfile(&node_with(""), &[]));
    for spec in [
        "github:acme/left-pad#v1.3.0",
        "git+https://git.example.com/acme/left-pad.git#v1.3.0",
        "acme/left-pad#v1.3.0",
    ] {
        let p = node_with(&format!(r#","left-pad":"{spec}""#));
        assert_git_in(&dockerfile(&p, &[]), &["deps"]);
        let app = plan(&p, &[]);
        let git = evidence(&app, "build_packages");
        assert_eq!(git.len(), 1, "{app}");
        assert_eq!(git[0]["value"], "git");
        assert_eq!(git[0]["source"], "package.json dependencies.left-pad");
    }
    // A range or a tarball URL is fetched over HTTP: no git.
    no_git(&dockerfile(
        &node_with(r#","left-pad":"https://example.com/left-pad-1.3.0.tgz""#),
        &[],
    ));
}

#[test]
fn node_lockfiles_name_git_dependencies_of_dependencies() {
    let lock = "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/left-pad\": {\n      \"version\": \"1.3.0\",\n      \"resolved\": \"git+ssh://git@github.com/acme/left-pad.git#0123456789abcdef0123456789abcdef01234567\"\n    }\n  }\n}\n";
    let p = node_with("").file("package-lock.json", lock);
    assert_git_in(&dockerfile(&p, &[]), &["deps"]);
    let app = plan(&p, &[]);
    assert_eq!(
        evidence(&app, "build_packages")[0]["source"],
        "package-lock.json:6"
    );

    // pnpm records a git checkout as `type: git`; a GitHub tarball (`codeload`) needs no git.
    let pnpm = |resolution: &str| {
        Project::new()
            .file(
                "package.json",
                r#"{"name":"demo","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
            )
            .file(
                "pnpm-lock.yaml",
                format!("lockfileVersion: '9.0'\n\npackages:\n\n  left-pad@1.3.0:\n    resolution: {resolution}\n"),
            )
            .file("server.js", b"const port = process.env.PORT || 3005;\n")
    };
    let df = dockerfile(
        &pnpm("{commit: 0123456, repo: https://git.example.com/acme/left-pad.git, type: git}"),
        &[],
    );
    assert_git_in(&df, &["deps"]);
    no_git(&dockerfile(
        &pnpm("{tarball: https://codeload.github.com/acme/left-pad/tar.gz/0123456}"),
        &[],
    ));
}

fn bun_with(lock_spec: &str) -> Project {
    Project::new()
        .file(
            "package.json",
            r#"{"name":"demo","scripts":{"start":"bun run src/index.ts"},"dependencies":{"hono":"^4.8.0"}}"#,
        )
        .file(
            "bun.lock",
            format!("{{\n  \"lockfileVersion\": 1,\n  \"packages\": {{\n    \"left-pad\": [\"{lock_spec}\", {{}}],\n  }}\n}}\n"),
        )
        .file(
            "src/index.ts",
            "export default { port: Number(process.env.PORT ?? 3000), fetch: () => new Response('hi') };\n",
        )
}

#[test]
fn bun_git_dependencies_install_git_in_the_build_stages() {
    no_git(&dockerfile(&bun_with("left-pad@1.3.0"), &[]));
    let p = bun_with("left-pad@git+https://git.example.com/acme/left-pad.git#0123456");
    let df = dockerfile(&p, &[]);
    assert_eq!(plan(&p, &[])["stack"], "bun", "{df}");
    assert_git_in(&df, &["deps"]);
    // The signal preload's stage writes a file alone: git is for the stages that install dependencies.
    assert!(
        !stage(&df, "signals").contains(" git"),
        "the signals stage:\n{df}"
    );
    assert_eq!(
        evidence(&plan(&p, &[]), "build_packages")[0]["source"],
        "bun.lock:4"
    );
}

fn flask(requirements: &str) -> Project {
    Project::new()
        .file("requirements.txt", requirements)
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
}

#[test]
fn python_git_requirements_install_git_in_the_build_stage() {
    let plain = "flask==3.1.3\ngunicorn==27.0.1\n";
    // A comment that mentions a git URL is not a requirement.
    no_git(&dockerfile(
        &flask(&format!(
            "{plain}# was: itsdangerous @ git+https://example.com/x.git\n"
        )),
        &[],
    ));
    let p = flask(&format!(
        "{plain}itsdangerous @ git+https://git.example.com/pallets/itsdangerous@2.2.0\n"
    ));
    let df = dockerfile(&p, &[]);
    assert_git_in(&df, &["build"]);
    assert_eq!(
        evidence(&plan(&p, &[]), "build_packages")[0]["source"],
        "requirements.txt:3"
    );
    // With compilers for a native extension already installed, git joins that apt step: one apt run.
    let p = flask(&format!(
        "{plain}psycopg2==2.9.10\nitsdangerous @ git+https://git.example.com/pallets/itsdangerous@2.2.0\n"
    ));
    let df = dockerfile(&p, &[]);
    assert_git_in(&df, &["build"]);
    assert_eq!(
        stage(&df, "build").matches("apt-get install").count(),
        1,
        "{df}"
    );
}

#[test]
fn python_lockfile_git_sources_install_git() {
    let pyproject = "[project]\nname = \"demo\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi\", \"uvicorn\", \"left-pad\"]\n";
    let uv = |source: &str| {
        Project::new()
            .file("pyproject.toml", pyproject)
            .file(
                "uv.lock",
                format!("version = 1\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"left-pad\"\nversion = \"1.3.0\"\nsource = {source}\n"),
            )
            .file("main.py", "from fastapi import FastAPI\napp = FastAPI()\n")
    };
    no_git(&dockerfile(
        &uv("{ registry = \"https://pypi.org/simple\" }"),
        &[],
    ));
    let p = uv("{ git = \"https://git.example.com/acme/left-pad?rev=v1#0123456789abcdef\" }");
    assert_eq!(plan(&p, &[])["package_manager"], "uv");
    assert_git_in(&dockerfile(&p, &[]), &["build"]);
    assert_eq!(
        evidence(&plan(&p, &[]), "build_packages")[0]["source"],
        "uv.lock:7"
    );
}
