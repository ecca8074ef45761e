//! mix.exs and mix.lock: the scan, the lock's line parser, the prod closure and Elixir requirements
//! never panic.
#![no_main]
use dockgen::manifest::mix::{parse_lock, prod_closure, MixProject};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match MixProject::parse("mix.exs", text) {
        Ok(p) => {
            let roots: Vec<&str> = p.deps.iter().map(|d| d.name.as_str()).collect();
            if let Ok(lock) = parse_lock("mix.lock", text) {
                let _ = prod_closure(&lock, &roots);
            }
            if let Some((req, _)) = &p.elixir {
                let _ = dockgen::version::Range::elixir(req);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match parse_lock("mix.lock", text) {
        Ok(lock) => {
            let _ = prod_closure(&lock, &["phoenix"]);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let _ = dockgen::version::Range::elixir(text);
});
