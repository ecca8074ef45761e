//! .NET detector: every MSBuild project file in the folder, which one is the app (its SDK or OutputType,
//! never a test project; the solution's, else `--binary`), its target framework (the runtime's channel),
//! global.json's SDK pin (the build image), its assembly name (the start command) and what restore reads.

use super::DotnetDetail;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts, PackageManager};
use crate::manifest::dotnet::{self as msb, GlobalJson, MsBuildProject};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::version::Version;

/// Files restore reads besides project files, looked for in every folder from a project's up to the app's.
const RESTORE_CONFIG: &[&str] = &[
    "NuGet.config",
    "nuget.config",
    "NuGet.Config",
    "Directory.Build.props",
    "Directory.Build.targets",
    "Directory.Packages.props",
];
/// The oldest channel with a supported image (and the `app` user, port 8080, noble chiseled tags).
const OLDEST_SUPPORTED: &str = "8.0";

/// What kind of thing a project builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Web,
    Worker,
    Console,
    Library,
}

/// One parsed project and what was concluded about it.
#[derive(Debug, Clone)]
struct Proj {
    path: String,
    msb: MsBuildProject,
    /// The nearest Directory.Build.props above the project, parsed.
    props: Option<(String, MsBuildProject)>,
    kind: Kind,
    test: bool,
    /// Why a runnable-looking project is not an app for a Linux container (Aspire host, Blazor
    /// WebAssembly, Windows desktop), if it is not.
    not_app: Option<&'static str>,
    assembly: String,
}

