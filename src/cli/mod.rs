//! The command line: clap definitions, and each command's run function. Messages go to stderr; stdout
//! carries only what was asked for (a Dockerfile with --stdout, JSON with --json).

mod chooser;
mod compose;
mod generate;
mod init;
mod lint;
mod prompt;
mod scan;
mod shell;
mod show;
mod verify;

use clap::{Args, Parser, Subcommand};
use dockgen::config::{Answers, PortAnswer};
use dockgen::facts::{Origin, PackageManager, StackId};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dockgen",
    version = shell::version(),
    about = "Detects what a project is and writes a best-practice Dockerfile and .dockerignore"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Detect the project, confirm the decisions (or take them with --yes) and write Dockerfile and .dockerignore.
    Init(InitArgs),
    /// Re-detect and update Dockerfile and .dockerignore, merging your edits (--check for CI, --diff to preview).
    Generate(generate::GenerateArgs),
    /// Show what was detected and why, and the images and user the Dockerfile would use.
    Plan(PlanArgs),
    /// Build the Dockerfile, run the image and check it: size, non-root user, answer, cached dependency layers.
    Verify(verify::VerifyArgs),
    /// Lint Dockerfiles against the practices dockgen generates (rules DG001…; see `--rules`).
    Lint(lint::LintArgs),
    /// Scan an image with the first installed scanner (trivy, grype, docker scout); fails on HIGH/CRITICAL.
    Scan(scan::ScanArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Man,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Accept every detection and default without asking (for scripts and CI).
    #[arg(short, long)]
    pub yes: bool,
    /// Replace an existing Dockerfile or .dockerignore (the old one is kept as <name>.bak).
    #[arg(long)]
    pub force: bool,
    /// Print the Dockerfile to stdout and write nothing.
    #[arg(long)]
    pub stdout: bool,
    /// Also write a CI workflow that lints the Dockerfile, builds the image and scans it with trivy.
    #[arg(long, value_enum)]
    pub ci: Option<CiArg>,
    /// Also write compose.yaml (every app and the databases and caches they use) and its .env.example.
    #[arg(long)]
    pub compose: bool,
    #[command(flatten)]
    pub app: AppArg,
    #[command(flatten)]
    pub answers: AnswerArgs,
}

/// Where the CI workflow goes: GitHub Actions or GitLab CI.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CiArg {
    Github,
    Gitlab,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print the plan as JSON (schema_version 1).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub app: AppArg,
    #[command(flatten)]
    pub answers: AnswerArgs,
}

/// Every question `init` asks has a flag, so a script can answer it.
#[derive(Debug, Args, Default)]
pub struct AnswerArgs {
    /// The stack, when the folder holds more than one.
    #[arg(long, value_parser = stack_parser())]
    pub stack: Option<StackId>,
    #[arg(long, help = package_manager_help())]
    pub package_manager: Option<String>,
    /// The toolchain version line, e.g. 22 (node), 3.12 (python), 1.24 (go), 1.90 (rust), 1.18 (elixir).
    #[arg(long = "toolchain-version", value_name = "VERSION")]
    pub version: Option<String>,
    /// The port the app listens on, or `none` for a worker that listens on none (no EXPOSE).
    #[arg(long, value_parser = PortAnswer::parse)]
    pub port: Option<PortAnswer>,
    /// The start command, e.g. "node dist/server.js" (split into exec form; quotes group words).
    #[arg(long)]
    pub start: Option<String>,
    /// The build command ("" for none).
    #[arg(long)]
    pub build: Option<String>,
    /// Which binary, main package or .NET project (assembly or project name) to ship when there are several.
    #[arg(long)]
    pub binary: Option<String>,
    /// The runtime base image ([registry/]repository[:tag][@digest]), instead of the catalogue's choice.
    #[arg(long, value_name = "IMAGE", value_parser = runtime_image)]
    pub runtime_image: Option<String>,
}

