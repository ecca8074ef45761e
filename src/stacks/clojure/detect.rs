//! Clojure detector: project.clj (Leiningen) or deps.edn with a tools.build `:build` alias, read as data;
//! the main namespace, the uberjar's path, the server library among the dependencies, the port the
//! sources state, and the JDK line the project pins.

use super::edn::{self, Form};
use super::{ClojureDetail, CLI, ID, LEIN};
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{Detail, Facts};
use crate::probe::toolchain::{self, Claim};
use crate::rules::StackRules;
use crate::scan::Project;
use crate::stacks::java::detect::{java_line, JVM_FLAGS};

/// What the build tool's files say, for the shared tail.
struct Build {
    file: &'static str,
    /// Dependency names (`ring/ring-jetty-adapter`).
    deps: Vec<String>,
    /// Files copied before the source, so dependencies resolve in a layer of their own.
    manifests: Vec<String>,
    resolve: Vec<String>,
    build: String,
    /// The uberjar the build writes (a glob when its name is computed at build time).
    jar: String,
}

pub fn detect(project: &Project, stack: &StackRules, answers: &Answers) -> Result<Option<Facts>> {
    let lein = project.has("project.clj");
    let cli = project.has("deps.edn");
    if !lein && !cli {
        return Ok(None);
    }
    let use_lein = match answers.package_manager {
        Some(pm) if pm == CLI && cli => false,
        Some(pm) if pm == LEIN && lein => true,
        _ => lein,
    };
    let mut facts = Facts::new(".", ID, if use_lein { LEIN } else { CLI });
    if lein && cli {
        facts.warnings.push(format!(
            "both project.clj and deps.edn: building with {}; pass --package-manager to choose the other",
            if use_lein { "Leiningen" } else { "the Clojure CLI" }
        ));
    }
    let build = if use_lein {
        leiningen(project, &mut facts)?
    } else {
        tools_build(project, &mut facts)?
    };
    finish(project, stack, build, &mut facts)?;
    Ok(Some(facts))
}

/// Every top-level form of a Clojure file, a read error naming the file and line.
fn read_forms(project: &Project, file: &str) -> Result<Vec<Form>> {
    let text = project.read(file)?;
    edn::read_all(&text)
        .map_err(|e| Error::manifest_line(project.root.join(file), &text, e.line, e.message))
}

fn leiningen(project: &Project, facts: &mut Facts) -> Result<Build> {
    let file = "project.clj";
    let forms = read_forms(project, file)?;
    let unsupported = |message: &str| Error::Unsupported {
        path: project.root.join(file),
        message: message.into(),
    };
    let def = forms
        .iter()
        .find(|f| f.is_call("defproject"))
        .ok_or_else(|| unsupported("no (defproject …) form"))?;
    let items = def.items();
    let name = items.get(1).and_then(Form::symbol).unwrap_or("app");
    let name = name.rsplit('/').next().unwrap_or(name);
    let version = items.get(2).and_then(Form::string).unwrap_or("0.1.0");
    // After the name and version, the project map is written as alternating keys and values.
    let option = |key: &str| {
        items
            .iter()
            .skip(3)
            .collect::<Vec<_>>()
            .chunks(2)
            .find(|kv| kv[0].keyword() == Some(key))
            .and_then(|kv| kv.get(1).copied())
    };
    let main = option("main").and_then(Form::symbol).ok_or_else(|| {
        unsupported("no `:main` namespace: `lein uberjar` writes a jar that cannot start without one; add `:main my.app.core` (with `(:gen-class)` in its ns) or pass --start")
    })?;
    facts.because("main", main, file, "`:main` of defproject");
    let deps = option("dependencies")
        .map(|d| d.items().iter().filter_map(dep_name).collect())
        .unwrap_or_default();
    let target = option("target-path")
        .and_then(Form::string)
        .map_or("target/uberjar".to_string(), |t| {
            t.replace("%s", "uberjar").trim_end_matches('/').to_string()
        });
    let jar = match option("uberjar-name").and_then(Form::string) {
        Some(n) => format!("{target}/{n}"),
        None => format!("{target}/{name}-{version}-standalone.jar"),
    };
    crate::manifest::shell_word(file, "uberjar path", &jar, true)?;
    Ok(Build {
        file,
        deps,
        manifests: vec![file.into()],
        resolve: vec!["lein deps".into()],
        build: "lein uberjar".into(),
        jar,
    })
}

