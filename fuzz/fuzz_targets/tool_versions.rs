//! Version files: .tool-versions, mise.toml, one-line files, rust-toolchain, Node LTS codenames.
#![no_main]
use dockgen::manifest::tool_versions::{asdf, mise, node_codename, rust_toolchain, single_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = asdf(text, "nodejs");
    let _ = mise("mise.toml", text, "node");
    let _ = single_line(text);
    let _ = node_codename(text);
    let _ = rust_toolchain("rust-toolchain.toml", text);
    let _ = rust_toolchain("rust-toolchain", text);
});
