//! The regeneration scenario suite: realistic hand edits crossed with realistic stack changes, across
//! node, python, go, rust, ruby, bun, php and deno. For each pair: generate, hand-edit, change the stack,
//! regenerate. A clean merge must give exactly the edit applied to the new rendering; an expected conflict
//! must exit 1, keep the base where it was, and hold the user's lines. No line the user added is ever lost.
//!
//! The same base/ours/theirs go through `git merge-file` for comparison: dockgen's merge must conflict on
//! fewer than a third as many pairs. Run with `--nocapture` to see the table and the figures.

use crate::common;

use common::Project;
use dockgen::config::Answers;
use std::path::Path;

/// A hand edit: a function of the Dockerfile and one of the .dockerignore, so it can be applied to the
/// new rendering too to say what the merge should give.
struct Edit {
    name: &'static str,
    dockerfile: fn(&str) -> String,
    ignore: fn(&str) -> String,
}

/// A stack change: the project before it, and what changes in it.
struct Change {
    name: &'static str,
    setup: fn() -> Project,
    apply: fn(&Project),
}

fn same(s: &str) -> String {
    s.to_string()
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).collect()
}

fn join(l: &[String]) -> String {
    l.iter().map(|x| format!("{x}\n")).collect()
}

fn is_start(l: &str) -> bool {
    l.starts_with("CMD ") || l.starts_with("ENTRYPOINT ")
}

fn insert_after(s: &str, at: impl Fn(&[String]) -> usize, text: &str) -> String {
    let mut l = lines(s);
    let i = at(&l);
    l.insert(i + 1, text.to_string());
    join(&l)
}

fn last(l: &[String], p: impl Fn(&str) -> bool) -> usize {
    l.iter()
        .rposition(|x| p(x))
        .unwrap_or_else(|| panic!("no such line in:\n{}", join(l)))
}

fn first(l: &[String], p: impl Fn(&str) -> bool) -> usize {
    l.iter()
        .position(|x| p(x))
        .unwrap_or_else(|| panic!("no such line in:\n{}", join(l)))
}

/// The line index of the comment block directly above line `i` (or `i` itself).
fn block_start(l: &[String], mut i: usize) -> usize {
    while i > 0 && l[i - 1].starts_with('#') {
        i -= 1;
    }
    i
}

fn env_after_from(s: &str) -> String {
    insert_after(s, |l| last(l, |x| x.starts_with("FROM ")), "ENV TZ=UTC")
}

fn arg_after_first_from(s: &str) -> String {
    insert_after(
        s,
        |l| first(l, |x| x.starts_with("FROM ")),
        "ARG BUILD_REV=dev",
    )
}

fn label_at_end(s: &str) -> String {
    format!("{s}LABEL org.opencontainers.image.vendor=\"Example Co\"\n")
}

fn apt_in_runtime(s: &str) -> String {
    let mut l = lines(s);
    let at = block_start(&l, last(&l, |x| x.starts_with("USER ") || is_start(x)));
    l.insert(
        at,
        "RUN apt-get update && apt-get install -y --no-install-recommends curl \\".into(),
    );
    l.insert(at + 1, "    && rm -rf /var/lib/apt/lists/*".into());
    l.insert(at + 2, String::new());
    join(&l)
}

fn cmd_flag(s: &str) -> String {
    let mut l = lines(s);
    let i = last(&l, is_start);
    l[i] = l[i].replacen(']', ", \"--verbose\"]", 1);
    join(&l)
}

fn healthcheck(s: &str) -> String {
    let mut l = lines(s);
    let at = block_start(&l, last(&l, is_start));
    l.insert(at, "HEALTHCHECK --interval=30s CMD [\"/bin/true\"]".into());
    l.insert(at + 1, String::new());
    join(&l)
}

fn extra_copy(s: &str) -> String {
    insert_after(
        s,
        |l| last(l, |x| x.starts_with("COPY ") && !x.ends_with('\\')),
        "COPY config/ ./config/",
    )
}

fn removed_comment(s: &str) -> String {
    let mut l = lines(s);
    let i = last(&l, is_start);
    assert!(l[i - 1].starts_with('#'), "no comment above the start");
    l.remove(i - 1);
    join(&l)
}

fn renamed_stage(s: &str) -> String {
    let l = lines(s);
    let from = &l[first(&l, |x| x.starts_with("FROM ") && x.contains(" AS "))];
    let old = from.rsplit(' ').next().unwrap().to_string();
    let new = format!("{old}-stage");
    let out: Vec<String> = l
        .iter()
        .map(|x| {
            x.replace(&format!(" AS {old}"), &format!(" AS {new}"))
                .replace(&format!("--from={old} "), &format!("--from={new} "))
        })
        .collect();
    join(&out)
}

