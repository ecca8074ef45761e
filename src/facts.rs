//! Facts: what detection concluded about one app, each decided value with the evidence behind it.

use serde::Serialize;

/// The language (stack) of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Go,
    Node,
    Python,
    Rust,
    /// A static site: plain HTML, or a single-page app that Node builds and a static server serves.
    Static,
    Bun,
    Deno,
}

impl Language {
    pub const ALL: [Language; 7] = [
        Language::Go,
        Language::Node,
        Language::Python,
        Language::Rust,
        Language::Static,
        Language::Bun,
        Language::Deno,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Go => "go",
            Language::Node => "node",
            Language::Python => "python",
            Language::Rust => "rust",
            Language::Static => "static",
            Language::Bun => "bun",
            Language::Deno => "deno",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// The package manager that installs the app's dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Go,
    Npm,
    Yarn,
    Pnpm,
    Bun,
    Pip,
    Poetry,
    Uv,
    Pipenv,
    Pdm,
    Cargo,
    Deno,
    /// Nothing to install (a plain HTML site).
    None,
}

impl PackageManager {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Go => "go",
            PackageManager::Npm => "npm",
            PackageManager::Yarn => "yarn",
            PackageManager::Pnpm => "pnpm",
            PackageManager::Bun => "bun",
            PackageManager::Pip => "pip",
            PackageManager::Poetry => "poetry",
            PackageManager::Uv => "uv",
            PackageManager::Pipenv => "pipenv",
            PackageManager::Pdm => "pdm",
            PackageManager::Cargo => "cargo",
            PackageManager::Deno => "deno",
            PackageManager::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let all = [
            Self::Go,
            Self::Npm,
            Self::Yarn,
            Self::Pnpm,
            Self::Bun,
            Self::Pip,
            Self::Poetry,
            Self::Uv,
            Self::Pipenv,
            Self::Pdm,
            Self::Cargo,
            Self::Deno,
            Self::None,
        ];
        all.into_iter().find(|p| p.as_str() == s)
    }
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
    pub language: Language,
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
}

/// Several stacks claimed one folder: which, the one chosen, and the documented rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    pub what: String,
    pub candidates: Vec<String>,
    pub chosen: String,
    pub rule: String,
}

/// Per-stack detail that shapes the Dockerfile.
#[derive(Debug, Clone, Default)]
pub enum Detail {
    #[default]
    None,
    Go(GoDetail),
    Node(NodeDetail),
    Python(PythonDetail),
    Rust(RustDetail),
    Static(StaticDetail),
    Deno(DenoDetail),
}

#[derive(Debug, Clone, Default)]
pub struct GoDetail {
    /// The package to build, e.g. `.` or `./cmd/api`.
    pub package: String,
    pub binary: String,
    pub has_sum: bool,
    pub vendored: bool,
}

/// Node apps, and Bun apps (the same shape on Bun's images).
#[derive(Debug, Clone, Default)]
pub struct NodeDetail {
    /// The package-manager rule that installs (yarn classic and berry are one package manager, two rules).
    pub rule: String,
    /// Manifest and lockfiles copied before the source (package.json, lockfile, .yarnrc.yml, …).
    pub manifests: Vec<String>,
    /// Whether a standalone build output replaces node_modules in the runtime (Next.js standalone).
    pub artifacts: Vec<(String, String)>,
    pub env: Vec<(String, String)>,
    pub needs_node_modules: bool,
    /// Secret files present (.npmrc): `(id, file, target)` for a BuildKit secret mount during installs.
    pub secrets: Vec<(String, String, String)>,
    /// Prisma ORM, when the project uses it.
    pub prisma: Option<PrismaDetail>,
}

/// Prisma ORM: its schema must be in place before the install (its postinstall generates the client) and
/// the client is generated in the build stage.
#[derive(Debug, Clone, Default)]
pub struct PrismaDetail {
    /// The schema file or folder, and prisma.config.* when present, copied before the install.
    pub files: Vec<String>,
    /// The command that generates the client, run before the build.
    pub generate: String,
    /// The classic Rust engines (Prisma 6 and earlier without `engineType = "client"`): the generated
    /// client under node_modules/.prisma carries a query engine that loads libssl, found with shell
    /// commands, so the runtime is a slim Node image rather than distroless.
    pub classic_engine: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PythonDetail {
    /// Dependency manifests copied before the source.
    pub manifests: Vec<String>,
    /// Server package installed when the project does not depend on it (e.g. gunicorn for flask).
    pub extra_packages: Vec<String>,
    pub env: Vec<(String, String)>,
    /// The package-manager rule that installs (differs from the package manager for a bare pyproject.toml).
    pub rule: String,
    /// No requirements list, lock or readable pyproject dependencies: `pip install .` after the source.
    pub install_from_project: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RustDetail {
    pub package: String,
    pub binary: String,
    /// Every Cargo.toml of the workspace, copied before the source.
    pub manifests: Vec<String>,
    /// Target source files to stub so dependencies compile in a layer of their own: (path, is_lib).
    pub stubs: Vec<(String, bool)>,
    pub locked: bool,
    /// The project pins a toolchain file; the build image already carries that toolchain.
    pub pins_toolchain: bool,
    /// Environment the framework reads (Rocket's address and port).
    pub env: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct StaticDetail {
    /// Manifests and lockfile copied before the source; empty for a plain HTML site (nothing to build).
    pub manifests: Vec<String>,
    /// The folder the build writes the site to (`dist`, `build`, `dist/<project>/browser`), or `.`.
    pub output: String,
    /// The Node package-manager rule that installs the build's dependencies.
    pub package_manager_rule: String,
}

#[derive(Debug, Clone, Default)]
pub struct DenoDetail {
    /// deno.json(c), deno.lock and package.json when present, copied before the source.
    pub manifests: Vec<String>,
    pub locked: bool,
    /// The module the app starts from, cached at build time so the container starts without fetching.
    pub entry: String,
}

impl Facts {
    /// `path — language app (framework)`, the line that heads every view of one app.
    pub fn headline(&self) -> String {
        let framework = self
            .framework
            .as_ref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        format!("{} — {} app{framework}", self.path, self.language.as_str())
    }

    pub fn new(path: &str, language: Language, package_manager: PackageManager) -> Facts {
        Facts {
            path: path.to_string(),
            language,
            package_manager,
            framework: None,
            toolchain: None,
            build: None,
            start: Vec::new(),
            port: None,
            evidence: Vec::new(),
            warnings: Vec::new(),
            ambiguities: Vec::new(),
            detail: Detail::None,
            secret_patterns: Vec::new(),
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
