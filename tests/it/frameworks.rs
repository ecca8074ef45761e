//! Every framework row in `detectors/` is exercised: by an example (its expect.toml names the framework)
//! or by a case in [`CASES`] below, a minimal project that must be planned with that framework, its port
//! and its start. A new row with neither fails `every_framework_row_is_exercised`.

use crate::common;

use common::{plan, Project};
use std::collections::BTreeSet;

/// One minimal project per framework that no example carries: (framework id, files, port, start).
struct Case {
    id: &'static str,
    files: &'static [(&'static str, &'static str)],
    port: u16,
    start: &'static [&'static str],
}

const GO_MAIN: &str = "package main\n\nfunc main() {}\n";
const RUST_MAIN: &str = "fn main() {}\n";
const CARGO_LOCK: &str = "version = 4\n";

fn go_mod(module: &str) -> String {
    format!("module example.com/api\n\ngo 1.25\n\nrequire {module} v1.0.0\n")
}

fn cargo_toml(dep: &str) -> String {
    format!("[package]\nname = \"api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{dep} = \"1\"\n")
}

const CASES: &[Case] = &[
    Case {
        id: "gatsby",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"gatsby build"},"devDependencies":{"gatsby":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "docusaurus",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"docusaurus build"},"devDependencies":{"@docusaurus/core":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "eleventy",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"eleventy"},"devDependencies":{"@11ty/eleventy":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "vitepress",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"vitepress build docs"},"devDependencies":{"vitepress":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "preact-cli",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"preact build"},"devDependencies":{"preact-cli":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "parcel",
        files: &[(
            "package.json",
            r#"{"name":"site","scripts":{"build":"parcel build index.html"},"devDependencies":{"parcel":"1"}}"#,
        )],
        port: 8080,
        start: &["nginx", "-g", "daemon off;"],
    },
    Case {
        id: "fresh",
        files: &[
            ("deno.json", r#"{"tasks":{"start":"deno run -A --watch=static/,routes/ dev.ts"},"imports":{"$fresh/":"https://deno.land/x/fresh@1.6.8/"}}"#),
            ("main.ts", "import { start } from \"$fresh/server.ts\";\n"),
        ],
        port: 8000,
        start: &["deno", "run", "-A", "main.ts"],
    },
    Case {
        id: "koa",
        files: &[
            ("package.json", r#"{"name":"api","main":"server.js","dependencies":{"koa":"^3.0.0"}}"#),
            ("server.js", "const Koa = require('koa');\nnew Koa().listen(3000);\n"),
        ],
        port: 3000,
        start: &["node", "server.js"],
    },
    Case {
        id: "hapi",
        files: &[
            ("package.json", r#"{"name":"api","main":"server.js","dependencies":{"@hapi/hapi":"^21.4.0"}}"#),
            ("server.js", "const Hapi = require('@hapi/hapi');\n"),
        ],
        port: 3000,
        start: &["node", "server.js"],
    },
    Case {
        id: "starlette",
        files: &[
            ("requirements.txt", "starlette==0.47.2\nuvicorn==0.35.0\n"),
            ("main.py", "from starlette.applications import Starlette\n\napp = Starlette()\n"),
        ],
        port: 8000,
        start: &["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"],
    },
    Case {
        id: "streamlit",
        files: &[
            ("requirements.txt", "streamlit==1.50.0\n"),
            ("streamlit_app.py", "import streamlit as st\n\nst.write('hi')\n"),
        ],
        port: 8501,
        start: &["streamlit", "run", "streamlit_app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"],
    },
    Case {
        id: "roda",
        files: &[
            ("Gemfile", "source \"https://rubygems.org\"\n\ngem \"roda\"\ngem \"puma\"\n"),
            ("Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    nio4r (2.7.4)\n    puma (6.6.0)\n      nio4r (~> 2.0)\n    rack (3.1.16)\n    roda (3.93.0)\n      rack\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  puma\n  roda\n\nBUNDLED WITH\n   2.6.9\n"),
            ("config.ru", "require \"roda\"\nrun(Class.new(Roda) { route { \"ok\" } }.freeze.app)\n"),
        ],
        port: 9292,
        start: &["bundle", "exec", "puma", "-b", "tcp://0.0.0.0:9292"],
    },
    Case {
        id: "grape",
        files: &[
            ("Gemfile", "source \"https://rubygems.org\"\n\ngem \"grape\"\ngem \"puma\"\n"),
            ("Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    grape (2.4.0)\n      rack (>= 2)\n    nio4r (2.7.4)\n    puma (6.6.0)\n      nio4r (~> 2.0)\n    rack (3.1.16)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  grape\n  puma\n\nBUNDLED WITH\n   2.6.9\n"),
            ("config.ru", "require \"grape\"\nclass API < Grape::API\nend\nrun API\n"),
        ],
        port: 9292,
        start: &["bundle", "exec", "puma", "-b", "tcp://0.0.0.0:9292"],
    },
    Case {
        id: "slim",
        files: &[
            ("composer.json", r#"{"require":{"php":"^8.3","slim/slim":"^4.14","slim/psr7":"^1.7"}}"#),
            ("public/index.php", "<?php\nrequire __DIR__ . '/../vendor/autoload.php';\n"),
        ],
        port: 8080,
        start: &["apache2-foreground"],
    },
];

/// A Go or Rust case: (framework id, files, port).
type Compiled = (&'static str, Vec<(&'static str, String)>, u16);

/// Go and Rust cases need their manifest built from the dependency name.
fn compiled_cases() -> Vec<Compiled> {
    let go = |id, module: &str, port| {
        (
            id,
            vec![("go.mod", go_mod(module)), ("main.go", GO_MAIN.to_string())],
            port,
        )
    };
    let rust = |id, dep: &str, port| {
        (
            id,
            vec![
                ("Cargo.toml", cargo_toml(dep)),
                ("Cargo.lock", CARGO_LOCK.to_string()),
                ("src/main.rs", RUST_MAIN.to_string()),
            ],
            port,
        )
    };
    vec![
        go("gin", "github.com/gin-gonic/gin", 8080),
        go("echo", "github.com/labstack/echo/v4", 1323),
        go("fiber", "github.com/gofiber/fiber/v2", 3000),
        go("chi", "github.com/go-chi/chi/v5", 8080),
        rust("axum", "axum", 3000),
        rust("actix-web", "actix-web", 8080),
        rust("rocket", "rocket", 8000),
        rust("warp", "warp", 3030),
        rust("poem", "poem", 3000),
    ]
}

#[test]
fn each_framework_without_an_example_is_planned_with_its_port_and_start() {
    for case in CASES {
        let mut p = Project::new();
        for (path, text) in case.files {
            p = p.file(path, text);
        }
        let app = plan(&p, &[]);
        assert_eq!(app["framework"], case.id, "{}: {app}", case.id);
        assert_eq!(app["port"], case.port, "{}: {app}", case.id);
        assert_eq!(
            app["start"],
            serde_json::json!(case.start),
            "{}: {app}",
            case.id
        );
    }
    for (id, files, port) in compiled_cases() {
        let mut p = Project::new();
        for (path, text) in &files {
            p = p.file(path, text);
        }
        let app = plan(&p, &[]);
        assert_eq!(app["framework"], id, "{id}: {app}");
        assert_eq!(app["port"], port, "{id}: {app}");
    }
}

#[test]
fn every_framework_row_is_exercised() {
    let mut rows = BTreeSet::new();
    for entry in std::fs::read_dir("detectors").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: toml::Value = toml::from_str(&text).unwrap();
        for fw in doc
            .get("framework")
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
        {
            rows.insert(fw["id"].as_str().unwrap().to_string());
        }
    }
    let mut covered: BTreeSet<String> = common::example_dirs()
        .iter()
        .filter_map(|dir| {
            let text = std::fs::read_to_string(dir.join("expect.toml")).ok()?;
            let doc: toml::Value = toml::from_str(&text).ok()?;
            Some(doc["facts"].get("framework")?.as_str()?.to_string())
        })
        .collect();
    covered.extend(CASES.iter().map(|c| c.id.to_string()));
    // jvm_swift_and_haskell_frameworks_are_recognised_by_their_dependency, below.
    covered.extend(
        [
            "pedestal",
            "aleph",
            "akka-http",
            "pekko-http",
            "zio-http",
            "yesod",
            "hummingbird",
        ]
        .map(String::from),
    );
    covered.extend(compiled_cases().into_iter().map(|c| c.0.to_string()));
    // Exercised by their stack's own test files (tests/it/ruby.rs, tests/it/elixir.rs), with more than a
    // minimal project can show.
    covered.extend(["hanami", "plug-cowboy"].map(String::from));
    // tests/it/php.rs: `codeigniter_cakephp_yii_laminas_and_mezzio_are_recognised_with_their_docroots`.
    covered.extend(["cakephp", "codeigniter", "yii", "laminas", "mezzio"].map(String::from));
    let missing: Vec<&String> = rows.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "framework rows with no example and no case in tests/it/frameworks.rs: {missing:?}"
    );
}

/// Server frameworks of the JVM, Swift and Haskell stacks without an example of their own: each is
/// recognised from its dependency in a copy of its stack's example, whose port (a literal in the source)
/// still wins over the framework's default.
#[test]
fn jvm_swift_and_haskell_frameworks_are_recognised_by_their_dependency() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "pedestal",
            "clojure-ring-lein",
            "project.clj",
            "ring/ring-jetty-adapter \"1.12.2\"",
            "io.pedestal/pedestal.jetty \"0.7.2\"",
        ),
        (
            "aleph",
            "clojure-ring-lein",
            "project.clj",
            "ring/ring-jetty-adapter \"1.12.2\"",
            "aleph \"0.8.2\"",
        ),
        (
            "akka-http",
            "scala-http4s-assembly",
            "build.sbt",
            "\"org.http4s\" %% \"http4s-ember-server\" % \"0.23.30\"",
            "\"com.typesafe.akka\" %% \"akka-http\" % \"10.5.3\"",
        ),
        (
            "pekko-http",
            "scala-http4s-assembly",
            "build.sbt",
            "\"org.http4s\" %% \"http4s-ember-server\" % \"0.23.30\"",
            "\"org.apache.pekko\" %% \"pekko-http\" % \"1.1.0\"",
        ),
        (
            "zio-http",
            "scala-http4s-assembly",
            "build.sbt",
            "\"org.http4s\" %% \"http4s-ember-server\" % \"0.23.30\"",
            "\"dev.zio\" %% \"zio-http\" % \"3.0.1\"",
        ),
        (
            "yesod",
            "haskell-scotty-cabal",
            "greeter.cabal",
            "scotty >=0.22 && <0.23",
            "yesod >=1.6",
        ),
        (
            "hummingbird",
            "swift-vapor",
            "Package.swift",
            "vapor/vapor.git",
            "hummingbird-project/hummingbird.git",
        ),
    ];
    for (id, example, file, from, to) in cases {
        let p = Project::example(example);
        p.edit(file, from, to);
        let app = plan(&p, &[]);
        assert_eq!(app["framework"], *id, "{example} with {to}: {app}");
        let expect: toml::Table = toml::from_str(
            &std::fs::read_to_string(format!("examples/{example}/expect.toml")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            app["port"].as_i64(),
            expect["facts"]["port"].as_integer(),
            "{example} with {to}"
        );
    }
}
