//! .NET detection rules, each pinned by a small project: where the versions come from and in which order,
//! which project is the app, its assembly name, the runtime image and port of web apps, workers and
//! console apps, and malformed manifests named with their line.

use crate::common;

use common::{dockerfile, plan, warnings, Project};
use serde_json::{json, Value};

fn csproj(sdk: &str, props: &str) -> String {
    format!(
        "<Project Sdk=\"{sdk}\">\n  <PropertyGroup>\n    {props}\n  </PropertyGroup>\n</Project>\n"
    )
}

fn web(tfm: &str) -> String {
    csproj(
        "Microsoft.NET.Sdk.Web",
        &format!("<TargetFramework>{tfm}</TargetFramework>"),
    )
}

const PROGRAM: &str = "var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet(\"/\", () => \"hi\");\napp.Run();\n";

#[test]
fn the_target_framework_sets_sdk_and_runtime_when_nothing_pins_the_sdk() {
    let p = Project::new()
        .file("Api.csproj", web("net8.0"))
        .file("Program.cs", PROGRAM);
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "dotnet");
    assert_eq!(app["package_manager"], "nuget");
    assert_eq!(
        app["toolchain"],
        json!({"name": "dotnet", "version": "8.0", "source": "Api.csproj"})
    );
    assert_eq!(
        app["images"]["build"],
        "mcr.microsoft.com/dotnet/sdk:8.0-noble"
    );
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled"
    );
}

#[test]
fn no_target_framework_anywhere_takes_the_default_lts() {
    let p = Project::new().file(
        "App.csproj",
        csproj("Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>"),
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "10.0");
    assert_eq!(app["toolchain"]["source"], "default");
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled"
    );
    assert!(warnings(&app).contains("no TargetFramework"));
}

#[test]
fn multi_targeting_takes_the_highest_framework_and_publishes_it() {
    let p = Project::new().file(
        "Api.csproj",
        csproj(
            "Microsoft.NET.Sdk.Web",
            "<TargetFrameworks>net8.0;net9.0;netstandard2.0</TargetFrameworks>",
        ),
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "9.0");
    assert!(
        app["build"].as_str().unwrap().ends_with(" -f net9.0"),
        "{}",
        app["build"]
    );
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled"
    );
}

#[test]
fn global_json_decides_the_sdk_and_the_target_framework_the_runtime() {
    let p = Project::new().file("Api.csproj", web("net9.0")).file(
        "global.json",
        r#"{"sdk": {"version": "10.0.100", "rollForward": "latestFeature"}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(
        app["toolchain"],
        json!({"name": "dotnet", "version": "10.0", "source": "global.json"})
    );
    assert_eq!(
        app["images"]["build"],
        "mcr.microsoft.com/dotnet/sdk:10.0-noble"
    );
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled"
    );
    assert_eq!(warnings(&app), "");
    // The SDK pin outranks mise.toml too (the stack's order of sources).
    p.write("mise.toml", "[tools]\ndotnet = \"8.0.404\"\n");
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["source"], "global.json");
    assert!(
        warnings(&app).contains("mise.toml says 8.0"),
        "{}",
        warnings(&app)
    );
}

