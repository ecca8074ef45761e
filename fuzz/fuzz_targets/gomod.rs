//! go.mod: the hand-written parser, on any text, returns a value or an error naming a line in the file.
#![no_main]
use dockgen::manifest::gomod::GoMod;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match GoMod::parse("go.mod", text) {
        Ok(m) => {
            for (_, line) in m.go.iter().chain(m.toolchain.iter()) {
                assert!(*line >= 1 && *line <= text.lines().count());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
