//! Failure classes of the real-world sweep for Go, .NET, static sites and ports (issue 11) that the
//! fixtures' facts cannot show: build contexts, what the written Dockerfile copies, warnings.

use crate::common::{plan, warnings, Project};

/// A .NET solution of two services sharing a library, with a package.json of end-to-end test tooling
/// (no start) at the root, as dotnet/eShop lays it out.
fn solution_beside_node_tooling() -> Project {
    let web = |name: &str| {
        format!(
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup><ProjectReference Include=\"../Shared/Shared.csproj\" /></ItemGroup></Project>\n<!-- {name} -->\n"
        )
    };
    Project::new()
        .file(
            "Shop.slnx",
            "<Solution><Folder Name=\"/src/\"><Project Path=\"src/Storefront/Storefront.csproj\" /><Project Path=\"src/Orders/Orders.csproj\" /><Project Path=\"src/Shared/Shared.csproj\" /></Folder></Solution>\n",
        )
        .file(
            "package.json",
            r#"{"name":"e2e","private":true,"scripts":{"test:e2e":"playwright test"},"devDependencies":{"@playwright/test":"^1.48.0"}}"#,
        )
        .file("src/Storefront/Storefront.csproj", web("Storefront"))
        .file("src/Storefront/Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n")
        .file("src/Orders/Orders.csproj", web("Orders"))
        .file("src/Orders/Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n")
        .file(
            "src/Shared/Shared.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n",
        )
        .file("src/Shared/Greeting.cs", "namespace Shared;\npublic static class Greeting {}\n")
}

#[test]
fn a_solution_beside_node_tooling_builds_each_service_from_the_root() {
    let p = solution_beside_node_tooling();
    let v = crate::common::plan_document(&p, &[]);
    let apps = v["apps"].as_array().unwrap();
    let paths: Vec<&str> = apps.iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["src/Orders", "src/Storefront"], "{v}");
    for a in apps {
        // The root holds the Shared project both reference: the context is the root, not the service.
        assert_eq!(a["context"], ".", "{a}");
        assert_eq!(a["stack"], "dotnet");
    }
    assert!(
        warnings(&apps[0]).contains("Shop.slnx makes it a dotnet workspace"),
        "{}",
        apps[0]
    );

    // Every COPY source of the written Dockerfile exists relative to that context.
    p.dockgen(&["init", "--yes"]).success();
    let d = p.read("src/Orders/Dockerfile");
    for line in d
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        for src in &words[..words.len() - 1] {
            if *src != "." {
                assert!(
                    p.path().join(src).exists(),
                    "{src} absent from the context:\n{d}"
                );
            }
        }
    }
    assert!(
        d.contains("COPY src/Shared/Shared.csproj src/Shared/"),
        "{d}"
    );
}

/// A Go module with a server, its CLI and a developer tool that also listens, under cmd/.
fn go_server_cli_and_tool() -> Project {
    Project::new()
        .file("go.mod", "module example.com/notes\n\ngo 1.25\n")
        .file(
            "cmd/notesd/main.go",
            "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: os.Getenv(\"ADDR\")}\n\tsrv.ListenAndServe()\n}\n",
        )
        .file(
            "cmd/notes/main.go",
            "package main\n\nimport \"os\"\n\ntype list struct{}\n\nfunc (l *list) Run(args []string) error { return nil }\n\nfunc main() {\n\t(&list{}).Run(os.Args)\n}\n",
        )
        .file(
            "cmd/notes-storybook/main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":3001\", nil)\n}\n",
        )
}

#[test]
fn go_ships_the_main_package_that_serves_over_its_cli_and_a_dev_tool() {
    let app = plan(&go_server_cli_and_tool(), &[]);
    assert_eq!(app["start"][0], "/app/notesd", "{app}");
    // The developer tool's listening line is its own port, not the server's.
    assert_ne!(app["port"], 3001, "{app}");
    // Two main packages listen: the choice is recorded for a user to change.
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["chosen"], "notesd", "{app}");
    assert_eq!(
        amb["candidates"],
        serde_json::json!(["notes-storybook", "notesd"])
    );
    assert!(
        warnings(&app).contains("chose notesd (the one that serves)"),
        "{app}"
    );
}

