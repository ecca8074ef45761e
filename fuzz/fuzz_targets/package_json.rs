//! package.json: any text parses or fails with an error, and the accessors detection uses never panic.
#![no_main]
use dockgen::manifest::package_json::PackageJson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match PackageJson::parse("package.json", text) {
        Ok(p) => {
            let _ = p.package_manager();
            let _ = p.engine("node");
            let _ = p.depends_on("express");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
