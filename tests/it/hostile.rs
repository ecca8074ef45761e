//! Hostile folders: each bad input has its documented outcome — a non-zero exit with one line naming the
//! file and the problem, or a documented fallback — never a panic, and never a file written or changed.
//!
//! Every case runs `plan`, `plan --json`, `init --yes --stdout` and `init --yes` against a throwaway folder
//! whose listing and mtimes are compared before and after. Lockfiles are only checked for presence (the
//! head of yarn.lock is read to tell berry from classic), so garbage in one is a fallback, not an error.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A throwaway project folder, built one entry at a time.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Tree {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    fn link(self, rel: &str, target: impl AsRef<Path>) -> Tree {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
        self
    }

    fn fifo(self, rel: &str) -> Tree {
        let ok = std::process::Command::new("mkfifo")
            .arg(self.path().join(rel))
            .status()
            .unwrap()
            .success();
        assert!(ok, "mkfifo");
        self
    }

    fn dir(self, rel: &str) -> Tree {
        std::fs::create_dir_all(self.path().join(rel)).unwrap();
        self
    }

    /// A sparse file of `size` bytes: instant to make, and huge if dockgen read it whole.
    fn sparse(self, rel: &str, size: u64) -> Tree {
        let f = std::fs::File::create(self.path().join(rel)).unwrap();
        f.set_len(size).unwrap();
        self
    }

    /// A valid Node app, for cases that add one hostile entry to a project that otherwise works.
    fn node_app() -> Tree {
        Tree::new()
            .file("package.json", r#"{"name":"app","main":"server.js"}"#)
            .file("package-lock.json", "{}")
            .file("server.js", "require('http').createServer().listen(3000)\n")
    }
}