#[test]
fn go_refuses_only_when_more_than_one_main_package_serves() {
    let p = go_server_cli_and_tool().file(
        "cmd/admin/main.go",
        "package main\n\nimport \"net\"\n\nfunc main() {\n\tnet.Listen(\"tcp\", \":9000\")\n}\n",
    );
    let out = p.dockgen(&["plan", "--json"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    // The servers are the choices (the tool among them, for a user who means it); the CLI is none.
    assert!(
        err.contains(
            "ambiguous main package: admin, notes-storybook, notesd; settle it with --binary"
        ),
        "{err}"
    );
    // Asked for, the CLI is still shipped.
    let cli = plan(&p, &["--binary", "notes"]);
    assert_eq!(cli["start"][0], "/app/notes");
}

/// A Go server whose address comes from a variable of its own: the port cannot be read.
fn go_listening_on(addr: &str) -> Project {
    Project::new().file("go.mod", "module example.com/svc\n\ngo 1.25\n").file(
        "main.go",
        format!("package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {{\n\t_ = os.Args\n\thttp.ListenAndServe({addr}, nil)\n}}\n"),
    )
}

#[test]
fn a_port_assumed_from_the_stack_default_is_said_once_with_the_flag_that_settles_it() {
    let app = plan(&go_listening_on("os.Getenv(\"SVC_ADDR\")"), &[]);
    assert_eq!(app["port"], 8080, "{app}");
    let said: Vec<String> = warnings(&app)
        .lines()
        .filter(|w| w.contains("assumed 8080"))
        .map(String::from)
        .collect();
    assert_eq!(said.len(), 1, "{app}");
    assert!(
        said[0].contains("the go default: pass --port to settle it"),
        "{}",
        said[0]
    );

    // Stated in the source, or settled with --port: nothing to say.
    let stated = plan(&go_listening_on("\":9000\""), &[]);
    assert_eq!(stated["port"], 9000);
    assert!(!warnings(&stated).contains("assumed"), "{stated}");
    let settled = plan(
        &go_listening_on("os.Getenv(\"SVC_ADDR\")"),
        &["--port", "7000"],
    );
    assert_eq!(settled["port"], 7000);
    assert!(!warnings(&settled).contains("assumed"), "{settled}");
}

/// A Hugo site's folders and configuration, plus `extra` files.
fn hugo_site(config: &str) -> Project {
    Project::new()
        .file(config, "title = \"Docs\"\n")
        .file("content/_index.md", "---\ntitle: Docs\n---\nHello.\n")
        .file(
            "layouts/index.html",
            "<html><body>{{ .Content }}</body></html>\n",
        )
}

fn refusal(p: &Project) -> String {
    let out = p.dockgen(&["plan", "--json"]).failure();
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

#[test]
fn a_generator_site_the_build_cannot_run_is_refused_in_one_line_saying_what_to_do() {
    let npm = r#"{"name":"d","private":true,"scripts":{"build":"hugo --minify"},"devDependencies":{"hugo-extended":"0.140.0"}}"#;
    // hugo-extended installs hugo, but Hugo Modules need Go.
    let modules = hugo_site("hugo.toml")
        .file("package.json", npm)
        .file("go.mod", "module example.org/site\n\ngo 1.23\n")
        .file("netlify.toml", "[build]\npublish = \"public\"\n");
    let err = refusal(&modules);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("hugo.toml: a Hugo site, which dockgen cannot build: its Hugo Modules (go.mod) are fetched with Go"), "{err}");
    assert!(
        err.contains("build it with `hugo` and run dockgen in public/"),
        "{err}"
    );

    // A shared config name with Hugo's folders, and an index.html at the root: never served raw.
    let raw = hugo_site("config.toml").file("index.html", "<html>{{ .Title }}</html>\n");
    assert!(refusal(&raw).contains("no Hugo image is in its catalogue"));

    // Jekyll's _config.yml beside its folders.
    let jekyll = Project::new()
        .file("_config.yml", "title: Blog\n")
        .file("_layouts/default.html", "<html>{{ content }}</html>\n")
        .file("index.html", "---\nlayout: default\n---\nHi\n");
    assert!(refusal(&jekyll).contains("a Jekyll site, which dockgen cannot build"));
}

#[test]
fn a_generator_the_npm_build_installs_is_still_a_static_build() {
    // hugo-bin brings the binary and nothing needs Go: the build script runs it.
    let p = hugo_site("hugo.toml")
        .file(
            "package.json",
            r#"{"name":"d","private":true,"scripts":{"build":"hugo --minify"},"devDependencies":{"hugo-bin":"0.130.0"}}"#,
        )
        .file("netlify.toml", "[build]\npublish = \"public\"\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "static", "{app}");
    // A config.toml and content/ beside a build tool a framework row knows is that tool's site.
    let vite = Project::new()
        .file("config.toml", "x = 1\n")
        .file("content/a.md", "a\n")
        .file(
            "package.json",
            r#"{"name":"v","private":true,"scripts":{"build":"vite build"},"devDependencies":{"vite":"6.0.0"}}"#,
        )
        .file("index.html", "<html></html>\n");
    assert_eq!(plan(&vite, &[])["stack"], "static");
}
