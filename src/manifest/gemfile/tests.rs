//! Unit tests of `gemfile`, kept beside it so the parser's own file stays short.

use super::*;

const LOCK: &str = "GIT
  remote: https://github.com/example/widget.git
  revision: 0123456789abcdef0123456789abcdef01234567
  branch: main
  specs:
    widget (0.3.0)
      rack (>= 2.0)

GEM
  remote: https://rubygems.org/
  specs:
    nio4r (2.7.4)
    nokogiri (1.18.8-x86_64-linux-gnu)
      racc (~> 1.4)
    puma (6.6.0)
      nio4r (~> 2.0)
    rack (3.1.16)
    racc (1.8.1)

PLATFORMS
  ruby
  x86_64-linux

DEPENDENCIES
  nokogiri
  puma (>= 5.0)
  widget!

CHECKSUMS
  nio4r (2.7.4) sha256=d95dee68e0bb251b8ff90ac3423a511e3b784124e5db7ff5f4813a220ae73ca9

RUBY VERSION
   ruby 3.4.4p34

BUNDLED WITH
   2.6.9
";

#[test]
fn reads_every_section() {
    let l = Lockfile::parse("Gemfile.lock", LOCK).unwrap();
    assert_eq!(l.specs.len(), 6);
    assert_eq!(l.specs[0].source, "GIT");
    let nokogiri = l.specs.iter().find(|s| s.name == "nokogiri").unwrap();
    assert_eq!(nokogiri.version, "1.18.8");
    assert_eq!(nokogiri.platform.as_deref(), Some("x86_64-linux-gnu"));
    assert_eq!(l.platforms, ["ruby", "x86_64-linux"]);
    assert_eq!(l.dependencies, ["nokogiri", "puma", "widget"]);
    assert_eq!(l.ruby_version.as_deref(), Some("3.4.4"));
    assert_eq!(l.bundled_with.as_deref(), Some("2.6.9"));
    assert!(l.has("racc") && !l.has("rails"));
    assert_eq!(l.version_of("puma"), Some("6.6.0"));
}

#[test]
fn malformed_lockfiles_name_the_line() {
    let line = |text: &str| match Lockfile::parse("Gemfile.lock", text) {
        Err(Error::Manifest { line, message, .. }) => (line, message),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        line("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 3.1\n").0,
        Some(4)
    );
    assert_eq!(line("GEM\n  specs:\n    rack (3.1.0\n").0, Some(3));
    assert_eq!(line("  rack (3.1.0)\n").0, Some(1));
    let (l, m) = line("GEM\n  specs:\n<<<<<<< HEAD\n    rack (3.1.0)\n");
    assert_eq!(l, Some(3));
    assert!(m.contains("merge-conflict"));
    assert_eq!(
        line("DEPENDENCIES\n  rack\n\nBUNDLED WITH\n   two\n").0,
        Some(5)
    );
    assert_eq!(line("GEM\n\tspecs:\n").0, Some(2));
    assert!(line("\n\n").1.contains("empty"));
}

#[test]
fn scans_the_gemfile_without_running_it() {
    let g = Gemfile::scan(
        r#"source "https://rubygems.org"
ruby file: ".ruby-version"

gem "rails", "~> 8.0.2" # the framework
gem 'pg', '~> 1.1'
gem "thruster", require: false
gem "local_tool", path: "vendor/local_tool"

group :development, :test do
  gem "debug", platforms: %i[ mri windows ], require: "debug/prelude"
  platforms :mri do
    gem "stackprof"
  end
end

gem "rspec-rails", group: [:development, :test]
gem "web-console", group: :development
"#,
    );
    assert_eq!(g.ruby, None);
    assert_eq!(g.ruby_file, Some((".ruby-version".to_string(), 2)));
    let names: Vec<&str> = g.gems.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "rails",
            "pg",
            "thruster",
            "local_tool",
            "debug",
            "stackprof",
            "rspec-rails",
            "web-console"
        ]
    );
    assert!(g.dev_only("debug") && g.dev_only("stackprof") && g.dev_only("rspec-rails"));
    assert!(g.dev_only("web-console") && !g.dev_only("rails") && !g.dev_only("thruster"));
    assert_eq!(g.paths, ["vendor/local_tool"]);
    assert_eq!(
        Gemfile::scan("ruby '~> 3.3.0'\n").ruby,
        Some(("~> 3.3.0".to_string(), 1))
    );
    assert_eq!(ruby_version_file("ruby-3.4.4\n").as_deref(), Some("3.4.4"));
    assert_eq!(ruby_version_file("3.3.6p108\n").as_deref(), Some("3.3.6"));
}
