//! Facts: what detection concluded about one app, each decided value with the evidence behind it.

use serde::Serialize;

/// How a warning about an assumed port ends: a port answered by flag or dockgen.toml drops such warnings.
pub const SETTLE_WITH_PORT: &str = "pass --port to settle it";

/// Which stack an app is: its identity in the registry ([`crate::stacks`]), `--stack` and `plan --json`.
/// Bun, Deno and static sites are stacks, not languages.
///
/// A name, not a list of variants: each stack's folder declares its own (`pub const ID`), and the registry
/// decides which names are valid, so adding a stack adds nothing here. Names read from a file
/// (dockgen.toml, a rules file) are checked against the registry where they enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StackId(&'static str);

impl StackId {
    /// A stack's identity, as its folder declares it.
    pub const fn new(id: &'static str) -> StackId {
        StackId(id)
    }

    /// The identity named by `s`, whatever the registry holds (see [`crate::stacks::parse`] for a
    /// checked one).
    pub fn named(s: &str) -> StackId {
        StackId(intern(s))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// The package manager that installs the app's dependencies, by name (`npm`, `cargo`, `none` for nothing
/// to install). Each stack's rules list the ones it takes, so adding a stack or a tool adds nothing here;
/// the names below are the ones several stacks' code shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackageManager(&'static str);

impl PackageManager {
    pub const GO: PackageManager = PackageManager("go");
    pub const NPM: PackageManager = PackageManager("npm");
    pub const YARN: PackageManager = PackageManager("yarn");
    pub const PNPM: PackageManager = PackageManager("pnpm");
    pub const BUN: PackageManager = PackageManager("bun");
    pub const PIP: PackageManager = PackageManager("pip");
    pub const POETRY: PackageManager = PackageManager("poetry");
    pub const UV: PackageManager = PackageManager("uv");
    pub const PIPENV: PackageManager = PackageManager("pipenv");
    pub const PDM: PackageManager = PackageManager("pdm");
    pub const CARGO: PackageManager = PackageManager("cargo");
    pub const DENO: PackageManager = PackageManager("deno");
    pub const MAVEN: PackageManager = PackageManager("maven");
    pub const GRADLE: PackageManager = PackageManager("gradle");
    /// NuGet, through `dotnet restore`.
    pub const NUGET: PackageManager = PackageManager("nuget");
    pub const BUNDLER: PackageManager = PackageManager("bundler");
    pub const COMPOSER: PackageManager = PackageManager("composer");
    /// Elixir's build tool, fetching from Hex.
    pub const MIX: PackageManager = PackageManager("mix");
    /// Nothing to install (a plain HTML site).
    pub const NONE: PackageManager = PackageManager("none");

    /// A package manager a stack's folder names.
    pub const fn new(name: &'static str) -> PackageManager {
        PackageManager(name)
    }

    /// The package manager named by `s`, unchecked (the stack's rules say which it takes).
    pub fn named(s: &str) -> PackageManager {
        PackageManager(intern(s))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// What an image's final stage carries, named as a `[[runtime]]` row of the image catalogue serves it
/// (`static-binary`, `node`, `dotnet-aspnet-extra`).
///
/// A validated name, not a closed enum: the kinds are data. A stack's rules file declares its own
/// `[[image.runtime]]` rows (`gleam-shipment`, `haskell`), so an enum here would be one more hub every new
/// stack edits, the very list the registry removed. Instead every kind a rules file names (a stack's
/// `artifact`, a framework's, cross-compilation's, musl's lists, .NET's globalization variant) is checked
/// when the rules load against the kinds the runtime rows serve ([`crate::rules::Rules::parse`]): a typo
/// fails there, naming the file, not when an app is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArtifactKind(&'static str);

impl ArtifactKind {
    /// A kind a stack's code names (the rules serve it: the stack's examples plan it).
    pub const fn new(kind: &'static str) -> ArtifactKind {
        ArtifactKind(kind)
    }

    /// The kind named by `s`, unchecked (the rules check the ones their files name when they load).
    pub fn named(s: &str) -> ArtifactKind {
        ArtifactKind(intern(s))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for ArtifactKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Serialized as their names; read back by name (checked against the rules where they enter).
macro_rules! by_name {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(<$t>::named(&s))
            }
        }
    };
}
by_name!(StackId);
by_name!(PackageManager);
by_name!(ArtifactKind);

/// `s` as a `'static` name: names are few (stacks, package managers, artifact kinds), so each distinct one is kept once
/// for the life of the process.
fn intern(s: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| **n == s) {
        return n;
    }
    let n: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.push(n);
    n
}

/// Where a decided value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Read from the project's files.
    Detected,
    /// A documented default, because the project says nothing.
    Default,
    /// An answer kept in dockgen.toml.
    Config,
    /// A command-line flag or a prompt answer.
    Flag,
}

/// Why a fact was concluded: the fact, its value, the file (and line) it came from, and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub fact: String,
    pub value: String,
    pub source: String,
    pub rule: String,
    pub origin: Origin,
}

