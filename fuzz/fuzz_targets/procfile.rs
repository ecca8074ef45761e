//! Procfile `web:` and the quote-aware word splitter that turns commands into exec form.
#![no_main]
use dockgen::manifest::{procfile_web, shell_word, split_words};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(web) = procfile_web(text) {
        assert!(!web.is_empty());
        let _ = split_words(&web);
    }
    let words = split_words(text);
    // Splitting never invents characters: every word's characters come from the input.
    for w in &words {
        assert!(w.chars().all(|c| text.contains(c)));
    }
    let _ = shell_word("f", "name", text, true);
    let _ = shell_word("f", "name", text, false);
});
