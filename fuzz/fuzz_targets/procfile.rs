//! Procfile: the parser returns processes with their lines or an error naming one, and the start-command
//! reader that turns a web process into exec form gives argv, or a shell script, or says what is malformed.
#![no_main]
use dockgen::probe::start;
use dockgen::manifest::procfile;
use dockgen::manifest::{shell_word, split_words};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match procfile::parse("Procfile", text) {
        Ok(processes) => {
            for p in &processes {
                assert!(!p.command.is_empty());
                assert!(p.line >= 1 && p.line <= text.lines().count());
                check_start(&p.command);
            }
        }
        Err(e) => {
            assert!(e.to_string().contains("Procfile:"));
        }
    }
    check_start(text);
    let words = split_words(text);
    // Splitting never invents characters: every word's characters come from the input.
    for w in &words {
        assert!(w.chars().all(|c| text.contains(c)));
    }
    let _ = shell_word("f", "name", text, true);
    let _ = shell_word("f", "name", text, false);
});

/// A start command that reads is something to run: argv for exec form, or a script for `/bin/sh -c`.
fn check_start(cmd: &str) {
    let release = ["migrate".to_string()];
    if let Ok(s) = start::parse(cmd, 8080, &release, &[]) {
        assert!(!s.argv.is_empty() || s.shell.is_some(), "{cmd:?} gave {s:?}");
    }
}