/// A toolchain and the version the project asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toolchain {
    pub name: String,
    pub version: String,
    pub source: String,
}

/// Everything detection concluded about one app; the planner turns it into a [`crate::plan::Plan`].
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub path: String,
    pub stack: StackId,
    pub package_manager: PackageManager,
    pub framework: Option<String>,
    pub toolchain: Option<Toolchain>,
    pub build: Option<String>,
    pub start: Vec<String>,
    pub port: Option<u16>,
    pub evidence: Vec<Evidence>,
    /// Things a person should look at: ambiguities settled by a rule, unsupported corners.
    pub warnings: Vec<String>,
    /// Stacks that competed for the folder and how the choice between them was made.
    pub ambiguities: Vec<Ambiguity>,
    /// Stack-specific detail the planner needs (not part of the public JSON).
    #[serde(skip)]
    pub detail: Detail,
    /// .dockerignore patterns for secret files this project holds beyond the fixed list's reach (a nested
    /// `config/.env`, a `.npmrc`): see [`crate::plan::secret_patterns`].
    #[serde(skip)]
    pub secret_patterns: Vec<String>,
    /// The runtime artifact kind (a `[[runtime]]` row of images.toml) when it is not the stack's own: a Go
    /// binary built with cgo needs glibc, not distroless static.
    #[serde(skip)]
    pub artifact: Option<ArtifactKind>,
    /// Why the detector found no start command (it leaves `start` empty and says so here, rather than
    /// failing): a Procfile `web:` process or `--start` may still give one; if neither does, detection
    /// fails with this message.
    #[serde(skip)]
    pub start_missing: Option<String>,
    /// Variables the start command set inline (`RACK_ENV=production bundle exec puma`): the image sets them
    /// with ENV, since an exec-form start has no shell to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<(String, String)>,
    /// Release steps the start command ran before the server (`rails db:migrate && …`): documented, never run
    /// by the image at start.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub release: Vec<String>,
    /// The app builds from the repository root, not its own folder (a JS workspace member whose
    /// lockfile and workspace packages live at the root): its ignore file sits beside its Dockerfile.
    #[serde(skip)]
    pub root_context: bool,
    /// Debian packages every build stage installs before the stack's own steps, whatever the stack
    /// (git, for dependencies fetched with git: [`crate::probe::git_source`]).
    #[serde(skip)]
    pub build_packages: Vec<String>,
}

/// What an ambiguity is about: which stack, or which of several runnable parts of one app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AmbiguityKind {
    #[serde(rename = "stack")]
    Stack,
    /// A Go module with several `package main`.
    #[serde(rename = "main package")]
    MainPackage,
    /// A Maven or Gradle build with several app modules.
    #[serde(rename = "module")]
    Module,
    /// A .NET solution with several runnable projects.
    #[serde(rename = "project")]
    Project,
    /// A Cargo package or workspace with several binaries.
    #[serde(rename = "binary")]
    Binary,
}