fn ignore_edits(s: &str) -> String {
    let l: Vec<String> = lines(s).into_iter().filter(|x| x != ".vscode").collect();
    format!("{}\n# ours\ncoverage/\n*.log\n", join(&l))
}

const EDITS: &[Edit] = &[
    Edit {
        name: "ENV after FROM",
        dockerfile: env_after_from,
        ignore: same,
    },
    Edit {
        name: "ARG after FROM",
        dockerfile: arg_after_first_from,
        ignore: same,
    },
    Edit {
        name: "LABEL at the end",
        dockerfile: label_at_end,
        ignore: same,
    },
    Edit {
        name: "apt package in runtime",
        dockerfile: apt_in_runtime,
        ignore: same,
    },
    Edit {
        name: "changed CMD flag",
        dockerfile: cmd_flag,
        ignore: same,
    },
    Edit {
        name: "HEALTHCHECK",
        dockerfile: healthcheck,
        ignore: same,
    },
    Edit {
        name: "extra COPY",
        dockerfile: extra_copy,
        ignore: same,
    },
    Edit {
        name: "removed comment",
        dockerfile: removed_comment,
        ignore: same,
    },
    Edit {
        name: "renamed stage",
        dockerfile: renamed_stage,
        ignore: same,
    },
    Edit {
        name: ".dockerignore edits",
        dockerfile: same,
        ignore: ignore_edits,
    },
];

fn node_build() -> Project {
    let p = Project::example("node-express-npm");
    p.edit(
        "package.json",
        "\"start\": \"node server.js\"",
        "\"start\": \"node server.js\",\n    \"build\": \"node build.js\"",
    );
    p.write("build.js", "console.log('built');\n");
    p
}

