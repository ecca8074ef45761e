//! Each lint rule against a Dockerfile that breaks only it (its code at the right line) and one that passes
//! it; and the parser on continuations, heredocs, directives, ARGs in FROM and stage references.

use dockgen::lint::{lint, Context};

/// A project with a complete .dockerignore and no detected stack.
fn ctx() -> Context {
    Context {
        dockerignore: Some(".git\n.env\nnode_modules\n".into()),
        dockerignore_name: ".dockerignore".into(),
        ..Context::default()
    }
}

fn codes_with(text: &str, ctx: &Context) -> Vec<(String, usize)> {
    lint(text, ctx)
        .unwrap()
        .into_iter()
        .map(|f| (f.code, f.line))
        .collect()
}

fn codes(text: &str) -> Vec<(String, usize)> {
    codes_with(text, &ctx())
}

fn one(code: &str, line: usize) -> Vec<(String, usize)> {
    vec![(code.to_string(), line)]
}

/// Clean under every rule, info included; each case below changes one thing.
const CLEAN: &str = r#"# syntax=docker/dockerfile:1
FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs24-debian13:nonroot
WORKDIR /app
COPY --from=build /app/dist ./dist
USER 65532:65532
HEALTHCHECK CMD ["/nodejs/bin/node", "dist/health.js"]
CMD ["dist/server.js"]
"#;

fn with(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from}");
    CLEAN.replacen(from, to, 1)
}

#[test]
fn the_clean_file_is_clean() {
    assert_eq!(codes(CLEAN), vec![]);
}

#[test]
fn dg001_root_user() {
    assert_eq!(
        codes(&with("USER 65532:65532", "USER root")),
        one("DG001", 12)
    );
    assert_eq!(
        codes(&with("USER 65532:65532", "USER 0:0")),
        one("DG001", 12)
    );
    let never = with("USER 65532:65532\n", "").replace(
        "gcr.io/distroless/nodejs24-debian13:nonroot",
        "node:24-trixie-slim",
    );
    assert_eq!(codes(&never), one("DG001", 9));
    // A `:nonroot` base runs as 65532 without a USER line.
    assert_eq!(codes(&with("USER 65532:65532\n", "")), vec![]);
}

#[test]
fn dg002_non_numeric_user() {
    assert_eq!(
        codes(&with("USER 65532:65532", "USER nonroot")),
        one("DG002", 12)
    );
    assert_eq!(
        codes(&with("USER 65532:65532", "USER 10001:app")),
        one("DG002", 12)
    );
    assert_eq!(codes(&with("USER 65532:65532", "USER 10001")), vec![]);
}

#[test]
fn dg003_toolchain_in_a_single_stage_image() {
    let go = "FROM golang:1.24\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    assert_eq!(codes(go), one("DG003", 1));
    let node = "FROM node:24-trixie-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nUSER 1000\nHEALTHCHECK NONE\nCMD [\"node\", \"dist/server.js\"]\n";
    assert_eq!(codes(node), one("DG003", 1));
    let gcc = "FROM debian:trixie-slim\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends build-essential\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    assert_eq!(codes(gcc), one("DG003", 1));
    let runtime_only = node.replace("RUN npm run build\n", "");
    assert_eq!(codes(&runtime_only), vec![]);
}

#[test]
fn dg004_unpinned_base() {
    assert_eq!(
        codes(&with(
            "FROM node:24-trixie-slim AS build",
            "FROM node AS build"
        )),
        one("DG004", 2)
    );
    assert_eq!(
        codes(&with(
            "FROM node:24-trixie-slim AS build",
            "FROM node:latest AS build"
        )),
        one("DG004", 2)
    );
    let digest = with(
        "FROM node:24-trixie-slim AS build",
        "FROM node@sha256:0123abcd AS build",
    );
    assert_eq!(codes(&digest), vec![]);
    let arg = with(
        "FROM node:24-trixie-slim AS build",
        "ARG NODE=24\nFROM node:${NODE}-trixie-slim AS build",
    );
    assert_eq!(codes(&arg), vec![]);
}

