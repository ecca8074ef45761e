//! A JS workspace app built from the repository root: only the manifests of the app and the workspace
//! packages it depends on go in before the install, which the package manager limits to them, so editing
//! another app (or its manifest) leaves this app's dependency layer cached.

use super::plan::{install, Install};
use super::{Member, NodeDetail};
use crate::facts::Facts;
use crate::plan::{copy, env, finish, run, workdir, Base, Stage, StageName, Step};
use crate::rules::Rules;

/// The root's manifests and lockfile (after `setup`), the manifests of the member and its workspace
/// packages, then `cmd`, the install limited to them, with the package manager's `cache`.
pub(crate) fn install_steps(
    manifests: &[String],
    m: &Member,
    setup: &[Step],
    cmd: &str,
    cache: &str,
    why: &str,
) -> Vec<Step> {
    let mut steps = vec![Step::then(workdir("/app"))];
    steps.extend(setup.iter().cloned());
    steps.push(Step::new(why, copy(None, manifests, "./", None)));
    for p in &m.packages {
        let manifest = format!("{p}/package.json");
        steps.push(Step::then(copy(
            None,
            &[manifest],
            &format!("./{p}/"),
            None,
        )));
    }
    steps.push(Step::then(run(&[cmd], &[cache])));
    steps
}

/// The sources of the member and its workspace packages (no other app's), the first step saying `why`.
pub(crate) fn source_steps(m: &Member, why: &str) -> Vec<Step> {
    m.packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let instr = copy(None, std::slice::from_ref(p), &format!("./{p}"), None);
            if i == 0 {
                Step::new(why, instr)
            } else {
                Step::then(instr)
            }
        })
        .collect()
}

pub(super) fn stages(
    facts: &Facts,
    d: &NodeDetail,
    m: &Member,
    base: &Base,
    rules: &Rules,
) -> Vec<Stage> {
    let stack = rules.stack(facts.stack);
    let Install {
        image,
        setup,
        cache,
        ..
    } = install(
        stack,
        &d.rule,
        &d.manifests,
        d.corepack_pin.as_deref(),
        base,
        rules,
    );
    let install_stage = |cmd: &str, why: &str| -> Vec<Step> {
        let mut steps = install_steps(&d.manifests, m, &setup, cmd, cache, why);
        if let Some(Step {
            instr: crate::plan::Instr::Run { secrets, .. },
            ..
        }) = steps.last_mut()
        {
            secrets.extend(d.secrets.iter().map(|(id, _, t)| (id.clone(), t.clone())));
        }
        steps
    };
    let mut stages = Vec::new();
    // A self-contained build output (Next's standalone server) carries the node_modules it needs.
    if d.needs_node_modules {
        stages.push(Stage {
            name: Some(StageName::Deps),
            image: image.clone(),
            comment: format!(
                "Built from the repository root (docker build -f {}/Dockerfile .); production dependencies of the app and its workspace packages: {}",
                m.dir, m.why
            ),
            steps: install_stage(
                &m.install_prod,
                "The root's manifests and lockfile, then only the manifests of this app and the workspace packages it depends on: editing another app keeps this layer",
            ),
        });
    }
    if let Some(build) = &m.build {
        let writable = in_member(m, &crate::plan::framework_writable(facts, rules));
        let steps = install_stage(
            &m.install,
            "All of this app's dependencies, dev tools included, for the build",
        );
        stages.push(build_stage(m, d, &image, build, &writable, steps));
    }
    stages.push(runtime(facts, d, m, base, rules));
    stages
}

/// `dirs`, relative to the member's folder, as paths from the repository root.
fn in_member(m: &Member, dirs: &[String]) -> Vec<String> {
    dirs.iter().map(|w| format!("{}/{w}", m.dir)).collect()
}

