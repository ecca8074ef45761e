//! The detector on small projects written to a temporary folder: what it concludes, and the one-line
//! errors it gives for projects it cannot build.

use super::ID;
use crate::config::Answers;
use crate::stacks::testkit::Kit;

const KIT: Kit = Kit {
    id: ID,
    detect: super::detect::detect,
};

const VAPOR: &str = "// swift-tools-version:5.10\nimport PackageDescription\nlet package = Package(name: \"x\", dependencies: [.package(url: \"https://github.com/vapor/vapor.git\", from: \"4.0.0\")], targets: [.executableTarget(name: \"Api\"), .executableTarget(name: \"Worker\")])\n";

#[test]
fn several_executables_are_an_ambiguity_for_binary() {
    let e = KIT.error(&[("Package.swift", VAPOR)]);
    assert!(
        e.contains("Api") && e.contains("Worker") && e.contains("--binary"),
        "{e}"
    );
    let answers = Answers {
        binary: Some("Worker".into()),
        ..Answers::default()
    };
    let f = KIT
        .run(&[("Package.swift", VAPOR)], &answers)
        .unwrap()
        .unwrap();
    assert_eq!(f.start[0], "/app/Worker");
    assert_eq!(
        f.build.as_deref(),
        Some("swift build -c release --product Worker --static-swift-stdlib")
    );
}

#[test]
fn swift_version_file_outranks_the_tools_version() {
    let one = VAPOR.replace(", .executableTarget(name: \"Worker\")", "");
    let f = KIT.facts(&[("Package.swift", &one), (".swift-version", "6.2.1\n")]);
    let t = f.toolchain.unwrap();
    assert_eq!(
        (t.version.as_str(), t.source.as_str()),
        ("6.2", ".swift-version")
    );
    assert_eq!(f.framework.as_deref(), Some("vapor"));
}

#[test]
fn a_manifest_without_tools_version_names_line_one() {
    let e = KIT.error(&[("Package.swift", "import PackageDescription\n")]);
    assert!(
        e.contains("Package.swift:1") && e.contains("swift-tools-version"),
        "{e}"
    );
}

#[test]
fn a_library_is_refused() {
    let e = KIT.error(&[("Package.swift", "// swift-tools-version:6.0\nlet p = Package(name: \"x\", targets: [.target(name: \"X\")])\n")]);
    assert!(e.contains("no executable"), "{e}");
}
