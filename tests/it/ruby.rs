//! The Ruby stack's rules as behaviour: where the Ruby version comes from and in which order, which
//! framework a locked gem selects, Thruster or Rails' own server, the Debian packages native gems need,
//! Bundler's release, a Rails app's package.json, and a malformed Gemfile.lock.

use crate::common;

use common::{dockerfile, plan, Project};

/// A Gemfile.lock with these specs (name, version) and DEPENDENCIES, in Bundler's format.
fn lock(specs: &[(&str, &str)], deps: &[&str], tail: &str) -> String {
    let mut s = String::from("GEM\n  remote: https://rubygems.org/\n  specs:\n");
    for (n, v) in specs {
        s.push_str(&format!("    {n} ({v})\n"));
    }
    s.push_str("\nPLATFORMS\n  ruby\n  x86_64-linux\n\nDEPENDENCIES\n");
    for d in deps {
        s.push_str(&format!("  {d}\n"));
    }
    s.push_str(tail);
    s
}

fn gemfile(gems: &[&str]) -> String {
    let mut s = String::from("source \"https://rubygems.org\"\n\n");
    for g in gems {
        s.push_str(&format!("gem \"{g}\"\n"));
    }
    s
}

/// A Rails app: the gems given on top of rails and puma, bin/rails and a config.ru.
pub(crate) fn rails(extra: &[(&str, &str)]) -> Project {
    let mut specs = vec![("rails", "8.0.2"), ("railties", "8.0.2"), ("puma", "6.6.0")];
    specs.extend_from_slice(extra);
    let names: Vec<&str> = specs
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != "railties")
        .collect();
    Project::new()
        .file("Gemfile", gemfile(&names))
        .file("Gemfile.lock", lock(&specs, &names, ""))
        .file(
            "config.ru",
            "require_relative \"config/environment\"\nrun Rails.application\n",
        )
        .file("bin/rails", "#!/usr/bin/env ruby\n")
}

fn sinatra() -> Project {
    let specs = [("sinatra", "4.1.1"), ("rack", "3.1.15"), ("puma", "6.6.0")];
    Project::new()
        .file("Gemfile", gemfile(&["sinatra", "puma"]))
        .file("Gemfile.lock", lock(&specs, &["puma", "sinatra"], ""))
        .file("config.ru", "require_relative \"app\"\nrun App\n")
}

fn toolchain(p: &Project) -> (String, String) {
    let t = &plan(p, &[])["toolchain"];
    (
        t["version"].as_str().unwrap().to_string(),
        t["source"].as_str().unwrap().to_string(),
    )
}

#[test]
fn ruby_version_sources_in_their_documented_order() {
    let tail = "\nRUBY VERSION\n   ruby 3.2.6p234\n\nBUNDLED WITH\n   2.4.22\n";
    let p = sinatra()
        .file(
            "Gemfile.lock",
            lock(
                &[("sinatra", "4.1.1"), ("puma", "6.6.0")],
                &["puma", "sinatra"],
                tail,
            ),
        )
        .file(".ruby-version", "ruby-3.4.4\n")
        .file(
            "Gemfile",
            "source \"https://rubygems.org\"\nruby \"3.3.6\"\ngem \"sinatra\"\ngem \"puma\"\n",
        )
        .file(".tool-versions", "ruby 3.1.6\n")
        .file("mise.toml", "[tools]\nruby = \"4.0\"\n");
    assert_eq!(toolchain(&p), ("3.4".into(), ".ruby-version".into()));
    let app = plan(&p, &[]);
    let warnings = app["warnings"].to_string();
    assert!(warnings.contains("Gemfile says 3.3"), "{warnings}");
    p.remove(".ruby-version");
    assert_eq!(toolchain(&p), ("3.3".into(), "Gemfile".into()));
    p.edit("Gemfile", "ruby \"3.3.6\"\n", "");
    assert_eq!(toolchain(&p), ("3.2".into(), "Gemfile.lock".into()));
    p.write(
        "Gemfile.lock",
        lock(
            &[("sinatra", "4.1.1"), ("puma", "6.6.0")],
            &["puma", "sinatra"],
            "",
        ),
    );
    assert_eq!(toolchain(&p), ("3.1".into(), ".tool-versions".into()));
    p.remove(".tool-versions");
    assert_eq!(toolchain(&p), ("4.0".into(), "mise.toml".into()));
    p.remove("mise.toml");
    assert_eq!(toolchain(&p), ("4.0".into(), "default".into()));
    assert!(dockerfile(&p, &[]).contains("FROM ruby:4.0-slim-trixie AS build"));
}