#[test]
fn global_json_roll_forward_policies() {
    // The default policy (latestPatch) accepts only the pinned feature band: say how to loosen it.
    let p = Project::new()
        .file("Api.csproj", web("net9.0"))
        .file("global.json", r#"{"sdk": {"version": "9.0.100"}}"#);
    let w = warnings(&plan(&p, &[]));
    assert!(w.contains("rollForward latestPatch"), "{w}");
    assert!(w.contains("\"rollForward\": \"latestFeature\""), "{w}");

    // latestMajor admits the newer SDK the target framework needs.
    p.write("Api.csproj", web("net10.0"));
    p.write(
        "global.json",
        r#"{"sdk": {"version": "8.0.100", "rollForward": "latestMajor"}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "10.0");
    assert_eq!(warnings(&app), "");

    // A pin older than the target cannot build it: said, not silently changed.
    p.write(
        "global.json",
        r#"{"sdk": {"version": "8.0.100", "rollForward": "latestFeature"}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "8.0");
    assert!(
        warnings(&app).contains("cannot build net10.0"),
        "{}",
        warnings(&app)
    );
}

#[test]
fn directory_build_props_supplies_what_the_project_leaves_out() {
    let props = "<Project>\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n    <AssemblyName>$(MSBuildProjectName).Host</AssemblyName>\n  </PropertyGroup>\n</Project>\n";
    let p = Project::new().file("Directory.Build.props", props).file(
        "src/Api/Api.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "9.0");
    assert_eq!(app["toolchain"]["source"], "Directory.Build.props");
    assert_eq!(app["start"], json!(["dotnet", "Api.Host.dll"]));
    // The project's own TargetFramework overrides Directory.Build.props, as in MSBuild.
    p.write("src/Api/Api.csproj", web("net8.0"));
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "8.0");
    assert_eq!(app["toolchain"]["source"], "src/Api/Api.csproj");
}

#[test]
fn assembly_name_or_the_project_file_name_starts_the_app() {
    let p = Project::new().file("Orders.Api.csproj", web("net9.0"));
    assert_eq!(plan(&p, &[])["start"], json!(["dotnet", "Orders.Api.dll"]));
    p.write(
        "Orders.Api.csproj",
        csproj(
            "Microsoft.NET.Sdk.Web",
            "<TargetFramework>net9.0</TargetFramework>\n    <AssemblyName>orders</AssemblyName>",
        ),
    );
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("ENTRYPOINT [\"dotnet\", \"orders.dll\"]"),
        "{df}"
    );
}

#[test]
fn the_app_is_never_a_test_project() {
    let tests = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.12.0\" />\n    <PackageReference Include=\"xunit.v3\" Version=\"1.0.0\" />\n    <ProjectReference Include=\"..\\..\\src\\Api\\Api.csproj\" />\n  </ItemGroup>\n</Project>\n";
    let p = Project::new()
        .file(
            "global.json",
            r#"{"sdk":{"version":"9.0.100","rollForward":"latestFeature"}}"#,
        )
        .file("src/Api/Api.csproj", web("net9.0"))
        .file("tests/Api.Tests/Api.Tests.csproj", tests);
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["dotnet", "Api.dll"]));
    // Only the app's project graph is restored: the test project is not copied before restore.
    let df = dockerfile(&p, &[]);
    assert!(df.contains("COPY src/Api/Api.csproj src/Api/"), "{df}");
    assert!(!df.contains("COPY tests/"), "{df}");
    assert!(
        df.contains("dotnet restore src/Api/Api.csproj -a $TARGETARCH\n"),
        "{df}"
    );
    // IsTestProject alone marks a test project too.
    p.write(
        "tests/Api.Tests/Api.Tests.csproj",
        csproj(
            "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><IsTestProject>true</IsTestProject>",
        ),
    );
    assert_eq!(plan(&p, &[])["start"], json!(["dotnet", "Api.dll"]));
}

#[test]
fn several_runnable_projects_the_solution_then_the_web_project_then_binary() {
    let tool = csproj(
        "Microsoft.NET.Sdk",
        "<TargetFramework>net9.0</TargetFramework><OutputType>Exe</OutputType>",
    );
    // Directory.Build.props at the root makes the root the app's folder (without a root signal each
    // project folder would be an app of its own).
    let p = Project::new()
        .file("Directory.Build.props", "<Project>\n</Project>\n")
        .file("src/Api/Api.csproj", web("net9.0"))
        .file("src/Migrate/Migrate.csproj", tool.clone())
        .file("samples/Demo/Demo.csproj", tool.clone());
    // No solution: the only web project, with a warning naming --binary.
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["dotnet", "Api.dll"]));
    assert!(warnings(&app).contains("--binary"), "{}", warnings(&app));
    // --binary takes another, by assembly or project name.
    let app = plan(&p, &["--binary", "Migrate"]);
    assert_eq!(app["start"], json!(["dotnet", "Migrate.dll"]));
    assert_eq!(app["framework"], Value::Null);
    assert_eq!(app["port"], Value::Null);
    p.dockgen(&["plan", "--binary", "Nope"])
        .code(2)
        .stderr(predicates::str::contains("no runnable .NET project"));

    // Two console apps and no web project: an ambiguity settled only by --binary.
    p.write("src/Api/Api.csproj", tool.clone());
    p.dockgen(&["plan"])
        .code(3)
        .stderr(predicates::str::contains("ambiguous project"))
        .stderr(predicates::str::contains("--binary"));

    // A solution listing one of them settles it (.slnx, XML).
    p.write(
        "App.slnx",
        "<Solution>\n  <Folder Name=\"/src/\">\n    <Project Path=\"src/Migrate/Migrate.csproj\" />\n  </Folder>\n</Solution>\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["dotnet", "Migrate.dll"]));
    let evidence = app["evidence"].to_string();
    assert!(
        evidence.contains("the solution's only runnable project"),
        "{evidence}"
    );
}

