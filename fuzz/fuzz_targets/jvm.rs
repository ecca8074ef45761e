//! pom.xml, Gradle build and settings scripts, and the version catalog: the parsers that fail return a
//! manifest error whose line is in the file; the Gradle script scans never fail.
#![no_main]
use dockgen::manifest::gradle::{check_brackets, Catalog, GradleBuild, GradleSettings};
use dockgen::manifest::maven::Pom;
use libfuzzer_sys::fuzz_target;

fn line_in_file(result: dockgen::Result<()>, text: &str) {
    let lines = text.lines().count().max(1);
    match result {
        Ok(()) => {}
        Err(dockgen::Error::Manifest { line, .. }) => {
            assert!(line.is_none_or(|l| l >= 1 && l <= lines));
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

fuzz_target!(|text: &str| {
    line_in_file(Pom::parse("pom.xml", text).map(|_| ()), text);
    line_in_file(check_brackets("build.gradle", text), text);
    line_in_file(Catalog::parse("gradle/libs.versions.toml", text).map(|_| ()), text);
    let _ = GradleBuild::parse(text);
    let _ = GradleSettings::parse(text);
});
