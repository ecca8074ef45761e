//! Plan-wide adjustments a stack asks for with data (detectors/<stack>.toml), made after its planner:
//! a runtime's own preload or a static init for runtimes that ignore SIGTERM as PID 1, cross-compiling
//! build stages, locked cache mounts for tools that do not lock their caches themselves, and the build
//! tools detection asked for (git for git dependencies).

use super::{apt_install, copy, env, Instr, Stage, StageName, Step};
use crate::rules::{CrossRule, InitRule, PreloadRule, Rules};

/// Run the stages on `build_image` on the build machine's platform and give them the compiler's target
/// variables from BuildKit's platform ARGs, right after their WORKDIR (see [`CrossRule`]). Returns their
/// names. Without BuildKit the ARGs are empty, and so the compiler builds for the platform it runs on.
pub fn cross_compile(stages: &mut [Stage], cross: &CrossRule, build_image: &str) -> Vec<StageName> {
    let mut names = Vec::new();
    let last = stages.len().saturating_sub(1);
    for stage in stages[..last].iter_mut().filter(|s| s.image == build_image) {
        let Some(name) = stage.name else { continue };
        names.push(name);
        if let Some(why) = &cross.why {
            stage.comment = format!("{}; {why}", stage.comment);
        }
        let steps = cross_steps(cross);
        let at = stage
            .steps
            .iter()
            .position(|s| matches!(s.instr, Instr::Workdir { .. }))
            .map_or(0, |i| i + 1);
        stage.steps.splice(at..at, steps);
    }
    names
}

/// The ARGs a cross-compiling stage declares and the compiler variables set from them.
fn cross_steps(cross: &CrossRule) -> Vec<Step> {
    let mut args: Vec<&String> = cross.env.values().chain(&cross.args).collect();
    args.sort();
    args.dedup();
    let mut steps: Vec<Step> = args
        .iter()
        .map(|a| {
            Step::then(Instr::Arg {
                name: a.to_string(),
            })
        })
        .collect();
    if let Some(first) = steps.first_mut() {
        first.comment = Some(
            "Compiled on the build machine's platform for the image's, which BuildKit passes in"
                .into(),
        );
    }
    if !cross.env.is_empty() {
        let vars: Vec<(&str, String)> = cross
            .env
            .iter()
            .map(|(var, arg)| (var.as_str(), format!("${arg}")))
            .collect();
        steps.push(Step::then(env(&vars)));
    }
    steps
}

/// Start the app under the stack's static init (see [`InitRule`]): a stage on the build image installs its
/// package, and the final stage copies the binary in first (it never changes, so its layer stays cached)
/// and starts through it. The stage builds on the image the first stage uses (Debian for every stack with
/// an init), so it adds no image to pull.
pub fn with_init(stages: &mut Vec<Stage>, init: &InitRule, build_image: &str) {
    let image = match stages.len() {
        0 | 1 => build_image.to_string(),
        _ => stages[0].image.clone(),
    };
    let Some(last) = stages.last_mut() else {
        return;
    };
    let Some(start) = last
        .steps
        .iter_mut()
        .find(|s| matches!(s.instr, Instr::Start { .. }))
    else {
        return;
    };
    if let Instr::Start { entrypoint, argv } = &mut start.instr {
        *entrypoint = true;
        argv.splice(0..0, [init.dest.clone(), "--".into()]);
    }
    start.comment = Some(format!(
        "Exec form under {}: the app gets SIGTERM's default action and stops, as outside a container",
        init.package
    ));
    last.steps.insert(
        0,
        Step::new(
            &format!(
                "{} as PID 1: it passes SIGTERM on to the app and reaps zombies",
                init.package
            ),
            copy(
                Some(INIT_STAGE),
                std::slice::from_ref(&init.binary),
                &init.dest,
                None,
            ),
        ),
    );
    let stage = Stage {
        name: Some(INIT_STAGE),
        image,
        comment: format!(
            "{}, a static init: as PID 1 the app would ignore SIGTERM (PID 1 gets no default signal actions)",
            init.package
        ),
        steps: vec![apt_install(
            &format!(
                "Debian's {} package; its static build needs no libraries, so it runs on any runtime base",
                init.package
            ),
            std::slice::from_ref(&init.package),
        )],
    };
    stages.insert(stages.len() - 1, stage);
}

/// Start the app with the runtime's own preload that stops it on SIGTERM (see [`PreloadRule`]), when the
/// final stage starts the runtime itself; returns whether it did. A stage on the image the first stage uses
/// writes the file (the runtime may have no shell), and the final stage copies it in first (it never
/// changes, so its layer stays cached): no package to install, so no `apt-get update` in a cold build.
pub fn with_preload(stages: &mut Vec<Stage>, preload: &PreloadRule, build_image: &str) -> bool {
    let image = match stages.len() {
        0 | 1 => build_image.to_string(),
        _ => stages[0].image.clone(),
    };
    let Some(last) = stages.last_mut() else {
        return false;
    };
    let Some(start) = last.steps.iter_mut().find(
        |s| matches!(&s.instr, Instr::Start { argv, .. } if preload_at(argv, preload).is_some()),
    ) else {
        return false;
    };
    if let Instr::Start { argv, .. } = &mut start.instr {
        let at = preload_at(argv, preload).expect("found above");
        argv.splice(at..at, [preload.flag.clone(), preload.path.clone()]);
    }
    start.comment = Some(preload.why.clone());
    last.steps.insert(
        0,
        Step::new(
            "Stops the app on SIGTERM and SIGINT unless it handles them itself: as PID 1 it gets no default signal actions",
            copy(
                Some(PRELOAD_STAGE),
                std::slice::from_ref(&preload.path),
                &preload.path,
                None,
            ),
        ),
    );
    let stage = Stage {
        name: Some(PRELOAD_STAGE),
        image,
        comment: format!(
            "The {} preload, written where there is a shell: the runtime image may have none",
            preload.runtime
        ),
        steps: vec![Step::new(
            "Its text is the stack's rule (detectors/), loaded before the app by the start command's flag",
            Instr::File {
                path: preload.path.clone(),
                text: preload.text.clone(),
            },
        )],
    };
    stages.insert(stages.len() - 1, stage);
    true
}

