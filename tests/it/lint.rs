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
    leaky.language = Some(dockgen::stacks::node::ID);
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
    leaky.language = Some(dockgen::stacks::rust::ID);
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
    // The heredoc RUN also sits in the distroless stage, which has no shell to run it (DG017).
    assert_eq!(
        codes(&open),
        vec![("DG016".to_string(), 15), ("DG017".to_string(), 15)]
    );
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

/// A final stage on `base` that copies an artifact in and never sets USER.
fn on_base(base: &str) -> String {
    format!("FROM golang:1.25-trixie AS build\nRUN go build -o /out/app .\n\nFROM {base}\nCOPY --from=build /out/app /app\nHEALTHCHECK NONE\nCMD [\"/app\"]\n")
}

#[test]
fn dg001_knows_bases_that_run_as_non_root_by_default() {
    // The unprivileged nginx build runs as uid 101, .NET 8+ chiseled images as `app` (1654).
    for base in [
        "nginxinc/nginx-unprivileged:1.27-alpine",
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled",
        "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled-extra",
    ] {
        assert_eq!(codes(&on_base(base)), vec![], "{base}");
    }
    // Their root-running siblings are still reported.
    for base in [
        "nginx:1.27-alpine",
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble",
    ] {
        let found = codes(&on_base(base));
        assert!(
            found.contains(&("DG001".to_string(), 4)),
            "{base}: {found:?}"
        );
    }
}

#[test]
fn dg013_accepts_a_shell_form_that_execs_the_app() {
    let tini = "FROM python:3.13-slim-trixie\nWORKDIR /app\nCOPY requirements.txt ./\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . .\nUSER 10001:10001\nHEALTHCHECK NONE\nENTRYPOINT [\"tini\", \"--\"]\nCMD exec gunicorn --bind 0.0.0.0:8000 app:app\n";
    assert_eq!(codes(tini), vec![]);
    let no_exec = tini.replace("CMD exec gunicorn", "CMD gunicorn");
    assert_eq!(codes(&no_exec), one("DG013", 9));
}

#[test]
fn dg005_a_temurin_jre_is_a_runtime_and_jdks_are_not_told_to_go_slim() {
    let java = |runtime: &str| {
        format!("FROM maven:3.9-eclipse-temurin-21-noble AS build\nRUN mvn -q package\n\nFROM {runtime}\nCOPY --from=build /target/app.jar /app/app.jar\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD [\"java\", \"-jar\", \"/app/app.jar\"]\n")
    };
    assert_eq!(codes(&java("eclipse-temurin:21-jre-noble")), vec![]);
    assert_eq!(codes(&java("eclipse-temurin:21-jre")), vec![]);
    // A single-stage JRE image ships no compiler either.
    let single = "FROM eclipse-temurin:21-jre-noble\nCOPY app.jar /app/app.jar\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD [\"java\", \"-jar\", \"/app/app.jar\"]\n";
    assert_eq!(codes(single), vec![]);
    // A JDK is a toolchain; the suggestion is a runtime Temurin's line has, never a `-slim` tag.
    let f = lint(&java("eclipse-temurin:21-jdk-noble"), &ctx()).unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].code.as_str(), f[0].line), ("DG005", 4));
    assert!(
        f[0].message.contains("a toolchain image"),
        "{}",
        f[0].message
    );
    assert!(f[0].message.contains("java21"), "{}", f[0].message);
    assert!(!f[0].message.contains("slim"), "{}", f[0].message);
    let maven = lint(&java("maven:3.9-eclipse-temurin-21-noble"), &ctx()).unwrap();
    assert_eq!(maven.len(), 1, "{maven:?}");
    assert!(!maven[0].message.contains("-slim"), "{}", maven[0].message);
}

#[test]
fn dg017_a_run_in_a_stage_without_a_shell() {
    let apt = with(
        "COPY --from=build /app/dist ./dist",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl\nCOPY --from=build /app/dist ./dist",
    );
    let found = codes(&apt);
    assert!(found.contains(&("DG017".to_string(), 11)), "{found:?}");
    let exec_apt = with(
        "COPY --from=build /app/dist ./dist",
        "RUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\nCOPY --from=build /app/dist ./dist",
    );
    // (apt's own rules find their faults in it too.)
    let found = codes(&exec_apt);
    assert!(found.contains(&("DG017".to_string(), 11)), "{found:?}");
    // A program of the app's own in exec form needs no shell.
    let own = with(
        "COPY --from=build /app/dist ./dist",
        "COPY --from=build /app/dist ./dist\nRUN [\"/nodejs/bin/node\", \"dist/prepare.js\"]",
    );
    assert_eq!(codes(&own), vec![]);
    // A stage built on a shell-less stage has no shell either; the debug tags bring busybox.
    let child = "FROM gcr.io/distroless/static-debian13:nonroot AS base\nFROM base\nRUN echo hi\nHEALTHCHECK NONE\nCMD [\"/app\"]\n";
    assert_eq!(codes(child), one("DG017", 3));
    let debug = child.replace(":nonroot", ":debug-nonroot");
    assert_eq!(codes(&debug), vec![]);
    let chiseled = on_base("mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled")
        .replace("CMD", "RUN mkdir /data\nCMD");
    assert_eq!(codes(&chiseled), one("DG017", 7));
}

#[test]
fn dg018_duplicate_stage_names() {
    let twice = with("FROM gcr.io/distroless/nodejs24-debian13:nonroot", "FROM node:24-trixie-slim AS BUILD\nRUN npm run build\n\nFROM gcr.io/distroless/nodejs24-debian13:nonroot");
    assert_eq!(codes(&twice), one("DG018", 9));
}

#[test]
fn dg019_expose_of_a_port_nothing_listens_on() {
    let expose = |e: &str| with("USER 65532:65532", &format!("USER 65532:65532\nEXPOSE {e}"));
    assert_eq!(codes(&expose("0")), one("DG019", 13));
    assert_eq!(codes(&expose("70000/tcp")), one("DG019", 13));
    assert_eq!(codes(&expose("http")), one("DG019", 13));
    assert_eq!(codes(&expose("8080 0")), one("DG019", 13));
    for fine in ["8080", "8080/tcp 53/udp", "8000-8010", "$PORT"] {
        assert_eq!(codes(&expose(fine)), vec![], "{fine}");
    }
}

#[test]
fn fixes_quote_the_files_own_stack() {
    let python = "FROM python:3.13-slim-trixie\nCOPY . /app\nUSER 10001\nCMD gunicorn app:app\n";
    let f = lint(python, &ctx()).unwrap();
    let dg013 = f.iter().find(|f| f.code == "DG013").unwrap();
    assert!(dg013.fix.contains("gunicorn"), "{}", dg013.fix);
    for finding in &f {
        assert!(!finding.fix.contains("node"), "{finding:?}");
    }
    // The detected stack wins over the base image, which may be any OS image.
    let mut ruby = ctx();
    ruby.language = Some(dockgen::stacks::ruby::ID);
    let f = lint(&python.replace("python:3.13-slim-trixie", "ubuntu"), &ruby).unwrap();
    let dg004 = f.iter().find(|f| f.code == "DG004").unwrap();
    assert!(dg004.fix.contains("ruby:"), "{}", dg004.fix);
    // A Node file keeps the Node examples.
    let node = with(r#"CMD ["dist/server.js"]"#, "CMD node dist/server.js");
    let f = lint(&node, &ctx()).unwrap();
    assert!(f[0].fix.contains("[\"node\""), "{}", f[0].fix);
}