/// Every entry under `root` (not following links) with its kind, size and mtime.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (String, u64, SystemTime)> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, (String, u64, SystemTime)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            let kind = format!("{:?}", m.file_type());
            out.insert(
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                (kind, m.len(), m.modified().unwrap()),
            );
            if m.is_dir() {
                walk(&e.path(), root, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn dockgen(args: &[&str], dir: &Path) -> std::process::Output {
    let mut cmd = Command::cargo_bin("dockgen").unwrap();
    cmd.args(args)
        .arg(dir)
        .env_remove("CI")
        .timeout(Duration::from_secs(20));
    cmd.output().unwrap()
}

const COMMANDS: &[&[&str]] = &[
    &["plan"],
    &["plan", "--json"],
    &["init", "--yes", "--stdout"],
    &["init", "--yes"],
];

/// Every command fails with `code` and one stderr line holding each of `needles`; nothing changes.
fn fails(tree: &Tree, code: i32, needles: &[&str]) {
    let before = snapshot(tree.path());
    for args in COMMANDS {
        let out = dockgen(args, tree.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("dockgen {} on {}: {stderr}", args.join(" "), needles[0]);
        assert_eq!(out.status.code(), Some(code), "{what}");
        assert!(!stderr.contains("panicked"), "{what}");
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("warning:"))
            .collect();
        assert_eq!(lines.len(), 1, "one line: {what}");
        assert!(lines[0].starts_with("error: "), "{what}");
        for n in needles {
            assert!(lines[0].contains(n), "`{n}` missing: {what}");
        }
        assert!(out.stdout.is_empty(), "nothing on stdout: {what}");
        assert_eq!(snapshot(tree.path()), before, "folder changed: {what}");
    }
}

/// The documented fallback: every command succeeds, the report of `plan` holds each of `needles`, and only
/// `init --yes` writes, adding exactly Dockerfile, .dockerignore and the state in .dockgen/.
fn falls_back(tree: &Tree, needles: &[&str]) {
    let before = snapshot(tree.path());
    for args in COMMANDS {
        let out = dockgen(args, tree.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("dockgen {}: {stderr}", args.join(" "));
        assert_eq!(out.status.code(), Some(0), "{what}");
        assert!(!stderr.contains("panicked"), "{what}");
        if args == &["plan"] {
            // plan prints its report on stdout, its warnings among it.
            let report = String::from_utf8_lossy(&out.stdout);
            for n in needles {
                assert!(report.contains(n), "`{n}` missing: {what}\n{report}");
            }
        }
        let mut after = snapshot(tree.path());
        if args == &["init", "--yes"] {
            assert!(after.remove(Path::new("Dockerfile")).is_some(), "{what}");
            assert!(after.remove(Path::new(".dockerignore")).is_some(), "{what}");
            for state in [
                ".dockgen",
                ".dockgen/Dockerfile",
                ".dockgen/.dockerignore",
                ".dockgen/facts.json",
                ".dockgen/state.json",
                ".dockgen/README.md",
                ".dockgen/.gitignore",
            ] {
                assert!(
                    after.remove(Path::new(state)).is_some(),
                    "{state} missing: {what}"
                );
            }
        }
        assert_eq!(after, before, "folder changed: {what}");
    }
}

#[test]
fn malformed_manifests_name_the_file_and_line() {
    fails(
        &Tree::new().file("package.json", "{\"name\": \"x\",\n\"version\": \"1\",\n"),
        1,
        // The file ends early: the error names its last line, where the object was left open.
        &["package.json:2", "invalid JSON"],
    );
    fails(
        &Tree::new().file("package.json", "[1, 2]"),
        1,
        &["package.json", "must be a JSON object"],
    );
    fails(
        &Tree::new().file("package.json", r#"{"scripts": {"start": 1}}"#),
        1,
        &["package.json", "unexpected shape"],
    );
    fails(
        &Tree::new().file("Cargo.toml", "[package]\nname = \"x\"\nversion = 1.0.0\n"),
        1,
        &["Cargo.toml:3", "invalid TOML"],
    );
    fails(
        &Tree::new().file("Cargo.toml", "[dependencies]\nserde = \"1\"\n"),
        1,
        &["Cargo.toml", "neither [package] nor [workspace]"],
    );
    fails(
        &Tree::new().file("go.mod", "module x\ngo banana\n"),
        1,
        &["go.mod:2", "invalid go version"],
    );
    fails(
        &Tree::new().file("go.mod", "module x\nrequire (\n\tgithub.com/a/b v1\n"),
        1,
        &["go.mod:2", "never closed"],
    );
    fails(
        &Tree::new().file("pyproject.toml", "[project\nname = \"x\"\n"),
        1,
        &["pyproject.toml:1", "invalid TOML"],
    );
    fails(
        &Tree::new().file("Pipfile", "[packages]\nflask = \n"),
        1,
        &["Pipfile:2", "invalid TOML"],
    );
    fails(
        &Tree::new().file(
            "Cargo.toml",
            "[package]\nname = \"x\"\n[[bin]]\nname = \"x\"\npath = \"/etc/passwd\"\n",
        ),
        1,
        &["Cargo.toml", "`/etc/passwd` leads outside the project"],
    );
    fails(
        &Tree::new()
            .file(
                "Cargo.toml",
                "[package]\nname = \"x\"\n[[bin]]\nname = \"x$(id)\"\npath = \"src/main.rs\"\n",
            )
            .file("src/main.rs", "fn main() {}\n"),
        1,
        &["Cargo.toml", "binary name `x$(id)`"],
    );
}

#[test]
fn malformed_mix_files_name_the_file_and_line() {
    let mix = "defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [app: :a, deps: []]\nend\n";
    fails(
        &Tree::new().file("mix.exs", mix).file(
            "mix.lock",
            "%{\n  \"jason\": {:hex, :jason, \"1.4.4\", \"ab\", [:mix], [], \"hexpm\", \"cd\"},\n  \"plug\": {:hex, :plug, 1.18.1, \"ef\", [:mix], [], \"hexpm\", \"01\"},\n}\n",
        ),
        1,
        &["mix.lock:3", "`plug`: the version is not a quoted string"],
    );
    fails(
        &Tree::new()
            .file("mix.exs", mix)
            .file("mix.lock", "%{\n  \"jason\": {:hex, :jason, \"1.4.4\"},\n"),
        1,
        // The map is left open at the end of the file: its last line is named.
        &["mix.lock:2", "never closed"],
    );
    fails(
        &Tree::new()
            .file("mix.exs", mix)
            .file("mix.lock", "jason 1.4.4\n"),
        1,
        &["mix.lock:1", "`%{`"],
    );
    fails(
        &Tree::new().file("mix.exs", mix).file(
            "mix.lock",
            "%{\n  \"jason\": {:hex, :jason, \"1.4.4\", \"ab\", [:mix], [], \"hexpm\", \"cd\"},\n<<<<<<< HEAD\n}\n",
        ),
        1,
        &["mix.lock:3", "merge-conflict markers"],
    );
    fails(
        &Tree::new().file(
            "mix.exs",
            "defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [version: \"0.1.0\"]\nend\n",
        ),
        1,
        &["mix.exs", "no `app: :name`"],
    );
    fails(
        &Tree::new().file("mix.exs", "IO.puts(\"not a project\")\n"),
        1,
        &["mix.exs", "Mix.Project"],
    );
}

#[test]
fn empty_truncated_and_binary_manifests() {
    for name in [
        "package.json",
        "go.mod",
        "Cargo.toml",
        "pyproject.toml",
        "Pipfile",
    ] {
        fails(&Tree::new().file(name, ""), 1, &[name, "is empty"]);
        fails(&Tree::new().file(name, "  \n\t\n"), 1, &[name, "is empty"]);
        fails(
            &Tree::new().file(name, b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00garbage"),
            1,
            &[name, "is not UTF-8"],
        );
    }
    fails(
        &Tree::new().file("package.json", "{\"name\": \"x\", \"depend"),
        1,
        &["package.json:1", "invalid JSON"],
    );
    fails(
        &Tree::new().file("requirements.txt", b"flask\n\xff\xfe\n"),
        1,
        &["requirements.txt", "is not UTF-8"],
    );
    // A UTF-8 byte-order mark is not an error: editors on Windows write one.
    falls_back(
        &Tree::node_app().file(
            "package.json",
            "\u{feff}{\"name\":\"app\",\"main\":\"server.js\"}",
        ),
        &["node app"],
    );
}

#[test]
fn lockfiles_are_only_checked_for_presence() {
    let garbage: &[u8] = b"\x00\xff not a lockfile {{{";
    falls_back(
        &Tree::node_app().file("package-lock.json", garbage),
        &["npm"],
    );
    falls_back(
        &Tree::new()
            .file("package.json", r#"{"name":"app","main":"server.js"}"#)
            .file("server.js", "")
            .file("yarn.lock", garbage),
        &["yarn"],
    );
    falls_back(
        &Tree::new()
            .file("package.json", r#"{"name":"app","main":"server.js"}"#)
            .file("server.js", "")
            .file("pnpm-lock.yaml", garbage),
        &["pnpm"],
    );
    let py = || {
        Tree::new()
            .file(
                "pyproject.toml",
                "[project]\nname = \"x\"\ndependencies = []\n",
            )
            .file("main.py", "print(1)\n")
    };
    falls_back(&py().file("uv.lock", garbage), &["uv"]);
    falls_back(&py().file("poetry.lock", garbage), &["poetry"]);
    falls_back(
        &Tree::new()
            .file("Cargo.toml", "[package]\nname = \"x\"\n")
            .file("src/main.rs", "fn main() {}\n")
            .file("Cargo.lock", garbage),
        &["rust app"],
    );
}

#[test]
fn huge_files_are_not_read_whole() {
    const SIZE: u64 = 200 * 1024 * 1024;
    falls_back(
        &Tree::node_app()
            .sparse("package-lock.json", SIZE)
            .sparse("yarn.lock", SIZE)
            .sparse("index.js", SIZE),
        &["node app"],
    );
    fails(
        &Tree::new().sparse("package.json", SIZE),
        1,
        &["package.json", "over the 8388608-byte limit"],
    );
    // A huge generated entry file: its port is searched in the first MiB only, never an error.
    falls_back(&Tree::node_app().sparse("server.js", SIZE), &["node app"]);
}

#[test]
fn non_utf8_names_and_contents() {
    use std::os::unix::ffi::OsStrExt;
    let tree = Tree::node_app();
    std::fs::write(
        tree.path()
            .join(std::ffi::OsStr::from_bytes(b"\xff\xfe.js")),
        "x",
    )
    .unwrap();
    std::fs::create_dir(tree.path().join(std::ffi::OsStr::from_bytes(b"dir\xff"))).unwrap();
    // Names that are not UTF-8 cannot be manifests: they are skipped.
    falls_back(&tree, &["node app"]);
    // Source files are searched for hints lossily: stray bytes are no reason to fail.
    falls_back(
        &Tree::new()
            .file("go.mod", "module example.com/x\n\ngo 1.24\n")
            .file("main.go", b"package main\n\n// \xff\xfe\nfunc main() {}\n"),
        &["go app"],
    );
    // A project whose only manifest sits in a folder with a non-UTF-8 name has nothing detectable.
    let tree = Tree::new();
    let odd = tree.path().join(std::ffi::OsStr::from_bytes(b"app\xff"));
    std::fs::create_dir(&odd).unwrap();
    std::fs::write(odd.join("package.json"), "{}").unwrap();
    fails(&tree, 3, &["no project detected"]);
}

#[test]
fn symlinks_never_lead_out_of_the_project() {
    fails(
        &Tree::new().link("package.json", "/etc/passwd"),
        1,
        &["package.json", "outside the project"],
    );
    let elsewhere = Tree::node_app();
    fails(
        &Tree::new()
            .link("package.json", elsewhere.path().join("package.json"))
            .file("server.js", ""),
        1,
        &["package.json", "outside the project"],
    );
    // A folder linked from outside is not descended, so its manifest is never seen.
    fails(
        &Tree::new().link("app", elsewhere.path()),
        3,
        &["no project detected"],
    );
    fails(
        &Tree::node_app().link("dockgen.toml", "/etc/passwd"),
        1,
        &["dockgen.toml", "outside the project"],
    );
    // A link to a file inside the project is followed: it is part of the build context.
    falls_back(
        &Tree::new()
            .file(
                "config/package.json",
                r#"{"name":"app","main":"server.js"}"#,
            )
            .link("package.json", "config/package.json")
            .file("server.js", ""),
        &["node app"],
    );
    // An existing Dockerfile that is a link is never written through, even with --force.
    let outside = Tree::new().file("Dockerfile", "mine\n");
    let tree = Tree::node_app().link("Dockerfile", outside.path().join("Dockerfile"));
    let before = (snapshot(tree.path()), snapshot(outside.path()));
    for args in [&["init", "--yes"][..], &["init", "--yes", "--force"]] {
        let out = dockgen(args, tree.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("Dockerfile: is a symlink"), "{stderr}");
    }
    assert_eq!((snapshot(tree.path()), snapshot(outside.path())), before);
}

#[test]
fn symlink_loops() {
    falls_back(
        &Tree::node_app()
            .link("a", "b")
            .link("b", "a")
            .link("self", ".")
            .link("up", ".."),
        &["node app"],
    );
    fails(
        &Tree::new().link("package.json", "package.json"),
        1,
        &["package.json", "cannot read"],
    );
}

#[test]
fn fifos_and_folders_where_files_are_expected() {
    // Opening a FIFO for reading blocks until a writer comes: dockgen must not open it.
    fails(
        &Tree::new().fifo("package.json"),
        1,
        &["package.json", "not a regular file"],
    );
    fails(
        &Tree::new()
            .file("package.json", r#"{"name":"app","main":"server.js"}"#)
            .fifo("server.js"),
        1,
        &["server.js", "not a regular file"],
    );
    fails(
        &Tree::new().dir("package.json").dir("go.mod"),
        3,
        &["no project detected"],
    );
    fails(
        &Tree::node_app().dir("dockgen.toml"),
        1,
        &["dockgen.toml", "not a regular file"],
    );
    let tree = Tree::node_app().dir("Dockerfile");
    let out = dockgen(&["init", "--yes", "--force"], tree.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Dockerfile: exists and is not a regular file"),
        "{stderr}"
    );
}

/// Unreadable files and folders, by running dockgen as `nobody` (root reads everything). Skipped where
/// that is impossible (not root, or no setpriv).
#[test]
fn unreadable_files_and_folders() {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let setpriv = Path::new("/usr/bin/setpriv");
    if !is_root || !setpriv.exists() {
        eprintln!("skipped: needs root and setpriv to run as nobody");
        return;
    }
    // A copy of the binary nobody can reach: the checkout may sit under a folder only root can enter.
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("dockgen");
    std::fs::copy(assert_cmd::cargo::cargo_bin("dockgen"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = |tree: &Tree| {
        std::fs::set_permissions(tree.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("plan")
            .arg(tree.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let tree = Tree::node_app();
    std::fs::set_permissions(
        tree.path().join("package.json"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let (code, stderr) = run(&tree);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: package.json: cannot read: Permission denied"),
        "{stderr}"
    );
    // An unreadable folder is skipped by the walk: it cannot hold what detection needs.
    let tree = Tree::node_app().file("private/notes.txt", "x");
    std::fs::set_permissions(
        tree.path().join("private"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let (code, stderr) = run(&tree);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn deep_nesting_is_bounded() {
    let mut rel = String::new();
    for i in 0..500 {
        rel.push_str(&format!("d{i}/"));
    }
    // The walk stops at scan::MAX_DEPTH: a manifest 500 levels down is not looked for.
    fails(
        &Tree::new().file(&format!("{rel}package.json"), "{}"),
        3,
        &["no project detected"],
    );
    falls_back(
        &Tree::node_app().file(&format!("{rel}package.json"), "{"),
        &["node app"],
    );
}

#[test]
fn nothing_recognisable() {
    fails(&Tree::new(), 3, &["no project detected"]);
    fails(
        &Tree::new()
            .file("README.md", "# hello\n")
            .file("notes/todo.txt", "x")
            .file("photo.jpg", b"\xff\xd8\xff\xe0"),
        3,
        &["no project detected", "looked for"],
    );
}

#[test]
fn conflicting_signals() {
    // Two lockfiles: the documented order picks one, and the warning says which and why.
    falls_back(
        &Tree::node_app().file("yarn.lock", "# yarn lockfile v1\n"),
        &["several lockfiles (package-lock.json, yarn.lock): using npm"],
    );
    falls_back(
        &Tree::new()
            .file("pyproject.toml", "[project]\nname = \"x\"\n")
            .file("main.py", "")
            .file("uv.lock", "")
            .file("poetry.lock", ""),
        &["several lockfiles"],
    );
    // Two stacks of equal standing need --stack.
    fails(
        &Tree::node_app()
            .file("requirements.txt", "requests\n")
            .file("main.py", ""),
        3,
        &["ambiguous stack", "--stack"],
    );
    // A compiled stack outranks a package.json kept for tooling, with a warning.
    falls_back(
        &Tree::node_app()
            .file("go.mod", "module example.com/x\n\ngo 1.24\n")
            .file("main.go", "package main\n\nfunc main() {}\n"),
        &["go app", "also found node files"],
    );
}

/// A matcher with Docker's .dockerignore semantics for the patterns dockgen writes: each pattern is
/// matched from the context root (`*` never crosses `/`, `**` spans folders), and excluding a folder
/// excludes everything in it. gitignore's matcher does exactly that once every pattern is anchored with
/// a leading `/`, which turns off gitignore's match-at-any-depth rule that Docker does not have.
fn docker_ignore(root: &Path, dockerignore: &str) -> ignore::gitignore::Gitignore {
    let mut b = ignore::gitignore::GitignoreBuilder::new(root);
    for line in dockerignore.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (neg, pat) = line.strip_prefix('!').map_or(("", line), |p| ("!", p));
        b.add_line(None, &format!("{neg}/{}", pat.trim_start_matches('/')))
            .unwrap();
    }
    b.build().unwrap()
}

#[test]
fn secrets_never_reach_the_image() {
    const SECRETS: &[&str] = &[
        ".env",
        ".env.production",
        "id_rsa",
        "id_rsa.pub",
        "server.key",
        "credentials.json",
        ".aws/credentials",
        ".npmrc",
        "config/.env",
        "certs/server.key",
        "deploy/keys/id_ed25519",
        "app/secrets/db.txt",
        "tools/.npmrc",
        "py/.pypirc",
    ];
    let python = || {
        Tree::new()
            .file("requirements.txt", "flask\n")
            .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
    };
    for tree in [Tree::node_app(), python()] {
        let mut tree = tree;
        for s in SECRETS {
            tree = tree.file(s, "//registry.npmjs.org/:_authToken=npm_SECRETTOKEN\n");
        }
        let out = dockgen(&["init", "--yes"], tree.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dockerfile = std::fs::read_to_string(tree.path().join("Dockerfile")).unwrap();
        let ignore = std::fs::read_to_string(tree.path().join(".dockerignore")).unwrap();
        let matcher = docker_ignore(tree.path(), &ignore);
        for s in SECRETS {
            assert!(
                matcher.matched_path_or_any_parents(s, false).is_ignore(),
                "{s} is not excluded by:\n{ignore}"
            );
            let name = s.rsplit('/').next().unwrap();
            for line in dockerfile.lines().filter(|l| l.starts_with("COPY")) {
                assert!(
                    !line.split_whitespace().any(|w| w.ends_with(name)),
                    "{line} names {s}"
                );
            }
        }
        // The app's own files still travel.
        assert!(!matcher
            .matched_path_or_any_parents("package.json", false)
            .is_ignore());
        assert!(!matcher
            .matched_path_or_any_parents("app.py", false)
            .is_ignore());
    }
    // A Node install reads .npmrc through a secret mount, never from a layer. (An app on Node's built-ins
    // alone installs nothing, so this one has a dependency.)
    let tree = Tree::node_app()
        .file(
            "package.json",
            r#"{"name":"app","main":"server.js","dependencies":{"express":"5"}}"#,
        )
        .file(".npmrc", "//registry.npmjs.org/:_authToken=x\n");
    let out = dockgen(&["init", "--yes", "--stdout"], tree.path());
    let dockerfile = String::from_utf8_lossy(&out.stdout);
    assert!(
        dockerfile.contains("--mount=type=secret,id=npmrc,target=/root/.npmrc"),
        "{dockerfile}"
    );
}

#[test]
fn odd_prisma_settings_fall_back_with_a_warning() {
    let app = r#"{"name":"app","main":"server.js","dependencies":{"@prisma/client":"latest"},"prisma":5}"#;
    // A `prisma` that is not an object, no schema anywhere: a warning, the classic engine assumed.
    falls_back(
        &Tree::new()
            .file("package.json", app)
            .file("server.js", "app.listen(3000)\n"),
        &["no schema was found"],
    );
    // prisma.config with an unterminated, non-ASCII schema string, and a schema path that is missing.
    falls_back(
        &Tree::new()
            .file("package.json", app)
            .file("server.js", "app.listen(3000)\n")
            .file("prisma.config.ts", "export default {\n  schema: \"dé/schéma.prisma\n  schema: 'gone/schema.prisma',\n}\n"),
        &["gone/schema.prisma is not in the project"],
    );
}
