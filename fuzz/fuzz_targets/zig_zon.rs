//! build.zig.zon and build.zig: the zon reader, the executable and libc scans never panic.
#![no_main]
use dockgen::stacks::zig::zon::{executables, links_libc, Zon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Zon::parse("build.zig.zon", text) {
        Ok(z) => {
            let _ = (z.name, z.minimum_zig_version, z.has_dependencies);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let _ = executables(text);
    let _ = links_libc(text);
});
