//! .NET manifests: MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) and `Directory.Build.props`
//! read as XML with roxmltree, solutions (`*.sln` text, `*.slnx` XML) for the projects they list, and
//! `global.json` for the SDK pin. Only the declarative parts are read: properties, SDKs and item includes;
//! MSBuild is never evaluated (conditions are not judged, `$(Property)` references are resolved by the
//! detector from what these parsers return).

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a project file (or a `Directory.Build.props`) declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MsBuildProject {
    /// SDKs from `<Project Sdk="…">` (`;`-separated, `/version` dropped), `<Sdk Name="…"/>` and
    /// `<Import Sdk="…"/>`, in order.
    pub sdks: Vec<String>,
    /// Properties: the last unconditioned definition of each wins (MSBuild's order); a property defined
    /// only under a condition keeps its first conditioned value.
    pub properties: BTreeMap<String, String>,
    pub package_references: Vec<String>,
    pub framework_references: Vec<String>,
    /// `<ProjectReference Include>` paths as written (backslashes turned into `/`).
    pub project_references: Vec<String>,
}

impl MsBuildProject {
    pub fn parse(path: &str, text: &str) -> Result<MsBuildProject> {
        let doc = super::xml(path, text)?;
        let root = doc.root_element();
        if root.tag_name().name() != "Project" {
            return Err(Error::manifest_at(
                path,
                text,
                Some(root.range().start),
                format!(
                    "the root element is <{}>, not an MSBuild <Project>",
                    root.tag_name().name()
                ),
            ));
        }
        let mut out = MsBuildProject::default();
        if let Some(sdk) = root.attribute("Sdk") {
            out.add_sdks(sdk);
        }
        let mut conditioned: BTreeMap<String, String> = BTreeMap::new();
        for node in root.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            match name {
                "Sdk" => {
                    if let Some(n) = node.attribute("Name") {
                        out.add_sdks(n);
                    }
                }
                "Import" => {
                    if let Some(n) = node.attribute("Sdk") {
                        out.add_sdks(n);
                    }
                }
                "PackageReference" | "FrameworkReference" | "ProjectReference" => {
                    let Some(include) = node.attribute("Include").or(node.attribute("Update"))
                    else {
                        continue;
                    };
                    // `Update` changes an item included elsewhere; only `Include` adds one.
                    if node.attribute("Include").is_none() {
                        continue;
                    }
                    let list = match name {
                        "PackageReference" => &mut out.package_references,
                        "FrameworkReference" => &mut out.framework_references,
                        _ => &mut out.project_references,
                    };
                    for item in include.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        list.push(item.replace('\\', "/"));
                    }
                }
                _ => {}
            }
            let parent_is_group = node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "PropertyGroup");
            if !parent_is_group {
                continue;
            }
            let value: String = node
                .children()
                .filter_map(|c| c.text())
                .collect::<String>()
                .trim()
                .to_string();
            let under_condition = node
                .ancestors()
                .take_while(|a| a.id() != root.id())
                .any(|a| {
                    a.attribute("Condition").is_some()
                        || matches!(a.tag_name().name(), "When" | "Otherwise")
                });
            if under_condition {
                conditioned.entry(name.to_string()).or_insert(value);
            } else {
                out.properties.insert(name.to_string(), value);
            }
        }
        for (k, v) in conditioned {
            out.properties.entry(k).or_insert(v);
        }
        Ok(out)
    }

    fn add_sdks(&mut self, list: &str) {
        for sdk in list.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let name = sdk.split('/').next().unwrap_or(sdk).trim().to_string();
            if !self.sdks.contains(&name) {
                self.sdks.push(name);
            }
        }
    }

    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// The project files a solution lists, as paths relative to the solution's folder (`/`-separated).
pub fn solution_projects(path: &str, text: &str) -> Result<Vec<String>> {
    if path.ends_with(".slnx") {
        slnx_projects(path, text)
    } else {
        sln_projects(path, text)
    }
}

/// `Project("{type}") = "Name", "src\Api\Api.csproj", "{guid}"` lines; solution folders (whose path is
/// no project file) are skipped.
fn sln_projects(path: &str, text: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if !line.starts_with("Project(") {
            continue;
        }
        let bad = || Error::Manifest {
            path: path.into(),
            line: Some(i + 1),
            message: "a Project line is not `Project(\"{type}\") = \"Name\", \"path\", \"{guid}\"`"
                .into(),
        };
        let (_, rest) = line.split_once('=').ok_or_else(bad)?;
        let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
        let project = quoted.get(1).ok_or_else(bad)?;
        if is_project_file(project) {
            out.push(project.replace('\\', "/"));
        }
    }
    Ok(out)
}

fn slnx_projects(path: &str, text: &str) -> Result<Vec<String>> {
    let doc = super::xml(path, text)?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("Project"))
        .filter_map(|n| n.attribute("Path"))
        .filter(|p| is_project_file(p))
        .map(|p| p.replace('\\', "/"))
        .collect())
}

/// Whether a file name is an MSBuild project of a .NET language.
pub fn is_project_file(name: &str) -> bool {
    [".csproj", ".fsproj", ".vbproj"]
        .iter()
        .any(|e| name.ends_with(e) && name.len() > e.len())
}

