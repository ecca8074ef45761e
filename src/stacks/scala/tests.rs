//! The detector on small projects written to a temporary folder: what it concludes, and the one-line
//! errors it gives for projects it cannot build.

use super::ID;
use crate::stacks::testkit::Kit;

const KIT: Kit = Kit {
    id: ID,
    detect: super::detect::detect,
};

#[test]
fn sbt_without_a_packaging_plugin_is_refused() {
    let e = KIT.error(&[
        ("build.sbt", "name := \"a\"\n"),
        ("project/build.properties", "sbt.version=1.10.7\n"),
    ]);
    assert!(
        e.contains("sbt-assembly") && e.contains("sbt-native-packager"),
        "{e}"
    );
}

#[test]
fn native_packager_starts_the_main_class_on_the_class_path() {
    let f = KIT.facts(&[
        ("build.sbt", "Compile / mainClass := Some(\"a.Main\")\nenablePlugins(JavaAppPackaging)\nlibraryDependencies += \"org.apache.pekko\" %% \"pekko-http\" % \"1.1.0\"\n"),
        ("project/plugins.sbt", "addSbtPlugin(\"com.github.sbt\" % \"sbt-native-packager\" % \"1.10.4\")\n"),
        ("src/main/scala/Main.scala", "object Main { Http().newServerAt(\"0.0.0.0\", 8095).bind(route) }\n"),
    ]);
    assert_eq!(f.build.as_deref(), Some("sbt stage"));
    assert_eq!(f.start.last().map(String::as_str), Some("a.Main"));
    assert_eq!(f.framework.as_deref(), Some("pekko-http"));
    assert_eq!(f.port, Some(8095));
    assert!(
        f.warnings.iter().any(|w| w.contains("sbt.version")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn native_packager_without_main_class_is_refused() {
    let e = KIT.error(&[
        ("build.sbt", "enablePlugins(JavaAppPackaging)\n"),
        (
            "project/plugins.sbt",
            "addSbtPlugin(\"com.github.sbt\" % \"sbt-native-packager\" % \"1.10.4\")\n",
        ),
    ]);
    assert!(e.contains("mainClass"), "{e}");
}

#[test]
fn a_broken_build_sbt_names_its_file_and_line() {
    let e = KIT.error(&[("build.sbt", "name := \"a\"\nlazy val x = (project\n")]);
    assert!(
        e.contains("build.sbt:2") && e.contains("never closed"),
        "{e}"
    );
}
