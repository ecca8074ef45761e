//! Versions and ranges (npm `engines`, PEP 440 `requires-python`, Elixir, Composer): parsing and choosing
//! never panic, and a chosen line is one the range admits.
#![no_main]
use dockgen::version::{Range, Version};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(v) = Version::parse(text) {
        let _ = v.line(1);
        let _ = v.line(2);
        let _ = v.line(3);
    }
    let known: Vec<String> = ["18", "20", "22", "24", "3.12", "3.13", "1.90"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for range in [
        Range::npm(text),
        Range::pep440(text),
        Range::elixir(text),
        Range::composer(text),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(line) = range.choose(&known, &[]) {
            assert!(range.admits_line(&line), "{text:?} chose {line}");
        }
        let _ = range.admits_line(text);
    }
});