#[test]
fn gemfile_ruby_directive_forms() {
    let p = sinatra().file(
        "Gemfile",
        "source \"https://rubygems.org\"\nruby file: \".ruby-version\"\ngem \"sinatra\"\ngem \"puma\"\n",
    );
    p.write(".ruby-version", "3.3.6\n");
    // .ruby-version is the first source anyway; the Gemfile names it, so the build copies it too.
    assert_eq!(toolchain(&p), ("3.3".into(), ".ruby-version".into()));
    assert!(dockerfile(&p, &[]).contains("COPY Gemfile Gemfile.lock .ruby-version ./"));
    p.remove(".ruby-version");
    p.write(
        "Gemfile",
        "source \"https://rubygems.org\"\nruby '~> 3.2.0'\ngem \"sinatra\"\ngem \"puma\"\n",
    );
    assert_eq!(toolchain(&p), ("3.2".into(), "Gemfile".into()));
    // An old line with no trixie image falls back to bookworm.
    p.write(
        "Gemfile",
        "source \"https://rubygems.org\"\nruby \"3.1.6\"\ngem \"sinatra\"\ngem \"puma\"\n",
    );
    assert!(dockerfile(&p, &[]).contains("FROM ruby:3.1-slim-bookworm AS build"));
}

#[test]
fn a_locked_gem_selects_the_framework() {
    assert_eq!(plan(&rails(&[]), &[])["framework"], "rails");
    assert_eq!(plan(&sinatra(), &[])["framework"], "sinatra");
    // railties alone (an app that picks Rails' parts) is a Rails app too.
    let p = Project::new()
        .file("Gemfile", gemfile(&["railties", "actionpack"]))
        .file(
            "Gemfile.lock",
            lock(
                &[("railties", "8.0.2"), ("actionpack", "8.0.2")],
                &["actionpack", "railties"],
                "",
            ),
        )
        .file("config.ru", "run Rails.application\n");
    assert_eq!(plan(&p, &[])["framework"], "rails");
    // Hanami listens on its own port, under Puma from config.ru.
    let p = Project::new()
        .file("Gemfile", gemfile(&["hanami", "puma"]))
        .file(
            "Gemfile.lock",
            lock(
                &[("hanami", "2.2.1"), ("puma", "6.6.0")],
                &["hanami", "puma"],
                "",
            ),
        )
        .file("config.ru", "require \"hanami/boot\"\nrun Hanami.app\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "hanami");
    assert_eq!(
        app["start"],
        serde_json::json!(["bundle", "exec", "puma", "-b", "tcp://0.0.0.0:2300"])
    );
    // Rails wins over a Sinatra engine mounted inside it.
    assert_eq!(
        plan(&rails(&[("sinatra", "4.1.1")]), &[])["framework"],
        "rails"
    );
}

#[test]
fn thruster_fronts_rails_on_an_unprivileged_port() {
    let p = rails(&[("thruster", "0.1.13")]).file("bin/thrust", "#!/usr/bin/env ruby\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["./bin/thrust", "./bin/rails", "server"])
    );
    assert_eq!(app["port"], 8080);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("HTTP_PORT=8080"), "{df}");
    assert!(df.contains("TARGET_PORT=3000"), "{df}");
    assert!(
        !df.lines().any(|l| l.trim_start().starts_with("PORT=")),
        "Thruster sets Puma's PORT: {df}"
    );
    assert!(df.contains("EXPOSE 8080"));
    // A --port answer moves what Thruster listens on.
    let df = dockerfile(&p, &["--port", "9000"]);
    assert!(
        df.contains("HTTP_PORT=9000") && df.contains("EXPOSE 9000"),
        "{df}"
    );
    // Without the binstub, through Bundler.
    p.remove("bin/thrust");
    assert_eq!(
        plan(&p, &[])["start"],
        serde_json::json!(["bundle", "exec", "thrust", "./bin/rails", "server"])
    );
}