/// Where the preload's flag goes in `argv`: after the runtime and its subcommand, when `argv` starts the
/// runtime itself (`node …`, `/nodejs/bin/node …`).
fn preload_at(argv: &[String], preload: &PreloadRule) -> Option<usize> {
    let program = argv.first()?;
    let name = program.rsplit('/').next().unwrap_or(program);
    if name != preload.runtime {
        return None;
    }
    match (&preload.subcommand, argv.get(1)) {
        (Some(sub), Some(word)) if word == sub => Some(2),
        (Some(_), _) => None,
        (None, _) => Some(1),
    }
}

/// Install `packages` (the facts' `build_packages`: git for git dependencies) in every stage on
/// `build_image` but the last, right after its WORKDIR, so every install that follows finds them. A stage
/// that already installs Debian packages (compilers for native extensions) gets them in that command
/// instead: one apt run, not two.
pub fn build_packages(stages: &mut [Stage], packages: &[String], build_image: &str) {
    if packages.is_empty() {
        return;
    }
    let last = stages.len().saturating_sub(1);
    for stage in stages[..last].iter_mut().filter(|s| s.image == build_image) {
        if let Some(step) = stage.steps.iter_mut().find(|s| installs_debian(s)) {
            if let Instr::Run { commands, .. } = &mut step.instr {
                let install = commands.last_mut().expect("an apt step has commands");
                for p in packages {
                    if !install.split(' ').any(|w| w == p) {
                        install.push(' ');
                        install.push_str(p);
                    }
                }
            }
            if let Some(comment) = &mut step.comment {
                comment.push_str("; git, for dependencies fetched with it");
            }
            continue;
        }
        let at = stage
            .steps
            .iter()
            .position(|s| matches!(s.instr, Instr::Workdir { .. }))
            .map_or(0, |i| i + 1);
        stage.steps.insert(
            at,
            apt_install(
                "git, for dependencies fetched with it (the image has none); this stage only, never the runtime",
                packages,
            ),
        );
    }
}

/// Whether the step is an `apt-get install` (see [`apt_install`]).
fn installs_debian(step: &Step) -> bool {
    matches!(&step.instr, Instr::Run { commands, .. }
        if commands.last().is_some_and(|c| c.starts_with("apt-get install ")))
}

/// Mount `sharing=locked` the caches of package managers that do not lock them themselves (see
/// `cache_locked` in the package-manager rules), wherever a stage mounts them.
pub fn lock_caches(stages: &mut [Stage], rules: &Rules) {
    let locked: Vec<&str> = rules
        .stacks
        .iter()
        .flat_map(|s| &s.package_managers)
        .filter(|pm| pm.cache_locked)
        .map(|pm| pm.cache.as_str())
        .collect();
    for step in stages.iter_mut().flat_map(|s| &mut s.steps) {
        if let Instr::Run { caches, .. } = &mut step.instr {
            caches
                .iter_mut()
                .filter(|c| locked.contains(&c.target.as_str()))
                .for_each(|c| c.locked = true);
        }
    }
}

/// The name of the stage [`with_init`] adds.
const INIT_STAGE: StageName = StageName::Init;

/// The name of the stage [`with_preload`] adds.
const PRELOAD_STAGE: StageName = StageName::Signals;

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(runtime: &str, subcommand: Option<&str>) -> PreloadRule {
        PreloadRule {
            runtime: runtime.into(),
            subcommand: subcommand.map(str::to_string),
            flag: "--require".into(),
            path: "/p.cjs".into(),
            text: String::new(),
            why: String::new(),
        }
    }

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_preload_goes_after_the_runtime_and_its_subcommand_only() {
        let node = rule("node", None);
        assert_eq!(
            preload_at(&argv(&["/nodejs/bin/node", "a.js"]), &node),
            Some(1)
        );
        assert_eq!(preload_at(&argv(&["node", "a.js"]), &node), Some(1));
        // A start command that is not the runtime (a script, npm) keeps the init instead.
        assert_eq!(preload_at(&argv(&["./start.sh"]), &node), None);
        assert_eq!(preload_at(&argv(&["npm", "start"]), &node), None);
        assert_eq!(preload_at(&argv(&["nodemon", "a.js"]), &node), None);
        let bun = rule("bun", Some("run"));
        assert_eq!(preload_at(&argv(&["bun", "run", "a.ts"]), &bun), Some(2));
        // `bun a.ts` takes no `--preload` before the file in the same place: tini, not a broken start.
        assert_eq!(preload_at(&argv(&["bun", "a.ts"]), &bun), None);
    }
}
