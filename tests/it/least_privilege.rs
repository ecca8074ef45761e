//! Least privilege in PHP and Elixir images: the app's code belongs to root, and only the folders the app
//! writes belong to its user.

use crate::common;

use common::{dockerfile, Project};

/// The stage that starts at `FROM image…` up to the next FROM.
fn stage_from<'a>(df: &'a str, from: &str) -> &'a str {
    let at = df
        .find(&format!("\nFROM {from}"))
        .unwrap_or_else(|| panic!("no FROM {from}:\n{df}"));
    let rest = &df[at + 1..];
    rest.find("\nFROM ").map_or(rest, |end| &rest[..end])
}

#[test]
fn php_web_root_is_roots_before_the_code_arrives() {
    for example in ["php-plain", "php-laravel", "php-symfony"] {
        let df = dockerfile(&Project::example(example), &[]);
        // The official image makes /var/www/html www-data's and 1777; COPY into it keeps that.
        let base = stage_from(&df, "php:");
        assert!(
            base.contains("&& chown root:root /var/www/html \\\n    && chmod 755 /var/www/html"),
            "{example}:\n{df}"
        );
        let last = &df[df.rfind("\nFROM ").unwrap()..];
        assert!(
            !last.contains("chmod") && !last.contains("--chown"),
            "{example}:\n{df}"
        );
    }
}

#[test]
fn laravel_writes_only_its_storage_and_cache_folders() {
    let df = dockerfile(&Project::example("php-laravel"), &[]);
    let chown = df
        .lines()
        .find(|l| l.contains("chown -R 33:33"))
        .unwrap_or_else(|| panic!("{df}"));
    for dir in ["storage/logs", "storage/framework/views", "bootstrap/cache"] {
        assert!(chown.contains(dir), "{chown}");
    }
    assert!(!chown.contains(" . ") && !chown.ends_with(" ."), "{chown}");
}
