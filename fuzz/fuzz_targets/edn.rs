//! The Clojure reader (deps.edn, project.clj, build.clj): any text reads to forms or a line-numbered
//! error, never a panic or a stack overflow, and walking the forms as the detector does never panics.
#![no_main]
use dockgen::stacks::clojure::edn::{read_all, Form};
use libfuzzer_sys::fuzz_target;

fn walk(form: &Form) {
    let _ = (form.keyword(), form.symbol(), form.string(), form.unquoted());
    let _ = (form.get("deps"), form.get_symbol_key("ring/ring"), form.is_call("def"));
    for f in form.items() {
        walk(f);
    }
    if let Form::Map(pairs) = form {
        for (k, v) in pairs {
            walk(k);
            walk(v);
        }
    }
}

fuzz_target!(|text: &str| {
    match read_all(text) {
        Ok(forms) => forms.iter().for_each(walk),
        Err(e) => assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e}"),
    }
});
