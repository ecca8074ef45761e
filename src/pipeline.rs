//! The pipeline's steps that reach every stack: plan one app's facts through its stack's planner.
//!
//! It sits above the stacks and the plan vocabulary they share, so dispatching to a stack closes no
//! import cycle.

use crate::error::{Error, Result};
use crate::facts::{ArtifactKind, Facts};
use crate::plan::{
    adjust, ignore_blocks, runtime_image, Base, IgnoreBlock, Images, Instr, Plan, Stage, StageName,
    Step,
};
use crate::rules::{Rules, StackRules, UserRule};
use crate::stacks::Stack;

/// Turn facts into a plan for their stack.
pub fn plan(facts: &Facts, rules: &Rules, runtime_override: Option<&str>) -> Result<Plan> {
    let stack = rules.stack(facts.stack);
    let planner = crate::stacks::get(facts.stack);
    let facts = &with_eol_warning(facts, rules);
    let mut notes = facts.warnings.clone();
    let (mut base, artifact) = pick_base(facts, rules, planner, &mut notes)?;
    // A base the user names keeps the handling its repository calls for (crate::plan::runtime_image).
    let chosen = runtime_override
        .map(|image| runtime_image::apply(&mut base, image, artifact, rules, facts, &mut notes))
        .transpose()?;
    let secrets = planner.build_secrets(facts);
    if let Some((id, file)) = secrets.first() {
        notes.push(format!("{file} is mounted as a build secret, never copied: build with `--secret id={id},src={file}`"));
    }
    let (stages, cross_stages) = stages(facts, &base, rules, planner)?;
    if let Some(chosen) = &chosen {
        runtime_image::check_final(chosen, &stages, facts)?;
    }
    let ignore = ignore(facts, stack, planner, &secrets);
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
        cross_stages,
    })
}

/// The facts with the catalogue's end-of-life warning for their toolchain, unless the stack's own check
/// (Node's `end_of_life` list) already said so: one warning is enough.
fn with_eol_warning(facts: &Facts, rules: &Rules) -> Facts {
    let mut facts = facts.clone();
    let said = facts.warnings.iter().any(|w| w.contains("end of life"));
    if let Some(w) = facts
        .toolchain
        .as_ref()
        .filter(|_| !said)
        .and_then(|t| rules.images.eol_warning(&t.name, &t.version))
    {
        facts.warnings.push(w);
    }
    facts
}

/// The build and runtime images from the catalogue, the runtime's user and what it needs, and the
/// artifact kind the runtime row was picked for. What the catalogue says about its picks goes to `notes`.
fn pick_base(
    facts: &Facts,
    rules: &Rules,
    planner: &dyn Stack,
    notes: &mut Vec<String>,
) -> Result<(Base, ArtifactKind)> {
    let stack = rules.stack(facts.stack);
    let version = facts
        .toolchain
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_else(|| stack.toolchain.default.clone());
    // A stack may key its images otherwise (Elixir: by its line and OTP major) and pick another build
    // image family (a JVM app: Maven, Gradle or a plain JDK).
    let (build_key, runtime_key) = planner.image_keys(facts, &version, rules)?;
    let family = planner.build_family(facts, rules);
    let (build, note) = rules
        .images
        .build_image(&family, &build_key)
        .ok_or_else(|| Error::NoBuildImage {
            path: facts.path.clone().into(),
            toolchain: stack.toolchain.name.clone(),
            version: build_key.clone(),
            known: stack.toolchain.known.clone(),
        })?;
    notes.extend(note);
    // A stack's runtime row may differ from its own (.NET: ASP.NET Core or not; a cgo Go binary: glibc).
    let (artifact, runtime_version) = planner.runtime(facts, stack, &version, runtime_key);
    let (rule, runtime, note) = rules
        .images
        .runtime(artifact, &runtime_version)
        .ok_or_else(|| Error::NoRuntimeImage {
            path: facts.path.clone().into(),
            artifact,
            version: runtime_version.clone(),
        })?;
    notes.extend(note);
    if let Some(release) = rule.glibc_of.as_deref().filter(|r| !build.contains(*r)) {
        notes.push(format!(
            "{build} is not Debian {release} like the runtime {runtime}: the binary runs on the newer glibc, but libraries from Debian packages may differ between releases; a toolchain version with a {release} image avoids this"
        ));
    }
    let musl =
        crate::image::ImageName::parse(&runtime).is_ok_and(|n| n.is(&rules.images.bases.musl));
    let base = Base {
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
        musl,
        cross: stack
            .cross
            .clone()
            .filter(|c| c.artifacts.contains(&artifact) && planner.can_cross(facts)),
    };
    Ok((base, artifact))
}

