//! Package.swift: any text parses to a package or a line-numbered error, never a panic.
#![no_main]
use dockgen::stacks::swift::package_swift::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse(text) {
        Ok(p) => assert!(p.tools_version.contains('.'), "{p:?}"),
        Err(e) => assert!(e.line >= 1, "{e:?}"),
    }
});
