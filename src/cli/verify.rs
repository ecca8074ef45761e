//! `dockgen verify`: build, run and check a project's image; a human report or JSON.

use dockgen::config::Answers;
use dockgen::detect::tree::App;
use dockgen::plan::Plan;
use dockgen::session::{Planned, Scope, Session};
use dockgen::verify::{Answer, EngineKind, Options, Progress, Report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The project folder (the build context).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// docker, podman or buildah (default: the first that works, in that order with buildah before podman).
    #[arg(long)]
    pub engine: Option<String>,
    /// The Dockerfile (default: DIR/Dockerfile).
    #[arg(long)]
    pub dockerfile: Option<PathBuf>,
    /// The HTTP path to request.
    #[arg(long, default_value = "/")]
    pub path: String,
    /// The HTTP status expected.
    #[arg(long, default_value_t = 200)]
    pub status: u16,
    /// Text the answer (HTTP body, or output of a non-server app) must contain.
    #[arg(long)]
    pub expect_body: Option<String>,
    /// Also rebuild after a source-only change and check the dependency layers came from cache.
    #[arg(long)]
    pub cache: bool,
    /// Build and check size, user and cache, but do not start the image.
    #[arg(long)]
    pub no_run: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Seconds to wait for the app to answer (or a non-server app to finish).
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// The image tag to build (default: localhost/dockgen-verify-<folder>).
    #[arg(long)]
    pub tag: Option<String>,
    /// A BuildKit secret for the build, `id=ID,src=FILE` as docker takes it (repeatable). Without any,
    /// the secrets dockgen's plan for the folder mounts (an `.npmrc`, say) are passed when the file exists.
    #[arg(long = "secret", value_name = "id=ID,src=FILE")]
    pub secrets: Vec<String>,
    #[command(flatten)]
    pub app: super::AppArg,
}

/// Progress on stderr: one line when a long step starts, one when it ends.
struct Lines;

impl Progress for Lines {
    fn step(&mut self, what: &str) {
        eprint!("… {what}");
        let _ = std::io::stderr().flush();
    }

    fn done(&mut self, what: &str, seconds: f64) {
        eprintln!("\r✓ {what} in {seconds:.1}s          ");
    }

    fn failed(&mut self, what: &str, seconds: f64) {
        eprintln!("\r✗ {what} failed after {seconds:.1}s          ");
    }
}

pub fn run(args: VerifyArgs) -> Result<(), dockgen::Error> {
    let engine = match &args.engine {
        Some(e) => Some(EngineKind::parse(e).ok_or_else(|| {
            dockgen::Error::bad_flag("--engine", e, "one of docker, podman, buildah")
        })?),
        None => None,
    };
    let planned = planned(&args)?;
    // `--app`: the app's Dockerfile, built from its context (the root for a JS workspace member).
    let (dir, dockerfile) = match (&args.app.app, &planned) {
        (Some(_), Some((app, _))) => (args.dir.join(&app.context), args.dir.join(&app.dockerfile)),
        _ => (args.dir.clone(), args.dir.join("Dockerfile")),
    };
    let opts = Options {
        dockerfile: args.dockerfile.clone().unwrap_or(dockerfile),
        dir,
        engine,
        path: args.path.clone(),
        status: args.status,
        body: args.expect_body.clone(),
        cache: args.cache,
        run: !args.no_run,
        timeout: Duration::from_secs(args.timeout),
        tag: args.tag.clone(),
        secrets: secrets(&args, planned.as_ref().map(|(app, plan)| (app, plan)))?,
    };
    let report = if args.json {
        dockgen::verify::verify(&opts, &mut dockgen::verify::Quiet)?
    } else {
        dockgen::verify::verify(&opts, &mut Lines)?
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        eprint!("{}", human(&report));
    }
    if report.ok {
        Ok(())
    } else {
        Err(dockgen::Error::Engine(format!(
            "verify failed: {}",
            report.failures.join("; ")
        )))
    }
}