#[test]
fn dg005_full_os_runtime_base() {
    let full = with(
        "FROM gcr.io/distroless/nodejs24-debian13:nonroot",
        "FROM node:24",
    );
    let f = lint(&full, &ctx()).unwrap();
    assert_eq!(
        f.iter()
            .map(|f| (f.code.as_str(), f.line))
            .collect::<Vec<_>>(),
        [("DG005", 9)]
    );
    assert!(
        f[0].message
            .contains("gcr.io/distroless/nodejs24-debian13:nonroot"),
        "{}",
        f[0].message
    );
    // A full OS needs the project, or a known build stage, to say what would serve instead.
    let unknown =
        "FROM ubuntu:24.04\nCOPY app /app\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    assert_eq!(codes(unknown), vec![]);
    let mut node_project = ctx();
    node_project.runtime = Some("gcr.io/distroless/nodejs24-debian13:nonroot".into());
    assert_eq!(codes_with(unknown, &node_project), one("DG005", 1));
    let ubuntu = with(
        "FROM gcr.io/distroless/nodejs24-debian13:nonroot",
        "FROM ubuntu:24.04",
    );
    node_project.runtime = Some("gcr.io/distroless/nodejs24-debian13:nonroot".into());
    assert_eq!(codes_with(&ubuntu, &node_project), one("DG005", 9));
    // A slim toolchain image is still a toolchain.
    let rust = "FROM rust:1.82-slim AS build\nRUN cargo build --release\nFROM rust:1.82-slim\nCOPY --from=build /t/app /app\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    assert_eq!(codes(rust), one("DG005", 3));
    // … or the build stage the artifact comes from.
    let go = "FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM ubuntu:24.04\nCOPY --from=build /app /app\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    let f = lint(go, &ctx()).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].code.as_str(), f[0].line), ("DG005", 3));
    assert!(
        f[0].message.contains("distroless/static"),
        "{}",
        f[0].message
    );
    assert_eq!(
        codes(&with(
            "FROM gcr.io/distroless/nodejs24-debian13:nonroot",
            "FROM node:24-trixie-slim"
        )),
        vec![]
    );
}

#[test]
fn dg006_install_after_copying_the_whole_context() {
    let bust = with("COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n", "COPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci\n");
    assert_eq!(codes(&bust), one("DG006", 5));
    let pip = "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"python\", \"app.py\"]\n";
    assert_eq!(codes(pip), one("DG006", 4));
    let fixed = pip.replace(
        "COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        "COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n",
    );
    assert_eq!(codes(&fixed), vec![]);
    // The restore steps of .NET and Mix are dependency installs too.
    for install in ["dotnet restore", "mix deps.get --only prod"] {
        let late = pip.replace("pip install --no-cache-dir -r requirements.txt", install);
        assert_eq!(codes(&late), one("DG006", 4), "{install}");
    }
}

#[test]
fn dg007_dockerignore() {
    let mut missing = ctx();
    missing.dockerignore = None;
    assert_eq!(codes_with(CLEAN, &missing), one("DG007", 4));
    let mut leaky = ctx();
    leaky.dockerignore = Some(".env\n".into());
    leaky.language = Some(dockgen::facts::StackId::Node);
    let f = lint(CLEAN, &leaky).unwrap();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains(".git") && f[0].message.contains("node_modules"),
        "{}",
        f[0].message
    );
    // Dependency folders are required by stack, or when they exist.
    leaky.dockerignore = Some("**/.git\n.env*\n".into());
    leaky.language = None;
    assert_eq!(codes_with(CLEAN, &leaky), vec![]);
    leaky.language = Some(dockgen::facts::StackId::Rust);
    assert_eq!(codes_with(CLEAN, &leaky), one("DG007", 4));
    // Ignore everything, then let the source back in: .git and .env stay out.
    leaky.dockerignore = Some("*\n!src\n!package.json\n".into());
    assert_eq!(codes_with(CLEAN, &leaky), vec![]);
}

