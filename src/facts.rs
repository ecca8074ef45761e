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
    /// Java or Kotlin on the JVM (Maven or Gradle).
    Java,
    /// .NET (C#, F#, Visual Basic), built with the .NET SDK.
    Dotnet,
    Ruby,
    Php,
    /// Elixir, built into an OTP release with Mix.
    Elixir,
}

impl Language {
    pub const ALL: [Language; 12] = [
        Language::Go,
        Language::Node,
        Language::Python,
        Language::Rust,
        Language::Static,
        Language::Bun,
        Language::Deno,
        Language::Java,
        Language::Dotnet,
        Language::Ruby,
        Language::Php,
        Language::Elixir,
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
            Language::Java => "java",
            Language::Dotnet => "dotnet",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Elixir => "elixir",
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
    Maven,
    Gradle,
    /// NuGet, through `dotnet restore`.
    Nuget,
    Bundler,
    Composer,
    /// Elixir's build tool, fetching from Hex.
    Mix,
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
            PackageManager::Maven => "maven",
            PackageManager::Gradle => "gradle",
            PackageManager::Nuget => "nuget",
            PackageManager::Bundler => "bundler",
            PackageManager::Composer => "composer",
            PackageManager::Mix => "mix",
            PackageManager::None => "none",
        }
    }

    /// Every package manager, in the order `--package-manager`'s error lists them.
    pub const ALL: [PackageManager; 19] = [
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
        Self::Maven,
        Self::Gradle,
        Self::Nuget,
        Self::Bundler,
        Self::Composer,
        Self::Mix,
        Self::None,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
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
    /// The runtime artifact kind (a `[[runtime]]` row of images.toml) when it is not the stack's own: a Go
    /// binary built with cgo needs glibc, not distroless static.
    #[serde(skip)]
    pub artifact: Option<String>,
    /// Why the detector found no start command (it leaves `start` empty and says so here, rather than
    /// failing): a Procfile `web:` process or `--start` may still give one; if neither does, detection
    /// fails with this message.
    #[serde(skip)]
    pub start_missing: Option<String>,
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
    Java(JavaDetail),
    Dotnet(DotnetDetail),
    Ruby(RubyDetail),
    Php(PhpDetail),
    Elixir(ElixirDetail),
}

#[derive(Debug, Clone, Default)]
pub struct GoDetail {
    /// The package to build, e.g. `.` or `./cmd/api`.
    pub package: String,
    pub binary: String,
    pub has_sum: bool,
    pub vendored: bool,
    /// Built with cgo (`import "C"` or a module that needs it): CGO_ENABLED=1 and a glibc runtime.
    pub cgo: bool,
    /// Debian packages the cgo build needs (headers), and the runtime's shared libraries.
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// Why the runtime is not distroless (what needs the runtime packages), for the stage's comment.
    pub runtime_why: String,
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
    /// package.json has lifecycle scripts of its own that an install runs (`postinstall: prisma
    /// generate`, `prepare: husky`); they are development steps that need devDependencies, so the
    /// production install skips them.
    pub root_scripts: bool,
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
    /// Debian packages that compile native extensions (build stage only), and the shared libraries the
    /// compiled extensions load (runtime).
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// The project compiles an extension of its own: it is built into the venv once the source is copied.
    pub builds_extension: bool,
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

/// How a JVM app's artifact is laid out in the runtime image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum JvmLayout {
    /// A Spring Boot fat jar, extracted into its layers in the build stage.
    BootLayers {
        /// Boot 3.3 and later: `-Djarmode=tools … extract --layers --launcher`; before: `layertools`.
        tools: bool,
    },
    /// A Quarkus fast-jar: `quarkus-app/` with lib/, the runner jar, app/ and quarkus/.
    QuarkusFastJar,
    /// A jar that carries its dependencies (shade, assembly): `java -jar`.
    FatJar,
    /// The app's jar(s) and its runtime dependencies in `lib/` (Gradle installDist, Maven
    /// copy-dependencies), started with `java -cp 'lib/*' MainClass`.
    #[default]
    ClassPath,
}