#[test]
fn rails_without_thruster_runs_its_own_server_on_3000() {
    let p = rails(&[]);
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["./bin/rails", "server"]));
    assert_eq!(app["port"], 3000);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("BINDING=0.0.0.0"), "{df}");
    assert!(df.contains("PORT=3000"), "{df}");
    assert!(df.contains("USER 1000:1000"));
    assert!(df.contains("chown -R 1000:1000 db log storage tmp"));
    assert!(!df.contains("ENTRYPOINT"), "no bin/docker-entrypoint: {df}");
    // Puma's configuration states the port.
    p.write("config/puma.rb", "port ENV.fetch(\"PORT\", 4000)\n");
    assert_eq!(plan(&p, &[])["port"], 4000);
    // bin/docker-entrypoint prepares the database: it becomes the entrypoint.
    p.write("bin/docker-entrypoint", "#!/bin/bash -e\nexec \"${@}\"\n");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("ENTRYPOINT [\"/rails/bin/docker-entrypoint\"]"));
}

/// The runtime stage's lines, from its FROM on.
fn runtime_stage(df: &str) -> &str {
    df.rsplit_once("\nFROM ").map_or(df, |(_, last)| last)
}

#[test]
fn rails_preloads_jemalloc_like_its_own_dockerfile_by_its_bare_name() {
    let df = dockerfile(&rails(&[]), &[]);
    let runtime = runtime_stage(&df);
    let install = runtime
        .find("--no-install-recommends libjemalloc2")
        .unwrap_or_else(|| panic!("the runtime installs jemalloc:\n{df}"));
    // Preloaded once the package is in (before, every RUN's loader would complain it is missing), by its
    // soname: the loader finds it in the image's own architecture folder, so no arch-specific path.
    let preload = runtime
        .find("ENV LD_PRELOAD=libjemalloc.so.2\n")
        .unwrap_or_else(|| panic!("the runtime preloads jemalloc:\n{df}"));
    assert!(install < preload, "{df}");
    assert!(!df.contains("uname"), "{df}");
    let build = df.split("\nFROM ").nth(1).unwrap();
    assert!(
        !build.contains("jemalloc"),
        "the build stage needs no jemalloc:\n{df}"
    );
    let app = plan(&rails(&[]), &[]);
    let why: Vec<&serde_json::Value> = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["value"] == "libjemalloc2")
        .collect();
    assert_eq!(why.len(), 1, "{app}");
    assert_eq!(why[0]["rule"], "Rails's own Dockerfile preloads jemalloc");
}

#[test]
fn jemalloc_is_rails_own_and_installed_once() {
    assert!(!dockerfile(&sinatra(), &[]).contains("jemalloc"));
    // Rails 8.0's entrypoint preloads jemalloc itself when the image has it: still one package, one ENV.
    let p = rails(&[]);
    p.write(
        "bin/docker-entrypoint",
        "#!/bin/bash -e\nLD_PRELOAD=$(find /usr/lib -name libjemalloc.so.2 -print -quit)\nexec \"${@}\"\n",
    );
    let df = dockerfile(&p, &[]);
    assert_eq!(df.matches("libjemalloc2").count(), 1, "{df}");
    assert_eq!(df.matches("ENV LD_PRELOAD").count(), 1, "{df}");
}

