//! Go and Python failure classes the real-world sweep found (benches/realworld/results-b.md), each
//! reproduced with a small project of our own.

mod common;

use common::{dockerfile, plan, Project};

#[test]
fn a_go_program_that_only_prints_gets_no_port() {
    let p = Project::new()
        .file("go.mod", "module example.com/hello\n\ngo 1.24\n")
        .file(
            "main.go",
            "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], serde_json::Value::Null);
    assert!(!dockerfile(&p, &[]).contains("EXPOSE"));
}

#[test]
fn a_go_server_keeps_its_port() {
    let p = Project::new()
        .file("go.mod", "module example.com/web\n\ngo 1.24\n")
        .file(
            "main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":9090\", nil)\n}\n",
        );
    assert_eq!(plan(&p, &[])["port"], 9090);
}

#[test]
fn a_python_script_run_by_the_procfile_gets_no_port() {
    let p = Project::new()
        .file("requirements.txt", "requests\n")
        .file("src/main.py", "print('hello')\n")
        .file("Procfile", "web: python src/main.py\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["python", "src/main.py"]));
    assert_eq!(app["port"], serde_json::Value::Null);
}

#[test]
fn a_python_standard_library_server_keeps_its_port() {
    let p = Project::new().file("requirements.txt", "").file(
        "server.py",
        "from http.server import HTTPServer, SimpleHTTPRequestHandler\nPORT = 8080\nHTTPServer(('', PORT), SimpleHTTPRequestHandler).serve_forever()\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["python", "server.py"]));
    assert_eq!(app["port"], 8080);
}
