//! Rules: the detection tables and the image catalogue, read from `detectors/*.toml` embedded in the binary.
//!
//! Code parses manifest formats; these tables map what was parsed to decisions (which lockfile means which
//! package manager, which dependency means which framework, which image serves which version). Unknown keys
//! are errors, so a typo in a rule fails the test suite instead of silently doing nothing.

mod catalogue;
mod check;
mod extras;
mod parts;
mod tools;

pub use catalogue::*;
pub use parts::*;
pub use tools::*;

pub use extras::{LintExample, PublishedTags, SourceComments, StackImages};

use crate::error::{Error, Result};
use crate::facts::{ArtifactKind, StackId};
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
    pub artifact: ArtifactKind,
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
    /// Configuration files (from the project root) a server reads its own port from, in order
    /// (`config.yml`'s `http.port: 6157`, `config.toml`'s `address = "127.0.0.1:8000"`).
    #[serde(default)]
    pub port_configs: Vec<String>,
    /// Names of the local modules an entry file imports its settings from (`require("./config")`): when
    /// the entry states no port, the port is looked for in those modules (one level, relative paths only).
    #[serde(default)]
    pub port_modules: Vec<String>,
    pub entry_files: Vec<String>,
    /// Folders the build writes its packaged app into (`target/`): a Procfile web process running a
    /// file there runs what the stack's own start runs from the image's layout, so that start is kept.
    #[serde(default)]
    pub build_outputs: Vec<String>,
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
    /// Static sites: platform files naming the folder a `build` script publishes (netlify.toml).
    #[serde(default, rename = "publish_config")]
    pub publish_configs: Vec<PublishConfig>,
    /// Static sites: site generators with no build image in the catalogue (Hugo, Jekyll), refused in
    /// one line that says what to do instead of serving their sources as HTML.
    #[serde(default, rename = "generator")]
    pub generators: Vec<SiteGenerator>,
    /// File endings of the stack's source files, searched for `serve_markers`.
    #[serde(default)]
    pub source_exts: Vec<String>,
    /// Patterns this stack adds to .dockerignore.
    pub ignore: Vec<String>,
    #[serde(default)]
    pub preferred_binaries: Vec<String>,
    /// Calls by which one of several main packages accepts connections itself (`ListenAndServe`),
    /// stricter than `listens`: a CLI's `cmd.Run(` is no server. The one that serves is the app.
    #[serde(default)]
    pub serving_calls: Vec<String>,
    /// Words of a binary's name (split at `-` and `_`) that make it a developer tool beside the app
    /// (`wtf-storybook`): never chosen over another server.
    #[serde(default)]
    pub tool_binaries: Vec<String>,
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
    /// Deno only: an unstable API a source calls (`Deno.openKv(`) and the flag `deno run` needs for it
    /// (`--unstable-kv`) unless deno.json's `unstable` list names the feature.
    #[serde(default)]
    pub unstable_apis: BTreeMap<String, String>,
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
    /// Pinned dependency releases too old for the newest toolchain lines: with no version stated, the
    /// default line is lowered to the newest one they run on (see [`ToolchainCeiling`]).
    #[serde(default, rename = "toolchain_ceiling")]
    pub toolchain_ceilings: Vec<ToolchainCeiling>,
    /// Where a manifest or lockfile names a dependency fetched with git: the build stages then install
    /// git, which slim build images lack (see [`GitSource`]).
    #[serde(default, rename = "git_source")]
    pub git_sources: Vec<GitSource>,
    /// JVM only: the opt-in class-data archive (see [`JvmCdsRule`]).
    #[serde(default)]
    pub jvm_cds: Option<JvmCdsRule>,
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
    /// The runtime's own way to stop on SIGTERM as PID 1, preferred to `init` when the start command is
    /// the runtime.
    #[serde(default)]
    pub preload: Option<PreloadRule>,
    /// How the compiler targets another platform than the one it runs on.
    #[serde(default)]
    pub cross: Option<CrossRule>,
    /// Folders every app of the stack writes at run time, under the app's folder (an Elixir release's
    /// `tmp`); the rest of the app is read-only to its user.
    #[serde(default)]
    pub writable: Vec<String>,
    /// Server configuration files whose bind address states the port (gunicorn's `bind`).
    #[serde(default, rename = "server_config")]
    pub server_configs: Vec<ServerConfigRule>,
    /// Stacks whose app this stack's manifest only serves as tooling when it gives no start of its own
    /// (a package.json of linters or an asset bundler beside a Python app): the other stack wins.
    #[serde(default)]
    pub tooling_for: Vec<StackId>,
    /// Static file servers (`serve`, `http-server`): a start script ending in one only serves the built
    /// site, the folder it names.
    #[serde(default)]
    pub file_servers: Vec<String>,
    /// Nx executors whose build writes a Node program (`outputPath`/<main's stem>.js) that node starts.
    #[serde(default)]
    pub nx_node_executors: Vec<String>,
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
    pub artifact: Option<ArtifactKind>,
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
    /// Artifacts whose content mirrors the workspace root rather than the app's folder (Next's standalone
    /// output traced from the root): a workspace app built from the root copies them to /app itself.
    #[serde(default)]
    pub root_artifacts: Vec<String>,
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

/// All rules, parsed once.
#[derive(Debug, Clone)]
pub struct Rules {
    pub stacks: Vec<StackRules>,
    pub images: Catalogue,
}

impl Rules {
    pub fn parse(files: &[(&str, &str)]) -> Result<Rules> {
        let mut stacks = Vec::new();
        let mut names = Vec::new();
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
                names.push(*name);
            }
        }
        let mut images = images.ok_or_else(|| Error::Rules {
            file: "images.toml".into(),
            message: "missing".into(),
        })?;
        for stack in &stacks {
            extras::merge_images(&mut images, stack.id.as_str(), &stack.image);
        }
        let named: Vec<(&str, &StackRules)> = names.into_iter().zip(&stacks).collect();
        check::artifacts(&named, &images)?;
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
