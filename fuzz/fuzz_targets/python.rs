//! Python manifests: pyproject.toml, Pipfile and requirements.txt, and PEP 503 name normalisation.
#![no_main]
use dockgen::manifest::python::{normalise, requirement_name, requirements, Pipfile, PyProject};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(p) = PyProject::parse("pyproject.toml", text) {
        let _ = p.dependency_names();
        let _ = p.requires_python();
    }
    if let Ok(p) = Pipfile::parse("Pipfile", text) {
        let _ = p.dependency_names();
        let _ = p.python_version();
    }
    for name in requirements(text) {
        assert!(!name.is_empty());
        assert_eq!(normalise(&name), name, "names come out normalised");
    }
    let _ = requirement_name(text);
});
