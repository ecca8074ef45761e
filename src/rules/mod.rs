//! Rules: the detection tables and the image catalogue, read from `detectors/*.toml` embedded in the binary.
//!
//! Code parses manifest formats; these tables map what was parsed to decisions (which lockfile means which
//! package manager, which dependency means which framework, which image serves which version). Unknown keys
//! are errors, so a typo in a rule fails the test suite instead of silently doing nothing.

mod extras;

pub use extras::{LintExample, PublishedTags, SourceComments, StackImages};

use crate::error::{Error, Result};
use crate::facts::StackId;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One stack's rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackRules {
    /// The stack these rules are for (`stack = "go"`), as the registry names it.
    #[serde(rename = "stack")]
    pub id: StackId,
    /// The stack's name as people write it (the README's table).
    pub name: String,
    /// Files whose presence at an app's root selects this stack.
    pub signals: Vec<String>,
    /// Files that make a folder an app of this stack even without its manifest (`main.go` with no go.mod,
    /// `server.py` with no requirements.txt): tried only where no stack's signal finds an app, and planned
    /// with a warning naming what is missing.
    #[serde(default)]
    pub bare_signals: Vec<String>,
    /// Folders the scan never descends into for this stack: its dependencies, build output and caches.
    #[serde(default)]
    pub pruned: Vec<String>,
    /// What else selects the stack, in words, for the README (the signals the detector reads in code).
    #[serde(default)]
    pub describe: String,
    /// Where several stacks claim one folder and none has a server framework the others lack, the lowest
    /// rank wins; equal ranks are an ambiguity the user settles (see src/detect/mod.rs).
    pub rank: u32,
    /// Stacks this one takes the folder from whenever its detector finds an app (Bun and Deno apps and
    /// static sites carry a package.json that the Node detector would also claim). Those detectors do not
    /// run then; `--stack` still chooses them.
    #[serde(default)]
    pub supersedes: Vec<StackId>,
    /// Whether a framework row names a server (and so outranks a stack without one). Static-site build
    /// tools are not servers: a Go API with a Vite front end at its root is a Go app.
    #[serde(default = "yes")]
    pub frameworks_serve: bool,
    /// What installs dependencies when the stack has no package-manager rows (the README's table).
    #[serde(default)]
    pub installs_with: Option<String>,
    /// The kind of runtime base the final stage uses (a `[[runtime]]` artifact in images.toml).
    pub artifact: String,
    /// The build-image family in images.toml, when it is not the stack's own (a static site builds on node).
    #[serde(default)]
    pub build_images: Option<String>,
    /// What shows an app runs on this stack's runtime rather than on Node (Bun).
    #[serde(default)]
    pub runtime_evidence: Option<RuntimeEvidence>,
    pub default_port: u16,
    /// Words in a program's source that show it accepts connections (`TcpListener`, `ListenAndServe`):
    /// a program with no server framework and none of them never listens, so it gets no port.
    #[serde(default)]
    pub listens: Vec<String>,
    pub entry_files: Vec<String>,
    /// Words in a source file that mean the app serves (`listen(`, `Bun.serve`): a project with no server
    /// framework and none of them in its sources is a worker, given no port. Empty: always a server.
    #[serde(default)]
    pub serve_markers: Vec<String>,
    /// Static sites: build-script flags that name the output folder (`--outDir out`).
    #[serde(default)]
    pub output_flags: Vec<String>,
    /// Static sites: build configuration files whose `outDir: "…"` names the output folder.
    #[serde(default)]
    pub output_configs: Vec<String>,
    /// File endings of the stack's source files, searched for `serve_markers`.
    #[serde(default)]
    pub source_exts: Vec<String>,
    /// Patterns this stack adds to .dockerignore.
    pub ignore: Vec<String>,
    #[serde(default)]
    pub preferred_binaries: Vec<String>,
    /// Commands that, chained before the server in a start command (`rails db:migrate && rails server`),
    /// are release steps: run once per deploy, never at every container start (substrings of the command).
    #[serde(default)]
    pub release_commands: Vec<String>,
    /// Commands that, chained before the server in a start command (`npm run scss && node app.js`), are
    /// build steps the image's build must run, not the start (substrings of the command).
    #[serde(default)]
    pub prestart_build_commands: Vec<String>,
    /// Programs a start script may run the server with (`node`, and TypeScript runners such as `tsx`,
    /// `ts-node`): a script starting with another word is not taken as the start.
    #[serde(default)]
    pub start_runners: BTreeMap<String, String>,
    /// Node only: corepack ships with images below this major; above, it is installed with this command.
    #[serde(default)]
    pub corepack_bundled_below: Option<u64>,
    #[serde(default)]
    pub corepack_install: Option<String>,
    /// The oldest toolchain line that reads each lockfile format version (Bun's `lockfileVersion`).
    #[serde(default)]
    pub lockfile_minimum: BTreeMap<String, String>,
    pub toolchain: ToolchainRule,
    #[serde(default, rename = "package_manager")]
    pub package_managers: Vec<PackageManagerRule>,
    #[serde(default, rename = "framework")]
    pub frameworks: Vec<FrameworkRule>,
    /// Dependencies that compile native code: the Debian packages their build needs (build stage only)
    /// and the shared libraries they load at run time.
    #[serde(default, rename = "native")]
    pub natives: Vec<NativeDependency>,
    /// Ruby only: Bundler lines of the images, system packages, asset and native gems, Thruster.
    #[serde(default)]
    pub ruby: Option<RubyRules>,
    /// PHP: extensions compiled into the official image, which `ext-*` requirements need nothing for.
    #[serde(default)]
    pub bundled_extensions: Vec<String>,
    /// PHP: extensions `ext-*` requirements install, with the Debian packages each needs.
    #[serde(default, rename = "extension")]
    pub extensions: Vec<ExtensionRule>,
    /// A static init the app runs under, for runtimes that as PID 1 ignore SIGTERM.
    #[serde(default)]
    pub init: Option<InitRule>,
    /// How the compiler targets another platform than the one it runs on.
    #[serde(default)]
    pub cross: Option<CrossRule>,
    /// Folders every app of the stack writes at run time, under the app's folder (an Elixir release's
    /// `tmp`); the rest of the app is read-only to its user.
    #[serde(default)]
    pub writable: Vec<String>,
    /// Committed configuration the build reads that the secret patterns would keep out of the context
    /// (`.env.production`: Next and Vite read it at build time); .dockerignore excepts them.
    #[serde(default)]
    pub build_config: Vec<String>,
    /// .NET: what makes an app need the runtime variant with ICU and time zones.
    #[serde(default)]
    pub globalization: Option<GlobalizationRule>,
    /// The stack's own image rows, merged into the shared catalogue at load.
    #[serde(default)]
    pub image: StackImages,
    /// Published tags of the images the stack's rows name, for checking them (tests/catalogue.rs).
    #[serde(default)]
    pub published: Vec<PublishedTags>,
    /// Source-file endings and their line-comment marker: `verify` edits one such file to check that a
    /// source-only change leaves the dependency layer cached.
    #[serde(default)]
    pub source_comments: SourceComments,
    /// Dependency folders a project of this stack keeps beside its code (node_modules, target): lint
    /// wants them in .dockerignore.
    #[serde(default)]
    pub dependency_dirs: Vec<String>,
    /// What lint quotes in a fix for this stack's Dockerfiles, and the repositories it knows them by.
    #[serde(default)]
    pub lint: Option<LintExample>,
}

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
    pub artifacts: Vec<String>,
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
    /// The Debian package with jemalloc, installed when bin/docker-entrypoint preloads it.
    pub jemalloc: String,
    #[serde(default, rename = "native_gem")]
    pub native_gems: Vec<NativeGemRule>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolchainRule {
    pub name: String,
    pub default: String,
    /// Version sources in the order they are trusted.
    pub sources: Vec<String>,
    /// Names the tool goes by in .tool-versions and mise.toml.
    pub tool_names: Vec<String>,
    /// Versions a range (engines, requires-python) is resolved against; empty for floor-only toolchains.
    pub known: Vec<String>,
    /// Vendor prefixes a version in .tool-versions or mise.toml may carry (`temurin-21.0.5+11`), read
    /// without the prefix.
    #[serde(default)]
    pub distributions: Vec<String>,
    /// Lines past their end of life that images still exist for: used when asked for, with a warning, and
    /// never chosen for a range that admits a supported line.
    #[serde(default)]
    pub end_of_life: Vec<String>,
    /// Sources that hold the version alone on their first line (`.nvmrc`, `.python-version`).
    #[serde(default)]
    pub version_files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageManagerRule {
    pub id: String,
    /// The flag that makes the production install skip lifecycle scripts (the project's own need
    /// devDependencies it leaves out), and the command that then runs the dependencies' own install
    /// scripts (native modules), which that flag skipped too.
    #[serde(default)]
    pub ignore_scripts: Option<String>,
    #[serde(default)]
    pub rebuild: Option<String>,
    pub lockfiles: Vec<String>,
    #[serde(default)]
    pub extra_files: Vec<String>,
    #[serde(default)]
    pub manifests: Vec<String>,
    #[serde(default)]
    pub install: String,
    #[serde(default)]
    pub install_prod: String,
    #[serde(default)]
    pub install_unlocked: String,
    #[serde(default)]
    pub install_prod_unlocked: String,
    pub cache: String,
    /// The tool does not lock its own cache (yarn classic), so its mount is `sharing=locked`: BuildKit
    /// runs a Dockerfile's stages in parallel, and two installs on one cache corrupt it.
    #[serde(default)]
    pub cache_locked: bool,
    #[serde(default)]
    pub run: String,
    #[serde(default)]
    pub corepack: bool,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub tool: Vec<String>,
    #[serde(default)]
    pub export: String,
    /// Python: install the project itself once the source is copied (its dependencies are already in).
    #[serde(default)]
    pub install_project: String,
    /// Python: the files the tool's binary image (`image`) provides, copied to /bin/ (uv's `/uv /uvx`),
    /// and the environment its installs read in the build stage (bytecode, link mode, venv location).
    #[serde(default)]
    pub image_files: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Python: the command that adds a package the lock lacks (the server the start needs) to the venv
    /// (`uv pip install`; pip when unset).
    #[serde(default)]
    pub add_package: Option<String>,
    /// Files the install reads that may hold credentials (.npmrc with an auth token): never copied into a
    /// layer, kept out of the build context, and mounted as BuildKit secrets for the install only.
    #[serde(default)]
    pub secret_files: Vec<SecretFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretFile {
    pub file: String,
    /// Where the install finds it (`/root/.npmrc`: user-level config, read by npm, pnpm and yarn classic).
    pub target: String,
}

impl PackageManagerRule {
    /// The package manager this row installs with: its id without a variant (`yarn-berry` is yarn,
    /// `pip-pyproject` pip).
    pub fn name(&self) -> crate::facts::PackageManager {
        crate::facts::PackageManager::named(self.id.split('-').next().unwrap_or(&self.id))
    }
}

impl SecretFile {
    /// The secret's id for `--mount=type=secret,id=…` and `docker build --secret id=…`.
    pub fn id(&self) -> &str {
        self.file.trim_start_matches('.')
    }
}

/// Only apply a framework row when one of `files` contains `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileContains {
    pub files: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkRule {
    pub id: String,
    pub name: String,
    pub dependencies: Vec<String>,
    /// Dependencies that must all be present too (Vue is a Vite app only with vite).
    #[serde(default)]
    pub also: Vec<String>,
    /// Dependencies whose presence rules the row out (Astro with a server adapter is not a static site).
    #[serde(default)]
    pub unless: Vec<String>,
    pub priority: u32,
    /// The port the framework serves on; 0 (left out) for a framework that serves nothing (`serves`).
    #[serde(default)]
    pub port: u16,
    /// Whether the framework is a server (a .NET worker service is not): a stack's app with such a
    /// framework outranks one without, and has a port.
    #[serde(default = "yes")]
    pub serves: bool,
    /// The runtime base (a `[[runtime]]` artifact in images.toml) this framework needs instead of the
    /// stack's (`dotnet-aspnet`: ASP.NET Core apps need the ASP.NET Core shared framework).
    #[serde(default)]
    pub artifact: Option<String>,
    /// Static sites: the folder the build writes (`{project}` is the Angular project's name). PHP: the
    /// folder the front-end asset build (Vite) writes, copied from a Node stage.
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub when_file_contains: Option<FileContains>,
    #[serde(default)]
    pub start: Vec<String>,
    #[serde(default)]
    pub build: Option<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Build output the runtime takes instead of the whole app: (path in the build stage, path in /app).
    #[serde(default)]
    pub artifacts: Vec<(String, String)>,
    /// Like `artifacts`, for source folders that only some projects have.
    #[serde(default)]
    pub optional_artifacts: Vec<(String, String)>,
    #[serde(default = "yes")]
    pub needs_node_modules: bool,
    /// The signal dependencies count when listed under devDependencies too: build-time adapters and
    /// bundling frameworks (SvelteKit's adapter-node, Nuxt) that scaffolds list there.
    #[serde(default)]
    pub dev_dependencies: bool,
    #[serde(default)]
    pub warning: Option<String>,
    /// The production server package the start command needs (installed when the project lacks it).
    #[serde(default)]
    pub server: Option<String>,
    /// How `{app}` in `start` is located: `django`, or the class whose instance is the app (`Flask`).
    #[serde(default)]
    pub app: Option<String>,
    /// PHP: the folder the web server serves (`public`), holding the front controller.
    #[serde(default)]
    pub docroot: Option<String>,
    /// Folders the app writes at run time, created and owned by the app's user; the rest of its code
    /// is read-only to it (PHP's storage/, Next's .next/cache).
    #[serde(default)]
    pub writable: Vec<String>,
    /// Committed configuration the framework reads that the secret patterns would keep out of the
    /// context (Symfony's `.env` defaults); .dockerignore excepts them.
    #[serde(default)]
    pub build_config: Vec<String>,
    /// PHP: the framework loads no class outside Composer's classmap, so the autoloader may be
    /// `--classmap-authoritative` (Symfony documents it; Laravel's real-time facades are generated later).
    #[serde(default)]
    pub classmap_authoritative: bool,
    /// PHP: files the framework reads at boot that .dockerignore keeps out (Symfony's `.env`), created
    /// empty so that configuration comes from the environment.
    #[serde(default)]
    pub touch: Vec<String>,
}

fn yes() -> bool {
    true
}

/// A catalogue row: an image family and the versions it publishes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRule {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub artifact: Option<String>,
    pub image: String,
    pub versions: Vec<String>,
    #[serde(default)]
    pub user: Option<UserRule>,
    #[serde(default)]
    pub create_user: bool,
    #[serde(default)]
    pub binary: Option<String>,
    /// Image tags that carry a full release rather than a version line: line → release (deno's `2.7.12`).
    #[serde(default)]
    pub pins: BTreeMap<String, String>,
    /// A configuration file the image needs to serve the app this way (nginx unprivileged, SPA fallback).
    #[serde(default)]
    pub config: Option<ConfigFile>,
    /// Where a static server serves files from.
    #[serde(default)]
    pub root: Option<String>,
    /// The server's own start command (exec form), replacing the image's entrypoint.
    #[serde(default)]
    pub start: Vec<String>,
    /// The Debian release whose glibc a binary on this base links against (`trixie`): a build image of
    /// another release gets a note, since a binary linked to a newer glibc does not start on an older one.
    #[serde(default)]
    pub glibc_of: Option<String>,
}

/// A file written into the image from the catalogue, `{port}` replaced.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UserRule {
    pub uid: u32,
    pub gid: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BunRule {
    pub default: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub build: Vec<ImageRule>,
    pub runtime: Vec<ImageRule>,
    pub bun: BunRule,
    pub bases: crate::image::Bases,
    /// Toolchain lines past their upstream end of life: a plan on one warns, naming the supported line.
    #[serde(default)]
    pub eol: Vec<EolRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EolRule {
    /// The toolchain's name as detection records it (`go`, `node`, `dotnet`, `python`).
    pub toolchain: String,
    /// A line (`1.24`, `20`, `8.0`) that no longer gets security fixes, and the month it stopped.
    pub line: String,
    pub ended: String,
    /// The line to move to, as the warning names it.
    pub supported: String,
}

impl Catalogue {
    /// The warning for a toolchain version on an end-of-life line (`1.24.3` is on `1.24`).
    pub fn eol_warning(&self, toolchain: &str, version: &str) -> Option<String> {
        let rule = self.eol.iter().find(|r| {
            r.toolchain == toolchain
                && (version == r.line
                    || version
                        .strip_prefix(r.line.as_str())
                        .is_some_and(|rest| rest.starts_with('.')))
        })?;
        Some(format!(
            "{toolchain} {} reached its end of life in {}: it gets no security fixes; move to {} (pin it where the project names its version)",
            rule.line, rule.ended, rule.supported
        ))
    }
}

/// All rules, parsed once.
#[derive(Debug, Clone)]
pub struct Rules {
    pub stacks: Vec<StackRules>,
    pub images: Catalogue,
}

impl Rules {
    pub fn parse(files: &[(&str, &str)]) -> Result<Rules> {
        let mut stacks = Vec::new();
        let mut images = None;
        for (name, text) in files {
            let err = |e: toml::de::Error| Error::Rules {
                file: (*name).to_string(),
                message: e.message().lines().next().unwrap_or("").to_string(),
            };
            if *name == "images.toml" {
                images = Some(toml::from_str::<Catalogue>(text).map_err(err)?);
            } else {
                stacks.push(toml::from_str::<StackRules>(text).map_err(err)?);
            }
        }
        let mut images = images.ok_or_else(|| Error::Rules {
            file: "images.toml".into(),
            message: "missing".into(),
        })?;
        for stack in &stacks {
            extras::merge_images(&mut images, stack.id.as_str(), &stack.image);
        }
        Ok(Rules { stacks, images })
    }

    /// The catalogue family that builds a stack (its own language unless the stack names another).
    pub fn build_family(&self, language: StackId) -> &str {
        let stack = self.stack(language);
        stack.build_images.as_deref().unwrap_or(stack.id.as_str())
    }

    /// Every package manager an answer may name, by stack, from the rules: the one list `--help`, the
    /// prompt and the errors show (`npm, yarn, pnpm, bun (node); pip, … (python); …`).
    pub fn package_manager_list(&self) -> String {
        self.stacks
            .iter()
            .filter_map(|s| {
                let names = s.package_manager_names();
                (!names.is_empty()).then(|| format!("{} ({})", names.join(", "), s.id.as_str()))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn stack(&self, language: StackId) -> &StackRules {
        self.stacks
            .iter()
            .find(|s| s.id == language)
            .expect("every language has a rule file (checked by tests)")
    }
}

impl StackRules {
    pub fn package_manager(&self, id: &str) -> Option<&PackageManagerRule> {
        self.package_managers.iter().find(|p| p.id == id)
    }

    /// The package managers an answer may name for this stack (variants such as yarn-berry are yarn).
    pub fn package_manager_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for p in &self.package_managers {
            let name = p.name().as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    pub fn framework(&self, id: &str) -> Option<&FrameworkRule> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

impl Rules {
    /// Nothing any stack recognises at `path`; the message lists every signal file the rules know.
    pub fn nothing_detected(&self, path: impl Into<std::path::PathBuf>) -> Error {
        nothing_detected_in(self, path)
    }
}

fn nothing_detected_in(rules: &Rules, path: impl Into<std::path::PathBuf>) -> Error {
    let mut files: Vec<String> = rules
        .stacks
        .iter()
        .flat_map(|s| s.signals.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Error::NothingDetected {
        path: path.into(),
        looked_for: files.join(", "),
    }
}

/// Whether a file name matches a signal: a name, or `*.ext` for any file with that ending (`*.csproj`).
pub fn signal_matches(signal: &str, name: &str) -> bool {
    match signal.strip_prefix('*') {
        Some(ext) => name.len() > ext.len() && name.ends_with(ext),
        None => signal == name,
    }
}

impl Catalogue {
    /// The build image for `language` at `version`: the first family that publishes it, else the nearest
    /// newer version published (with a note saying so).
    pub fn build_image(&self, language: &str, version: &str) -> Option<(String, Option<String>)> {
        pick(
            self.build
                .iter()
                .filter(|r| r.language.as_deref() == Some(language)),
            version,
        )
        .map(|(rule, v, note)| (rule.image.replace("{v}", rule.tag_version(&v)), note))
    }

    /// The runtime base for an artifact kind at `version` (ignored for version-free artifacts).
    pub fn runtime(
        &self,
        artifact: &str,
        version: &str,
    ) -> Option<(&ImageRule, String, Option<String>)> {
        pick(
            self.runtime
                .iter()
                .filter(|r| r.artifact.as_deref() == Some(artifact)),
            version,
        )
        .map(|(rule, v, note)| (rule, rule.image.replace("{v}", rule.tag_version(&v)), note))
    }
}

impl ImageRule {
    /// The version the tag carries for a version line: its pinned release, else the line itself.
    pub fn tag_version<'a>(&'a self, line: &'a str) -> &'a str {
        self.pins.get(line).map_or(line, String::as_str)
    }

    /// Every concrete image this row can produce (for checking the catalogue against published tags).
    pub fn concrete(&self) -> Vec<String> {
        if self.versions.is_empty() {
            return vec![self.image.clone()];
        }
        self.versions
            .iter()
            .map(|v| self.image.replace("{v}", self.tag_version(v)))
            .collect()
    }
}

/// The first rule publishing `version`; failing that, the smallest newer version any rule publishes.
fn pick<'a>(
    rules: impl Iterator<Item = &'a ImageRule> + Clone,
    version: &str,
) -> Option<(&'a ImageRule, String, Option<String>)> {
    if let Some(rule) = rules
        .clone()
        .find(|r| r.versions.is_empty() || r.versions.iter().any(|v| v == version))
    {
        return Some((rule, version.to_string(), None));
    }
    let wanted = crate::version::Version::parse(version)?;
    let mut best: Option<(&ImageRule, crate::version::Version, String)> = None;
    for rule in rules {
        for v in &rule.versions {
            let Some(parsed) = crate::version::Version::parse(v) else {
                continue;
            };
            if parsed > wanted && best.as_ref().is_none_or(|(_, b, _)| parsed < *b) {
                best = Some((rule, parsed, v.clone()));
            }
        }
    }
    best.map(|(rule, _, v)| {
        let note =
            format!("no image publishes version {version}; using {v}, the nearest newer one");
        (rule, v, Some(note))
    })
}