#[test]
fn bootsnap_and_assets_only_when_their_gems_are_locked() {
    let df = dockerfile(&rails(&[]), &[]);
    assert!(
        !df.contains("bootsnap") && !df.contains("assets:precompile"),
        "{df}"
    );
    let df = dockerfile(
        &rails(&[("bootsnap", "1.18.6"), ("propshaft", "1.1.0")]),
        &[],
    );
    assert!(
        df.contains("bundle exec bootsnap precompile --gemfile"),
        "{df}"
    );
    assert!(
        df.contains("bundle exec bootsnap precompile app/ lib/"),
        "{df}"
    );
    assert!(
        df.contains("SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile"),
        "{df}"
    );
}

#[test]
fn native_gems_bring_their_debian_packages() {
    let p = rails(&[("pg", "1.5.9"), ("mysql2", "0.5.6")]);
    let df = dockerfile(&p, &[]);
    let (build, runtime) = df.split_once("\nFROM ruby:4.0-slim-trixie\n").unwrap();
    assert!(
        build.contains(
            "build-essential git libyaml-dev pkg-config libpq-dev default-libmysqlclient-dev"
        ),
        "{build}"
    );
    assert!(
        runtime.contains("apt-get install -y --no-install-recommends libpq5 libmariadb3"),
        "{runtime}"
    );
    assert!(!runtime.contains("build-essential"));
    // hadolint's DL3008 (pin apt versions) is knowingly ignored for these two RUNs only.
    assert_eq!(df.matches("# hadolint ignore=DL3008").count(), 2);

    // A gem only in development/test is left out by BUNDLE_WITHOUT, so are its packages; ImageMagick is
    // installed only when the Gemfile asks for mini_magick itself (image_processing defaults to libvips).
    let specs = [
        ("rails", "8.0.2"),
        ("sqlite3", "2.6.0"),
        ("image_processing", "1.14.0"),
        ("mini_magick", "5.2.0"),
        ("ruby-vips", "2.2.4"),
    ];
    let p = Project::new()
        .file(
            "Gemfile",
            "source \"https://rubygems.org\"\ngem \"rails\"\ngem \"image_processing\"\ngroup :development, :test do\n  gem \"sqlite3\"\nend\n",
        )
        .file("Gemfile.lock", lock(&specs, &["image_processing", "rails", "sqlite3"], ""))
        .file("bin/rails", "");
    let df = dockerfile(&p, &[]);
    // (jemalloc follows: every Rails app preloads it.)
    assert!(
        df.contains("--no-install-recommends libvips libjemalloc2\n"),
        "{df}"
    );
    assert!(
        !df.contains("libsqlite3-0") && !df.contains("imagemagick"),
        "{df}"
    );
    // No native runtime library: no apt step in the runtime at all.
    let df = dockerfile(&sinatra(), &[]);
    assert_eq!(df.matches("apt-get install").count(), 1, "{df}");
}

#[test]
fn bundler_is_installed_only_when_the_image_ships_another_line() {
    let tail = |v: &str| format!("\nRUBY VERSION\n   ruby 3.4.4p34\n\nBUNDLED WITH\n   {v}\n");
    let specs = [("sinatra", "4.1.1"), ("puma", "6.6.0")];
    let p = sinatra().file(
        "Gemfile.lock",
        lock(&specs, &["puma", "sinatra"], &tail("2.6.9")),
    );
    assert!(!dockerfile(&p, &[]).contains("gem install bundler"));
    p.write(
        "Gemfile.lock",
        lock(&specs, &["puma", "sinatra"], &tail("2.5.23")),
    );
    assert!(dockerfile(&p, &[]).contains("RUN gem install bundler -v 2.5.23 --no-document"));
}