#[test]
fn dg008_secrets_in_env_and_arg() {
    assert_eq!(
        codes(&with(
            "WORKDIR /app\nCOPY package",
            "WORKDIR /app\nENV NPM_TOKEN=npm_abc123\nCOPY package"
        )),
        one("DG008", 4)
    );
    assert_eq!(
        codes(&with(
            "WORKDIR /app\nCOPY package",
            "WORKDIR /app\nARG DB_PASSWORD=hunter2\nCOPY package"
        )),
        one("DG008", 4)
    );
    assert_eq!(
        codes(&with(
            "WORKDIR /app\nCOPY package",
            "WORKDIR /app\nENV API_KEY abc\nCOPY package"
        )),
        one("DG008", 4)
    );
    let f = lint(
        &with(
            "WORKDIR /app\nCOPY package",
            "WORKDIR /app\nENV NPM_TOKEN=npm_abc123\nCOPY package",
        ),
        &ctx(),
    )
    .unwrap();
    assert!(
        !f[0].message.contains("npm_abc123"),
        "the value is never echoed"
    );
    let ok = with("WORKDIR /app\nCOPY package", "WORKDIR /app\nARG NPM_TOKEN\nENV GPG_KEY=ABCD PASSWORD_FILE=/run/secrets/pw TOKEN=$NPM_TOKEN\nCOPY package");
    assert_eq!(codes(&ok), vec![]);
}

#[test]
fn dg009_add_of_local_files() {
    assert_eq!(codes(&with("COPY . .", "ADD . .")), one("DG009", 6));
    let ok = with(
        "COPY . .",
        "COPY . .\nADD https://example.com/tool.tgz /opt/\nADD vendor.tar.gz /opt/",
    );
    assert_eq!(codes(&ok), vec![]);
}

/// A build stage that installs a package; the cases change one thing about the apt RUN.
fn apt(run: &str) -> String {
    with(
        "WORKDIR /app\nCOPY package",
        &format!("WORKDIR /app\n{run}\nCOPY package"),
    )
}

const CACHES: &str = "--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked";

#[test]
fn dg010_apt_without_no_install_recommends() {
    assert_eq!(
        codes(&apt(&format!(
            "RUN {CACHES} apt-get update && apt-get install -y git"
        ))),
        one("DG010", 4)
    );
    assert_eq!(
        codes(&apt(&format!(
            "RUN {CACHES} apt-get update && apt-get install -y --no-install-recommends git"
        ))),
        vec![]
    );
}

#[test]
fn dg011_apt_lists_left_in_the_final_image() {
    let shipped = "FROM debian:trixie-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends ca-certificates\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    // Without a cache mount the info rule DG012 necessarily fires beside it.
    assert_eq!(
        codes(shipped),
        vec![("DG011".into(), 2), ("DG012".into(), 2)]
    );
    let cleaned = shipped.replace(
        "ca-certificates\n",
        "ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n",
    );
    assert_eq!(codes(&cleaned), one("DG012", 2));
    let cached = shipped.replace("RUN apt-get", &format!("RUN {CACHES} apt-get"));
    assert_eq!(codes(&cached), vec![]);
    // Lists left in a build stage never ship.
    assert_eq!(
        codes(&apt(
            "RUN apt-get update && apt-get install -y --no-install-recommends git"
        )),
        one("DG012", 4)
    );
}

#[test]
fn dg012_apt_without_a_cache_mount() {
    assert_eq!(codes(&apt("RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*")), one("DG012", 4));
    assert_eq!(
        codes(&apt(&format!(
            "RUN {CACHES} apt-get update && apt-get install -y --no-install-recommends git"
        ))),
        vec![]
    );
}

