//! .NET manifests: project files and Directory.Build.props (XML), solutions (.sln text, .slnx XML),
//! global.json and target framework monikers never panic, and every error renders.
#![no_main]
use dockgen::manifest::dotnet::{
    solution_projects, target_framework_channel, GlobalJson, MsBuildProject,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match MsBuildProject::parse("App.csproj", text) {
        Ok(p) => {
            let _ = p.property("TargetFramework");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    for name in ["App.sln", "App.slnx"] {
        if let Err(e) = solution_projects(name, text) {
            let _ = e.to_string();
        }
    }
    if let Err(e) = GlobalJson::parse("global.json", text) {
        let _ = e.to_string();
    }
    for line in text.lines().take(8) {
        let _ = target_framework_channel(line);
    }
});
