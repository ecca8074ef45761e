//! Gemfile.lock and Gemfile: the lockfile parser, on any text, returns a lockfile with something in it or an error naming a line in
//! the file; the Gemfile scan never fails and only reports lines the file has.
#![no_main]
use dockgen::manifest::gemfile::{Gemfile, Lockfile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let lines = text.lines().count();
    match Lockfile::parse("Gemfile.lock", text) {
        // A lockfile of an empty Gemfile has no specs and no DEPENDENCIES but names its platforms or
        // Bundler (what `bundle lock` writes): a file with none of the four is refused.
        Ok(l) => assert!(
            !l.specs.is_empty()
                || !l.dependencies.is_empty()
                || !l.platforms.is_empty()
                || l.bundled_with.is_some()
        ),
        Err(dockgen::Error::Manifest { line, .. }) => {
            if let Some(line) = line {
                assert!(line >= 1 && line <= lines.max(1));
            }
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    let g = Gemfile::scan(text);
    for (_, line) in g.ruby.iter().chain(g.ruby_file.iter()) {
        assert!(*line >= 1 && *line <= lines);
    }
});
