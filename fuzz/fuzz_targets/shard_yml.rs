//! shard.yml: the reader never panics.
#![no_main]
use dockgen::stacks::crystal::shard::Shard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Shard::parse("shard.yml", text) {
        Ok(s) => {
            let _ = (s.depends_on("kemal"), s.targets.len(), s.crystal);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