/// global.json: the SDK pin and its roll-forward policy.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GlobalJson {
    #[serde(default)]
    pub sdk: Option<SdkPin>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SdkPin {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub roll_forward: Option<String>,
}

impl GlobalJson {
    /// global.json allows comments (the SDK reads it leniently); they are removed, lines kept.
    pub fn parse(path: &str, text: &str) -> Result<GlobalJson> {
        super::json(path, &super::deno::strip_jsonc(text))
    }
}

/// `net8.0` → `8.0`; .NET Core's `netcoreapp3.1` → `3.1` (cross-platform .NET, out of support: the
/// channel is planned like any other and warned about); `net10.0-windows` → None (platform-specific);
/// .NET Framework (`net48`) and `netstandard2.0` (a library target) → None: not a Linux app's runtime.
pub fn target_framework_channel(tfm: &str) -> Option<String> {
    let tfm = tfm.trim();
    let (v, core) = match tfm.strip_prefix("netcoreapp") {
        Some(v) => (v, true),
        None => (tfm.strip_prefix("net")?, false),
    };
    if v.contains('-') || !v.contains('.') {
        return None;
    }
    let (major, minor) = v.split_once('.')?;
    let major: u32 = major.parse().ok()?;
    let minor: u32 = minor.parse().ok()?;
    (core || major >= 5).then(|| format!("{major}.{minor}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sdks_properties_and_items() {
        let p = MsBuildProject::parse(
            "Api.csproj",
            r#"<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net9.0</TargetFramework>
    <AssemblyName>My.Api</AssemblyName>
  </PropertyGroup>
  <PropertyGroup Condition="'$(Configuration)' == 'Debug'">
    <AssemblyName>Debug.Api</AssemblyName>
    <DefineConstants>TRACE</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Serilog" Version="4.0.0" />
    <PackageReference Update="Other" Version="1.0.0" />
    <ProjectReference Include="..\Core\Core.csproj" />
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
  </ItemGroup>
</Project>"#,
        )
        .unwrap();
        assert_eq!(p.sdks, ["Microsoft.NET.Sdk.Web"]);
        assert_eq!(p.property("TargetFramework"), Some("net9.0"));
        assert_eq!(p.property("AssemblyName"), Some("My.Api"));
        assert_eq!(p.property("DefineConstants"), Some("TRACE"));
        assert_eq!(p.package_references, ["Serilog"]);
        assert_eq!(p.project_references, ["../Core/Core.csproj"]);
        assert_eq!(p.framework_references, ["Microsoft.AspNetCore.App"]);
    }

    #[test]
    fn sdk_elements_versions_and_the_old_namespace() {
        let p = MsBuildProject::parse(
            "a.fsproj",
            r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <Sdk Name="Microsoft.NET.Sdk.Worker/8.0.0" />
  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
</Project>"#,
        )
        .unwrap();
        assert_eq!(p.sdks, ["Microsoft.NET.Sdk.Worker"]);
        assert_eq!(p.property("OutputType"), Some("Exe"));
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let e = MsBuildProject::parse(
            "src/Api/Api.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFrameworks>\n</Project>\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("src/Api/Api.csproj:3: invalid XML"), "{e}");
        let e = MsBuildProject::parse("x.csproj", "<Solution/>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not an MSBuild <Project>"), "{e}");
    }

    #[test]
    fn solutions_list_their_projects() {
        let sln = "\u{feff}\nMicrosoft Visual Studio Solution File, Format Version 12.00\nProject(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"src\", \"src\", \"{1}\"\nEndProject\nProject(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Api\", \"src\\Api\\Api.csproj\", \"{2}\"\nEndProject\n";
        assert_eq!(
            solution_projects("a.sln", sln).unwrap(),
            ["src/Api/Api.csproj"]
        );
        let e = solution_projects("a.sln", "Project(\"{x}\") \"Api\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("a.sln:1:"), "{e}");
        let slnx = r#"<Solution><Folder Name="/tests/"><Project Path="tests/A.Tests/A.Tests.csproj" /></Folder><Project Path="src/A/A.csproj" /></Solution>"#;
        assert_eq!(
            solution_projects("a.slnx", slnx).unwrap(),
            ["tests/A.Tests/A.Tests.csproj", "src/A/A.csproj"]
        );
    }

    #[test]
    fn target_frameworks_to_channels() {
        assert_eq!(target_framework_channel("net8.0").as_deref(), Some("8.0"));
        assert_eq!(target_framework_channel("net10.0").as_deref(), Some("10.0"));
        assert_eq!(target_framework_channel("net8.0-windows"), None);
        assert_eq!(target_framework_channel("net48"), None);
        assert_eq!(target_framework_channel("netstandard2.0"), None);
        assert_eq!(
            target_framework_channel("netcoreapp3.1").as_deref(),
            Some("3.1")
        );
        assert_eq!(target_framework_channel("netcoreapp3.1-windows"), None);
    }

    #[test]
    fn global_json_with_comments() {
        let g = GlobalJson::parse(
            "global.json",
            "{\n  // pinned\n  \"sdk\": { \"version\": \"9.0.100\", \"rollForward\": \"latestFeature\" }\n}\n",
        )
        .unwrap();
        let sdk = g.sdk.unwrap();
        assert_eq!(sdk.version.as_deref(), Some("9.0.100"));
        assert_eq!(sdk.roll_forward.as_deref(), Some("latestFeature"));
    }
}
