//! `dockgen completions`, `dockgen man` and `--version`: generated from the CLI's own definitions.

use assert_cmd::Command;

fn stdout_of(args: &[&str]) -> String {
    let out = Command::cargo_bin("dockgen")
        .unwrap()
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn completions_cover_every_command_in_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for command in ["init", "generate", "plan", "verify", "lint", "scan"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(
            script.contains("toolchain-version"),
            "{shell}: flags missing"
        );
    }
    assert!(stdout_of(&["completions", "bash"]).contains("complete -F"));
    assert!(stdout_of(&["completions", "zsh"]).starts_with("#compdef dockgen"));
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_choices() {
    Command::cargo_bin("dockgen")
        .unwrap()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: bash"));
}

#[test]
fn the_man_page_is_roff_listing_the_commands() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".ie"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains(".TH dockgen 1"), "no title header");
    assert!(page.contains("dockgen\\-init") || page.contains("init"));
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn version_names_the_image_catalogues_date() {
    let data: toml::Table = toml::from_str(include_str!("../../data/official-tags.toml")).unwrap();
    let date = data["date"].as_str().unwrap();
    let version = stdout_of(&["--version"]);
    assert_eq!(
        version.trim(),
        format!(
            "dockgen {} (image catalogue checked against the official images' tags of {date})",
            env!("CARGO_PKG_VERSION")
        )
    );
}
