//! gleam.toml and manifest.toml: the readers and the Gleam requirement never panic.
#![no_main]
use dockgen::stacks::gleam::manifest::{GleamToml, Manifest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match GleamToml::parse("gleam.toml", text) {
        Ok(g) => {
            let _ = (g.target(), g.depends_on("mist"));
            if let Some(req) = &g.gleam {
                let _ = dockgen::version::Range::elixir(req);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match Manifest::parse("manifest.toml", text) {
        Ok(m) => {
            let _ = m.needs("rebar3");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
