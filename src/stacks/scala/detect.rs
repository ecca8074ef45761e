//! Scala detector: build.sbt, project/*.sbt and project/build.properties read as text; the packaging
//! plugin (sbt-assembly, sbt-native-packager, Play's), the server library, the port the sources or
//! Play's configuration state, and the JDK line the project pins.

use super::sbt::{self, SbtBuild};
use super::{ScalaDetail, ScalaLayout, ID, SBT};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::stacks::java::detect::{java_line, JVM_FLAGS};

/// The sbt launcher installed when project/build.properties pins none.
const DEFAULT_SBT: &str = "1.10.7";

pub fn detect(project: &Project, stack: &StackRules, _answers: &Answers) -> Result<Option<Facts>> {
    if !project.has("build.sbt") {
        return Ok(None);
    }
    let build = read_build(project)?;
    let mut facts = Facts::new(".", ID, SBT);
    facts.because("stack", ID.as_str(), "build.sbt", "build.sbt present");
    let sbt_version = match project
        .read_opt("project/build.properties")?
        .and_then(|t| sbt::sbt_version(&t))
    {
        Some(v) => {
            crate::manifest::shell_word("project/build.properties", "sbt.version", &v, false)?;
            facts.because("sbt", &v, "project/build.properties", "`sbt.version`");
            v
        }
        None => {
            facts.warnings.push(format!("project/build.properties pins no sbt.version: the build uses sbt {DEFAULT_SBT}; pin it for a reproducible build"));
            DEFAULT_SBT.to_string()
        }
    };
    let claims = jdk_claims(project)?;
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        1,
        &claims,
        &mut facts,
    )?);
    let play = build
        .enabled
        .iter()
        .any(|p| p == "PlayScala" || p == "PlayJava")
        || build.modules.iter().any(|(o, n)| {
            n == "sbt-plugin" && (o == "org.playframework" || o == "com.typesafe.play")
        });
    let mut deps: Vec<&str> = build.modules.iter().map(|(_, n)| n.as_str()).collect();
    if play {
        deps.push("play");
    }
    if let Some(fw) =
        crate::probe::pick_framework(project, &stack.frameworks, |d| deps.contains(&d))?
    {
        crate::probe::record_framework(&mut facts, fw, "build.sbt", "uses");
    }
    let (layout, jar) = packaging(project, &build, play, &mut facts)?;
    facts.detail = Detail::new(ScalaDetail {
        sbt_version,
        layout,
        jar,
    });
    let port = if play {
        play_port(project)?
    } else {
        source_port(project, build.setting("mainClass"))?
    };
    crate::probe::port::decide(&mut facts, port, stack.default_port, &stack.frameworks);
    Ok(Some(facts))
}

/// build.sbt and every project/*.sbt, read into one build; an error names the file and line.
fn read_build(project: &Project) -> Result<SbtBuild> {
    let mut build = SbtBuild::default();
    let mut files: Vec<String> = project
        .files()
        .filter(|f| f.starts_with("project/") && f.ends_with(".sbt") && f.matches('/').count() == 1)
        .map(str::to_string)
        .collect();
    files.sort();
    files.insert(0, "build.sbt".into());
    for f in files {
        let text = project.read(&f)?;
        sbt::parse_into(&text, &mut build)
            .map_err(|e| Error::manifest_line(project.root.join(&f), &text, e.line, e.message))?;
    }
    Ok(build)
}

