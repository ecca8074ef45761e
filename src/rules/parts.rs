//! The rule tables that only some stacks fill in: .NET globalization, cross-compilation, a static init,
//! native dependencies, git-sourced dependencies, Ruby's and PHP's extension rows, and runtime evidence.

use super::*;

/// .NET's chiseled images carry no ICU and no tzdata and run in invariant globalization mode; their
/// `-extra` variants add both. An app needs the variant when it turns invariant mode off or uses a
/// package that fails in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalizationRule {
    /// The MSBuild property that, set to false, asks for cultures (`InvariantGlobalization`).
    pub property: String,
    /// Packages that need ICU whatever the project says (`Microsoft.Data.SqlClient`).
    pub packages: Vec<String>,
    /// Appended to the runtime artifact (`dotnet-aspnet` → `dotnet-aspnet-extra`), a row of images.toml.
    pub artifact_suffix: String,
}

/// Cross-compilation: the build stages run on the build machine's platform (`$BUILDPLATFORM`) and the
/// compiler is told the image's through environment variables set from BuildKit's platform ARGs, so a
/// multi-platform build compiles natively instead of under emulation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossRule {
    /// The artifacts (runtime rows) this applies to; others (a cgo binary needs a C cross-compiler)
    /// build on the target platform as before.
    pub artifacts: Vec<crate::facts::ArtifactKind>,
    /// Compiler variable = the platform ARG it takes its value from (`GOARCH = "TARGETARCH"`).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Platform ARGs the stack's own build commands read (`dotnet publish -a $TARGETARCH`), declared in
    /// the stage beside those `env` names.
    #[serde(default)]
    pub args: Vec<String>,
    /// Why the stage may run on the build machine's platform, added to its heading comment when no ARG
    /// says it (a jar is the same on every platform).
    #[serde(default)]
    pub why: Option<String>,
    /// What the stack's build command adds to target the image's platform (`-a $TARGETARCH`).
    #[serde(default)]
    pub flag: Option<String>,
    /// Docker's TARGETARCH → the compiler's target for it, for compilers told by a target name and
    /// linking with a cross linker (Rust).
    #[serde(default)]
    pub targets: BTreeMap<String, CrossTarget>,
}

/// One platform a compiler can target from another (see [`CrossRule::targets`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossTarget {
    /// The compiler's name for it (`aarch64-unknown-linux-gnu`).
    pub triple: String,
    /// The GNU prefix of its cross tools (`aarch64-linux-gnu`: the linker is `aarch64-linux-gnu-gcc`).
    pub gnu: String,
    /// Debian packages of its cross linker and C library, installed only when it is not the build
    /// machine's own platform.
    pub packages: Vec<String>,
}

/// A static init from a Debian package: a stage on the build image installs `package`, and the final
/// stage starts the app as `dest -- app…`, so the init is PID 1 and passes signals on to the app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitRule {
    /// The Debian package that carries it.
    pub package: String,
    /// Its static binary in that package (no shared libraries: it runs on any runtime base).
    pub binary: String,
    /// Where the final stage puts it.
    pub dest: String,
}

/// A file the runtime loads before the app (`node --require`, `bun run --preload`) that makes SIGTERM and
/// SIGINT stop the app as their default action would outside a container, unless the app handles them
/// itself. A stage on the build image writes `text` to `path` (a distroless runtime has no shell to write
/// it), and the final stage copies it in and starts `runtime [subcommand] flag path …`. Used instead of the
/// stack's [`InitRule`] when the start command is the runtime itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreloadRule {
    /// The runtime's program name: a start command whose first word is this (or a path ending in `/` and
    /// this) gets the preload.
    pub runtime: String,
    /// A subcommand the flag goes after when the start command has it (`run` for `bun run`).
    #[serde(default)]
    pub subcommand: Option<String>,
    /// The runtime's flag that loads a file before the app.
    pub flag: String,
    /// Where the file goes, in the preload stage and the final stage alike.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Why, for the final stage's comment on the start command.
    pub why: String,
}

/// A dependency that compiles or links native code (a Go module built with cgo, a Python package built
/// from source), and the Debian packages it needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeDependency {
    /// The dependency as its manifest names it: a Go module path (a longer path under it matches too:
    /// `…/v2`), or a normalised Python package name.
    pub dependency: String,
    /// Debian packages the build stage installs (headers, compilers, pkg-config).
    #[serde(default)]
    pub build_packages: Vec<String>,
    /// Debian packages the runtime needs (shared libraries); none means glibc alone suffices.
    #[serde(default)]
    pub runtime_packages: Vec<String>,
    /// The compiled code links libstdc++ (a C++ library), so the runtime must carry it.
    #[serde(default)]
    pub cxx: bool,
    /// The row names a build tool of the project itself (Python's build backend), matched against how the
    /// project is built, never against its dependencies.
    #[serde(default)]
    pub project_build: bool,
}

