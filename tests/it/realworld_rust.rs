//! Rust failure classes the real-world sweep found (benches/realworld/results-b.md), each reproduced
//! with a small project of our own: programs that never listen, `[[bin]]` names, `default-run`, the
//! binary that serves, and packages that need files above the folder.

use crate::common;

use common::{dockerfile, plan, Project};

const PRINTS: &str = "fn main() {\n    println!(\"hello\");\n}\n";

#[test]
fn a_program_that_only_prints_gets_no_port_and_no_expose() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("src/main.rs", PRINTS);
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "rust");
    assert_eq!(app["port"], serde_json::Value::Null);
    assert_eq!(app["start"], serde_json::json!(["/app/hello"]));
    let df = dockerfile(&p, &[]);
    assert!(!df.contains("EXPOSE"), "{df}");
}

#[test]
fn a_program_binding_a_socket_keeps_its_port() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"srv\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file(
            "src/main.rs",
            "use std::net::TcpListener;\nfn main() {\n    let l = TcpListener::bind(\"0.0.0.0:7878\").unwrap();\n    drop(l);\n}\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 7878);
}

#[test]
fn a_bin_named_apart_from_its_file_builds_by_its_name() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"tool\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[[bin]]\nname = \"tool-server\"\npath = \"src/bin/server.rs\"\n",
        )
        .file("src/bin/server.rs", PRINTS)
        .file("src/lib.rs", "");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/tool-server"]));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("--bin tool-server"), "{df}");
    assert!(!df.contains("--bin server"), "{df}");
}

#[test]
fn default_run_settles_several_binaries() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"multi\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndefault-run = \"bin1\"\n",
        )
        .file("src/main.rs", PRINTS)
        .file("src/bin/bin1.rs", PRINTS)
        .file("src/bin/bin2.rs", PRINTS);
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/bin1"]));
}

#[test]
fn the_binary_that_listens_wins_over_clis_of_the_same_package() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("src/main.rs", PRINTS)
        .file("src/bin/migrate.rs", PRINTS)
        .file(
            "src/bin/listener.rs",
            "fn main() {\n    let _ = std::net::TcpListener::bind(\"0.0.0.0:9000\");\n}\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/listener"]));
    assert_eq!(app["port"], 9000);
}

#[test]
fn among_clis_the_package_named_main_wins() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"cli\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("src/main.rs", PRINTS)
        .file("src/bin/helper.rs", PRINTS);
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/cli"]));
}

fn member(p: Project, dir: &str, framework: bool) -> Project {
    let deps = if framework {
        "\n[dependencies]\nactix-web = \"4\"\n"
    } else {
        ""
    };
    p.file(
        &format!("{dir}/Cargo.toml"),
        format!(
            "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{deps}",
            dir.rsplit('/').next().unwrap()
        ),
    )
    .file(&format!("{dir}/src/main.rs"), PRINTS)
}

#[test]
fn a_workspace_of_many_servers_plans_each_as_an_app_from_the_root() {
    // Issue 15: several servers in one workspace are one app each (they were an ambiguity error).
    let mut p = Project::new().file("Cargo.toml", "[workspace]\nmembers = [\"ex/*\"]\n");
    for d in ["ex/server", "ex/chat", "ex/files"] {
        p = member(p, d, true);
    }
    let v = crate::common::plan_document(&p, &[]);
    let apps = v["apps"].as_array().unwrap();
    let mut names: Vec<&str> = apps.iter().map(|a| a["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["chat", "files", "server"]);
    for a in apps {
        let name = a["name"].as_str().unwrap();
        assert_eq!(a["context"], ".", "{a}");
        assert_eq!(a["dockerfile"], format!("ex/{name}/Dockerfile"), "{a}");
        assert_eq!(
            a["start"],
            serde_json::json!([format!("/app/{name}")]),
            "{a}"
        );
    }
}

#[test]
fn a_workspace_with_one_server_crate_picks_it() {
    let mut p = Project::new().file("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n");
    p = member(p, "crates/app_server", true);
    p = member(p, "crates/db_util", false);
    p = member(p, "crates/schema_tool", false);
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["/app/app_server"]));
    assert_eq!(app["framework"], "actix-web");
}

#[test]
fn a_member_inheriting_from_a_workspace_above_is_refused_with_the_way_out() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition.workspace = true\n",
        )
        .file("src/main.rs", PRINTS);
    let out = p.dockgen(&["plan", "--json"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("Cargo.toml"), "{err}");
    assert!(err.contains("workspace root"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_path_dependency_outside_the_folder_is_refused_naming_it() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"ex\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nweb = { path = \"../../web\" }\n",
        )
        .file("src/main.rs", PRINTS);
    let out = p.dockgen(&["plan", "--json"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("../../web"), "{err}");
    assert!(err.contains("repository root"), "{err}");
}

#[test]
fn openssl_sys_in_the_lock_installs_its_headers_and_keeps_distroless_cc() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"tls\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nnative-tls = \"0.2\"\n",
        )
        .file(
            "Cargo.lock",
            "version = 4\n\n[[package]]\nname = \"native-tls\"\nversion = \"0.2.14\"\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.109\"\n",
        )
        .file("src/main.rs", PRINTS);
    let df = dockerfile(&p, &[]);
    let (build, runtime) = df.rsplit_once("\nFROM ").unwrap();
    assert!(
        build.contains("libssl-dev") && build.contains("pkg-config"),
        "{df}"
    );
    assert!(runtime.contains("distroless/cc"), "{df}");
    assert!(!runtime.contains("apt-get"), "{df}");
}

#[test]
fn pq_sys_moves_the_runtime_to_debian_slim_with_libpq() {
    let p = Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"db\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\npq-sys = \"0.6\"\n",
        )
        .file("src/main.rs", PRINTS);
    let df = dockerfile(&p, &[]);
    let (build, runtime) = df.rsplit_once("\nFROM ").unwrap();
    assert!(build.contains("libpq-dev"), "{df}");
    assert!(runtime.contains("debian:trixie-slim"), "{df}");
    assert!(runtime.contains("libpq5"), "{df}");
    assert!(runtime.contains("USER 10001"), "{df}");
}