#[test]
fn rack_apps_run_under_puma_or_rackup() {
    let p = sinatra();
    assert_eq!(
        plan(&p, &[])["start"],
        serde_json::json!(["bundle", "exec", "puma", "-b", "tcp://0.0.0.0:9292"])
    );
    p.write(
        "config/puma.rb",
        "workers 2\nport ENV.fetch(\"PORT\") { 9000 }\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 9000);
    assert_eq!(app["start"][4], "tcp://0.0.0.0:9000");

    let p = Project::new()
        .file("Gemfile", gemfile(&["rack"]))
        .file("Gemfile.lock", lock(&[("rack", "3.1.15")], &["rack"], ""))
        .file("config.ru", "run ->(env) { [200, {}, [\"ok\"]] }\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["bundle", "exec", "rackup", "-o", "0.0.0.0", "-p", "9292"])
    );
    assert!(app["warnings"].to_string().contains("rackup"), "{app}");
}

#[test]
fn a_classic_sinatra_file_runs_with_ruby() {
    let p = Project::new()
        .file("Gemfile", gemfile(&["sinatra"]))
        .file(
            "Gemfile.lock",
            lock(&[("sinatra", "4.1.1")], &["sinatra"], ""),
        )
        .file("app.rb", "require 'sinatra'\n\nget('/') { 'hi' }\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        serde_json::json!(["bundle", "exec", "ruby", "app.rb", "-o", "0.0.0.0", "-p", "4567"])
    );
    assert_eq!(app["port"], 4567);
}

#[test]
fn a_procfile_web_line_is_the_start_command() {
    let p = sinatra().file(
        "Procfile",
        "web: bundle exec puma -p $PORT -C config/puma.rb\nworker: bundle exec sidekiq\n",
    );
    let app = plan(&p, &[]);
    // Exec form, no shell: $PORT is the planned port (the shared Procfile step, probe::procfile).
    assert_eq!(
        app["start"],
        serde_json::json!([
            "bundle",
            "exec",
            "puma",
            "-p",
            "9292",
            "-C",
            "config/puma.rb"
        ])
    );
    assert!(dockerfile(&p, &[]).contains("PORT=9292"));
    p.write("Procfile", "web: bundle exec rackup -o 0.0.0.0 -p 5000\n");
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 5000);
    assert_eq!(app["start"][0], "bundle");
}

