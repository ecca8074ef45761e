//! Every MSBuild project file of the folder, parsed and classified, and the Directory.Build.props each imports.

use super::*;

/// Every project file the scan saw (outside bin/ and obj/), parsed and classified.
pub(super) fn read_projects(project: &Project) -> Result<Vec<Proj>> {
    let mut out = Vec::new();
    let paths: Vec<String> = project
        .files()
        .filter(|f| msb::is_project_file(f.rsplit('/').next().unwrap_or(f)))
        .filter(|f| !f.split('/').any(|c| c == "bin" || c == "obj"))
        .map(str::to_string)
        .collect();
    for path in paths {
        let msb = MsBuildProject::parse(&path, &project.read(&path)?)?;
        let props = nearest_props(project, &path)?;
        let mut p = Proj {
            path,
            msb,
            props,
            kind: Kind::Library,
            test: false,
            not_app: None,
            assembly: String::new(),
        };
        p.assembly = p
            .property("AssemblyName")
            .map(|(v, _)| v)
            .filter(|v| !v.contains("$("))
            .unwrap_or_else(|| p.stem().to_string());
        p.test = p.flag("IsTestProject")
            || p.uses("Microsoft.NET.Test.Sdk")
            || p.uses("MSTest.Sdk")
            || p.msb.sdks.iter().any(|s| s.starts_with("MSTest.Sdk"));
        let output = p
            .property("OutputType")
            .map(|(v, _)| v.to_ascii_lowercase());
        let exe = |default: bool| match output.as_deref() {
            Some("exe" | "winexe") => true,
            Some(_) => false,
            None => default,
        };
        p.kind = if p.uses("Microsoft.NET.Sdk.Web") && exe(true) {
            Kind::Web
        } else if p.uses("Microsoft.NET.Sdk.Worker") && exe(true) {
            Kind::Worker
        } else if exe(false) {
            if p.uses("Microsoft.AspNetCore.App") {
                Kind::Web
            } else {
                Kind::Console
            }
        } else {
            Kind::Library
        };
        let windows_only = p.target_frameworks().is_some_and(|(tfms, _)| {
            tfms.iter()
                .all(|t| t.contains("-windows") || msb::target_framework_channel(t).is_none())
        });
        p.not_app = if p.flag("IsAspireHost") || p.msb.sdks.iter().any(|s| s.starts_with("Aspire."))
        {
            Some("an Aspire AppHost orchestrates other projects during development; it is not deployed itself")
        } else if p.uses("Microsoft.NET.Sdk.BlazorWebAssembly") {
            Some("a Blazor WebAssembly app is static files served by a host, not yet supported on its own")
        } else if p.flag("UseMaui") {
            Some("a .NET MAUI app is a mobile or desktop UI, not a server: it does not run in a Linux container")
        } else if p.flag("UseWPF") || p.flag("UseWindowsForms") {
            Some("a Windows desktop app (WPF or Windows Forms) does not run in a Linux container")
        } else if windows_only && p.kind != Kind::Library {
            Some("its target frameworks (.NET Framework or a -windows platform) do not run in a Linux container")
        } else {
            None
        };
        out.push(p);
    }
    Ok(out)
}

/// The nearest Directory.Build.props from the project's folder up to the app's root (MSBuild imports the
/// first it finds).
pub(super) fn nearest_props(
    project: &Project,
    path: &str,
) -> Result<Option<(String, MsBuildProject)>> {
    let mut dir = path.rsplit_once('/').map(|(d, _)| d.to_string());
    loop {
        let file = match &dir {
            Some(d) => format!("{d}/Directory.Build.props"),
            None => "Directory.Build.props".to_string(),
        };
        if project.has(&file) {
            let parsed = MsBuildProject::parse(&file, &project.read(&file)?)?;
            return Ok(Some((file, parsed)));
        }
        match dir {
            None => return Ok(None),
            Some(d) => dir = d.rsplit_once('/').map(|(p, _)| p.to_string()),
        }
    }
}

/// A ProjectReference that leads out of the folder dockgen was run in is refused, naming its line: the
/// build context cannot hold the referenced project, so `dotnet restore` fails, and dockgen does not read
/// past the folder it is given (widening the context would plan from files it never saw). The folder that
/// holds both, usually the repository root, plans the app with its references.
pub(super) fn reference_leaves_scan(
    project: &Project,
    p: &Proj,
    reference: &str,
    target: &str,
) -> Result<()> {
    if !project.leaves_scan(target) {
        return Ok(());
    }
    let text = project.read(&p.path)?;
    let written = reference.replace('/', "\\");
    let line = text
        .lines()
        .position(|l| l.contains(reference) || l.contains(&written))
        .map(|i| i + 1);
    Err(Error::Manifest {
        path: p.path.clone().into(),
        line,
        message: format!(
            "ProjectReference {reference} is outside the folder dockgen was run in, so the build context cannot hold it and `dotnet restore` would fail; run dockgen from the folder that holds both projects (the repository root)"
        ),
    })
}
