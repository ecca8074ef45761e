//! .NET plan: restore the app's project graph with the NuGet cache mounted, before the source; publish
//! framework-dependent; ship the published folder alone on Ubuntu chiseled (aspnet or runtime), as the
//! images' numeric `app` user.

use super::DotnetDetail;
use crate::facts::Facts;
use crate::plan::{copy, copy_in_place, env, finish, run, workdir, Base, Stage, StageName, Step};

const NUGET_CACHE: &str = "/root/.nuget/packages";

pub(crate) fn stages(facts: &Facts, d: &DotnetDetail, base: &Base) -> Vec<Stage> {
    let mut steps = vec![Step::then(workdir("/src"))];
    steps.extend(copy_in_place(
        &d.manifests,
        "Project files, lockfiles and restore settings first: the restore layer survives source edits",
    ));
    // Cross-compiling, restore and publish name the image's platform (see detectors/dotnet.toml).
    let target = match base.cross.as_ref().and_then(|c| c.flag.as_deref()) {
        Some(flag) => format!(" {flag}"),
        None => String::new(),
    };
    let restore = if d.locked {
        format!("dotnet restore {} --locked-mode", d.project)
    } else {
        format!("dotnet restore {}{target}", d.project)
    };
    steps.push(Step::then(run(&[&restore], &[NUGET_CACHE])));
    steps.push(Step::new(
        "The source, then a framework-dependent publish (it restores again only if the package cache was emptied)",
        copy(None, &[".".into()], ".", None),
    ));
    let publish = facts.build.clone().unwrap_or_else(|| {
        format!(
            "dotnet publish {} -c Release -o /app -p:UseAppHost=false",
            d.project
        )
    });
    let publish = if publish.starts_with("dotnet publish") {
        format!("{publish}{target}")
    } else {
        publish
    };
    steps.push(Step::then(run(&[&publish], &[NUGET_CACHE])));

    let mut fin = vec![Step::then(workdir("/app"))];
    if let Some(port) = facts.port {
        let vars: Vec<(&str, String)> = d
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.replace("{port}", &port.to_string())))
            .collect();
        if !vars.is_empty() {
            fin.push(Step::new("The port Kestrel listens on", env(&vars)));
        }
    }
    fin.push(Step::new(
        "Only the published app: no SDK, no source, no shell",
        copy(Some(StageName::Build), &["/app".into()], ".", None),
    ));
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    let runtime = if d.artifact.as_str().starts_with("dotnet-aspnet") {
        "ASP.NET Core"
    } else {
        ".NET"
    };
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: "Build stage: the .NET SDK and the NuGet packages stay here".into(),
            steps,
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: if d.artifact.as_str().ends_with("-extra") {
                format!(
                    "Runtime: {runtime} on Ubuntu chiseled with ICU and time zones (the app needs cultures), no shell, as the image's non-root app user"
                )
            } else {
                format!(
                    "Runtime: {runtime} on Ubuntu chiseled (no shell, no package manager), as the image's non-root app user"
                )
            },
            steps: fin,
        },
    ]
}
