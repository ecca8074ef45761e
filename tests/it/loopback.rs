//! A server bound to the loopback address cannot be reached through a container's published port: the
//! plan says where the bind is, and says nothing for an app that binds every interface or whose start
//! command sets the address itself.

use crate::common::{plan, Project};

const CARGO: &str = "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nactix-web = \"4\"\n";

fn warnings(p: &Project) -> Vec<String> {
    plan(p, &[])["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn rust_app(bind: &str) -> Project {
    Project::new().file("Cargo.toml", CARGO).file(
        "src/main.rs",
        format!("use actix_web::{{App, HttpServer}};\n\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> {{\n    HttpServer::new(|| App::new())\n        .bind(({bind:?}, 8080))?\n        .run()\n        .await\n}}\n"),
    )
}

#[test]
fn a_server_bound_to_loopback_is_named_with_its_line() {
    let w = warnings(&rust_app("127.0.0.1"));
    assert!(
        w.iter()
            .any(|w| w.starts_with("src/main.rs:6 listens on 127.0.0.1 only")
                && w.contains("0.0.0.0")),
        "{w:?}"
    );
    let node = Project::new()
        .file(
            "package.json",
            r#"{"name":"a","scripts":{"start":"node server.js"},"dependencies":{"express":"^4"}}"#,
        )
        .file(
            "server.js",
            "const app = require('express')();\napp.listen(3000, 'localhost');\n",
        );
    let w = warnings(&node);
    assert!(
        w.iter()
            .any(|w| w.starts_with("server.js:2 listens on localhost only")),
        "{w:?}"
    );
}

#[test]
fn all_interfaces_or_a_start_that_binds_for_itself_gets_no_word() {
    let w = warnings(&rust_app("0.0.0.0"));
    assert!(!w.iter().any(|w| w.contains("listens on")), "{w:?}");
    // gunicorn's --bind 0.0.0.0 wins over the app.run(host=...) that only the dev server reads.
    let flask = Project::new()
        .file("requirements.txt", "flask\ngunicorn\n")
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='127.0.0.1', port=5000)\n");
    let w = warnings(&flask);
    assert!(!w.iter().any(|w| w.contains("listens on")), "{w:?}");
}
