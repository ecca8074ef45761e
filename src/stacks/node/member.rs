//! A JS workspace app built from the repository root: only the manifests of the app and the workspace
//! packages it depends on go in before the install, which the package manager limits to them, so editing
//! another app (or its manifest) leaves this app's dependency layer cached.

use super::plan::{install, Install};
use super::{Member, NodeDetail};
use crate::facts::Facts;
use crate::plan::{copy, env, finish, run, workdir, Base, Stage, StageName, Step};
use crate::rules::Rules;

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
    let install_stage = |cmd: &str, why: String| -> Vec<Step> {
        let mut steps = vec![Step::then(workdir("/app"))];
        steps.extend(setup.iter().cloned());
        steps.push(Step::new(&why, copy(None, &d.manifests, "./", None)));
        for p in &m.packages {
            let manifest = format!("{p}/package.json");
            steps.push(Step::then(copy(
                None,
                &[manifest],
                &format!("./{p}/"),
                None,
            )));
        }
        let mut install = run(&[cmd], &[cache]);
        if let crate::plan::Instr::Run { secrets, .. } = &mut install {
            secrets.extend(d.secrets.iter().map(|(id, _, t)| (id.clone(), t.clone())));
        }
        steps.push(Step::then(install));
        steps
    };
    let mut stages = vec![Stage {
        name: Some(StageName::Deps),
        image: image.clone(),
        comment: format!(
            "Built from the repository root (docker build -f {}/Dockerfile .); production dependencies of the app and its workspace packages: {}",
            m.dir, m.why
        ),
        steps: install_stage(
            &m.install_prod,
            "The root's manifests and lockfile, then only the manifests of this app and the workspace packages it depends on: editing another app keeps this layer".into(),
        ),
    }];
    if let Some(build) = &m.build {
        stages.push(build_stage(
            m,
            &image,
            build,
            install_stage(
                &m.install,
                "All of this app's dependencies, dev tools included, for the build".into(),
            ),
        ));
    }
    stages.push(runtime(facts, d, m, base, stack.name.as_str()));
    stages
}

/// The sources of the app and its workspace packages (no other app's), built, their dev dependencies dropped.
fn build_stage(m: &Member, image: &str, build: &str, mut steps: Vec<Step>) -> Stage {
    for (i, p) in m.packages.iter().enumerate() {
        let instr = copy(None, std::slice::from_ref(p), &format!("./{p}"), None);
        steps.push(if i == 0 {
            Step::new(
                "The sources of this app and its workspace packages only, then the build",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    // The runtime takes production dependencies from the deps stage: the dev ones stay here.
    let mut rm = String::from("rm -rf node_modules");
    for p in &m.packages {
        rm += &format!(" {p}/node_modules");
    }
    steps.push(Step::then(run(&[build, &rm], &[])));
    Stage {
        name: Some(StageName::Build),
        image: image.to_string(),
        comment: "Build stage: compilers and dev dependencies stay here".into(),
        steps,
    }
}

fn runtime(facts: &Facts, d: &NodeDetail, m: &Member, base: &Base, name: &str) -> Stage {
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
    fin.push(Step::new(
        "Production dependencies with the manifests they were installed for (the workspace links resolve against them), read-only to the app",
        copy(Some(StageName::Deps), &["/app".into()], "./", None),
    ));
    let from = m.build.as_ref().map(|_| StageName::Build);
    for (i, p) in m.packages.iter().enumerate() {
        let src = if from.is_some() {
            format!("/app/{p}")
        } else {
            p.clone()
        };
        let instr = copy(from, &[src], &format!("./{p}"), None);
        fin.push(if i == 0 {
            Step::new(
                "This app and the workspace packages it depends on, nothing of the other apps",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    fin.push(Step::new(
        "The app starts from its own folder",
        workdir(&format!("/app/{}", m.dir)),
    ));
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
        comment: format!("Runtime: {name} and the app only, as a non-root user"),
        steps: fin,
    }
}