/// The sources of the app and its workspace packages (no other app's), built, their dev dependencies
/// dropped (unless the runtime takes only the framework's build output).
fn build_stage(
    m: &Member,
    d: &NodeDetail,
    image: &str,
    build: &str,
    writable: &[String],
    mut steps: Vec<Step>,
) -> Stage {
    steps.extend(source_steps(
        m,
        "The sources of this app and its workspace packages only, then the build",
    ));
    let mut cmds = vec![build.to_string()];
    // The folders the app writes at run time start empty (Next's build cache stays behind).
    cmds.extend(
        writable
            .iter()
            .map(|w| format!("rm -rf {w} && mkdir -p {w}")),
    );
    // The runtime takes production dependencies from the deps stage: the dev ones stay here.
    if d.artifacts.is_empty() {
        let mut rm = String::from("rm -rf node_modules");
        for p in &m.packages {
            rm += &format!(" {p}/node_modules");
        }
        cmds.push(rm);
    }
    let cmds: Vec<&str> = cmds.iter().map(String::as_str).collect();
    steps.push(Step::then(run(&cmds, &[])));
    Stage {
        name: Some(StageName::Build),
        image: image.to_string(),
        comment: match d.needs_node_modules {
            true => "Build stage: compilers and dev dependencies stay here".into(),
            // No deps stage says it: this stage is where the root-context install happens.
            false => format!(
                "Built from the repository root (docker build -f {}/Dockerfile .): compilers and dev dependencies stay in this stage; {}",
                m.dir, m.why
            ),
        },
        steps,
    }
}

/// The app's files in the runtime: its and its workspace packages' folders, or the framework's build
/// output, in the member's folder, or at the root for output that mirrors the root (Next's standalone).
fn app_files(d: &NodeDetail, m: &Member) -> Vec<Step> {
    let from = m.build.as_ref().map(|_| StageName::Build);
    let copies: Vec<(String, String)> = if d.artifacts.is_empty() {
        let src = |p: &String| from.map_or(p.clone(), |_| format!("/app/{p}"));
        m.packages
            .iter()
            .map(|p| (src(p), format!("./{p}")))
            .collect()
    } else {
        d.artifacts
            .iter()
            .map(|(src, dest)| {
                let to = match d.root_artifacts.contains(src) {
                    true => "./".to_string(),
                    false if dest == "." => format!("./{}/", m.dir),
                    false => format!("./{}/{dest}", m.dir),
                };
                (format!("/app/{}/{src}", m.dir), to)
            })
            .collect()
    };
    let why = match d.artifacts.is_empty() {
        true => "This app and the workspace packages it depends on, nothing of the other apps",
        false => "The framework's build output, in the app's folder under the root it was traced from, read-only to the app's user",
    };
    copies
        .iter()
        .enumerate()
        .map(|(i, (src, to))| {
            let instr = copy(from, std::slice::from_ref(src), to, None);
            if i == 0 {
                Step::new(why, instr)
            } else {
                Step::then(instr)
            }
        })
        .collect()
}

fn runtime(facts: &Facts, d: &NodeDetail, m: &Member, base: &Base, rules: &Rules) -> Stage {
    let mut fin = vec![Step::then(workdir("/app"))];
    let mut vars = vec![("NODE_ENV", "production".to_string())];
    if let Some(port) = facts.port {
        vars.push(("PORT", port.to_string()));
    }
    vars.extend(d.env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    fin.push(Step::new(
        "Production mode, and the port and interface the server reads",
        env(&vars),
    ));
    if d.needs_node_modules {
        fin.push(Step::new(
            "Production dependencies with the manifests they were installed for (the workspace links resolve against them), read-only to the app",
            copy(Some(StageName::Deps), &["/app".into()], "./", None),
        ));
    }
    fin.extend(app_files(d, m));
    let dir = format!("/app/{}", m.dir);
    fin.push(Step::new(
        "The app starts from its own folder",
        workdir(&dir),
    ));
    if m.build.is_some() {
        let writable = crate::plan::framework_writable(facts, rules);
        fin.extend(crate::plan::writable_copies(&writable, &dir, base.user));
    }
    let mut argv = facts.start.clone();
    if let (Some(bin), Some(first)) = (&base.runtime_binary, argv.first_mut()) {
        if first == "node" {
            *first = bin.clone();
        }
    }
    fin.extend(base.user_steps());
    finish(
        &mut fin,
        base.user,
        facts.port,
        base.runtime_binary.is_some(),
        argv,
    );
    Stage {
        name: None,
        image: base.runtime.clone(),
        comment: format!(
            "Runtime: {} and the app only, as a non-root user",
            rules.stack(facts.stack).name
        ),
        steps: fin,
    }
}