/// The app verify checks, as `init` planned it (through the session, with dockgen.toml's answers): the one
/// `--app` names, else the folder's first. Without `--app`, a folder dockgen cannot plan is still verified
/// (any Dockerfile can be), so a failure there is no error.
fn planned(args: &VerifyArgs) -> Result<Option<(App, Plan)>, dockgen::Error> {
    let plan = || -> Result<Planned, dockgen::Error> {
        let session = Session::open(&args.dir)?;
        let mut planned = session.plan(&session.answers(&Answers::default()), Scope::Apps)?;
        if let Some(app) = &args.app.app {
            planned.only(app)?;
        }
        Ok(planned)
    };
    let planned = match plan() {
        Ok(p) => p,
        Err(e) if args.app.app.is_some() => return Err(e),
        Err(_) => return Ok(None),
    };
    Ok(planned.detection.apps.into_iter().zip(planned.plans).next())
}

/// The `--secret` flags as given, or else the plan's own secrets whose file is present: a build that
/// mounts `.npmrc` fails its install without it, and the user should not have to know the id.
fn secrets(
    args: &VerifyArgs,
    planned: Option<(&App, &Plan)>,
) -> Result<Vec<(String, PathBuf)>, dockgen::Error> {
    if !args.secrets.is_empty() {
        return args.secrets.iter().map(|s| parse_secret(s)).collect();
    }
    let Some((app, plan)) = planned else {
        return Ok(Vec::new());
    };
    Ok(plan
        .secrets
        .iter()
        .map(|(id, file)| {
            (
                id.clone(),
                args.dir.join(super::shown(Path::new(&app.path), &[file])),
            )
        })
        .filter(|(_, path)| path.is_file())
        .collect())
}

/// `id=ID,src=FILE` (docker's spelling; `source=` too).
fn parse_secret(s: &str) -> Result<(String, PathBuf), dockgen::Error> {
    let (mut id, mut src) = (None, None);
    for part in s.split(',') {
        match part.split_once('=') {
            Some(("id", v)) if !v.is_empty() => id = Some(v.to_string()),
            Some(("src" | "source", v)) if !v.is_empty() => src = Some(PathBuf::from(v)),
            _ => {}
        }
    }
    match (id, src) {
        (Some(id), Some(src)) if src.is_file() => Ok((id, src)),
        (Some(_), Some(src)) => Err(dockgen::Error::bad_flag(
            "--secret",
            s,
            format!("{} is not a file", src.display()),
        )),
        _ => Err(dockgen::Error::bad_flag(
            "--secret",
            s,
            "give it as id=ID,src=FILE",
        )),
    }
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / 1048576.0)
}

fn human(r: &Report) -> String {
    let mark = |ok: bool| if ok { "ok  " } else { "FAIL" };
    let mut out = format!("{} {} ({})\n", mark(r.build.ok), r.image, r.engine);
    out += &format!("  build      {:.1}s\n", r.build.seconds);
    if let Some(tail) = &r.build.log_tail {
        out += &format!("{tail}\n");
    }
    if let Some(s) = &r.size {
        out += &format!(
            "  size       {} ({} above {})\n",
            mib(s.image_bytes),
            mib(s.above_base_bytes),
            s.base_image
        );
    }
    if let Some(u) = &r.user {
        let observed = u
            .observed_uid
            .map(|o| format!(", process uid {o}"))
            .unwrap_or_default();
        out += &format!(
            "  {} user USER {}{observed}\n",
            mark(u.ok),
            if u.configured.is_empty() {
                "(unset: root)"
            } else {
                &u.configured
            }
        );
    }
    match &r.answer {
        Some(Answer::Http {
            port,
            path,
            status,
            ok,
            body_excerpt,
            ..
        }) => {
            let got = status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into());
            out += &format!(
                "  {} answer GET :{port}{path} → {got} {:?}\n",
                mark(*ok),
                body_excerpt.chars().take(80).collect::<String>()
            );
        }
        Some(Answer::Exit { code, ok, .. }) => out += &format!("  {} exit {code:?}\n", mark(*ok)),
        None => {}
    }
    if let Some(c) = &r.cache {
        out += &format!(
            "  {} cache after editing {}: rebuilt in {:.1}s; {}\n",
            mark(c.ok),
            c.changed_file,
            c.rebuild_seconds,
            c.verdict
        );
        for s in c.steps.iter().filter(|s| !s.step.starts_with("FROM ")) {
            out += &format!(
                "      {} {}{}\n",
                if s.cached { "cached " } else { "rebuilt" },
                s.step.chars().take(90).collect::<String>(),
                if s.dependency_install {
                    "  [dependencies]"
                } else {
                    ""
                }
            );
        }
    }
    out
}
