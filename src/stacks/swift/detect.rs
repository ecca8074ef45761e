//! Swift detector: Package.swift read as text (its tools version, dependencies and executables), the
//! server framework among the dependencies, the port the sources state, and the Swift line from
//! .swift-version, .tool-versions, mise.toml or the tools version.

use super::package_swift::{self, Package};
use super::{SwiftDetail, ID, SWIFTPM};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{AmbiguityKind, Detail, Facts};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;

const MANIFEST: &str = "Package.swift";

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    if !project.has(MANIFEST) {
        return Ok(None);
    }
    let text = project.read(MANIFEST)?;
    let pkg = package_swift::parse(&text)
        .map_err(|e| Error::manifest_line(project.root.join(MANIFEST), &text, e.line, e.message))?;
    let mut facts = Facts::new(".", ID, SWIFTPM);
    facts.because("stack", ID.as_str(), MANIFEST, "Package.swift present");
    let claims = [(MANIFEST, Claim::Exact(pkg.tools_version.clone()))];
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        2,
        &claims,
        &mut facts,
    )?);
    let product = product(project, &pkg, answers)?;
    facts.because(
        "product",
        &product,
        MANIFEST,
        "the executable the package builds",
    );
    crate::manifest::shell_word(MANIFEST, "executable name", &product, false)?;
    let has = |d: &str| pkg.dependencies.iter().any(|x| x == d);
    if let Some(fw) = crate::probe::pick_framework(project, &stack.frameworks, has)? {
        crate::probe::record_framework(&mut facts, fw, MANIFEST, "depends on");
    }
    let build = format!("swift build -c release --product {product} --static-swift-stdlib");
    facts.because(
        "build",
        &build,
        MANIFEST,
        "a release build with the Swift runtime linked in",
    );
    facts.build = Some(build);
    let port = source_port(project)?;
    crate::probe::port::decide(&mut facts, port, stack.default_port, &stack.frameworks);
    facts.start = start(&facts, &product, project)?;
    facts.because(
        "start",
        facts.start.join(" "),
        MANIFEST,
        "the release binary",
    );
    let assets = ["Public", "Resources"]
        .into_iter()
        .filter(|d| project.has_dir(d))
        .map(str::to_string)
        .collect();
    facts.detail = Detail::new(SwiftDetail {
        product,
        resolved: project.has("Package.resolved"),
        assets,
    });
    Ok(Some(facts))
}

/// The executable to ship: `--binary`, else the only executable product (or target), else `App`/`Run`
/// (the names Vapor's templates use); several others are an ambiguity.
fn product(project: &Project, pkg: &Package, answers: &Answers) -> Result<String> {
    let candidates = if pkg.products.is_empty() {
        &pkg.executable_targets
    } else {
        &pkg.products
    };
    if let Some(want) = &answers.binary {
        return Ok(want.clone());
    }
    match candidates.as_slice() {
        [] => Err(Error::Unsupported {
            path: project.root.join(MANIFEST),
            message: "no executable product or `.executableTarget`: a library has nothing to run; add one or pass --binary".into(),
        }),
        [one] => Ok(one.clone()),
        several => match several.iter().find(|c| *c == "App" || *c == "Run") {
            Some(c) => Ok(c.clone()),
            None => Err(Error::Ambiguous {
                path: project.root.clone(),
                what: AmbiguityKind::Binary,
                choices: several.to_vec(),
            }),
        },
    }
}

/// Vapor's serve command, told to listen on every interface (its default is localhost); Hummingbird's
/// template takes the same options when the app declares them.
fn start(facts: &Facts, product: &str, project: &Project) -> Result<Vec<String>> {
    let mut argv = vec![format!("/app/{product}")];
    let port = facts.port.unwrap_or(8080).to_string();
    match facts.framework.as_deref() {
        Some("vapor") => argv.extend(
            [
                "serve",
                "--env",
                "production",
                "--hostname",
                "0.0.0.0",
                "--port",
                &port,
            ]
            .map(str::to_string),
        ),
        Some("hummingbird") if declares_hostname(project)? => {
            argv.extend(["--hostname", "0.0.0.0", "--port", &port].map(str::to_string))
        }
        _ => {}
    }
    Ok(argv)
}

fn declares_hostname(project: &Project) -> Result<bool> {
    for f in swift_sources(project) {
        if project.read_source(f)?.contains("var hostname") {
            return Ok(true);
        }
    }
    Ok(false)
}

fn swift_sources(project: &Project) -> Vec<&str> {
    let mut files: Vec<&str> = project
        .files()
        .filter(|f| f.starts_with("Sources/") && f.ends_with(".swift"))
        .collect();
    files.sort();
    files
}

/// The first port a source file states (`app.http.server.configuration.port = 8081`).
fn source_port(project: &Project) -> Result<Option<(u16, String)>> {
    for f in swift_sources(project) {
        if let Some((port, line)) = crate::probe::port::find(&project.read_source(f)?) {
            return Ok(Some((port, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}
