//! Cargo.toml: parsing, rust-version and the workspace member glob never panic.
#![no_main]
use dockgen::manifest::cargo::{member_matches, CargoToml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match CargoToml::parse("Cargo.toml", text) {
        Ok(m) => {
            let _ = m.rust_version();
            if let Some(ws) = &m.workspace {
                for pat in ws.members.iter().chain(&ws.exclude) {
                    let _ = member_matches(pat, "crates/app");
                    let _ = member_matches(pat, pat);
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Some((pat, path)) = text.split_once('\n') {
        let _ = member_matches(pat, path);
    }
});
