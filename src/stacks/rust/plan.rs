//! Rust plan: dependencies compile against stubbed targets in a layer of their own (cargo-chef's idea,
//! without installing cargo-chef: the plan already knows every target), then the real build, then the
//! binary alone on distroless cc.

use super::RustDetail;
use crate::facts::Facts;
use crate::plan::{
    apt_install, copy, copy_in_place, env, run, ship_binary, workdir, Base, Instr, Stage, Step,
    APT_CACHES,
};
use crate::rules::CrossRule;

/// Cargo's caches, mounted on every step that builds, so a rebuild downloads nothing it already has.
const REGISTRY: [&str; 2] = ["/usr/local/cargo/registry", "/usr/local/cargo/git"];

pub(crate) fn stages(facts: &Facts, d: &RustDetail, base: &Base) -> Vec<Stage> {
    vec![
        Stage::build(
            base,
            "Build stage: the Rust toolchain and compiled dependencies stay here",
            build_steps(facts, d, base),
        ),
        Stage::runtime(
            base,
            if d.runtime_packages.is_empty() {
                "Runtime: distroless cc (glibc, libgcc), non-root, nothing but the binary"
            } else {
                "Runtime: Debian slim, not distroless: the binary loads shared libraries only apt can add"
            },
            runtime_steps(facts, d, base),
        ),
    ]
}

/// The build stage, in layer order: what the toolchain needs, the dependency layer (manifests, then a
/// build of stubbed targets), then the real source and the real build. The order is the cache's: each
/// layer changes less often than the next.
fn build_steps(facts: &Facts, d: &RustDetail, base: &Base) -> Vec<Step> {
    let locked = if d.locked { " --locked" } else { "" };
    let build = format!("cargo build --release{locked} --bin {}", d.binary);
    let mut steps = toolchain_steps(d, base);
    steps.extend(copy_in_place(
        &d.manifests,
        "Manifests and lockfile first: the dependency layer depends on nothing else",
    ));
    steps.push(Step::new(
        "Stub every target and build: only the dependencies compile, into a layer source edits keep",
        run(
            &stub_commands(d, &build)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &REGISTRY,
        ),
    ));
    steps.push(Step::new(
        "The real source",
        copy(None, &[".".into()], ".", None),
    ));
    // The real build is the one the facts carry (the detector's, or an answer's `--build`); the stubbed
    // dependency build above stays the stack's own.
    let build = facts.build.clone().unwrap_or(build);
    steps.push(real_build(d, base, &build));
    steps
}

/// Before any source: the workdir, the system libraries crates link, the pinned toolchain kept as the
/// image's, and the cross-compilation target. These depend on the detection alone, so they sit first.
fn toolchain_steps(d: &RustDetail, base: &Base) -> Vec<Step> {
    let mut steps = vec![Step::then(workdir("/app"))];
    if !d.build_packages.is_empty() {
        steps.push(apt_install(
            "Headers and pkg-config files of the system libraries crates link (the image's Debian release)",
            &d.build_packages,
        ));
    }
    if d.pins_toolchain {
        steps.push(Step::new(
            "The image already carries the toolchain rust-toolchain pins; keep rustup from fetching it again",
            env(&[("RUSTUP_TOOLCHAIN", "${RUST_VERSION}".into())]),
        ));
    }
    if let Some(cross) = &base.cross {
        steps.push(cross_target(cross));
    }
    steps
}

/// The dependency layer's commands: make each stub's directory, write an empty library or `fn main`
/// for every target, then `build`. Cargo then compiles only the dependencies, which no source edit
/// invalidates.
fn stub_commands(d: &RustDetail, build: &str) -> Vec<String> {
    let mut dirs: Vec<String> = d
        .stubs
        .iter()
        .filter_map(|(p, _)| p.rsplit_once('/').map(|(dir, _)| dir.to_string()))
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut cmds = Vec::new();
    if !dirs.is_empty() {
        cmds.push(format!("mkdir -p {}", dirs.join(" ")));
    }
    for (path, is_lib) in &d.stubs {
        cmds.push(if *is_lib {
            format!("touch {path}")
        } else {
            format!("echo 'fn main() {{}}' > {path}")
        });
    }
    cmds.push(build.to_string());
    cmds
}

