//! Procfile: the parser returns processes with their lines or an error naming one, and the shell-like
//! splitter that turns a web process into exec form either gives argv or says what needs a shell.
#![no_main]
use dockgen::probe::procfile::exec_argv;
use dockgen::manifest::procfile;
use dockgen::manifest::{shell_word, split_words};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match procfile::parse("Procfile", text) {
        Ok(processes) => {
            for p in &processes {
                assert!(!p.command.is_empty());
                assert!(p.line >= 1 && p.line <= text.lines().count());
                if let Ok(argv) = exec_argv(&p.command, 8080) {
                    assert!(!argv.is_empty());
                }
            }
        }
        Err(e) => {
            assert!(e.to_string().contains("Procfile:"));
        }
    }
    if let Ok(argv) = exec_argv(text, 8080) {
        assert!(!argv.is_empty());
    }
    let words = split_words(text);
    // Splitting never invents characters: every word's characters come from the input.
    for w in &words {
        assert!(w.chars().all(|c| text.contains(c)));
    }
    let _ = shell_word("f", "name", text, true);
    let _ = shell_word("f", "name", text, false);
});