/// The packaging plugin decides the build, the layout and the start.
fn packaging(
    project: &Project,
    build: &SbtBuild,
    play: bool,
    facts: &mut Facts,
) -> Result<(ScalaLayout, String)> {
    let mut start: Vec<String> = vec!["java".into()];
    start.extend(JVM_FLAGS.iter().map(|f| f.to_string()));
    let (layout, jar, cmd, why) = if play {
        // Play writes RUNNING_PID in its folder unless told otherwise; the app's folder is read-only.
        start.extend(
            [
                "-Dpidfile.path=/dev/null",
                "-cp",
                "/app/conf:/app/lib/*",
                "play.core.server.ProdServerStart",
            ]
            .map(str::to_string),
        );
        facts.warnings.push("Play refuses to start in production without an application secret: pass APPLICATION_SECRET (read by `play.http.secret.key=${?APPLICATION_SECRET}`) at run time".into());
        (
            ScalaLayout::Staged { conf: true },
            String::new(),
            "sbt stage",
            "Play's staged app (sbt-native-packager)",
        )
    } else if build.has_module("sbt-assembly") {
        let jar = build
            .setting("assemblyJarName")
            .map_or("*-assembly-*.jar".to_string(), str::to_string);
        crate::manifest::shell_word(
            "build.sbt",
            "assemblyJarName",
            &jar.replace('*', "x"),
            false,
        )?;
        start.extend(["-jar", "/app/app.jar"].map(str::to_string));
        (
            ScalaLayout::Assembly,
            format!("target/scala-*/{jar}"),
            "sbt assembly",
            "sbt-assembly's fat jar",
        )
    } else if build.has_module("sbt-native-packager") {
        let main = build.setting("mainClass").ok_or_else(|| Error::Unsupported {
            path: project.root.join("build.sbt"),
            message: "sbt-native-packager without `Compile / mainClass := Some(\"…\")`: the image starts the class path with java (the staged bin/ script needs bash, which a JRE-only runtime lacks); set it or pass --start".into(),
        })?;
        crate::manifest::shell_word("build.sbt", "mainClass", main, false)?;
        facts.because("main_class", main, "build.sbt", "`mainClass`");
        start.extend(["-cp".to_string(), "/app/lib/*".into(), main.to_string()]);
        (
            ScalaLayout::Staged { conf: false },
            String::new(),
            "sbt stage",
            "sbt-native-packager's staged class path",
        )
    } else {
        return Err(Error::Unsupported {
            path: project.root.join("project/plugins.sbt"),
            message: "neither sbt-assembly nor sbt-native-packager: sbt alone builds no runnable package; add `addSbtPlugin(\"com.eed3si9n\" % \"sbt-assembly\" % …)` or pass --build and --start".into(),
        });
    };
    facts.because("build", cmd, "project/plugins.sbt", why);
    facts.build = Some(cmd.into());
    facts.because(
        "start",
        start.join(" "),
        "build.sbt",
        "the JRE runs the packaged app",
    );
    facts.start = start;
    Ok((layout, jar))
}

/// `.java-version` and `.sdkmanrc` name JDK builds (`21.0.5-tem`): read as their line.
fn jdk_claims(project: &Project) -> Result<Vec<(&'static str, Claim)>> {
    let mut claims = Vec::new();
    if let Some(v) = project
        .read_opt(".java-version")?
        .and_then(|t| crate::manifest::tool_versions::single_line(&t))
        .and_then(|v| java_line(&v))
    {
        claims.push((".java-version", Claim::Exact(v)));
    }
    if let Some(v) = project.read_opt(".sdkmanrc")?.and_then(|t| {
        t.lines()
            .find_map(|l| l.trim().strip_prefix("java=").map(str::to_string))
            .and_then(|v| java_line(&v))
    }) {
        claims.push((".sdkmanrc", Claim::Exact(v)));
    }
    Ok(claims)
}

/// Play's `http.port` in conf/application.conf.
fn play_port(project: &Project) -> Result<Option<(u16, String)>> {
    let file = "conf/application.conf";
    let Some(text) = project.read_opt(file)? else {
        return Ok(None);
    };
    Ok(text.lines().enumerate().find_map(|(i, l)| {
        let (k, v) = l.split_once(['=', ':'])?;
        let port = v.trim().parse::<u16>().ok()?;
        (k.trim() == "http.port" || k.trim() == "play.server.http.port")
            .then(|| (port, format!("{file}:{}", i + 1)))
    }))
}

/// The port a source binds (Akka and Pekko HTTP's `newServerAt`), else what the shared probe finds
/// (`.withPort(port"8080")`, `port = 8080`).
fn source_port(project: &Project, main: Option<&str>) -> Result<Option<(u16, String)>> {
    // The main class's file first: it sits deeper than the scan walks (src/main/scala/<package>/…).
    let mut files: Vec<String> = main
        .map(|m| format!("src/main/scala/{}.scala", m.replace('.', "/")))
        .into_iter()
        .collect();
    let mut scanned: Vec<String> = project
        .files()
        .filter(|f| f.starts_with("src/main/") && (f.ends_with(".scala") || f.ends_with(".java")))
        .map(str::to_string)
        .collect();
    scanned.sort();
    files.extend(scanned);
    for f in files {
        let text = match project.read_source_opt(&f)? {
            Some(t) => t,
            None => match crate::scan::read_in(&project.root, &f)? {
                Some(t) => t,
                None => continue,
            },
        };
        if let Some(hit) = bound_port(&text) {
            return Ok(Some((hit.0, format!("{f}:{}", hit.1))));
        }
        if let Some((p, line)) = crate::probe::port::find(&text) {
            return Ok(Some((p, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

/// Akka and Pekko HTTP's `newServerAt("0.0.0.0", 8080)` or `bindAndHandle(…, "0.0.0.0", 8080)`.
fn bound_port(text: &str) -> Option<(u16, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line
            .find("newServerAt(")
            .or_else(|| line.find("bindAndHandle("))?;
        let args = line[at..].split(')').next().unwrap_or("");
        let p = args.rsplit(',').next()?.trim().parse::<u16>().ok()?;
        Some((p, i + 1))
    })
}