#[test]
fn web_apps_get_aspnet_and_a_port_workers_and_console_apps_the_runtime_and_none() {
    let web_app = Project::new().file("Api.csproj", web("net10.0"));
    let app = plan(&web_app, &[]);
    assert_eq!(app["framework"], "aspnetcore");
    assert_eq!(app["port"], 8080);
    let df = dockerfile(&web_app, &[]);
    assert!(
        df.contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\n"),
        "{df}"
    );
    assert!(df.contains("ENV ASPNETCORE_HTTP_PORTS=8080\n"), "{df}");
    assert!(df.contains("EXPOSE 8080\n"), "{df}");
    assert!(df.contains("USER 1654:1654\n"), "{df}");
    // --port moves Kestrel too, not only EXPOSE.
    let df = dockerfile(&web_app, &["--port", "5000"]);
    assert!(
        df.contains("ENV ASPNETCORE_HTTP_PORTS=5000\n") && df.contains("EXPOSE 5000\n"),
        "{df}"
    );

    let worker = Project::new().file(
        "Worker.csproj",
        csproj(
            "Microsoft.NET.Sdk.Worker",
            "<TargetFramework>net8.0</TargetFramework>",
        ),
    );
    let app = plan(&worker, &[]);
    assert_eq!(app["framework"], "worker");
    assert_eq!(app["port"], Value::Null);
    let df = dockerfile(&worker, &[]);
    assert!(
        df.contains("FROM mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled\n"),
        "{df}"
    );
    assert!(!df.contains("EXPOSE") && !df.contains("ASPNETCORE"), "{df}");

    let console = Project::new().file(
        "Tool.fsproj",
        csproj(
            "Microsoft.NET.Sdk",
            "<TargetFramework>net9.0</TargetFramework><OutputType>Exe</OutputType>",
        ),
    );
    let app = plan(&console, &[]);
    assert_eq!(app["framework"], Value::Null);
    assert_eq!(app["port"], Value::Null);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled"
    );
    // A console app referencing the ASP.NET Core shared framework is a web app.
    console.write(
        "Tool.fsproj",
        "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><TargetFramework>net9.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>\n  <ItemGroup><FrameworkReference Include=\"Microsoft.AspNetCore.App\" /></ItemGroup>\n</Project>\n",
    );
    assert_eq!(
        plan(&console, &[])["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled"
    );
}

