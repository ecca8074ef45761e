//! Native code: a Go build that needs cgo (found in the source or go.mod, never by running anything) and
//! the glibc runtime it gets; Python dependencies that compile from source, with build tools in the build
//! stage only and their shared libraries in the runtime.

use crate::common;

use common::{dockerfile, evidence, plan, Project};

const HTTP_MAIN: &str =
    "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";

fn go_app() -> Project {
    Project::new().file("go.mod", "module example.com/app\n\ngo 1.25\n")
}

#[test]
fn a_plain_go_app_stays_static_on_distroless_static() {
    let app = plan(&go_app().file("main.go", HTTP_MAIN), &[]);
    assert!(app["build"].as_str().unwrap().starts_with("CGO_ENABLED=0 "));
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/static-debian13:nonroot"
    );
}

#[test]
fn import_c_in_the_main_package_builds_with_cgo_on_distroless_base() {
    let p = go_app().file(
        "main.go",
        "package main\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc main() { _ = C.two() }\n",
    );
    let app = plan(&p, &[]);
    assert!(app["build"].as_str().unwrap().starts_with("CGO_ENABLED=1 "));
    assert!(!app["build"].as_str().unwrap().contains("-static"));
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/base-debian13:nonroot"
    );
    assert_eq!(app["images"]["build"], "golang:1.25-trixie");
    assert_eq!(evidence(&app, "build")[0]["source"], "main.go:4");
}

#[test]
fn import_c_is_followed_into_the_modules_own_packages_but_not_tests_or_unused_ones() {
    let cgo_pkg = "package db\n\n/*\n#include <stdio.h>\n*/\nimport \"C\"\n\nfunc Open() {}\n";
    // Imported by main: cgo.
    let p = go_app()
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"fmt\"\n\tstore \"example.com/app/internal/db\"\n)\n\nfunc main() { store.Open(); fmt.Println() }\n",
        )
        .file("internal/db/db.go", cgo_pkg);
    let app = plan(&p, &[]);
    assert!(app["build"].as_str().unwrap().starts_with("CGO_ENABLED=1 "));
    assert_eq!(evidence(&app, "build")[0]["source"], "internal/db/db.go:6");
    // Not imported by the main package, or only in a test file: no cgo.
    let p = go_app()
        .file("main.go", HTTP_MAIN)
        .file("tools/gen/gen.go", cgo_pkg)
        .file("main_test.go", "package main\n\nimport \"C\"\n");
    assert!(plan(&p, &[])["build"]
        .as_str()
        .unwrap()
        .starts_with("CGO_ENABLED=0 "));
}

#[test]
fn a_known_cgo_module_in_go_mod_needs_cgo_and_names_the_line() {
    let p = Project::new()
        .file(
            "go.mod",
            "module example.com/app\n\ngo 1.25\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.2.0\n\tgithub.com/mattn/go-sqlite3 v1.14.24\n)\n",
        )
        .file("main.go", HTTP_MAIN);
    let app = plan(&p, &[]);
    assert!(app["build"].as_str().unwrap().starts_with("CGO_ENABLED=1 "));
    assert_eq!(evidence(&app, "build")[0]["source"], "go.mod:7");
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/base-debian13:nonroot"
    );
    // A major version under a listed module matches too.
    let p = Project::new()
        .file(
            "go.mod",
            "module example.com/app\n\ngo 1.25\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.6.0\n",
        )
        .file("main.go", HTTP_MAIN);
    assert!(plan(&p, &[])["build"]
        .as_str()
        .unwrap()
        .starts_with("CGO_ENABLED=1 "));
}

