//! build.sbt, project/*.sbt and build.properties: any text parses or fails with a line, never a panic.
#![no_main]
use dockgen::stacks::scala::sbt::{parse, sbt_version};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse(text) {
        Ok(b) => {
            let _ = (b.setting("mainClass"), b.has_module("sbt-assembly"));
        }
        Err(e) => assert!(e.line >= 1 && e.line <= text.lines().count().max(1), "{e:?}"),
    }
    let _ = sbt_version(text);
});
