//! Failure classes of the real-world sweep for Go, .NET, static sites and ports (issue 11) that the
//! fixtures' facts cannot show: build contexts, what the written Dockerfile copies, warnings.

use crate::common::{warnings, Project};

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
    let out = p
        .dockgen(&["plan", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
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