#[derive(Debug, Clone, Default)]
pub struct JavaDetail {
    /// `java` or `kotlin`: the language flavour of the sources (both build and run the same way).
    pub flavour: String,
    /// The project's wrapper (`./mvnw`, `./gradlew`) or the build image's tool (`mvn`, `gradle`).
    pub tool: String,
    /// Whether `tool` is the project's wrapper (then the build image is a plain JDK).
    pub wrapper: bool,
    /// The catalogue family of the build image (`java` for a JDK, `java-maven`, `java-gradle`).
    pub build_family: String,
    /// Build files and wrapper files copied before the source, in order (folders end with `/`).
    pub manifests: Vec<String>,
    /// The module that is the app (`app`), empty for a single-module project.
    pub module: String,
    /// The command that resolves dependencies into the cache before the source is copied.
    pub resolve: String,
    /// Commands that gather the runtime's files under /out once the build ran (extract the Boot jar's
    /// layers, copy the Quarkus fast-jar, the fat jar or the class path).
    pub package: Vec<String>,
    pub layout: JvmLayout,
    /// The main class for a class-path start.
    pub main_class: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DotnetDetail {
    /// The app's project file, relative to the app's folder (`src/Api/Api.csproj`).
    pub project: String,
    /// The assembly the runtime starts (`<AssemblyName>`, else the project file's name).
    pub assembly: String,
    /// Files copied before the source, folders kept: global.json, NuGet.config, Directory.*.props, the
    /// project files restore reads and their packages.lock.json.
    pub manifests: Vec<String>,
    /// Every project copied has a packages.lock.json: restore in locked mode.
    pub locked: bool,
    /// The target framework to publish when the project multi-targets (`-f net9.0`).
    pub framework_flag: Option<String>,
    /// The runtime's channel (the target framework's, `8.0`), when it differs from the SDK's.
    pub runtime_version: Option<String>,
    /// The runtime base kind: `dotnet-aspnet` for ASP.NET Core, `dotnet-runtime` otherwise.
    pub artifact: String,
    /// Environment the runtime sets (`ASPNETCORE_HTTP_PORTS`).
    pub env: Vec<(String, String)>,
}

/// Ruby apps: what the Bundler install and the Rails build steps need.
#[derive(Debug, Clone, Default)]
pub struct RubyDetail {
    /// Gemfile, Gemfile.lock and the version files the Gemfile reads, copied before the source.
    pub manifests: Vec<String>,
    /// Folders of the project the Gemfile installs gems from (`path:`), copied with the manifests.
    pub vendor: Vec<String>,
    pub locked: bool,
    /// The Bundler release the lockfile was written with, installed in the build stage when the image's
    /// Bundler is another line.
    pub bundler: Option<String>,
    /// Rails conventions: production environment, owned writable folders, the `rails` user.
    pub rails: bool,
    /// `bundle exec bootsnap precompile` for gems and app code.
    pub bootsnap: bool,
    /// `SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile` (an asset pipeline gem is locked).
    pub assets: bool,
    /// Debian packages the build stage needs (compilers, -dev headers of native gems).
    pub build_packages: Vec<String>,
    /// Debian packages the runtime needs (the shared libraries native gems link to).
    pub runtime_packages: Vec<String>,
    /// A script the image starts through (bin/docker-entrypoint, which prepares the database).
    pub entrypoint: Option<String>,
    /// Environment for the runtime (RAILS_ENV, Thruster's TARGET_PORT, …), in order.
    pub env: Vec<(String, String)>,
    /// The variable the server reads its port from (`PORT`, Thruster's `HTTP_PORT`), set to the decided
    /// port by the planner so a `--port` answer reaches it; `None` when the command states the port.
    pub port_var: Option<String>,
    /// Node for a JavaScript build the asset step runs: `(node image, package-manager rule, manifests)`.
    pub node: Option<RubyNode>,
}

/// The Node toolchain a Rails build stage borrows for jsbundling/cssbundling.
#[derive(Debug, Clone, Default)]
pub struct RubyNode {
    pub image: String,
    /// node.toml's package-manager rule id that installs the JavaScript dependencies.
    pub rule: String,
    /// package.json and its lockfile, copied before the source.
    pub manifests: Vec<String>,
}

/// PHP apps: served by Apache with mod_php from the official image, Composer's dependencies installed on
/// the same image in a build stage.
#[derive(Debug, Clone, Default)]
pub struct PhpDetail {
    /// composer.json and composer.lock when present, copied before the source; empty for a plain site.
    pub manifests: Vec<String>,
    /// The folder Apache serves, relative to the app (`public` or `.`).
    pub docroot: String,
    /// Unknown paths go to the docroot's index.php (a framework's front controller).
    pub front_controller: bool,
    /// Extensions to build, in order (names of the stack's `[[extension]]` rows).
    pub extensions: Vec<String>,
    /// An .htaccess turns on RewriteEngine: Apache's mod_rewrite is enabled.
    pub rewrite: bool,
    /// Folders the app writes at run time, owned by the server's user.
    pub writable: Vec<String>,
    pub classmap_authoritative: bool,
    /// Files created empty in the build (Symfony's `.env`, which .dockerignore keeps out).
    pub touch: Vec<String>,
    /// The framework's own build command, run once the autoloader is dumped (`php artisan storage:link`).
    pub framework_build: Option<String>,
    pub env: Vec<(String, String)>,
    /// Front-end assets built by Node and copied into the docroot.
    pub assets: Option<PhpAssets>,
}

/// A Node stage that builds front-end assets (Vite) for a PHP app.
#[derive(Debug, Clone, Default)]
pub struct PhpAssets {
    /// The Node package-manager rule that installs.
    pub rule: String,
    pub manifests: Vec<String>,
    pub node_version: String,
    pub build: String,
    /// Where the build writes, relative to the app (`public/build`).
    pub output: String,
}

/// Elixir apps: what the Mix build and the OTP release need.
#[derive(Debug, Clone, Default)]
pub struct ElixirDetail {
    /// The OTP major the build image carries; the release's ERTS needs the runtime on the same Debian.
    pub otp: u32,
    /// The project pins the OTP major (.tool-versions, mise.toml); otherwise it follows the Elixir line.
    pub otp_pinned: bool,
    /// The `app:` atom: the release is `_build/prod/rel/<app>` and starts with `bin/<app>`.
    pub app: String,
    /// mix.lock is present (deps.get then fetches exactly what it pins).
    pub locked: bool,
    /// An umbrella's apps' mix.exs files (`apps/shop/mix.exs`), copied with the root's before deps.get.
    pub child_manifests: Vec<String>,
    /// Config files deps compile reads (config.exs, prod.exs), copied before the dependency layer.
    pub compile_config: Vec<String>,
    /// config/runtime.exs is present: read when the release boots, copied after the compile.
    pub runtime_config: bool,
    /// Source folders copied after the dependency layer (priv, lib, or an umbrella's apps folder; then
    /// assets and rel), in that order, when present.
    pub sources: Vec<String>,
    /// `mix assets.setup` runs in the dependency layer (the alias exists), `mix assets.deploy` after compile.
    pub assets_setup: bool,
    pub assets_deploy: bool,
    /// Build-stage Debian packages deps need: git for git dependencies, build-essential for NIFs.
    pub build_packages: Vec<String>,
    /// Runtime environment the framework reads (PHX_SERVER).
    pub env: Vec<(String, String)>,
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
            artifact: None,
            start_missing: None,
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