#[test]
fn a_rails_app_with_a_package_json_for_assets_stays_ruby() {
    let p = rails(&[("jsbundling-rails", "1.3.1"), ("propshaft", "1.1.0")])
        .file(
            "package.json",
            r#"{"name":"app","private":true,"scripts":{"build":"esbuild app/javascript/*.* --bundle --outdir=app/assets/builds"},"devDependencies":{"esbuild":"^0.25.0"}}"#,
        )
        .file("yarn.lock", "# yarn lockfile v1\n")
        .file(".node-version", "22.14.0\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "ruby");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["what"], "stack");
    assert_eq!(amb["chosen"], "ruby");
    assert_eq!(amb["candidates"], serde_json::json!(["ruby", "node"]));
    assert!(amb["rule"].as_str().unwrap().contains("Rails"), "{amb}");
    // The build stage borrows Node from its image to run the package.json build that assets:precompile runs.
    let df = dockerfile(&p, &[]);
    assert!(df.contains("FROM node:22-trixie-slim AS node"), "{df}");
    assert!(
        df.contains("COPY --from=node /usr/local/bin/node /usr/local/bin/node"),
        "{df}"
    );
    assert!(df.contains("corepack enable"), "{df}");
    assert!(df.contains("COPY package.json yarn.lock ./"), "{df}");
    assert!(df.contains("yarn install --frozen-lockfile"), "{df}");
    assert!(
        df.contains("assets:precompile \\\n    && rm -rf node_modules"),
        "{df}"
    );
    let runtime = df.rsplit("\nFROM ").next().unwrap();
    assert!(
        !runtime.contains("node"),
        "no Node in the runtime: {runtime}"
    );
    // Importmap apps (no package.json build) need no Node.
    let p = rails(&[("importmap-rails", "2.1.0"), ("propshaft", "1.1.0")]);
    assert!(!dockerfile(&p, &[]).contains("AS node"));
}

#[test]
fn a_node_app_with_a_gemfile_for_tooling_stays_node() {
    let p = Project::node()
        .file("Gemfile", gemfile(&["fastlane", "cocoapods"]))
        .file(
            "Gemfile.lock",
            lock(
                &[("fastlane", "2.227.0"), ("cocoapods", "1.16.2")],
                &["cocoapods", "fastlane"],
                "",
            ),
        );
    assert_eq!(plan(&p, &[])["stack"], "node");
    // Nor does a Procfile that starts Node.
    p.write("Procfile", "web: node server.js\n");
    assert_eq!(plan(&p, &[])["stack"], "node");
}

#[test]
fn a_gemfile_without_a_web_app_says_what_to_add() {
    let p = Project::new().file("Gemfile", gemfile(&["nokogiri"])).file(
        "Gemfile.lock",
        lock(&[("nokogiri", "1.18.8")], &["nokogiri"], ""),
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("config.ru"));
}

#[test]
fn without_a_lockfile_bundler_is_not_in_deployment_mode() {
    let p = sinatra();
    p.remove("Gemfile.lock");
    let app = plan(&p, &[]);
    assert!(
        app["warnings"].to_string().contains("no Gemfile.lock"),
        "{app}"
    );
    let df = dockerfile(&p, &[]);
    assert!(!df.contains("BUNDLE_DEPLOYMENT"), "{df}");
    assert!(df.contains("COPY Gemfile ./"), "{df}");
}

#[test]
fn a_malformed_gemfile_lock_names_the_file_and_line() {
    for (text, needle) in [
        (
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 3.1.15\n",
            "Gemfile.lock:4",
        ),
        (
            "GEM\n  specs:\n    rack (3.1.15)\n<<<<<<< HEAD\n",
            "Gemfile.lock:4",
        ),
        (
            "DEPENDENCIES\n  rack\n\nBUNDLED WITH\n   not-a-version\n",
            "Gemfile.lock:5",
        ),
        ("", "Gemfile.lock"),
    ] {
        let p = sinatra().file("Gemfile.lock", text);
        for args in [&["plan"][..], &["init", "--yes"][..]] {
            let out = p.dockgen(args).code(1).get_output().clone();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(needle), "{needle}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(!p.path().join("Dockerfile").exists(), "nothing written");
    }
}

#[test]
fn a_lockfile_resolved_only_for_macos_is_flagged() {
    let text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    puma (6.6.0)\n    sinatra (4.1.1)\n\nPLATFORMS\n  arm64-darwin-24\n\nDEPENDENCIES\n  puma\n  sinatra\n";
    let p = sinatra().file("Gemfile.lock", text);
    let app = plan(&p, &[]);
    assert!(
        app["warnings"]
            .to_string()
            .contains("bundle lock --add-platform x86_64-linux"),
        "{app}"
    );
    assert!(!plan(&sinatra(), &[])["warnings"]
        .to_string()
        .contains("add-platform"));
}

#[test]
fn path_gems_inside_the_project_are_copied_before_the_install() {
    let p = sinatra().file(
        "Gemfile",
        "source \"https://rubygems.org\"\ngem \"sinatra\"\ngem \"puma\"\ngem \"notes_core\", path: \"engines/notes_core\"\ngem \"outside\", path: \"../outside\"\n",
    );
    let df = dockerfile(&p, &[]);
    let install = df.find("\n    bundle install").unwrap();
    let copy = df
        .find("COPY engines/notes_core ./engines/notes_core/")
        .expect(&df);
    assert!(copy < install, "{df}");
    assert!(
        df.contains(
            "# Note: the Gemfile installs a gem from `../outside`, outside the build context"
        ),
        "{df}"
    );
    assert!(!df.contains("COPY ../outside"), "{df}");
}