/// The real build over the copied source: touch the stubbed files so cargo sees them newer than the
/// stubs' build, run `build`, and install the binary to /out, where the runtime stage takes it from.
fn real_build(d: &RustDetail, base: &Base, build: &str) -> Step {
    let paths: Vec<&str> = d.stubs.iter().map(|(p, _)| p.as_str()).collect();
    let touch = format!("touch {}", paths.join(" "));
    // Built for a named target (cross-compiling), cargo writes under target/<triple>/: the one triple
    // directory the stage's cargo config names.
    let dir = if base.cross.is_some() {
        "target/*/release"
    } else {
        "target/release"
    };
    let out = format!("install -D {dir}/{0} /out/{0}", d.binary);
    Step::new(
        "Newer timestamps make cargo rebuild the app's own crates over the stubs",
        run(&[&touch, build, &out], &REGISTRY),
    )
}

/// The runtime stage: the shared libraries the binary loads (if any), the non-root user, the port and
/// the crate's own environment, then the binary alone. Nothing of the build comes along.
fn runtime_steps(facts: &Facts, d: &RustDetail, base: &Base) -> Vec<Step> {
    let mut fin = vec![Step::then(workdir("/app"))];
    if !d.runtime_packages.is_empty() {
        fin.push(apt_install(
            "The shared libraries the crates load, matching the build stage's Debian release",
            &d.runtime_packages,
        ));
    }
    fin.extend(base.user_steps());
    let mut vars = Vec::new();
    if let Some(port) = facts.port {
        vars.push(("PORT", port.to_string()));
    }
    vars.extend(d.env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    if !vars.is_empty() {
        fin.push(Step::new(
            "The port the server reads, stated for the platform too",
            env(&vars),
        ));
    }
    ship_binary(
        &mut fin,
        facts,
        base.user,
        if d.runtime_packages.is_empty() {
            "Only the binary, on glibc: no toolchain, no source, no shell"
        } else {
            "Only the binary: no toolchain, no source"
        },
        "/out",
        &d.binary,
    );
    fin
}

/// Cargo's target for the image's platform (Docker's TARGETARCH, or the build machine's without BuildKit),
/// written into the stage's cargo config so every later `cargo build` builds for it. From another platform
/// it also needs that target's standard library (rustup) and a linker for it (Debian's cross gcc, with
/// the image's Debian release's glibc); on its own platform the image already has both.
fn cross_target(cross: &CrossRule) -> Step {
    let mut arms: Vec<String> = cross
        .targets
        .iter()
        .map(|(arch, t)| {
            format!(
                "{arch}) t={} gnu={} && set -- {} ;;",
                t.triple,
                t.gnu,
                t.packages.join(" ")
            )
        })
        .collect();
    arms.push("*) echo \"no Rust target is known for $arch\" >&2 && exit 1 ;;".into());
    let commands = [
        "arch=${TARGETARCH:-$(dpkg --print-architecture)}".to_string(),
        format!("case \"$arch\" in {} esac", arms.join(" ")),
        "printf '[build]\\ntarget = \"%s\"\\n' \"$t\" >> \"$CARGO_HOME/config.toml\"".into(),
        "if [ \"$arch\" != \"$(dpkg --print-architecture)\" ]; then \
         rm -f /etc/apt/apt.conf.d/docker-clean \
         && apt-get update && apt-get install -y --no-install-recommends \"$@\" \
         && rustup target add \"$t\" \
         && printf '[target.%s]\\nlinker = \"%s-gcc\"\\n' \"$t\" \"$gnu\" >> \"$CARGO_HOME/config.toml\"; fi"
            .into(),
    ];
    let refs: Vec<&str> = commands.iter().map(String::as_str).collect();
    let mut instr = run(&refs, APT_CACHES);
    if let Instr::Run {
        hadolint_ignore,
        caches,
        ..
    } = &mut instr
    {
        hadolint_ignore.push("DL3008".into());
        caches.iter_mut().for_each(|c| c.locked = true);
    }
    Step::new(
        "Cargo builds for the image's platform; from another one, with its standard library and Debian's cross linker",
        instr,
    )
}
