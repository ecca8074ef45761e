//! deno.json and deno.jsonc: on any text the parser returns a value or a manifest error whose line is in
//! the file; it never panics.
#![no_main]
use dockgen::manifest::deno::DenoJson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let lines = text.lines().count().max(1);
    match DenoJson::parse("deno.json", text) {
        Ok(cfg) => {
            let _ = cfg.task("start");
        }
        Err(dockgen::Error::Manifest { line, .. }) => {
            assert!(line.is_none_or(|l| l >= 1 && l <= lines));
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
