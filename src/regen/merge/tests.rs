//! Unit tests of `merge`, kept beside it so the parser's own file stays short.

use super::*;
use crate::regen::{both_valid, merge as merge_file, Update};

const BASE: &str = "# syntax=docker/dockerfile:1\n\n# deps\nFROM node:22 AS deps\nWORKDIR /app\n\n# install\nRUN npm ci\n\n# runtime\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\n\n# start\nCMD [\"node\", \"server.js\"]\n";

fn bump(s: &str) -> String {
    s.replace("node:22", "node:24")
}

fn merged(base: &str, ours: &str, theirs: &str) -> String {
    match merge_file(Some(base), Some(ours), theirs) {
        Update::Merged(t) => t,
        other => panic!("expected a clean merge, got {other:?}"),
    }
}

#[test]
fn an_env_after_a_changed_from_stays_after_it() {
    let ours = BASE.replace("FROM node:22-slim\n", "FROM node:22-slim\nENV TZ=UTC\n");
    assert_eq!(merged(BASE, &ours, &bump(BASE)), bump(&ours));
}

#[test]
fn a_label_after_a_changed_cmd_stays_after_it() {
    let ours = format!("{BASE}LABEL team=core\n");
    let theirs = BASE.replace("server.js", "app.js");
    assert_eq!(
        merged(BASE, &ours, &theirs),
        format!("{theirs}LABEL team=core\n")
    );
}

#[test]
fn a_renamed_stage_takes_dockgens_new_tag_and_references() {
    let ours = BASE
        .replace("AS deps", "AS dependencies")
        .replace("--from=deps", "--from=dependencies");
    let theirs = bump(BASE).replace(
        "./node_modules\n",
        "./node_modules\nCOPY --from=deps /app/dist ./dist\n",
    );
    let got = merged(BASE, &ours, &theirs);
    assert!(got.contains("FROM node:24 AS dependencies\n"), "{got}");
    assert!(
        got.contains("COPY --from=dependencies /app/dist ./dist\n"),
        "{got}"
    );
    assert!(!got.contains("deps "), "{got}");
}

#[test]
fn one_instruction_changed_on_both_sides_is_one_narrow_conflict() {
    let ours = format!(
        "{}LABEL a=b\n",
        BASE.replace("\"server.js\"]", "\"--inspect\", \"server.js\"]")
    );
    let theirs = bump(&BASE.replace("server.js", "app.js"));
    let Update::Conflict { text, count } = merge_file(Some(BASE), Some(&ours), &theirs) else {
        panic!("expected a conflict")
    };
    assert_eq!(count, 1);
    assert!(
        text.contains("FROM node:24-slim\n") && text.contains("LABEL a=b\n"),
        "{text}"
    );
    assert!(text.contains("# start\n<<<<<<< ours\nCMD [\"node\", \"--inspect\", \"server.js\"]\n=======\nCMD [\"node\", \"app.js\"]\n>>>>>>> theirs\n"), "{text}");
}

#[test]
fn an_instruction_the_user_deleted_and_dockgen_changed_conflicts() {
    let ours = BASE.replace("# install\nRUN npm ci\n\n", "");
    let theirs = BASE.replace("RUN npm ci", "RUN npm ci --omit=dev");
    let Update::Conflict { text, .. } = merge_file(Some(BASE), Some(&ours), &theirs) else {
        panic!("expected a conflict")
    };
    assert!(text.contains("<<<<<<< ours\n=======\n"), "{text}");
    // Deleted by the user, untouched by dockgen: it stays deleted.
    assert_eq!(merged(BASE, &ours, &bump(BASE)), bump(&ours));
}

#[test]
fn comments_settle_apart_from_the_instruction() {
    let ours = BASE.replace("# start\n", "");
    let theirs = BASE.replace(
        "# start\nCMD [\"node\", \"server.js\"]",
        "# start the app\nCMD [\"node\", \"app.js\"]",
    );
    assert_eq!(
        merged(BASE, &ours, &theirs),
        BASE.replace(
            "# start\nCMD [\"node\", \"server.js\"]",
            "CMD [\"node\", \"app.js\"]"
        )
    );
}

#[test]
fn a_stage_both_sides_added_under_one_name_is_not_merged_into_two() {
    let stage = |body: &str| {
        BASE.replace(
            "# runtime\n",
            &format!("FROM alpine AS tools\nRUN {body}\n\n# runtime\n"),
        )
    };
    let (ours, theirs) = (stage("echo mine"), stage("echo theirs"));
    let Update::Conflict { count, .. } = merge_file(Some(BASE), Some(&ours), &theirs) else {
        panic!("expected a conflict")
    };
    assert_eq!(count, 1);
    assert!(
        duplicate_stages(&format!("{ours}FROM alpine AS tools\n")).contains(&"tools".to_string())
    );
}

#[test]
fn a_line_after_a_replaced_instruction_follows_the_replacement() {
    let ours = BASE.replace("RUN npm ci\n", "RUN npm ci\nRUN npm rebuild sharp\n");
    let theirs = BASE.replace(
        "RUN npm ci\n",
        "RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile\n",
    );
    assert_eq!(
        merged(BASE, &ours, &theirs),
        theirs.replace(
            "--frozen-lockfile\n",
            "--frozen-lockfile\nRUN npm rebuild sharp\n"
        )
    );
}

#[test]
fn keeping_both_is_offered_only_where_the_result_is_valid() {
    assert!(both_valid("RUN a\n", "RUN b\n"));
    assert!(!both_valid("CMD [\"a\"]\n", "CMD [\"b\"]\n"));
    assert!(!both_valid("FROM a AS x\n", "FROM b AS x\n"));
    assert!(!both_valid("", "RUN b\n"));
}
