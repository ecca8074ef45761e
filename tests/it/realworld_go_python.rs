//! Go and Python failure classes the real-world sweep found (benches/realworld/results-b.md), each
//! reproduced with a small project of our own.

use crate::common;

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

#[test]
fn a_script_with_flask_merely_listed_runs_as_a_script_with_no_port() {
    let p = Project::new()
        .file("requirements.txt", "flask\ngunicorn\n")
        .file("main.py", "print('hello from a script')\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "flask");
    assert_eq!(app["start"], serde_json::json!(["python", "main.py"]));
    assert_eq!(app["port"], serde_json::Value::Null);
    assert!(common::warnings(&app).contains("as a script"));
}

#[test]
fn a_module_level_factory_call_is_the_app() {
    let p = Project::new()
        .file("requirements.txt", "fastapi\nuvicorn\n")
        .file(
            "app/main.py",
            "from fastapi import FastAPI\n\ndef get_application() -> FastAPI:\n    return FastAPI()\n\napp = get_application()\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["start"][1], "app.main:app");
}

#[test]
fn a_pure_factory_under_uvicorn_uses_factory_mode() {
    let p = Project::new()
        .file("requirements.txt", "fastapi\nuvicorn\n")
        .file(
            "main.py",
            "from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["start"][0], "uvicorn");
    assert_eq!(app["start"][1], "--factory");
    assert_eq!(app["start"][2], "main:create_app");
}

#[test]
fn a_pure_factory_under_gunicorn_keeps_the_call_form() {
    let p = Project::new().file("requirements.txt", "flask\n").file(
        "main.py",
        "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["start"][0], "gunicorn");
    assert_eq!(
        app["start"].as_array().unwrap().last().unwrap(),
        "main:create_app()"
    );
}

#[test]
fn runtime_txt_pins_the_python_line() {
    let p = Project::new()
        .file("requirements.txt", "requests\n")
        .file("runtime.txt", "python-3.11.9\n")
        .file("main.py", "print('x')\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "3.11");
    assert_eq!(app["toolchain"]["source"], "runtime.txt");
}

#[test]
fn a_major_version_module_names_its_binary_from_the_element_before() {
    let p = Project::new()
        .file("go.mod", "module example.com/tool/v2\n\ngo 1.24\n")
        .file(
            "main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        );
    assert_eq!(plan(&p, &[])["start"], serde_json::json!(["/app/tool"]));
}

#[test]
fn a_procfile_names_one_of_several_mains() {
    let main = "package main\n\nfunc main() {}\n";
    let p = Project::new()
        .file("go.mod", "module example.com/fx\n\ngo 1.24\n")
        .file("cmd/fixture1/main.go", main)
        .file("cmd/fixture2/main.go", main)
        .file("Procfile", "web: fixture1\n");
    assert_eq!(plan(&p, &[])["start"], serde_json::json!(["/app/fixture1"]));
}

#[test]
fn a_refusal_names_the_main_packages_it_found_elsewhere() {
    let main = "package main\n\nfunc main() {}\n";
    let p = Project::new()
        .file("go.mod", "module example.com/examples\n\ngo 1.24\n")
        .file("hello/main.go", main)
        .file("outyet/main.go", main);
    let out = p.dockgen(&["plan", "--json"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("hello/") && err.contains("outyet/"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn django_with_a_computed_settings_module_serves_the_package_holding_wsgi_py() {
    let p = Project::new()
        .file("requirements.txt", "django\ngunicorn\n")
        .file(
            "manage.py",
            "import os, sys\n\ndef main():\n    settings_module = 'proj.production' if 'PROD' in os.environ else 'proj.settings'\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', settings_module)\n",
        )
        .file("proj/__init__.py", "")
        .file("proj/settings.py", "DEBUG = True\n")
        .file("proj/wsgi.py", "application = None\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "django");
    assert_eq!(
        app["start"].as_array().unwrap().last().unwrap(),
        "proj.wsgi:application"
    );
}

#[test]
fn django_with_manage_py_in_a_sub_folder_runs_from_it() {
    let p = Project::new()
        .file("requirements.txt", "django\n")
        .file(
            "backend/manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'testproject.settings')\n",
        )
        .file("backend/testproject/__init__.py", "")
        .file(
            "backend/testproject/settings.py",
            "STATIC_ROOT = 'staticfiles'\n",
        )
        .file("backend/testproject/wsgi.py", "application = None\n");
    let app = plan(&p, &[]);
    let start: Vec<&str> = app["start"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(start[0], "gunicorn");
    let at = start.iter().position(|w| *w == "--chdir").unwrap();
    assert_eq!(start[at + 1], "backend");
    assert_eq!(*start.last().unwrap(), "testproject.wsgi:application");
    assert_eq!(
        app["build"],
        "env SECRET_KEY=build-only-not-secret DJANGO_SECRET_KEY=build-only-not-secret python backend/manage.py collectstatic --noinput"
    );
}

#[test]
fn streamlit_runs_the_script_that_imports_it_on_8501() {
    let p = Project::new()
        .file("requirements.txt", "streamlit\npandas\n")
        .file("helpers.py", "def f():\n    return 1\n")
        .file(
            "streamlit_app.py",
            "import streamlit as st\n\nst.title('demo')\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "streamlit");
    assert_eq!(app["port"], 8501);
    assert_eq!(
        app["start"],
        serde_json::json!([
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.address",
            "0.0.0.0",
            "--server.port",
            "8501",
            "--server.headless",
            "true"
        ])
    );
}

#[test]
fn a_factory_call_under_another_name_is_not_the_web_app() {
    let p = Project::new()
        .file("requirements.txt", "flask\ncelery\n")
        .file(
            "src/task_app/__init__.py",
            "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
        )
        .file(
            "make_celery.py",
            "from task_app import create_app\n\nflask_app = create_app()\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"].as_array().unwrap().last().unwrap(),
        "task_app:create_app()"
    );
}
