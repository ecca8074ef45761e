//! .NET apps that need ICU or time zones run on the chiseled images' `-extra` variant (Microsoft's
//! container docs: chiseled images run in invariant globalization mode and carry neither): a project that
//! turns invariant mode off, or uses SqlClient; any other app keeps the smaller chiseled image.

use crate::common;

use common::{dockerfile, plan, Project};

fn web(props: &str, items: &str) -> Project {
    Project::new()
        .file(
            "Api.csproj",
            format!(
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    {props}\n  </PropertyGroup>\n  <ItemGroup>\n    {items}\n  </ItemGroup>\n</Project>\n"
            ),
        )
        .file("Program.cs", "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n")
}

fn runtime_evidence(app: &serde_json::Value) -> Vec<(String, String)> {
    app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"] == "runtime")
        .map(|e| {
            (
                e["value"].as_str().unwrap().to_string(),
                e["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn invariant_globalization_turned_off_takes_the_extra_variant() {
    let p = web("<InvariantGlobalization>false</InvariantGlobalization>", "");
    let app = plan(&p, &[]);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra"
    );
    assert_eq!(
        runtime_evidence(&app),
        [("dotnet-aspnet-extra".to_string(), "Api.csproj".to_string())]
    );
    let df = dockerfile(&p, &[]);
    assert!(df.contains("with ICU and time zones"), "{df}");
}

#[test]
fn sqlclient_takes_the_extra_variant() {
    let p = web(
        "",
        "<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.2\" />",
    );
    let app = plan(&p, &[]);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra"
    );
}

#[test]
fn a_worker_with_sqlclient_takes_the_runtime_extra_variant() {
    let p = Project::example("dotnet-worker");
    p.edit(
        "Heartbeat.csproj",
        "<PackageReference Include=\"Microsoft.Extensions.Hosting\" Version=\"8.0.1\" />",
        "<PackageReference Include=\"Microsoft.Extensions.Hosting\" Version=\"8.0.1\" />\n    <PackageReference Include=\"System.Data.SqlClient\" Version=\"4.8.6\" />",
    );
    let app = plan(&p, &[]);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled-extra"
    );
    // The variant cross-compiles like the plain one.
    assert!(dockerfile(&p, &[]).contains("-a $TARGETARCH"));
}

#[test]
fn an_app_that_chose_invariant_mode_keeps_the_plain_chiseled_image() {
    let p = web(
        "<InvariantGlobalization>true</InvariantGlobalization>",
        "<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.2\" />",
    );
    let app = plan(&p, &[]);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled"
    );
}

#[test]
fn an_app_without_cultures_keeps_the_plain_chiseled_image() {
    let app = plan(&Project::example("dotnet-aspnet-minimal"), &[]);
    assert_eq!(
        app["images"]["runtime"],
        "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"
    );
    assert_eq!(runtime_evidence(&app).len(), 1);
}