impl AmbiguityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AmbiguityKind::Stack => "stack",
            AmbiguityKind::MainPackage => "main package",
            AmbiguityKind::Module => "module",
            AmbiguityKind::Project => "project",
            AmbiguityKind::Binary => "binary",
        }
    }

    /// The flag that settles it.
    pub fn flag(self) -> &'static str {
        match self {
            AmbiguityKind::Stack => "--stack",
            _ => "--binary",
        }
    }
}

impl std::fmt::Display for AmbiguityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Several stacks claimed one folder: which, the one chosen, and the documented rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    pub what: AmbiguityKind,
    pub candidates: Vec<String>,
    pub chosen: String,
    pub rule: String,
}

/// Stack-specific detail the planner needs: each stack's own type (in its folder under `stacks/`), opaque
/// to everything but that stack, so adding a stack adds no variant here.
#[derive(Clone, Default)]
pub struct Detail(Option<std::sync::Arc<dyn DetailValue>>);

/// What a stack's detail type is: any debuggable value, shared between threads.
pub trait DetailValue: std::any::Any + std::fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<T: std::any::Any + std::fmt::Debug + Send + Sync> DetailValue for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Detail {
    pub fn new<T: DetailValue>(value: T) -> Detail {
        Detail(Some(std::sync::Arc::new(value)))
    }

    /// The detail when it is a `T` (the stack that wrote it reads it back).
    pub fn get<T: std::any::Any>(&self) -> Option<&T> {
        self.0.as_deref().and_then(|v| v.as_any().downcast_ref())
    }
}

impl std::fmt::Debug for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str("None"),
        }
    }
}

impl Facts {
    /// `path — stack app (framework)`, the line that heads every view of one app.
    pub fn headline(&self) -> String {
        let framework = self
            .framework
            .as_ref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        format!("{} — {} app{framework}", self.path, self.stack.as_str())
    }

    pub fn new(path: &str, stack: StackId, package_manager: PackageManager) -> Facts {
        Facts {
            path: path.to_string(),
            stack,
            package_manager,
            framework: None,
            toolchain: None,
            build: None,
            start: Vec::new(),
            port: None,
            evidence: Vec::new(),
            warnings: Vec::new(),
            ambiguities: Vec::new(),
            detail: Detail::default(),
            secret_patterns: Vec::new(),
            artifact: None,
            start_missing: None,
            env: Vec::new(),
            release: Vec::new(),
            root_context: false,
            build_packages: Vec::new(),
        }
    }

    /// Record the package manager from its lockfile when one is committed; else from the manifest, with a
    /// warning that versions are not locked and the `advice` that says how to lock them.
    pub fn record_lock(
        &mut self,
        locked: bool,
        manifest: &str,
        lockfile: &str,
        rule: &str,
        advice: &str,
    ) {
        let pm = self.package_manager.as_str().to_string();
        if locked {
            self.because("package_manager", &pm, lockfile, "lockfile");
        } else {
            self.because("package_manager", &pm, manifest, rule);
            self.warnings.push(format!(
                "no {lockfile}: dependency versions are not locked; {advice}"
            ));
        }
    }

    /// Record why a fact holds.
    pub fn because(
        &mut self,
        fact: &str,
        value: impl ToString,
        source: impl ToString,
        rule: impl ToString,
    ) {
        self.evidence.push(Evidence {
            fact: fact.to_string(),
            value: value.to_string(),
            source: source.to_string(),
            rule: rule.to_string(),
            origin: Origin::Detected,
        });
    }

    /// Record a value that came from a default, config or flag rather than the project's files.
    pub fn decided(
        &mut self,
        fact: &str,
        value: impl ToString,
        source: impl ToString,
        rule: impl ToString,
        origin: Origin,
    ) {
        self.evidence
            .retain(|e| e.fact != fact || origin == Origin::Detected);
        self.evidence.push(Evidence {
            fact: fact.to_string(),
            value: value.to_string(),
            source: source.to_string(),
            rule: rule.to_string(),
            origin,
        });
    }
}
