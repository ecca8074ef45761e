//! `generate` over compose.yaml (issue 15): the file `init --compose` wrote is merged like a Dockerfile —
//! an untouched file regenerates to itself, hand edits survive a new rendering, a new app appears, and an
//! edit that overlaps dockgen's change leaves conflict state that keeps `generate --check` failing.

use crate::common::Project;
use crate::compose::{parse, schema_errors};
use predicates::str::{contains, is_match};

/// The multi-services example after `init --yes --compose`.
fn initialised() -> Project {
    let p = Project::example("multi-services");
    p.dockgen(&["init", "--yes", "--compose"]).success();
    p
}

/// A fourth app beside the three: a copy of the storefront on port 4000.
fn add_notifier(p: &Project) {
    for f in ["package.json", "package-lock.json", ".nvmrc"] {
        let text = p.read(&format!("storefront/{f}"));
        p.write(
            &format!("notifier/{f}"),
            text.replace("\"storefront\"", "\"notifier\""),
        );
    }
    p.write(
        "notifier/server.js",
        "const express = require(\"express\");\nconst app = express();\napp.get(\"/\", (_req, res) => res.send(\"ok\"));\napp.listen(process.env.PORT || 4000);\n",
    );
}

#[test]
fn an_untouched_compose_file_regenerates_to_itself() {
    let p = initialised();
    assert!(
        p.path().join(".dockgen/compose.yaml").is_file(),
        "base kept"
    );
    let before = (p.read("compose.yaml"), p.read(".env.example"));
    p.dockgen(&["generate", "--check"]).success();
    p.dockgen(&["generate"])
        .success()
        .stderr(is_match("unchanged .*/compose.yaml\n").unwrap());
    assert_eq!((p.read("compose.yaml"), p.read(".env.example")), before);
}

#[test]
fn hand_edits_survive_and_a_new_app_appears() {
    let p = initialised();
    p.edit(
        "compose.yaml",
        "      LOG_LEVEL:\n",
        "      LOG_LEVEL:\n      TZ: \"Europe/Paris\"\n",
    );
    p.edit("compose.yaml", "\"3000:3000\"", "\"8080:3000\"");
    let extra = "  # a database browser, added by hand\n  adminer:\n    image: \"adminer:5\"\n    ports:\n      - \"8088:8080\"\n";
    p.edit(
        "compose.yaml",
        "\n  # PostgreSQL",
        &format!("\n{extra}  # PostgreSQL"),
    );
    // Hand edits alone are not drift: the rendering did not change.
    p.dockgen(&["generate", "--check"]).success();

    add_notifier(&p);
    p.dockgen(&["generate", "--check"])
        .failure()
        .stdout(contains("+  notifier:"));
    p.dockgen(&["generate"])
        .success()
        .stderr(is_match("merged your edits into .*/compose.yaml\n").unwrap());
    let text = p.read("compose.yaml");
    let doc = parse(&text);
    let services = &doc["services"];
    assert_eq!(services["catalog-api"]["environment"]["TZ"], "Europe/Paris");
    assert_eq!(services["storefront"]["ports"][0], "8080:3000");
    assert_eq!(services["adminer"]["image"], "adminer:5");
    assert!(
        text.contains(extra),
        "the added service keeps its place and comment:\n{text}"
    );
    assert_eq!(services["notifier"]["ports"][0], "4000:4000");
    assert_eq!(services["notifier"]["build"]["context"], "./notifier");
    assert!(schema_errors(&doc).is_empty(), "{:?}", schema_errors(&doc));
    p.dockgen(&["generate", "--check"]).success();
}

#[test]
fn an_overlapping_edit_conflicts_until_resolved() {
    let p = initialised();
    p.edit("compose.yaml", "\"3000:3000\"", "\"8080:3000\"");
    // dockgen's side: the storefront now listens on 3100.
    p.edit(
        "storefront/server.js",
        "process.env.PORT || 3000",
        "process.env.PORT || 3100",
    );
    p.dockgen(&["generate", "--check"])
        .failure()
        .stderr(contains("compose.yaml: applying would conflict (1)"));
    p.dockgen(&["generate"])
        .failure()
        .stderr(contains("compose.yaml (1)"));
    let text = p.read("compose.yaml");
    assert!(
        text.contains("<<<<<<< ours\n    # The port the app listens on, published on port 3000 of the host\n    ports:\n      - \"8080:3000\"\n=======\n"),
        "{text}"
    );
    assert!(
        text.contains("      - \"3100:3100\"\n>>>>>>> theirs\n"),
        "{text}"
    );
    // The markers keep every run failing, naming the line.
    p.dockgen(&["generate", "--check"])
        .failure()
        .stderr(contains("compose.yaml"));
    p.dockgen(&["generate"]).failure();

    // Resolved by hand (the user's port on the app's new port): recorded by the next generate only.
    let (head, rest) = text.split_once("<<<<<<< ours\n").unwrap();
    let (_, after) = rest.split_once(">>>>>>> theirs\n").unwrap();
    let resolved = format!("{head}    ports:\n      - \"8080:3100\"\n{after}");
    p.write("compose.yaml", &resolved);
    p.dockgen(&["generate", "--check"])
        .failure()
        .stderr(contains(
            "your resolution of the last conflict is not recorded",
        ));
    p.dockgen(&["generate"]).success();
    p.dockgen(&["generate", "--check"]).success();
    assert_eq!(p.read("compose.yaml"), resolved);
}

#[test]
fn a_compose_file_dockgen_did_not_write_is_refused() {
    let p = Project::example("multi-services");
    p.write("compose.yaml", "services: {}\n");
    p.dockgen(&["init", "--yes", "--compose"])
        .failure()
        .stderr(contains("compose.yaml: already exists"));
    assert_eq!(p.read("compose.yaml"), "services: {}\n");
    assert!(
        !p.path().join("catalog-api/Dockerfile").exists(),
        "nothing written"
    );
}
