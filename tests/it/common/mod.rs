//! Shared test support: throwaway project folders built file by file, and the dockgen binary run on them.
#![allow(dead_code)]

pub mod tools;

use assert_cmd::Command;
use std::path::Path;

/// A throwaway project folder built file by file.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Start from a copy of `examples/<name>`.
    pub fn example(name: &str) -> Project {
        let p = Project::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
            p.path(),
        );
        p
    }

    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Project {
        self.write(path, contents);
        self
    }

    /// A file with its execute bits set, as a committed script (`mvnw`, `gradlew`) has.
    #[allow(dead_code)] // not every test binary uses it
    pub fn executable(self, path: &str, contents: impl AsRef<[u8]>) -> Project {
        use std::os::unix::fs::PermissionsExt;
        self.write(path, contents);
        let p = self.dir.path().join(path);
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        self
    }

    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.dir.path().join(path)).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to = self.dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.dir.path().join(from), to).unwrap();
    }

    /// Replace the first occurrence of `from` in `path`; the text must be there.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} has no {from:?}:\n{text}");
        self.write(path, text.replacen(from, to, 1));
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn dockgen(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("dockgen")
            .unwrap()
            .args(args)
            .arg(self.path())
            .env_remove("CI")
            .write_stdin("")
            .assert()
    }

    pub fn names(&self) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    pub fn node() -> Project {
        Project::new()
            .file(
                "package.json",
                br#"{"name":"demo","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
            )
            .file("package-lock.json", b"{\"lockfileVersion\": 3}")
            .file("server.js", b"const port = process.env.PORT || 3005;\n")
    }
}

/// Every example folder (one with an expect.toml), sorted.
pub fn example_dirs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else if !e.file_name().to_string_lossy().ends_with(".snap") {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The first app of `dockgen plan --json` (plus `extra` arguments); the command must succeed.
#[allow(dead_code)] // not every test binary uses it
pub fn plan(p: &Project, extra: &[&str]) -> serde_json::Value {
    plan_document(p, extra)["apps"][0].clone()
}

/// The whole `dockgen plan --json` document (every app, skipped member and service), for tests of a
/// folder holding several apps.
#[allow(dead_code)]
pub fn plan_document(p: &Project, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["plan", "--json"];
    args.extend(extra);
    let out = p.dockgen(&args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// The Dockerfile `dockgen init --yes --stdout` (plus `extra` arguments) prints.
#[allow(dead_code)]
pub fn dockerfile(p: &Project, extra: &[&str]) -> String {
    let mut args = vec!["init", "--yes", "--stdout"];
    args.extend(extra);
    let out = p.dockgen(&args).success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// A plan's warnings, one per line.
#[allow(dead_code)]
pub fn warnings(app: &serde_json::Value) -> String {
    app["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A plan's evidence records for `fact`.
#[allow(dead_code)]
pub fn evidence<'a>(app: &'a serde_json::Value, fact: &str) -> Vec<&'a serde_json::Value> {
    app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"] == fact)
        .collect()
}
