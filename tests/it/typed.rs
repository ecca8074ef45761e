//! Typed hand-offs (issue 13): names that travel between rules, detection and planning are checked
//! where they enter, so a typo fails when the rules load or cannot be written at all.

use dockgen::rules::Rules;
use dockgen::stacks::rule_files;

/// The embedded rules with `from` replaced by `to` in the file `file`.
fn rules_with(file: &str, from: &str, to: &str) -> dockgen::Result<Rules> {
    let files: Vec<(String, String)> = rule_files()
        .into_iter()
        .map(|(name, text)| {
            let text = if name == file {
                assert!(text.contains(from), "{file} has no `{from}`");
                text.replacen(from, to, 1)
            } else {
                text.to_string()
            };
            (name, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Rules::parse(&files)
}

#[test]
fn an_unknown_artifact_kind_fails_when_the_rules_load_naming_the_file() {
    for (file, from, to, what) in [
        (
            "ruby.toml",
            "artifact = \"ruby\"",
            "artifact = \"rubby\"",
            "`artifact`",
        ),
        (
            "dotnet.toml",
            "artifact = \"dotnet-aspnet\"",
            "artifact = \"dotnet-aspnett\"",
            "a [[framework]] row",
        ),
        (
            "go.toml",
            "artifacts = [\"static-binary\"]",
            "artifacts = [\"static-binarry\"]",
            "[cross]",
        ),
        (
            "dotnet.toml",
            "artifact_suffix = \"-extra\"",
            "artifact_suffix = \"-xtra\"",
            "[globalization]",
        ),
        (
            "images.toml",
            "musl_warn = [\"node\"",
            "musl_warn = [\"nodejs\"",
            "[bases] musl_warn",
        ),
    ] {
        let e = rules_with(file, from, to).expect_err(to).to_string();
        let kind = to.split('"').nth(1).unwrap();
        assert!(
            e.starts_with(&format!("built-in rules {file}: {what} names artifact `")),
            "{e}"
        );
        assert!(e.contains("which no [[runtime]] row serves; use one of "), "{e}");
        assert!(!e.contains('\n'), "{e}");
        if what != "[globalization]" {
            assert!(e.contains(&format!("`{kind}`")), "{e}");
        }
    }
}
