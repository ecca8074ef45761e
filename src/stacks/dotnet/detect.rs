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

mod port;
use port::*;

mod sdk;
use sdk::*;

mod projects;
use projects::*;

mod choose;
use choose::*;

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
    facts.toolchain = Some(sdk(project, stack, runtime_version.as_ref(), &mut facts)?);
    let (artifact, env) = framework(project, stack, app, &mut facts)?;
    start_and_build(app, framework_flag.as_deref(), &mut facts);

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

/// The SDK: global.json's pin, else mise/asdf, else the channel the app targets (`runtime_version`:
/// channel, source, target framework), else the default; one that cannot build the target is warned about.
fn sdk(
    project: &Project,
    stack: &StackRules,
    runtime_version: Option<&(String, String, String)>,
    facts: &mut Facts,
) -> Result<crate::facts::Toolchain> {
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
    let mut tc = toolchain::resolve(project, &stack.toolchain, 2, &claims, facts)?;
    if let (Some((channel, source, tfm)), "default") = (runtime_version, tc.source.as_str()) {
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
    if let Some((channel, _, tfm)) = runtime_version {
        sdk_fits(facts, &mut tc, global.as_ref(), channel, tfm);
    }
    Ok(tc)
}

/// The app's framework, the runtime artifact it needs (ASP.NET Core or not, with or without ICU), and
/// for a serving framework its port and environment.
fn framework(
    project: &Project,
    stack: &StackRules,
    app: &Proj,
    facts: &mut Facts,
) -> Result<(crate::facts::ArtifactKind, Vec<(String, String)>)> {
    let picked = crate::probe::pick_framework(project, &stack.frameworks, |d| app.uses(d))?;
    // The Web SDK's shared framework is needed at run time even by a project that builds no host.
    let artifact = picked.and_then(|f| f.artifact).unwrap_or(stack.artifact);
    let fw = picked.filter(|f| !f.serves || crate::probe::port::serves(project, stack));
    match (fw, picked) {
        (Some(fw), _) => crate::probe::record_framework(facts, fw, &app.path, "uses"),
        (None, Some(web)) => facts.warnings.push(format!(
            "{}: {} project whose sources build no web host: planned as a console app with no port; pass --port if it listens",
            app.path, web.name
        )),
        (None, None) => {}
    }
    facts.because(
        "runtime",
        artifact.as_str(),
        &app.path,
        if artifact.as_str() == "dotnet-aspnet" {
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
            facts,
        ),
        None => artifact,
    };
    let mut env = Vec::new();
    match fw.filter(|f| f.serves) {
        Some(fw) => {
            let found = configured_port(project, app)?;
            crate::probe::port::decide(facts, found, stack.default_port, &stack.frameworks);
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
    Ok((artifact, env))
}

/// The start (`dotnet <assembly>.dll`) and the build (a framework-dependent publish, for the target
/// framework `framework_flag` when the app has several).
fn start_and_build(app: &Proj, framework_flag: Option<&str>, facts: &mut Facts) {
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
    if let Some(tfm) = framework_flag {
        build.push_str(&format!(" -f {tfm}"));
    }
    facts.because(
        "build",
        &build,
        &app.path,
        "framework-dependent publish; the runtime image provides dotnet",
    );
    facts.build = Some(build);
}

/// `a/./b/../c` → `a/c`; a leading `./` dropped.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            // `../..` stays two levels up: only a named folder is undone by `..`.
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
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
    let closure = referenced(project, all, app, facts)?;
    let mut files: Vec<String> = Vec::new();
    if project.has("global.json") {
        files.push("global.json".into());
    }
    restore_config(project, &closure, facts, &mut files)?;
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

/// The app's project and every project it references, transitively; every project when a reference
/// cannot be followed. References outside the app's folder are warned about; outside the scanned folder,
/// refused ([`reference_leaves_scan`]).
fn referenced<'a>(
    project: &Project,
    all: &'a [Proj],
    app: &'a Proj,
    facts: &mut Facts,
) -> Result<Vec<&'a Proj>> {
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
                None if target.starts_with("../") => {
                    reference_leaves_scan(project, p, r, &target)?;
                    outside.push(r.clone());
                }
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
    Ok(closure)
}

/// The NuGet and Directory.* files in every folder from each project's up to the app's, added to
/// `files`; a NuGet.config holding credentials is warned about.
fn restore_config(
    project: &Project,
    closure: &[&Proj],
    facts: &mut Facts,
    files: &mut Vec<String>,
) -> Result<()> {
    let mut dirs: Vec<String> = Vec::new();
    for p in closure {
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
    Ok(())
}