/// The stack's stages with what the stack's data asks of every plan (see crate::plan::adjust), and the
/// names of the stages that cross-compile.
fn stages(
    facts: &Facts,
    base: &Base,
    rules: &Rules,
    planner: &dyn Stack,
) -> Result<(Vec<Stage>, Vec<StageName>)> {
    let stack = rules.stack(facts.stack);
    let mut stages = planner.stages(facts, base, rules)?;
    start_env(&mut stages, facts);
    adjust::build_packages(&mut stages, &facts.build_packages, &base.build);
    // The build stages cross-compile before the init's stage is added: that one installs the image's own
    // platform's package.
    let cross_stages = match &base.cross {
        Some(cross) => adjust::cross_compile(&mut stages, cross, &base.build),
        None => Vec::new(),
    };
    // The runtime's own mechanism where the start command is the runtime (no stage of apt), else the init.
    let preloaded = stack
        .preload
        .as_ref()
        .is_some_and(|p| adjust::with_preload(&mut stages, p, &base.build));
    if let (false, Some(init)) = (preloaded, &stack.init) {
        adjust::with_init(&mut stages, init, &base.build);
    }
    adjust::lock_caches(&mut stages, rules);
    Ok((stages, cross_stages))
}

/// The .dockerignore blocks: the stack's, minus the build configuration the stack and its framework
/// read, as the stack adjusts them.
fn ignore(
    facts: &Facts,
    stack: &StackRules,
    planner: &dyn Stack,
    secrets: &[(String, String)],
) -> Vec<IgnoreBlock> {
    let mut ignore = ignore_blocks(stack, secrets, &facts.secret_patterns);
    let mut config = stack.build_config.clone();
    for fw in stack
        .frameworks
        .iter()
        .filter(|f| facts.framework.as_deref() == Some(&f.id))
    {
        config.extend(fw.build_config.iter().cloned());
    }
    crate::plan::keep_build_config(&mut ignore, &config);
    planner.adjust_ignore(facts, &mut ignore);
    if facts.root_context {
        anywhere(&mut ignore);
    }
    ignore
}

/// The variables a start command set inline (`NODE_ENV=production node server.js`) as ENV in the runtime,
/// before its user and start: an exec-form start has no shell to set them.
fn start_env(stages: &mut [Stage], facts: &Facts) {
    let Some(last) = stages.last_mut().filter(|_| !facts.env.is_empty()) else {
        return;
    };
    let at = last
        .steps
        .iter()
        .position(|s| matches!(s.instr, Instr::User { .. } | Instr::Start { .. }))
        .unwrap_or(last.steps.len());
    last.steps.insert(
        at,
        Step::new(
            "Variables the start command set inline: exec form has no shell to set them",
            Instr::Env {
                vars: facts.env.clone(),
            },
        ),
    );
}

/// A context shared by a workspace's apps holds every member's folders: a pattern must match at any
/// depth (`**/node_modules`), not only at the root, or another app's host-built modules are sent and copied.
fn anywhere(blocks: &mut [crate::plan::IgnoreBlock]) {
    for p in blocks.iter_mut().flat_map(|b| b.patterns.iter_mut()) {
        let (neg, rest) = p.strip_prefix('!').map_or(("", p.as_str()), |r| ("!", r));
        if !rest.starts_with("**/") && !rest.starts_with('/') {
            *p = format!("{neg}**/{rest}");
        }
    }
}
