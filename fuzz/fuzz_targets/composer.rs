//! composer.json and composer.lock: on any text the parsers return a value or a manifest error whose line
//! is in the file; they never panic.
#![no_main]
use dockgen::manifest::composer::{ComposerJson, ComposerLock};
use libfuzzer_sys::fuzz_target;

fn line_in_file<T>(result: dockgen::Result<T>, text: &str) {
    let lines = text.lines().count().max(1);
    match result {
        Ok(_) => {}
        Err(dockgen::Error::Manifest { line, .. }) => {
            assert!(line.is_none_or(|l| l >= 1 && l <= lines));
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

fuzz_target!(|text: &str| {
    if let Ok(c) = ComposerJson::parse("composer.json", text) {
        let _ = c.platform_php();
        let _ = c.extensions().count();
    }
    line_in_file(ComposerJson::parse("composer.json", text), text);
    line_in_file(ComposerLock::parse("composer.lock", text), text);
});