#[test]
fn a_cgo_module_with_shared_libraries_runs_on_debian_slim_with_apt_and_a_numeric_user() {
    let p = Project::new()
        .file(
            "go.mod",
            "module example.com/thumbs\n\ngo 1.25\n\nrequire gopkg.in/gographics/imagick.v3 v3.7.0\n",
        )
        .file("main.go", HTTP_MAIN);
    let app = plan(&p, &[]);
    assert_eq!(app["images"]["runtime"], "debian:trixie-slim");
    assert_eq!(app["user"], serde_json::json!({"uid": 10001, "gid": 10001}));
    let df = dockerfile(&p, &[]);
    let (build, runtime) = df.split_once("\nFROM debian:trixie-slim").unwrap();
    assert!(
        build.contains("--no-install-recommends libmagickwand-dev pkg-config"),
        "{df}"
    );
    assert!(
        runtime.contains("--no-install-recommends libmagickwand-7.q16-10"),
        "{df}"
    );
    assert!(!runtime.contains("-dev"), "{df}");
    assert!(runtime.contains(
        "--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked"
    ));
    assert!(df.contains("# Runtime: Debian slim, not distroless: gopkg.in/gographics/imagick.v3"));
    assert!(runtime.contains("USER 10001:10001"));
}

#[test]
fn cgo_with_cxx_sources_runs_on_distroless_cc() {
    let p = go_app()
        .file(
            "main.go",
            "package main\n\nimport \"C\"\n\nfunc main() {}\n",
        )
        .file("wrap.cpp", "extern \"C\" int f() { return 1; }\n");
    assert_eq!(
        plan(&p, &[])["images"]["runtime"],
        "gcr.io/distroless/cc-debian13:nonroot"
    );
}

#[test]
fn a_cgo_library_flag_dockgen_cannot_map_is_a_warning_naming_the_line() {
    let p = go_app().file(
        "main.go",
        "package main\n\n// #cgo LDFLAGS: -lm -lpcap\n// #include <math.h>\nimport \"C\"\n\nfunc main() {}\n",
    );
    let app = plan(&p, &[]);
    let w = app["warnings"].to_string();
    assert!(w.contains("main.go:3 links -lpcap"), "{w}");
    assert!(!w.contains("-lm"), "{w}");
}

#[test]
fn a_cgo_build_on_a_go_without_a_trixie_image_gets_a_note() {
    let p = Project::new()
        .file(
            "go.mod",
            "module example.com/thumbs\n\ngo 1.22\n\nrequire gopkg.in/gographics/imagick.v3 v3.7.0\n",
        )
        .file("main.go", HTTP_MAIN);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("FROM golang:1.22-bookworm AS build"), "{df}");
    assert!(
        df.contains("# Note: golang:1.22-bookworm is not Debian trixie"),
        "{df}"
    );
}

fn flask_app(requirements: &str) -> Project {
    Project::new().file("requirements.txt", requirements).file(
        "app.py",
        "from flask import Flask\n\napp = Flask(__name__)\n",
    )
}

/// The build stage and the final stage of a Dockerfile.
fn stages(df: &str) -> (String, String) {
    let i = df.rfind("\nFROM ").unwrap();
    (df[..i].to_string(), df[i..].to_string())
}

#[test]
fn psycopg2_from_source_gets_build_tools_in_the_build_stage_and_libpq_at_run_time() {
    let p = flask_app("flask==3.1.3\npsycopg2==2.9.10\n");
    let app = plan(&p, &[]);
    let native = evidence(&app, "native");
    assert_eq!(native[0]["value"], "psycopg2");
    assert_eq!(native[0]["source"], "requirements.txt:2");
    let df = dockerfile(&p, &[]);
    let (build, runtime) = stages(&df);
    assert!(
        build.contains("apt-get install -y --no-install-recommends libpq-dev gcc libc6-dev"),
        "{df}"
    );
    // apt runs before the dependencies install, on cache mounts, with the pin exemption stated.
    assert!(build.find("libpq-dev").unwrap() < build.find("pip install -r").unwrap());
    assert!(build.contains("# hadolint ignore=DL3008\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked"));
    assert!(
        runtime.contains("apt-get install -y --no-install-recommends libpq5"),
        "{df}"
    );
    assert!(
        !runtime.contains("gcc") && !runtime.contains("-dev"),
        "{df}"
    );
}

