//! The detector on small projects written to a temporary folder: what it concludes, and the one-line
//! errors it gives for projects it cannot build.

use super::detect::detect;
use super::ID;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::Facts;
use crate::scan::Project;

fn run(files: &[(&str, &str)], answers: &Answers) -> Result<Option<Facts>> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let rules = crate::stacks::rules()?;
    let project = Project::scan(dir.path(), rules)?;
    detect(&project, rules.stack(ID), answers)
}

fn facts(files: &[(&str, &str)]) -> Facts {
    run(files, &Answers::default()).unwrap().expect("an app")
}

fn error(files: &[(&str, &str)]) -> String {
    run(files, &Answers::default()).unwrap_err().to_string()
}

const CABAL: &str = "cabal-version: 3.0\nname: a\nversion: 0.1\n\nexecutable one\n  main-is: Main.hs\n  build-depends: base, warp\n\nexecutable two\n  main-is: Two.hs\n  build-depends: base\n";

#[test]
fn several_executables_are_an_ambiguity_for_binary() {
    let e = error(&[("a.cabal", CABAL)]);
    assert!(
        e.contains("one") && e.contains("two") && e.contains("--binary"),
        "{e}"
    );
    let answers = Answers {
        binary: Some("two".into()),
        ..Answers::default()
    };
    let f = run(&[("a.cabal", CABAL)], &answers).unwrap().unwrap();
    assert_eq!(f.build.as_deref(), Some("cabal build exe:two"));
    assert_eq!(f.start, vec!["/app/two"]);
}

#[test]
fn stack_snapshot_sets_ghc_and_warp_run_sets_the_port() {
    let one = CABAL.split("\nexecutable two").next().unwrap();
    let f = facts(&[
        ("a.cabal", one),
        ("stack.yaml", "resolver: lts-23.1\n"),
        ("app/Main.hs", "main = run 8090 app -- serve\n"),
    ]);
    assert_eq!(f.package_manager, super::STACK);
    assert_eq!(f.toolchain.unwrap().version, "9.8");
    assert_eq!(f.port, Some(8090));
    assert_eq!(f.framework.as_deref(), Some("warp"));
}

#[test]
fn a_broken_cabal_file_names_its_line_and_a_library_is_refused() {
    let e = error(&[("a.cabal", "name: a\n%%%\n")]);
    assert!(e.contains("a.cabal:2"), "{e}");
    let e = error(&[("a.cabal", "name: a\nlibrary\n  build-depends: base\n")]);
    assert!(e.contains("no `executable`"), "{e}");
}