/// `[ring/ring-jetty-adapter "1.12.2"]` → `ring/ring-jetty-adapter`.
fn dep_name(dep: &Form) -> Option<String> {
    dep.items()
        .first()
        .and_then(Form::symbol)
        .map(str::to_string)
}

fn tools_build(project: &Project, facts: &mut Facts) -> Result<Build> {
    let file = "deps.edn";
    let forms = read_forms(project, file)?;
    let root = forms.first().cloned().unwrap_or(Form::Nil);
    let deps: Vec<String> = match root.get("deps") {
        Some(Form::Map(pairs)) => pairs
            .iter()
            .filter_map(|(k, _)| k.symbol().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let has_build = root.get("aliases").and_then(|a| a.get("build")).is_some();
    if !has_build || !project.has("build.clj") {
        return Err(Error::Unsupported {
            path: project.root.join(file),
            message: "no tools.build `:build` alias with a build.clj: the image needs an uberjar; add one (`clojure -T:build uber`, see clojure.org/guides/tools_build) or pass --build and --start".into(),
        });
    }
    let defs = build_defs(&read_forms(project, "build.clj")?);
    let jar = match uber_file(&defs) {
        Some(j) => j,
        None => {
            facts.warnings.push(
                "build.clj: `uber-file` is computed at build time (not a string or a `format` of `lib` and `version`); the image takes the one jar matching target/*.jar".into(),
            );
            "target/*.jar".into()
        }
    };
    if jar != "target/*.jar" {
        crate::manifest::shell_word("build.clj", "uber-file", &jar, true)?;
    }
    if let Some(main) = &defs.main {
        facts.because("main", main, "build.clj", "`:main` of the b/uber call");
    }
    Ok(Build {
        file,
        deps,
        manifests: vec![file.into(), "build.clj".into()],
        resolve: vec!["clojure -P".into(), "clojure -P -T:build".into()],
        build: "clojure -T:build uber".into(),
        jar,
    })
}

/// What build.clj defines that names the uberjar.
#[derive(Default)]
struct BuildDefs {
    lib: Option<String>,
    version: Option<String>,
    uber: Option<Form>,
    main: Option<String>,
}

fn build_defs(forms: &[Form]) -> BuildDefs {
    let mut defs = BuildDefs::default();
    for f in forms.iter().filter(|f| f.is_call("def")) {
        let items = f.items();
        let value = items.get(2).map(Form::unquoted);
        match items.get(1).and_then(Form::symbol) {
            Some("lib") => defs.lib = value.and_then(Form::symbol).map(str::to_string),
            Some("version") => defs.version = value.and_then(Form::string).map(str::to_string),
            Some("uber-file") => defs.uber = value.cloned(),
            _ => {}
        }
    }
    defs.main = find_main(forms);
    defs
}

/// The `:main` of a `(b/uber {… :main 'my.core})` call anywhere in the file.
fn find_main(forms: &[Form]) -> Option<String> {
    forms.iter().find_map(|f| match f {
        Form::Map(_) => f
            .get("main")
            .map(Form::unquoted)
            .and_then(Form::symbol)
            .map(str::to_string),
        _ => find_main(f.items()),
    })
}

/// The uberjar path: a string, or `(format "target/%s-%s-standalone.jar" (name lib) version)`.
fn uber_file(defs: &BuildDefs) -> Option<String> {
    match defs.uber.as_ref()? {
        Form::Str(s) => Some(s.clone()),
        f if f.is_call("format") => {
            let items = f.items();
            let mut out = items.get(1)?.string()?.to_string();
            for arg in &items[2..] {
                let value = match arg {
                    Form::Symbol(s) if s == "version" => defs.version.clone()?,
                    Form::Symbol(s) if s == "lib" => defs.lib.clone()?,
                    a if a.is_call("name") && a.items().get(1)?.symbol() == Some("lib") => {
                        let lib = defs.lib.as_deref()?;
                        lib.rsplit('/').next()?.to_string()
                    }
                    _ => return None,
                };
                out = out.replacen("%s", &value, 1);
            }
            (!out.contains('%')).then_some(out)
        }
        _ => None,
    }
}

fn finish(project: &Project, stack: &StackRules, b: Build, facts: &mut Facts) -> Result<()> {
    let pm = facts.package_manager.as_str();
    facts.because("stack", ID.as_str(), b.file, format!("{} present", b.file));
    facts.because(
        "package_manager",
        pm,
        b.file,
        "the build file that is present",
    );
    let claims = jdk_claims(project)?;
    facts.toolchain = Some(toolchain::resolve(
        project,
        &stack.toolchain,
        1,
        &claims,
        facts,
    )?);
    let has = |d: &str| b.deps.iter().any(|x| x == d);
    if let Some(fw) = crate::probe::pick_framework(project, &stack.frameworks, has)? {
        crate::probe::record_framework(facts, fw, b.file, "depends on");
    }
    facts.because("build", &b.build, b.file, "the uberjar task");
    facts.build = Some(b.build);
    let mut start: Vec<String> = vec!["java".into()];
    start.extend(JVM_FLAGS.iter().map(|f| f.to_string()));
    start.extend(["-jar".to_string(), "/app/app.jar".into()]);
    facts.because("start", start.join(" "), b.file, "the JRE runs the uberjar");
    facts.start = start;
    let port = source_port(project)?;
    crate::probe::port::decide(facts, port, stack.default_port, &stack.frameworks);
    facts.detail = Detail::new(ClojureDetail {
        manifests: b.manifests,
        resolve: b.resolve,
        jar: b.jar,
    });
    Ok(())
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

/// The first port a source file under src/ states (`{:port 3000}`, `(or (System/getenv "PORT") "8080")`).
fn source_port(project: &Project) -> Result<Option<(u16, String)>> {
    let mut files: Vec<&str> = project
        .files()
        .filter(|f| f.starts_with("src/") && (f.ends_with(".clj") || f.ends_with(".cljc")))
        .collect();
    files.sort();
    for f in files {
        let text = project.read_source(f)?;
        let code: String = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with(';') {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        if let Some((port, line)) = crate::probe::port::find(&code) {
            return Ok(Some((port, format!("{f}:{line}"))));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(text: &str) -> BuildDefs {
        build_defs(&edn::read_all(text).unwrap())
    }

    #[test]
    fn uber_file_from_format_of_lib_and_version() {
        let d = defs("(ns build)\n(def lib 'acme/shop)\n(def version \"1.2.0\")\n(def uber-file (format \"target/%s-%s-standalone.jar\" (name lib) version))\n(defn uber [_] (b/uber {:uber-file uber-file :main 'acme.shop}))");
        assert_eq!(
            uber_file(&d).as_deref(),
            Some("target/shop-1.2.0-standalone.jar")
        );
        assert_eq!(d.main.as_deref(), Some("acme.shop"));
    }

    #[test]
    fn uber_file_computed_at_build_time_is_unknown() {
        let d = defs("(def lib 'a/b)\n(def version (format \"1.0.%s\" (b/git-count-revs nil)))\n(def uber-file (format \"target/%s-%s.jar\" (name lib) version))");
        assert_eq!(uber_file(&d), None);
        assert_eq!(
            uber_file(&defs("(def uber-file \"target/app.jar\")")).as_deref(),
            Some("target/app.jar")
        );
    }
}