#[test]
fn dg013_shell_form_start() {
    assert_eq!(
        codes(&with(
            r#"CMD ["dist/server.js"]"#,
            "CMD node dist/server.js"
        )),
        one("DG013", 14)
    );
    assert_eq!(
        codes(&with(
            r#"CMD ["dist/server.js"]"#,
            "ENTRYPOINT /nodejs/bin/node dist/server.js"
        )),
        one("DG013", 14)
    );
}

#[test]
fn dg014_no_healthcheck() {
    assert_eq!(
        codes(&with(
            "HEALTHCHECK CMD [\"/nodejs/bin/node\", \"dist/health.js\"]\n",
            ""
        )),
        one("DG014", 9)
    );
    assert_eq!(
        codes(&with(
            "HEALTHCHECK CMD [\"/nodejs/bin/node\", \"dist/health.js\"]",
            "HEALTHCHECK NONE"
        )),
        vec![]
    );
}

#[test]
fn dg015_suppression_needs_a_reason() {
    let bare = with(
        r#"CMD ["dist/server.js"]"#,
        "# dockgen-ignore DG013\nCMD node dist/server.js",
    );
    assert_eq!(codes(&bare), one("DG015", 14));
    let reasoned = with(
        r#"CMD ["dist/server.js"]"#,
        "# dockgen-ignore DG013 the script traps signals itself\nCMD node dist/server.js",
    );
    assert_eq!(codes(&reasoned), vec![]);
    // It silences only the codes it names, only on the instruction below it.
    let other = with(
        r#"CMD ["dist/server.js"]"#,
        "# dockgen-ignore DG001 not this one\nCMD node dist/server.js",
    );
    assert_eq!(codes(&other), one("DG013", 15));
}

#[test]
fn dg016_syntax() {
    assert_eq!(
        codes(&with(
            "WORKDIR /app\nCOPY package",
            "WORKDIR /app\nRUNN make\nCOPY package"
        )),
        one("DG016", 4)
    );
    let open = with(
        r#"CMD ["dist/server.js"]"#,
        "CMD [\"dist/server.js\"]\nRUN <<EOF\necho hi",
    );
    assert_eq!(codes(&open), one("DG016", 15));
    assert_eq!(codes("# just a comment\n"), one("DG016", 1));
}

#[test]
fn parser_keeps_lines_through_continuations_heredocs_and_escape() {
    let text = "# escape=`\n# syntax=docker/dockerfile:1\nARG V=1.24\nFROM golang:${V} AS build\nRUN echo a `\n    # a comment inside\n    && echo b\nRUN <<EOF\nset -e\ngo build .\nEOF\nFROM scratch\nCOPY --from=0 /out /app\nCMD [\"/app\"]\n";
    let df = dockgen::lint::parse::parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.directives[0], ("escape".to_string(), "`".to_string()));
    assert_eq!(df.stages[0].image.as_deref(), Some("golang:1.24"));
    assert_eq!(df.stages[0].name.as_deref(), Some("build"));
    let lines: Vec<(usize, &str)> = df
        .instructions
        .iter()
        .map(|i| (i.line, i.keyword.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, "ARG"),
            (4, "FROM"),
            (5, "RUN"),
            (8, "RUN"),
            (12, "FROM"),
            (13, "COPY"),
            (14, "CMD")
        ]
    );
    assert_eq!(df.instructions[2].args, "echo a     && echo b");
    assert_eq!(df.instructions[3].heredocs[0].body, "set -e\ngo build .\n");
    assert_eq!(df.stage_ref("0", 1), Some(0));
    assert_eq!(df.stage_ref("BUILD", 1), Some(0));
    assert!(df.instructions[6].exec().is_some());
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_buildkit_does() {
    let text = format!("\u{feff}{}", CLEAN.replace('\n', "\r\n"));
    assert_eq!(codes(&text), vec![]);
}

#[test]
fn a_final_stage_built_on_an_earlier_one_inherits_its_user() {
    let text = "FROM node:24-trixie-slim AS base\nUSER 1000\nFROM base\nHEALTHCHECK NONE\nCMD [\"node\", \"s.js\"]\n";
    assert_eq!(codes(text), vec![]);
}
