//! The pipeline's steps that reach every stack: plan one app's facts through its stack's planner.
//!
//! It sits above the stacks and the plan vocabulary they share, so dispatching to a stack closes no
//! import cycle.

use crate::error::{Error, Result};
use crate::facts::{Detail, Facts};
use crate::plan::{ignore_blocks, Base, Images, Plan};
use crate::plan::{deno, dotnet, elixir, go, java, node, php, python, ruby, rust, static_site};
use crate::rules::{Rules, UserRule};

/// Turn facts into a plan for their stack.
pub fn plan(facts: &Facts, rules: &Rules, runtime_override: Option<&str>) -> Result<Plan> {
    let stack = rules.stack(facts.language);
    let version = facts
        .toolchain
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_else(|| stack.toolchain.default.clone());
    let mut notes = facts.warnings.clone();
    // Elixir's images are keyed by the Elixir line and the OTP major (`1.18-otp-27`), and its runtime by
    // the OTP major alone (`otp-27`): the Debian release the OTP image builds on.
    let (build_key, runtime_key) = match &facts.detail {
        Detail::Elixir(d) => elixir::image_keys(facts, d, &version, rules)?,
        _ => (version.clone(), version.clone()),
    };
    // A JVM app builds on the Maven or Gradle image, or on a plain JDK when it brings its own wrapper.
    let family = match &facts.detail {
        Detail::Java(d) => d.build_family.as_str(),
        _ => rules.build_family(facts.language),
    };
    let (build, note) = rules
        .images
        .build_image(family, &build_key)
        .ok_or_else(|| Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!(
                "no {} image is known for version {build_key}; pass --toolchain-version",
                stack.toolchain.name
            ),
        })?;
    notes.extend(note);
    // .NET's runtime differs from its SDK in kind (ASP.NET Core or not) and may in version; a stack's
    // detector may name another runtime row than the stack's (a Go binary built with cgo needs glibc).
    let (artifact, runtime_version) = match &facts.detail {
        Detail::Dotnet(d) => (
            d.artifact.as_str(),
            d.runtime_version.clone().unwrap_or_else(|| version.clone()),
        ),
        _ => (
            facts.artifact.as_deref().unwrap_or(stack.artifact.as_str()),
            runtime_key,
        ),
    };
    let (rule, runtime, note) = rules
        .images
        .runtime(artifact, &runtime_version)
        .ok_or_else(|| Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!("no runtime image is known for {artifact} {runtime_version}"),
        })?;
    notes.extend(note);
    if let Some(release) = rule.glibc_of.as_deref().filter(|r| !build.contains(*r)) {
        notes.push(format!(
            "{build} is not Debian {release} like the runtime {runtime}: the binary runs on the newer glibc, but libraries from Debian packages may differ between releases; a toolchain version with a {release} image avoids this"
        ));
    }
    let mut base = Base {
        build,
        runtime,
        user: rule.user.unwrap_or(UserRule {
            uid: 10001,
            gid: 10001,
        }),
        create_user: rule.create_user,
        runtime_binary: rule.binary.clone(),
        server: rule.clone(),
        version,
    };
    if let Some(image) = runtime_override {
        base.runtime = image.to_string();
        base.runtime_binary = None;
        if !image.contains("distroless") {
            base.create_user = true;
            base.user = UserRule {
                uid: 10001,
                gid: 10001,
            };
        }
    }
    let secrets: Vec<(String, String)> = match &facts.detail {
        Detail::Node(d) => d
            .secrets
            .iter()
            .map(|(id, file, _)| (id.clone(), file.clone()))
            .collect(),
        _ => Vec::new(),
    };
    if let Some((id, file)) = secrets.first() {
        notes.push(format!("{file} is mounted as a build secret, never copied: build with `--secret id={id},src={file}`"));
    }
    let stages = match &facts.detail {
        Detail::Go(d) => go::stages(facts, d, &base),
        Detail::Node(d) => node::stages(facts, d, &base, rules),
        Detail::Python(d) => python::stages(facts, d, &base, rules),
        Detail::Rust(d) => rust::stages(facts, d, &base),
        Detail::Static(d) => static_site::stages(facts, d, &base, rules),
        Detail::Deno(d) => deno::stages(facts, d, &base),
        Detail::Java(d) => java::stages(facts, d, &base),
        Detail::Dotnet(d) => dotnet::stages(facts, d, &base),
        Detail::Ruby(d) => ruby::stages(facts, d, &base, rules),
        Detail::Php(d) => php::stages(facts, d, &base, rules),
        Detail::Elixir(d) => elixir::stages(facts, d, &base),
        Detail::None => return Err(crate::rules::nothing_detected(facts.path.clone())),
    };
    let mut ignore = ignore_blocks(stack, &secrets, &facts.secret_patterns);
    // A PHP site without composer.json ships the vendor/ it commits: nothing in the image installs one.
    if let Detail::Php(d) = &facts.detail {
        if d.manifests.is_empty() {
            ignore[3].patterns.retain(|p| p != "vendor");
        }
    }
    Ok(Plan {
        facts: facts.clone(),
        images: Images {
            build: (stages.len() > 1).then(|| base.build.clone()),
            runtime: base.runtime.clone(),
        },
        user: base.user,
        stages,
        ignore,
        notes,
        secrets,
    })
}

