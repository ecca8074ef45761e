//! The detector on small projects written to a temporary folder: what it concludes, and the one-line
//! errors it gives for projects it cannot build.

use super::ID;
use crate::config::Answers;
use crate::stacks::testkit::Kit;

const KIT: Kit = Kit {
    id: ID,
    detect: super::detect::detect,
};

const CABAL: &str = "cabal-version: 3.0\nname: a\nversion: 0.1\n\nexecutable one\n  main-is: Main.hs\n  build-depends: base, warp\n\nexecutable two\n  main-is: Two.hs\n  build-depends: base\n";

#[test]
fn several_executables_are_an_ambiguity_for_binary() {
    let e = KIT.error(&[("a.cabal", CABAL)]);
    assert!(
        e.contains("one") && e.contains("two") && e.contains("--binary"),
        "{e}"
    );
    let answers = Answers {
        binary: Some("two".into()),
        ..Answers::default()
    };
    let f = KIT.run(&[("a.cabal", CABAL)], &answers).unwrap().unwrap();
    assert_eq!(f.build.as_deref(), Some("cabal build exe:two"));
    assert_eq!(f.start, vec!["/app/two"]);
}

#[test]
fn stack_snapshot_sets_ghc_and_warp_run_sets_the_port() {
    let one = CABAL.split("\nexecutable two").next().unwrap();
    let f = KIT.facts(&[
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
    let e = KIT.error(&[("a.cabal", "name: a\n%%%\n")]);
    assert!(e.contains("a.cabal:2"), "{e}");
    let e = KIT.error(&[("a.cabal", "name: a\nlibrary\n  build-depends: base\n")]);
    assert!(e.contains("no `executable`"), "{e}");
}