/// `--stack`'s values: every stack in the registry, so a new stack needs no edit here.
fn stack_parser() -> impl clap::builder::TypedValueParser<Value = StackId> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(
        dockgen::stacks::STACKS.iter().map(|s| s.id().as_str()),
    )
    .map(|s: String| dockgen::stacks::parse(&s).expect("every registered stack has an identity"))
}

/// `--package-manager`'s help: the list the rules hold, the same one the prompt and errors show.
fn package_manager_help() -> String {
    let list = dockgen::stacks::rules()
        .map(|r| r.package_manager_list())
        .unwrap_or_default();
    format!("The package manager: {list}")
}

/// The package manager named `p`, if a stack's rules take it.
fn known_package_manager(p: &str) -> Option<PackageManager> {
    let rules = dockgen::stacks::rules().ok()?;
    rules
        .stacks
        .iter()
        .flat_map(|s| s.package_manager_names())
        .find(|n| *n == p)
        .or((p == "none").then_some("none"))
        .map(PackageManager::named)
}

/// `--runtime-image` must be an image reference; the value is kept as typed.
fn runtime_image(s: &str) -> Result<String, String> {
    dockgen::image::ImageName::parse(s).map(|_| s.to_string())
}

impl AnswerArgs {
    pub fn to_answers(&self) -> Result<Answers, dockgen::Error> {
        let package_manager = match &self.package_manager {
            Some(p) => Some(known_package_manager(p).ok_or_else(|| {
                dockgen::Error::bad_flag(
                    "--package-manager",
                    p,
                    format!(
                        "unknown; one of {}",
                        dockgen::stacks::rules()
                            .map(|r| r.package_manager_list())
                            .unwrap_or_default()
                    ),
                )
            })?),
            None => None,
        };
        Ok(Answers {
            stack: self.stack,
            package_manager,
            version: self.version.clone(),
            port: self.port,
            start: self.start.as_deref().map(dockgen::manifest::split_words),
            build: self.build.clone(),
            binary: self.binary.clone(),
            runtime_image: self.runtime_image.clone(),
            origin: Some(Origin::Flag),
        })
    }
}

/// Run the parsed command; errors carry their exit code.
pub fn run(cli: Cli) -> Result<(), dockgen::Error> {
    let result = dispatch(cli);
    // A debugging hook the tests use to prove a command walks its folder once (tests/it/session.rs).
    if std::env::var_os("DOCKGEN_COUNT_SCANS").is_some() {
        eprintln!("dockgen: {} scan(s)", dockgen::scan::scans());
    }
    result
}

fn dispatch(cli: Cli) -> Result<(), dockgen::Error> {
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Plan(args) => show::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man => shell::man(),
    }
}

/// A file or folder of the project as the user reaches it from where they ran dockgen: DIR joined with the
/// parts, without `.` segments (`some/dir/api/Dockerfile`; `Dockerfile` when DIR is `.`; `.` for nothing).
pub(crate) fn shown(dir: &std::path::Path, parts: &[&str]) -> String {
    let mut path = dir.to_path_buf();
    for part in parts {
        path.push(part);
    }
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        ".".into()
    } else {
        clean.display().to_string()
    }
}

/// Open the project once: dockgen.toml read, the folder walked. The answers every command plans with are
/// dockgen.toml's overlaid with the flags.
pub(crate) fn open(
    dir: &std::path::Path,
    flags: &AnswerArgs,
) -> Result<(dockgen::session::Session, Answers), dockgen::Error> {
    let session = dockgen::session::Session::open(dir)?;
    let answers = session.answers(&flags.to_answers()?);
    Ok((session, answers))
}

/// `--app PATH`: act on one app of a workspace (its folder relative to the project).
#[derive(Debug, Args, Default)]
pub struct AppArg {
    /// Act on one app of a workspace or multi-app folder: its folder, relative to DIR (e.g. apps/api).
    #[arg(long, value_name = "PATH")]
    pub app: Option<String>,
}