impl Proj {
    fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(s, _)| s)
    }

    /// A property as MSBuild would see it for the simple cases: the project's own definition, else its
    /// Directory.Build.props', with `$(Name)` references to either (or to the project's name) resolved.
    fn property(&self, name: &str) -> Option<(String, String)> {
        let (value, source) = match self.msb.property(name) {
            Some(v) => (v.to_string(), self.path.clone()),
            None => {
                let (file, props) = self.props.as_ref()?;
                (props.property(name)?.to_string(), file.clone())
            }
        };
        Some((self.expand(&value, 0), source))
    }

    fn expand(&self, value: &str, depth: usize) -> String {
        if depth > 4 || !value.contains("$(") {
            return value.to_string();
        }
        let mut out = String::new();
        let mut rest = value;
        while let Some(at) = rest.find("$(") {
            out.push_str(&rest[..at]);
            let Some(end) = rest[at..].find(')') else {
                out.push_str(&rest[at..]);
                return out;
            };
            let name = &rest[at + 2..at + end];
            let resolved = match name {
                "MSBuildProjectName" => Some(self.stem().to_string()),
                _ => self
                    .msb
                    .property(name)
                    .or_else(|| self.props.as_ref().and_then(|(_, p)| p.property(name)))
                    .map(|v| self.expand(v, depth + 1)),
            };
            match resolved {
                Some(v) => out.push_str(&v),
                None => out.push_str(&rest[at..at + end + 1]),
            }
            rest = &rest[at + end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn uses(&self, name: &str) -> bool {
        self.msb.sdks.iter().any(|s| s == name)
            || self.msb.framework_references.iter().any(|s| s == name)
            || self.msb.package_references.iter().any(|s| s == name)
    }

    fn flag(&self, name: &str) -> bool {
        self.property(name)
            .is_some_and(|(v, _)| v.eq_ignore_ascii_case("true"))
    }

    /// The target frameworks, from `TargetFramework` or `TargetFrameworks`, with the file that set them.
    fn target_frameworks(&self) -> Option<(Vec<String>, String)> {
        let (value, source) = self
            .property("TargetFramework")
            .or_else(|| self.property("TargetFrameworks"))?;
        let tfms: Vec<String> = value
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.contains("$("))
            .map(str::to_string)
            .collect();
        (!tfms.is_empty()).then_some((tfms, source))
    }
}

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let all = read_projects(project)?;
    let candidates: Vec<&Proj> = all
        .iter()
        .filter(|p| p.kind != Kind::Library && !p.test && p.not_app.is_none())
        .collect();
    if candidates.is_empty() {
        // A folder of libraries and tests is no app; a lone Blazor WebAssembly or desktop app says why.
        if let Some(p) = all.iter().find(|p| p.not_app.is_some() && !p.test) {
            return Err(Error::Unsupported {
                path: project.root.join(&p.path),
                message: format!(
                    "{}; no project here builds a server or console app for a Linux container",
                    p.not_app.unwrap_or_default()
                ),
            });
        }
        return Ok(None);
    }
    let mut facts = Facts::new(".", crate::stacks::dotnet::ID, PackageManager::NUGET);
    let app = choose_app(project, answers, &mut facts, &candidates)?;
    facts.because(
        "stack",
        "dotnet",
        &app.path,
        "an MSBuild project of a .NET language",
    );
    crate::manifest::shell_word(&app.path, "project path", &app.path, true)?;
    crate::manifest::shell_word(&app.path, "assembly name", &app.assembly, false)?;

    // The runtime's channel: the highest target framework the app builds for.
    let (runtime_version, framework_flag) = target_channel(app, &mut facts)?;

    // The SDK: global.json's pin, else mise/asdf, else the channel the app targets, else the default.
    let global = match project.read_opt("global.json")? {
        Some(text) => Some(GlobalJson::parse("global.json", &text)?),
        None => None,
    };
    let pin = global
        .as_ref()
        .and_then(|g| g.sdk.as_ref())
        .and_then(|s| s.version.clone());
    let mut claims = Vec::new();
    if let Some(v) = &pin {
        claims.push(("global.json", Claim::Exact(v.clone())));
    }
    let mut tc = toolchain::resolve(project, &stack.toolchain, 2, &claims, &mut facts)?;
    if let (Some((channel, source, tfm)), "default") = (&runtime_version, tc.source.as_str()) {
        facts.evidence.retain(|e| e.fact != "toolchain");
        facts.because(
            "toolchain",
            format!("dotnet {channel}"),
            source,
            format!("TargetFramework {tfm}: the SDK of the channel the app targets"),
        );
        tc.version = channel.clone();
        tc.source = source.clone();
    }
    if let Some((channel, _, tfm)) = &runtime_version {
        sdk_fits(&mut facts, &mut tc, global.as_ref(), channel, tfm);
    }
    facts.toolchain = Some(tc);

    let fw = crate::probe::pick_framework(project, &stack.frameworks, |d| app.uses(d))?;
    if let Some(fw) = fw {
        crate::probe::record_framework(&mut facts, fw, &app.path, "uses");
    }
    let artifact = fw
        .and_then(|f| f.artifact.clone())
        .unwrap_or_else(|| stack.artifact.clone());
    facts.because(
        "runtime",
        &artifact,
        &app.path,
        if artifact == "dotnet-aspnet" {
            "ASP.NET Core needs the aspnet image's shared framework"
        } else {
            "no ASP.NET Core: the smaller runtime image"
        },
    );
    let artifact = match &stack.globalization {
        Some(rule) => super::globalization::artifact(
            rule,
            artifact,
            app.property(&rule.property),
            |p| app.uses(p),
            &app.path,
            &mut facts,
        ),
        None => artifact,
    };
    let mut env = Vec::new();
    match fw.filter(|f| f.serves) {
        Some(fw) => {
            let found = configured_port(project, app)?;
            crate::probe::port::decide(&mut facts, found, stack.default_port, &stack.frameworks);
            env.extend(fw.env.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        None => {
            let what = match app.kind {
                Kind::Worker => "a worker service serves no port",
                _ => "a console app serves no port; pass --port if it listens",
            };
            facts.because("port", "none", &app.path, what);
        }
    }

    let start = vec!["dotnet".to_string(), format!("{}.dll", app.assembly)];
    facts.because(
        "start",
        start.join(" "),
        &app.path,
        if app.msb.property("AssemblyName").is_some() {
            "AssemblyName"
        } else {
            "the project file's name is the assembly's"
        },
    );
    facts.start = start;
    let mut build = format!(
        "dotnet publish {} -c Release -o /app -p:UseAppHost=false",
        app.path
    );
    if let Some(tfm) = &framework_flag {
        build.push_str(&format!(" -f {tfm}"));
    }
    facts.because(
        "build",
        &build,
        &app.path,
        "framework-dependent publish; the runtime image provides dotnet",
    );
    facts.build = Some(build);

    let (manifests, locked) = restore_inputs(project, &all, app, &mut facts)?;
    facts.because(
        "package_manager",
        "nuget",
        &app.path,
        if locked {
            "dotnet restore --locked-mode: every project has packages.lock.json"
        } else {
            "dotnet restore"
        },
    );
    facts.detail = Detail::new(DotnetDetail {
        project: app.path.clone(),
        assembly: app.assembly.clone(),
        manifests,
        locked,
        framework_flag,
        runtime_version: runtime_version.map(|(c, _, _)| c),
        artifact,
        env,
    });
    Ok(Some(facts))
}

/// Every project file the scan saw (outside bin/ and obj/), parsed and classified.
fn read_projects(project: &Project) -> Result<Vec<Proj>> {
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
fn nearest_props(project: &Project, path: &str) -> Result<Option<(String, MsBuildProject)>> {
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

/// The app among several runnable projects: `--binary`, else the only one, else the solution's, else the
/// only web project (with a warning); otherwise an ambiguity for `--binary`.
fn choose_app<'a>(
    project: &Project,
    answers: &Answers,
    facts: &mut Facts,
    candidates: &[&'a Proj],
) -> Result<&'a Proj> {
    let names = |ps: &[&Proj]| -> Vec<String> { ps.iter().map(|p| p.assembly.clone()).collect() };
    if let Some(want) = &answers.binary {
        let found = candidates
            .iter()
            .find(|p| p.assembly == *want || p.stem() == want)
            .or_else(|| {
                candidates.iter().find(|p| {
                    p.assembly.eq_ignore_ascii_case(want) || p.stem().eq_ignore_ascii_case(want)
                })
            });
        return match found {
            Some(p) => Ok(p),
            None => Err(Error::Usage(format!(
                "--binary {want}: no runnable .NET project by that assembly or project name (found {})",
                names(candidates).join(", ")
            ))),
        };
    }
    if let [only] = candidates {
        facts.because(
            "app",
            &only.path,
            &only.path,
            "the only runnable project (Web or Worker SDK, or OutputType Exe) that is not a test project",
        );
        return Ok(only);
    }
    // The solution's projects (a project outside every solution is usually a sample or a tool).
    let mut listed: Vec<String> = Vec::new();
    let mut solutions: Vec<&str> = project
        .files()
        .filter(|f| !f.contains('/') && (f.ends_with(".sln") || f.ends_with(".slnx")))
        .collect();
    solutions.sort();
    for sln in &solutions {
        listed.extend(msb::solution_projects(sln, &project.read(sln)?)?);
    }
    let mut pool: Vec<&Proj> = candidates.to_vec();
    if !listed.is_empty() {
        let in_sln: Vec<&Proj> = pool
            .iter()
            .copied()
            .filter(|p| listed.iter().any(|l| normalize(l) == p.path))
            .collect();
        if let [only] = in_sln.as_slice() {
            facts.because(
                "app",
                &only.path,
                solutions.join(", "),
                "the solution's only runnable project that is not a test project",
            );
            return Ok(only);
        }
        if !in_sln.is_empty() {
            pool = in_sln;
        }
    }
    let web: Vec<&Proj> = pool
        .iter()
        .copied()
        .filter(|p| p.kind == Kind::Web)
        .collect();
    if let [only] = web.as_slice() {
        facts.warnings.push(format!(
            "several runnable projects ({}); chose {}, the only web project; pass --binary to change",
            names(&pool).join(", "),
            only.assembly
        ));
        facts.because(
            "app",
            &only.path,
            &only.path,
            "the only ASP.NET Core project among several runnable ones",
        );
        return Ok(only);
    }
    Err(Error::Ambiguous {
        path: project.root.clone(),
        what: crate::facts::AmbiguityKind::Project,
        choices: names(&pool),
    })
}

/// `a/./b/../c` → `a/c`; a leading `./` dropped.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The highest channel among the app's target frameworks, with the file that set them and the TFM; and
/// `-f <tfm>` for publish when the project multi-targets.
#[allow(clippy::type_complexity)]
fn target_channel(
    app: &Proj,
    facts: &mut Facts,
) -> Result<(Option<(String, String, String)>, Option<String>)> {
    let Some((tfms, source)) = app.target_frameworks() else {
        facts.warnings.push(format!(
            "{}: no TargetFramework found; the runtime follows the SDK version",
            app.path
        ));
        return Ok((None, None));
    };
    let best = tfms
        .iter()
        .filter_map(|t| msb::target_framework_channel(t).map(|c| (t, c)))
        .max_by_key(|(_, c)| Version::parse(c));
    let Some((tfm, channel)) = best else {
        return Err(Error::Unsupported {
            path: app.path.clone().into(),
            message: format!(
                "targets {}, none of which runs on .NET in a Linux container (net5.0 or later, no platform suffix)",
                tfms.join(", ")
            ),
        });
    };
    if Version::parse(&channel) < Version::parse(OLDEST_SUPPORTED) {
        facts.warnings.push(format!(
            "{tfm} is out of support and has no current image; retarget to net{OLDEST_SUPPORTED} or later (the image uses the nearest newer runtime, which runs the app only with <RollForward>Major</RollForward>)"
        ));
    }
    let flag = (tfms.len() > 1).then(|| tfm.clone());
    facts.because(
        "target_framework",
        tfm,
        &source,
        if tfms.len() > 1 {
            "the highest of TargetFrameworks; published with -f"
        } else {
            "TargetFramework"
        },
    );
    Ok((Some((channel, source, tfm.clone())), flag))
}

/// Check the SDK against the target framework and global.json's roll-forward policy: an SDK older than
/// the target cannot build it; a `latestMajor` pin may take the target's newer SDK; a patch-level pin
/// only builds on an image of its own feature band.
fn sdk_fits(
    facts: &mut Facts,
    tc: &mut crate::facts::Toolchain,
    global: Option<&GlobalJson>,
    channel: &str,
    tfm: &str,
) {
    let older = Version::parse(&tc.version) < Version::parse(channel);
    let sdk = global.and_then(|g| g.sdk.as_ref());
    let pinned = tc.source == "global.json";
    let roll = sdk
        .and_then(|s| s.roll_forward.clone())
        .unwrap_or_else(|| "latestPatch".into());
    if older && pinned && matches!(roll.as_str(), "major" | "latestMajor") {
        facts.because(
            "toolchain",
            format!("dotnet {channel}"),
            "global.json",
            format!("rollForward {roll} admits the SDK of {tfm}"),
        );
        tc.version = channel.to_string();
        return;
    }
    if older {
        facts.warnings.push(format!(
            "{} asks for the {} SDK, which cannot build {tfm}; raise it to {channel} or later",
            tc.source, tc.version
        ));
    }
    if pinned && matches!(roll.as_str(), "patch" | "latestPatch" | "disable") {
        let version = sdk.and_then(|s| s.version.clone()).unwrap_or_default();
        facts.warnings.push(format!(
            "global.json pins SDK {version} with rollForward {roll}, which accepts only that feature band; the sdk:{} image carries the newest band of {}: set \"rollForward\": \"latestFeature\" in global.json if the build reports no compatible SDK",
            tc.version, tc.version
        ));
    }
}

/// The port the app's own configuration states: `Urls`/`HTTP_PORTS` or a Kestrel endpoint in
/// appsettings.json beside the project, else a literal address in Program.cs.
fn configured_port(project: &Project, app: &Proj) -> Result<Option<(u16, String)>> {
    let dir = app.dir();
    let at = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let settings = at("appsettings.json");
    if let Some(text) = project.read_opt(&settings)? {
        let cleaned = crate::manifest::deno::strip_jsonc(&text);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&cleaned) {
            if let Some(p) = settings_port(&v) {
                return Ok(Some((p, settings)));
            }
        }
    }
    for name in ["Program.cs", "Program.fs"] {
        let file = at(name);
        if let Some(text) = project.read_source_opt(&file)? {
            if let Some((p, line)) = crate::probe::port::find(&text).or_else(|| url_literal(&text))
            {
                return Ok(Some((p, format!("{file}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// `app.Run("http://0.0.0.0:5000")`, `UseUrls("http://*:5000")`: a listening URL on all interfaces (or
/// localhost) in the source, with its 1-based line.
fn url_literal(text: &str) -> Option<(u16, usize)> {
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for piece in line.split('"').skip(1).step_by(2) {
            let Some(rest) = piece.strip_prefix("http://") else {
                continue;
            };
            let rest = rest.split(';').next().unwrap_or(rest).trim_end_matches('/');
            let Some((host, port)) = rest.rsplit_once(':') else {
                continue;
            };
            if matches!(
                host,
                "*" | "+" | "0.0.0.0" | "[::]" | "localhost" | "127.0.0.1"
            ) {
                if let Some(p) = port.parse::<u16>().ok().filter(|p| *p >= 80) {
                    return Some((p, i + 1));
                }
            }
        }
    }
    None
}

fn settings_port(v: &serde_json::Value) -> Option<u16> {
    let obj = v.as_object()?;
    let get = |key: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    };
    let from_url = |url: &str| -> Option<u16> {
        let first = url.split(';').next()?.trim().trim_end_matches('/');
        first.rsplit_once(':')?.1.parse().ok()
    };
    if let Some(p) = get("HTTP_PORTS").and_then(|p| p.as_str()) {
        if let Some(p) = p.split(';').next().and_then(|p| p.trim().parse().ok()) {
            return Some(p);
        }
    }
    if let Some(u) = get("Urls").and_then(|u| u.as_str()) {
        if let Some(p) = from_url(u) {
            return Some(p);
        }
    }
    let endpoints = get("Kestrel")?.get("Endpoints")?.as_object()?;
    endpoints
        .values()
        .filter_map(|e| e.get("Url")?.as_str())
        .find(|u| u.starts_with("http:"))
        .and_then(from_url)
}

/// What restore reads, copied before the source: the app's project and those it references (every
/// project file when a reference cannot be followed), their lockfiles, and the SDK pin, NuGet and
/// Directory.* files above them. Also whether restore can run in locked mode.
fn restore_inputs(
    project: &Project,
    all: &[Proj],
    app: &Proj,
    facts: &mut Facts,
) -> Result<(Vec<String>, bool)> {
    let mut closure: Vec<&Proj> = vec![app];
    let mut followed = true;
    let mut outside: Vec<String> = Vec::new();
    let mut i = 0;
    while i < closure.len() {
        let p = closure[i];
        for r in &p.msb.project_references {
            let joined = if p.dir().is_empty() {
                r.clone()
            } else {
                format!("{}/{r}", p.dir())
            };
            let target = normalize(&joined);
            match all.iter().find(|q| q.path == target) {
                Some(q) if !closure.iter().any(|c| c.path == q.path) => closure.push(q),
                Some(_) => {}
                None if target.starts_with("../") => outside.push(r.clone()),
                None => followed = false,
            }
        }
        i += 1;
    }
    if !outside.is_empty() {
        facts.warnings.push(format!(
            "{} references {} outside this folder, which the build context will not hold; generate from a folder holding every project (add a .sln there)",
            app.path,
            outside.join(", ")
        ));
    }
    if !followed {
        facts.warnings.push(format!(
            "{}: a ProjectReference could not be followed; every project file is copied before restore",
            app.path
        ));
        closure = all.iter().collect();
    }
    let mut files: Vec<String> = Vec::new();
    if project.has("global.json") {
        files.push("global.json".into());
    }
    let mut dirs: Vec<String> = Vec::new();
    for p in &closure {
        let mut dir = Some(p.dir().to_string()).filter(|d| !d.is_empty());
        loop {
            let d = dir.clone().unwrap_or_default();
            if !dirs.contains(&d) {
                dirs.push(d.clone());
            }
            match dir {
                None => break,
                Some(d) => dir = d.rsplit_once('/').map(|(p, _)| p.to_string()),
            }
        }
    }
    dirs.sort();
    for d in &dirs {
        for name in RESTORE_CONFIG {
            let f = if d.is_empty() {
                name.to_string()
            } else {
                format!("{d}/{name}")
            };
            if project.has(&f) && !files.contains(&f) {
                if name.eq_ignore_ascii_case("nuget.config")
                    && project.read(&f)?.contains("packageSourceCredentials")
                {
                    facts.warnings.push(format!(
                        "{f} holds packageSourceCredentials and is copied into the build stage; keep credentials in environment variables (%NUGET_PASSWORD%) instead"
                    ));
                }
                files.push(f);
            }
        }
    }
    let mut locks = 0;
    for p in &closure {
        files.push(p.path.clone());
        let lock = if p.dir().is_empty() {
            "packages.lock.json".to_string()
        } else {
            format!("{}/packages.lock.json", p.dir())
        };
        if project.has(&lock) {
            files.push(lock);
            locks += 1;
        }
    }
    for f in &files {
        crate::manifest::shell_word(f, "path", f, true)?;
    }
    let locked = locks == closure.len();
    if locks > 0 && !locked {
        facts.warnings.push(
            "some projects have packages.lock.json and some do not: restore runs unlocked; set RestorePackagesWithLockFile in Directory.Build.props".into(),
        );
    }
    Ok((files, locked))
}
