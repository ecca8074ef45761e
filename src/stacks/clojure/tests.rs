//! The detector on small projects written to a temporary folder: what it concludes, and the one-line
//! errors it gives for projects it cannot build.

use super::ID;
use crate::stacks::testkit::Kit;

const KIT: Kit = Kit {
    id: ID,
    detect: super::detect::detect,
};

const MAIN: &str = "(ns a.core (:gen-class))\n(defn -main [] (println \"hi\"))\n";

#[test]
fn lein_without_main_is_refused_with_what_to_add() {
    let e = KIT.error(&[("project.clj", "(defproject a \"1.0\" :dependencies [])")]);
    assert!(e.contains("project.clj") && e.contains("`:main`"), "{e}");
}

#[test]
fn lein_uberjar_name_and_target_path_decide_the_jar() {
    let f = KIT.facts(&[
        ("project.clj", "(defproject org.x/a \"2.0\" :main a.core :uberjar-name \"a.jar\" :target-path \"out/%s/\")"),
        ("src/a/core.clj", MAIN),
    ]);
    let d = f.detail.get::<super::ClojureDetail>().unwrap();
    assert_eq!(d.jar, "out/uberjar/a.jar");
    assert_eq!(f.port, Some(3000), "no server stated: the stack's default");
    assert_eq!(f.framework, None);
}

#[test]
fn a_broken_project_clj_names_its_line() {
    let e = KIT.error(&[(
        "project.clj",
        "(defproject a \"1.0\"\n  :main a.core\n  :dependencies [[x \"1\"]",
    )]);
    assert!(
        e.contains("project.clj:3") || e.contains("project.clj:1"),
        "{e}"
    );
    assert!(e.contains("never closed"), "{e}");
}

#[test]
fn deps_edn_without_a_build_alias_is_refused() {
    let e = KIT.error(&[("deps.edn", "{:deps {ring/ring {:mvn/version \"1.12.2\"}}}")]);
    assert!(e.contains(":build") && e.contains("deps.edn"), "{e}");
}

#[test]
fn both_build_files_prefer_leiningen_and_say_so() {
    let f = KIT.facts(&[
        ("project.clj", "(defproject a \"1.0\" :main a.core)"),
        ("deps.edn", "{:deps {}}"),
    ]);
    assert_eq!(f.package_manager, super::LEIN);
    assert!(
        f.warnings.iter().any(|w| w.contains("--package-manager")),
        "{:?}",
        f.warnings
    );
}