#[test]
fn the_port_comes_from_appsettings_never_from_launch_settings() {
    let p = Project::new()
        .file("Api.csproj", web("net9.0"))
        .file(
            "Properties/launchSettings.json",
            r#"{"profiles":{"http":{"commandName":"Project","applicationUrl":"http://localhost:5117"}}}"#,
        );
    assert_eq!(plan(&p, &[])["port"], 8080);
    p.write(
        "appsettings.json",
        "{\n  // comments are allowed here\n  \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://0.0.0.0:5005\" } } }\n}\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 5005);
    p.write("appsettings.json", r#"{"HTTP_PORTS": "7070"}"#);
    assert_eq!(plan(&p, &[])["port"], 7070);
    // A listening URL in Program.cs, when the settings state none.
    p.remove("appsettings.json");
    p.write(
        "Program.cs",
        "var app = WebApplication.Create(args);\napp.MapGet(\"/\", () => \"hi\");\napp.Run(\"http://0.0.0.0:5050\");\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["port"], 5050);
    assert!(app["evidence"].to_string().contains("Program.cs:3"));
}

#[test]
fn locked_mode_when_every_restored_project_has_a_lockfile() {
    let p = Project::new().file("Api.csproj", web("net9.0")).file(
        "packages.lock.json",
        "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net9.0\": {}\n  }\n}\n",
    );
    let df = dockerfile(&p, &[]);
    assert!(df.contains("COPY Api.csproj packages.lock.json ./"), "{df}");
    assert!(
        df.contains("dotnet restore Api.csproj --locked-mode"),
        "{df}"
    );
    p.remove("packages.lock.json");
    assert!(!dockerfile(&p, &[]).contains("--locked-mode"));
}

#[test]
fn an_aspnet_app_with_a_package_json_for_its_assets_stays_dotnet() {
    let p = Project::new()
        .file("Web.csproj", web("net9.0"))
        .file(
            "package.json",
            r#"{"name":"assets","scripts":{"build":"vite build"},"devDependencies":{"vite":"^7.0.0"}}"#,
        )
        .file("index.html", "<!doctype html>\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "dotnet");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["chosen"], "dotnet");
    assert!(
        amb["candidates"]
            .as_array()
            .unwrap()
            .contains(&json!("static")),
        "{amb}"
    );
}

#[test]
fn malformed_manifests_name_the_file_and_line() {
    let p = Project::new().file(
        "src/Api/Api.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n",
    )
    .file("Api.sln", "");
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains(
            "src/Api/Api.csproj:3: invalid XML",
        ));
    let p = Project::new().file("Api.csproj", web("net9.0")).file(
        "global.json",
        "{\n  \"sdk\": {\n    \"version\": 9\n  }\n}\n",
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("global.json:3"));
    let p = Project::new()
        .file("src/A/A.csproj", web("net9.0"))
        .file("src/B/B.csproj", web("net9.0"))
        .file(
            "App.sln",
            "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") \"A\"\n",
        );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("App.sln:1:"));
}

#[test]
fn what_is_not_a_container_app_is_said_or_skipped() {
    // Only libraries and tests: nothing to run.
    let p = Project::new().file(
        "Lib.csproj",
        csproj(
            "Microsoft.NET.Sdk",
            "<TargetFramework>net9.0</TargetFramework>",
        ),
    );
    p.dockgen(&["plan"]).code(3);
    // Blazor WebAssembly standalone is static output.
    let p = Project::new().file(
        "Client.csproj",
        csproj(
            "Microsoft.NET.Sdk.BlazorWebAssembly",
            "<TargetFramework>net9.0</TargetFramework>",
        ),
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("Blazor WebAssembly"));
    // A .NET MAUI app is a UI, even with a plain TFM beside its mobile ones (eShop's ClientApp).
    let p = Project::new().file(
        "ClientApp.csproj",
        csproj(
            "Microsoft.NET.Sdk",
            "<TargetFrameworks>net10.0-android;net10.0-ios;net10.0</TargetFrameworks><UseMaui>true</UseMaui>",
        ),
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains(".NET MAUI app"));
    // .NET Framework runs on Windows only.
    let p = Project::new().file(
        "Old.csproj",
        csproj(
            "Microsoft.NET.Sdk",
            "<TargetFramework>net48</TargetFramework><OutputType>Exe</OutputType>",
        ),
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("Linux container"));
}

#[test]
fn a_reference_outside_the_app_folder_is_flagged() {
    // No signal at the root: each project folder is an app of its own, and Api's library is outside it.
    let p = Project::new()
        .file(
            "src/Api/Api.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup>\n  <ItemGroup><ProjectReference Include=\"..\\Core\\Core.csproj\" /></ItemGroup>\n</Project>\n",
        )
        .file(
            "src/Core/Core.csproj",
            csproj("Microsoft.NET.Sdk", "<TargetFramework>net9.0</TargetFramework>"),
        );
    let app = plan(&p, &[]);
    assert_eq!(app["path"], "src/Api");
    assert!(
        warnings(&app).contains("references ../Core/Core.csproj outside this folder"),
        "{}",
        warnings(&app)
    );
}
