//! .cabal files, cabal.project and stack.yaml fields: any text parses or fails with a line, never a panic.
#![no_main]
use dockgen::stacks::haskell::cabal::{lts_ghc, parse, top_field};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse(text) {
        Ok(c) => assert!(c.executables.iter().all(|e| !e.is_empty()), "{c:?}"),
        Err(e) => assert!(e.line >= 1 && e.line <= text.lines().count(), "{e:?}"),
    }
    for key in ["with-compiler", "resolver", "snapshot"] {
        if let Some((v, _)) = top_field(text, key) {
            let _ = lts_ghc(&v);
        }
    }
});