impl NativeDependency {
    /// Add this row's build and runtime packages to the lists a detector collects, each package once.
    pub fn add_packages(&self, build: &mut Vec<String>, runtime: &mut Vec<String>) {
        for (from, into) in [
            (&self.build_packages, build),
            (&self.runtime_packages, runtime),
        ] {
            for p in from {
                if !into.contains(p) {
                    into.push(p.clone());
                }
            }
        }
    }

    /// Whether the manifest's dependency `name` is this row's (Go: the module or a major version under it).
    pub fn matches(&self, name: &str) -> bool {
        name == self.dependency
            || name
                .strip_prefix(self.dependency.as_str())
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('.'))
    }
}

/// Ruby's tables: what the build and runtime stages install, and which gems change the plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubyRules {
    /// Ruby line → the Bundler line its official image ships.
    pub image_bundler: BTreeMap<String, String>,
    /// Debian packages every build stage installs.
    pub build_packages: Vec<String>,
    /// Gems that mean the app has assets to precompile.
    pub asset_gems: Vec<String>,
    /// Gems whose asset build runs a package.json script (the build stage needs Node).
    pub node_gems: Vec<String>,
    pub thruster: ThrusterRule,
    /// The port a classic Sinatra app started with `ruby app.rb` listens on.
    pub classic_port: u16,
    /// jemalloc: installed for the frameworks whose own Dockerfile preloads it, and when
    /// bin/docker-entrypoint preloads it.
    pub jemalloc: JemallocRule,
    /// Words in a script run with `ruby <file>` that mean it serves (binds a socket or starts a server);
    /// a script with none of them, and no framework, is a one-shot program without a port.
    #[serde(default)]
    pub listens: Vec<String>,
    #[serde(default, rename = "native_gem")]
    pub native_gems: Vec<NativeGemRule>,
}

/// jemalloc as a Ruby app's allocator: the Debian package, the library `LD_PRELOAD` names, and the
/// frameworks whose own generated Dockerfile preloads it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JemallocRule {
    pub package: String,
    /// A bare soname, which the loader finds in the image's own architecture folder.
    pub preload: String,
    pub frameworks: Vec<String>,
}

/// A proxy gem that fronts the app server: its start command, the port it listens on, its environment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrusterRule {
    pub gem: String,
    pub start: Vec<String>,
    pub port: u16,
    /// The environment variable the proxy reads its listening port from.
    pub port_var: String,
    pub env: BTreeMap<String, String>,
}

/// A gem with a native extension: Debian packages to compile it, and the shared libraries it loads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeGemRule {
    pub gem: String,
    pub build: Vec<String>,
    pub runtime: Vec<String>,
    /// Only when the Gemfile names the gem itself (image_processing locks mini_magick as well as
    /// ruby-vips, but uses ImageMagick only when the app asks for it).
    #[serde(default)]
    pub direct_only: bool,
}

/// A PHP extension the image's `docker-php-ext-install` (or `pecl`) builds, and what it needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRule {
    pub name: String,
    /// `-dev` packages the build needs, purged once it is done.
    #[serde(default)]
    pub build_packages: Vec<String>,
    /// Shared libraries the built extension links to, kept in the image (Debian 13 package names).
    #[serde(default)]
    pub runtime_packages: Vec<String>,
    /// Arguments for `docker-php-ext-configure NAME …` before the build (gd's `--with-freetype --with-jpeg`).
    #[serde(default)]
    pub configure: Option<String>,
    /// Built from PECL (`pecl install NAME`, then `docker-php-ext-enable`) rather than PHP's own source.
    #[serde(default)]
    pub pecl: bool,
    /// Code that uses the extension (`new mysqli(`), looked for in the .php files of a site without
    /// composer.json, which has no `ext-*` requirements to read.
    #[serde(default)]
    pub used_by: Vec<String>,
}

/// Signals that an app targets a runtime: any one suffices.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeEvidence {
    /// A dependency or dev dependency.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// A file at the app's root.
    #[serde(default)]
    pub files: Vec<String>,
    /// A package.json script (start, dev, …) whose command starts with one of these words.
    #[serde(default)]
    pub script_commands: Vec<String>,
    /// Text in the app's entry file.
    #[serde(default)]
    pub source_contains: Vec<String>,
}

