//! pubspec.yaml: the reader and the SDK constraint never panic.
#![no_main]
use dockgen::stacks::dart::pubspec::Pubspec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Pubspec::parse("pubspec.yaml", text) {
        Ok(p) => {
            let _ = p.depends_on("shelf");
            if let Some((sdk, _)) = &p.sdk {
                let _ = dockgen::version::Range::npm(sdk);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