const CHANGES: &[Change] = &[
    Change {
        name: "node: toolchain bump (.nvmrc 24)",
        setup: || Project::example("node-express-npm"),
        apply: |p| p.write(".nvmrc", "24\n"),
    },
    Change {
        name: "node: npm → pnpm",
        setup: || Project::example("node-express-npm"),
        apply: |p| {
            p.remove("package-lock.json");
            p.write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
        },
    },
    Change {
        name: "node: port changed",
        setup: || Project::example("node-express-npm"),
        apply: |p| {
            p.edit(
                "server.js",
                "process.env.PORT || 3001",
                "process.env.PORT || 4100",
            )
        },
    },
    Change {
        name: "node: build step added",
        setup: || Project::example("node-express-npm"),
        apply: |p| {
            p.edit(
                "package.json",
                "\"start\": \"node server.js\"",
                "\"start\": \"node server.js\",\n    \"build\": \"node build.js\"",
            );
            p.write("build.js", "console.log('built');\n");
        },
    },
    Change {
        name: "node: build step removed",
        setup: node_build,
        apply: |p| p.edit("package.json", ",\n    \"build\": \"node build.js\"", ""),
    },
    Change {
        name: "python: toolchain bump (.python-version)",
        setup: || Project::example("python-flask-requirements"),
        apply: |p| p.write(".python-version", "3.12\n"),
    },
    Change {
        name: "python: pip → uv",
        setup: || Project::example("python-flask-requirements"),
        apply: |p| {
            p.remove("requirements.txt");
            p.write("pyproject.toml", "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n");
            p.write("uv.lock", "version = 1\n");
        },
    },
    Change {
        name: "python: framework added (fastapi)",
        setup: || {
            Project::new()
                .file("requirements.txt", "requests==2.32.3\n")
                // A server without a framework (a print script has no port since it never listens).
                .file(
                    "main.py",
                    "from http.server import HTTPServer, BaseHTTPRequestHandler\nHTTPServer(('', 8000), BaseHTTPRequestHandler).serve_forever()\n",
                )
        },
        apply: |p| {
            p.write("requirements.txt", "fastapi==0.115.0\nuvicorn==0.34.0\n");
            p.write("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
        },
    },
    Change {
        name: "go: toolchain bump (go.mod)",
        setup: || Project::example("go-stdlib"),
        apply: |p| p.edit("go.mod", "go 1.24", "go 1.25"),
    },
    Change {
        name: "go: binary renamed",
        setup: || Project::example("go-cmd-toolchain"),
        apply: |p| p.rename("cmd/api/main.go", "cmd/server/main.go"),
    },
    Change {
        name: "rust: toolchain bump",
        setup: || Project::example("rust-single-bin"),
        apply: |p| p.write("rust-toolchain.toml", "[toolchain]\nchannel = \"1.94\"\n"),
    },
    Change {
        name: "rust: binary renamed",
        setup: || Project::example("rust-single-bin"),
        apply: |p| p.edit("Cargo.toml", "name = \"hello-rs\"", "name = \"greeter\""),
    },
    Change {
        name: "ruby: toolchain bump (.ruby-version)",
        setup: || Project::example("ruby-sinatra"),
        apply: |p| p.write(".ruby-version", "3.4.1\n"),
    },
    Change {
        name: "bun: port changed",
        setup: || Project::example("bun-hono"),
        apply: |p| p.edit("src/index.ts", "port: 8787", "port: 8800"),
    },
    Change {
        name: "php: toolchain bump (.php-version)",
        setup: || Project::example("php-plain"),
        apply: |p| p.write(".php-version", "8.3\n"),
    },
    Change {
        name: "deno: port changed",
        setup: || Project::example("deno-hono"),
        apply: |p| {
            p.edit(
                "deno.jsonc",
                "deno serve --allow-net main.ts",
                "deno serve --allow-net --port 9000 main.ts",
            )
        },
    },
];

/// Pairs where both sides change one instruction, so a conflict is the right answer: the user's CMD flag
/// against a new start command (a renamed binary; fastapi replacing a plain script; deno's `--port` in
/// the CMD).
const EXPECTED_CONFLICTS: &[(&str, &str)] = &[
    ("changed CMD flag", "go: binary renamed"),
    ("changed CMD flag", "rust: binary renamed"),
    ("changed CMD flag", "python: framework added (fastapi)"),
    ("changed CMD flag", "deno: port changed"),
];

/// Whether an edit applies to a project's Dockerfile (a single-stage file has no stage to rename).
fn applies(edit: &Edit, dockerfile: &str) -> bool {
    match edit.name {
        "renamed stage" => dockerfile
            .lines()
            .any(|l| l.starts_with("FROM ") && l.contains(" AS ")),
        "removed comment" => {
            let l = lines(dockerfile);
            l.iter()
                .rposition(|x| is_start(x))
                .is_some_and(|i| i > 0 && l[i - 1].starts_with('#'))
        }
        _ => true,
    }
}

/// What dockgen renders for the project now (no answers), Dockerfile and .dockerignore.
fn render(dir: &Path) -> (String, String) {
    let project = dockgen::scan::Project::scan(dir, dockgen::stacks::rules().unwrap()).unwrap();
    let rules = dockgen::stacks::rules().unwrap();
    let apps = dockgen::detect::detect(&project, &Answers::default()).unwrap();
    let plan = dockgen::pipeline::plan(&apps[0], rules, None).unwrap();
    (
        dockgen::render::dockerfile(&plan).unwrap(),
        dockgen::render::dockerignore(&plan).unwrap(),
    )
}

/// Whether `git merge-file` conflicts on these inputs.
fn git_conflicts(base: &str, ours: &str, theirs: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let w = |n: &str, t: &str| {
        let p = dir.path().join(n);
        std::fs::write(&p, t).unwrap();
        p
    };
    let (o, b, t) = (w("ours", ours), w("base", base), w("theirs", theirs));
    let out = std::process::Command::new("git")
        .args(["merge-file", "-p"])
        .args([&o, &b, &t])
        .output()
        .expect("git is installed");
    // Exit status: the number of conflicts (negative on error).
    assert!(
        out.status.code().is_some_and(|c| c >= 0),
        "git merge-file failed: {out:?}"
    );
    out.status.code() != Some(0)
}

/// Every line the user added (in ours, not in base) is in `result`.
fn lost_lines(base: &str, ours: &str, result: &str) -> Vec<String> {
    let have: std::collections::HashSet<&str> = result.lines().collect();
    let base: std::collections::HashSet<&str> = base.lines().collect();
    ours.lines()
        .filter(|l| !l.trim().is_empty() && !base.contains(l) && !have.contains(l))
        .map(str::to_string)
        .collect()
}

/// One change's index, its failures, and each edit's outcome.
type ChangeResult = (usize, Vec<String>, Vec<(&'static Edit, Outcome)>);

struct Outcome {
    dockgen_conflicts: bool,
    git_conflicts: bool,
}

fn run(edit: &Edit, change: &Change, failures: &mut Vec<String>) -> Option<Outcome> {
    let p = (change.setup)();
    p.dockgen(&["init", "--yes"]).success();
    let base_df = p.read(".dockgen/Dockerfile");
    let base_ig = p.read(".dockgen/.dockerignore");
    if !applies(edit, &base_df) {
        return None;
    }
    let ours_df = (edit.dockerfile)(&base_df);
    let ours_ig = (edit.ignore)(&base_ig);
    p.write("Dockerfile", &ours_df);
    p.write(".dockerignore", &ours_ig);
    (change.apply)(&p);
    let (theirs_df, theirs_ig) = render(p.path());
    let label = format!("{} × {}", edit.name, change.name);
    if theirs_df == base_df {
        failures.push(format!(
            "{label}: the change does not change the Dockerfile"
        ));
    }
    let out = p.dockgen(&["generate"]);
    let code = out.get_output().status.code();
    let got_df = p.read("Dockerfile");
    let got_ig = p.read(".dockerignore");
    let expect_conflict = EXPECTED_CONFLICTS.contains(&(edit.name, change.name));
    let conflicted = code == Some(1) && got_df.contains("<<<<<<< ours");
    if expect_conflict {
        if !conflicted {
            failures.push(format!(
                "{label}: expected a conflict, got exit {code:?}:\n{got_df}"
            ));
        } else if p.read(".dockgen/Dockerfile") != base_df || p.read("Dockerfile.bak") != ours_df {
            failures.push(format!(
                "{label}: after a conflict the base must stay and the backup hold the user's file"
            ));
        }
    } else if code != Some(0) {
        failures.push(format!(
            "{label}: expected a clean merge, got exit {code:?}:\n{got_df}"
        ));
    } else {
        let want_df = (edit.dockerfile)(&theirs_df);
        let want_ig = (edit.ignore)(&theirs_ig);
        if got_df != want_df {
            failures.push(format!(
                "{label}: Dockerfile differs from the edit applied to the new rendering:\n{}",
                dockgen::regen::diff("Dockerfile", &want_df, &got_df)
            ));
        }
        if got_ig != want_ig {
            failures.push(format!(
                "{label}: .dockerignore differs:\n{}",
                dockgen::regen::diff(".dockerignore", &want_ig, &got_ig)
            ));
        }
    }
    // A user's line the stack change rewrote (the FROM of a renamed stage, with a new tag) is checked by
    // the comparison with the edit applied to the new rendering instead.
    let want_df = (edit.dockerfile)(&theirs_df);
    let want_ig = (edit.ignore)(&theirs_ig);
    for (name, base, ours, want, got) in [
        ("Dockerfile", &base_df, &ours_df, &want_df, &got_df),
        (".dockerignore", &base_ig, &ours_ig, &want_ig, &got_ig),
    ] {
        let rewritten: std::collections::HashSet<&str> = if conflicted {
            Default::default()
        } else {
            ours.lines().filter(|l| !want.contains(*l)).collect()
        };
        let mut lost = lost_lines(base, ours, got);
        lost.retain(|l| !rewritten.contains(l.as_str()));
        if !lost.is_empty() {
            failures.push(format!("{label}: {name} lost the user's lines {lost:?}"));
        }
    }
    Some(Outcome {
        dockgen_conflicts: conflicted,
        git_conflicts: git_conflicts(&base_df, &ours_df, &theirs_df)
            || git_conflicts(&base_ig, &ours_ig, &theirs_ig),
    })
}

#[test]
fn edits_crossed_with_stack_changes_merge_and_beat_git_merge_file() {
    // The changes run on a few threads: each pair is its own project folder.
    let results: Vec<ChangeResult> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..3)
            .map(|w| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (i, change) in CHANGES.iter().enumerate().filter(|(i, _)| i % 3 == w) {
                        let mut failures = Vec::new();
                        let rows = EDITS
                            .iter()
                            .filter_map(|e| run(e, change, &mut failures).map(|o| (e, o)))
                            .collect();
                        out.push((i, failures, rows));
                    }
                    out
                })
            })
            .collect();
        let mut all: Vec<_> = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        all.sort_by_key(|r| r.0);
        all
    });
    let mut failures = Vec::new();
    let (mut total, mut ours_n, mut git_n) = (0, 0, 0);
    let mut stacks = std::collections::BTreeSet::new();
    for (i, f, rows) in results {
        failures.extend(f);
        let change = &CHANGES[i];
        for (edit, o) in rows {
            total += 1;
            ours_n += usize::from(o.dockgen_conflicts);
            git_n += usize::from(o.git_conflicts);
            stacks.insert(change.name.split(':').next().unwrap());
            eprintln!(
                "{:<24} × {:<42} dockgen: {:<9} git merge-file: {}",
                edit.name,
                change.name,
                if o.dockgen_conflicts {
                    "conflict"
                } else {
                    "clean"
                },
                if o.git_conflicts { "conflict" } else { "clean" }
            );
        }
    }
    eprintln!(
        "\n{total} pairs over {} stacks: dockgen conflicts on {ours_n}, git merge-file on {git_n}",
        stacks.len()
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        total >= 40 && stacks.len() >= 6,
        "{total} pairs over {stacks:?}"
    );
    assert!(
        ours_n * 3 < git_n,
        "dockgen conflicts on {ours_n}, git merge-file on {git_n}: not under a third"
    );
}