/// A file that may name a dependency the package manager fetches with git (`git+https://…`, a lockfile's
/// `source = { git = … }`): the build stages install git when one does (slim images have none, and the
/// install fails without it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitSource {
    /// The file, relative to the app's folder.
    pub file: String,
    /// Text that marks a git source: found anywhere in a line (outside comments), or, with `sections`,
    /// at the start of a dependency's value.
    pub markers: Vec<String>,
    /// A JSON manifest's dependency objects (`dependencies`): only their values are searched, so a
    /// `"repository": "github:…"` elsewhere in the file does not count.
    #[serde(default)]
    pub sections: Vec<String>,
    /// With `sections`: a value `owner/repo` (npm's GitHub shorthand) is a git source too.
    #[serde(default)]
    pub shorthand: bool,
    /// The line-comment marker of the file (`#`): lines starting with it are skipped.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A server's configuration file that states its bind address: the file named after one of `flags` in the
/// start command, else `default` when present (the server reads it from its working folder itself).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfigRule {
    /// The program whose configuration this is (`gunicorn`).
    pub server: String,
    /// The start command's flags that name the file (`--config`, `-c`).
    pub flags: Vec<String>,
    /// The file the server reads when no flag names one.
    #[serde(default)]
    pub default: Option<String>,
    /// The setting that holds the address (`bind = "0.0.0.0:8080"` or a list of them).
    pub key: String,
}

/// Static sites: a hosting platform's configuration that names the folder the build publishes
/// (netlify.toml `build.publish`, vercel.json `outputDirectory`). A dotted `key` walks tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishConfig {
    pub file: String,
    pub key: String,
    /// The setting that moves the build into a sub-folder (netlify's `build.base`): when it names one,
    /// the publish folder is not the root app's.
    #[serde(default)]
    pub base: Option<String>,
}

/// A static-site generator dockgen has no build image for: how its sites are recognised, and what
/// lets the Node build run it anyway (an npm package that installs its binary).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteGenerator {
    pub name: String,
    /// The command that builds the site (`hugo`).
    pub command: String,
    /// Configuration files only this generator writes (`hugo.toml`): one at the root is its site.
    #[serde(default)]
    pub configs: Vec<String>,
    /// Configuration files other tools share a name with (`config.toml`): its site only beside one of
    /// `folders`.
    #[serde(default)]
    pub shared_configs: Vec<String>,
    #[serde(default)]
    pub folders: Vec<String>,
    /// npm packages that install the generator's binary with the build's dependencies.
    #[serde(default)]
    pub npm_packages: Vec<String>,
    /// Files that need another toolchain even then, with why (Hugo Modules in go.mod are fetched by Go).
    #[serde(default)]
    pub needs: Vec<GeneratorNeed>,
    /// The folder the generator writes the site to.
    pub output: String,
}

/// A file whose presence needs a toolchain the build image lacks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorNeed {
    pub file: String,
    pub why: String,
}

/// JVM only, opt-in (`--jvm-cds`, `cds = true`): a class-data archive from a training run in the runtime
/// stage (the archive is valid only for the JVM that wrote it), for Spring Boot from `min_boot`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JvmCdsRule {
    /// The oldest Spring Boot with `-Djarmode=tools extract` and the CDS-friendly layout.
    pub min_boot: String,
    /// The build stage's packaging: the jar extracted with its manifest naming lib/ (`{jar}`: the jar).
    pub extract: Vec<String>,
    /// What the runtime runs, in both the training run and the start (after the archive's flags).
    pub run: Vec<String>,
    /// Flags of the training run only (stop once the context refreshed).
    pub train: Vec<String>,
    /// The archive kinds, the first whose `min_java` the JDK meets wins.
    pub cache: Vec<JvmCacheRule>,
}

/// One archive kind: the flag that writes it in the training run and the one that reads it at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JvmCacheRule {
    pub min_java: u32,
    pub record: Vec<String>,
    pub start: Vec<String>,
}

/// A dependency whose releases before `below` run on no toolchain line newer than `line` (no wheel built
/// for it, or an import the newer line's environment lacks). A project that pins such a release and
/// states no toolchain version gets `line` instead of the default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolchainCeiling {
    /// The dependency, as the stack normalises names (PEP 503 for Python).
    pub dependency: String,
    /// The first release that runs on newer lines.
    pub below: String,
    /// The newest toolchain line the older releases run on.
    pub line: String,
    /// Dependencies that lift the ceiling when the project has them too (setuptools brings back the
    /// pkg_resources an old gunicorn imports).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Why, for the evidence.
    pub why: String,
}