#[test]
fn the_binary_wheel_needs_nothing() {
    let df = dockerfile(&flask_app("flask==3.1.3\npsycopg2-binary==2.9.10\n"), &[]);
    assert!(!df.contains("apt-get"), "{df}");
}

#[test]
fn a_native_package_pinned_only_by_the_lockfile_counts_but_a_dev_only_one_does_not() {
    let pyproject = "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \">=3.12\"\ndependencies = [\"flask\", \"sqlalchemy\"]\n";
    let p = Project::new()
        .file("pyproject.toml", pyproject)
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file(
            "uv.lock",
            "version = 1\n\n[[package]]\nname = \"flask\"\nversion = \"3.1.3\"\n\n[[package]]\nname = \"mysqlclient\"\nversion = \"2.2.7\"\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(evidence(&app, "native")[0]["source"], "uv.lock");
    assert!(dockerfile(&p, &[]).contains("libmariadb3"));
    let p = Project::new()
        .file(
            "pyproject.toml",
            "[tool.poetry]\nname = \"x\"\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"*\"\n",
        )
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file(
            "poetry.lock",
            "[[package]]\nname = \"flask\"\nversion = \"3.1.3\"\ngroups = [\"main\"]\n\n[[package]]\nname = \"psycopg2\"\nversion = \"2.9.10\"\ngroups = [\"dev\"]\n",
        );
    assert!(evidence(&plan(&p, &[]), "native").is_empty());
}

#[test]
fn a_setup_py_extension_is_compiled_into_the_venv_with_gcc() {
    let p = flask_app("flask==3.1.3\n").file(
        "setup.py",
        "from setuptools import Extension, setup\n\nsetup(\n    name=\"fast\",\n    ext_modules=[Extension(\"fast\", [\"fast.c\"])],\n)\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(evidence(&app, "native")[0]["source"], "setup.py:5");
    let df = dockerfile(&p, &[]);
    let (build, runtime) = stages(&df);
    assert!(
        build.contains("--no-install-recommends gcc libc6-dev"),
        "{df}"
    );
    assert!(build.contains("pip install --no-deps ."), "{df}");
    assert!(!runtime.contains("apt-get"), "{df}");
}

#[test]
fn maturin_scikit_build_core_and_cython_bring_their_compilers() {
    let project = |build_system: &str| {
        Project::new()
            .file(
                "pyproject.toml",
                format!("[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"flask\"]\n\n[build-system]\n{build_system}\n"),
            )
            .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
    };
    let df = dockerfile(
        &project("requires = [\"maturin>=1.7,<2\"]\nbuild-backend = \"maturin\""),
        &[],
    );
    assert!(
        df.contains("--no-install-recommends cargo gcc libc6-dev"),
        "{df}"
    );
    let df = dockerfile(
        &project(
            "requires = [\"scikit-build-core>=0.10\"]\nbuild-backend = \"scikit_build_core.build\"",
        ),
        &[],
    );
    assert!(
        df.contains("--no-install-recommends cmake make g++ libc6-dev"),
        "{df}"
    );
    assert!(stages(&df).1.contains("libstdc++6"), "{df}");
    let df = dockerfile(
        &project(
            "requires = [\"setuptools\", \"Cython>=3\"]\nbuild-backend = \"setuptools.build_meta\"",
        ),
        &[],
    );
    assert!(df.contains("--no-install-recommends gcc libc6-dev"), "{df}");
    // A plain setuptools build compiles nothing.
    let df = dockerfile(
        &project("requires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\""),
        &[],
    );
    assert!(!df.contains("apt-get"), "{df}");
}

#[test]
fn a_lockfile_that_cannot_be_read_for_native_packages_is_a_warning_naming_the_line() {
    let p = Project::new()
        .file(
            "pyproject.toml",
            "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"flask\"]\n",
        )
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file("uv.lock", "version = 1\n\n[[package]\nname = \"flask\"\n");
    let w = plan(&p, &[])["warnings"].to_string();
    assert!(w.contains("uv.lock:3"), "{w}");
    assert!(
        w.contains("not searched for packages that compile from source"),
        "{w}"
    );
}
