//! Python plan: a virtualenv built from the lockfile in a build stage and copied, with the app, onto the
//! same slim Python image (a venv only runs on the Python it was built with).

use super::PythonDetail;
use crate::facts::Facts;
use crate::plan::{
    apt_install, copy, copy_image, env, finish, run, workdir, Base, Stage, StageName, Step,
};
use crate::rules::{PackageManagerRule, Rules};

pub(crate) fn stages(facts: &Facts, d: &PythonDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let pm = rules
        .stack(facts.stack)
        .package_manager(&d.rule)
        .expect("the detected package manager has a rule");
    if let Some(w) = &d.workspace {
        return super::workspace::stages(facts, d, w, pm, base, rules);
    }
    let mut steps = build_start(d, pm, rules);
    if pm.image.is_none() || pm.install.is_empty() {
        steps.push(venv_step(pm));
    }
    if !pm.install.is_empty() {
        native_install(&mut steps, pm, d);
    } else {
        pip_install(&mut steps, pm, d);
    }
    // The folders the app writes (Flask's instance folder) are made in the build and copied with their owner.
    let writable = crate::plan::framework_writable(facts, rules);
    build_answer(facts, &mut steps, &writable);
    vec![build_stage(base, steps), runtime(facts, d, base, &writable)]
}

/// The build stage's first steps: the tool's binary, the venv's environment, the folder, compilers.
pub(super) fn build_start(d: &PythonDetail, pm: &PackageManagerRule, rules: &Rules) -> Vec<Step> {
    let mut steps = Vec::new();
    if let Some(image) = tool_image(pm, rules) {
        steps.push(Step::new(
            &format!("{}'s binary from its pinned image, as its Docker guide does; it never reaches the runtime", pm.id),
            copy_image(&image, &pm.image_files, "/bin/"),
        ));
    }
    let mut vars = vec![
        ("PYTHONDONTWRITEBYTECODE", "1".to_string()),
        ("PIP_DISABLE_PIP_VERSION_CHECK", "1".into()),
        ("VIRTUAL_ENV", "/opt/venv".into()),
        ("PATH", "/opt/venv/bin:$PATH".into()),
    ];
    vars.extend(pm.env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    steps.push(Step::new(
        if pm.env.is_empty() {
            "No bytecode or version checks in build layers; everything installs into one venv"
        } else {
            "Everything installs into one venv, which the package manager's settings name"
        },
        env(&vars),
    ));
    steps.push(Step::then(workdir("/app")));
    if !d.build_packages.is_empty() {
        steps.push(apt_install(
            "Compilers and headers for the native extensions, in the build stage only (versions follow the image's Debian release)",
            &d.build_packages,
        ));
    }
    steps
}

/// The build command the facts carry (a framework's or an answer's), once the app is in; then the folders
/// the app writes at run time, made here so they are copied with their owner.
pub(super) fn build_answer(facts: &Facts, steps: &mut Vec<Step>, writable: &[String]) {
    if let Some(build) = &facts.build {
        steps.push(Step::new(
            "Build-time steps that need the app and its dependencies",
            run(&[build], &[]),
        ));
    }
    if !writable.is_empty() {
        let mkdir = format!("mkdir -p {}", writable.join(" "));
        steps.push(Step::new(
            "The folders the app writes at run time (Flask's instance folder), made here to be copied with their owner",
            run(&[&mkdir], &[]),
        ));
    }
}

pub(super) fn build_stage(base: &Base, steps: Vec<Step>) -> Stage {
    Stage {
        name: Some(StageName::Build),
        image: base.build.clone(),
        comment: "Build stage: pip, the package manager and any compilers stay here".into(),
        steps,
    }
}

/// The runtime stage: the same Python, the venv and the app read-only, the folders it writes its own.
pub(super) fn runtime(facts: &Facts, d: &PythonDetail, base: &Base, writable: &[String]) -> Stage {
    let mut fin = vec![Step::then(workdir("/app"))];
    let mut vars = vec![
        ("PYTHONUNBUFFERED", "1".to_string()),
        ("PYTHONDONTWRITEBYTECODE", "1".to_string()),
        ("PATH", "/opt/venv/bin:$PATH".to_string()),
    ];
    if let Some(port) = facts.port {
        vars.push(("PORT", port.to_string()));
    }
    vars.extend(d.env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    fin.push(Step::new(
        "Logs straight to stdout, the venv first on PATH, and the port the server binds",
        env(&vars),
    ));
    if !d.runtime_packages.is_empty() {
        fin.push(apt_install(
            "Only the shared libraries the compiled extensions load: no compiler, no headers",
            &d.runtime_packages,
        ));
    }
    fin.extend(base.user_steps());
    fin.push(Step::new(
        "The venv, read-only to the app",
        copy(
            Some(StageName::Build),
            &["/opt/venv".into()],
            "/opt/venv",
            None,
        ),
    ));
    fin.push(Step::new(
        "The app, owned by root and read-only to its user: it cannot rewrite itself",
        copy(Some(StageName::Build), &["/app".into()], "/app", None),
    ));
    fin.extend(crate::plan::writable_copies(writable, "/app", base.user));
    finish(&mut fin, base.user, facts.port, false, facts.start.clone());
    Stage {
        name: None,
        image: base.runtime.clone(),
        comment: "Runtime: the same Python, the venv and the app, as a non-root user".into(),
        steps: fin,
    }
}

/// The tool's binary image (uv), when its rule names one.
fn tool_image(pm: &PackageManagerRule, rules: &Rules) -> Option<String> {
    let tool = pm.image.as_deref()?;
    rules.images.build_image(tool, "").map(|(image, _)| image)
}

/// The venv the app installs into, and a separate one for a package manager installed with pip.
fn venv_step(pm: &PackageManagerRule) -> Step {
    let mut venv = vec!["python -m venv /opt/venv".to_string()];
    if !pm.tool.is_empty() {
        venv.push("python -m venv /opt/tools".into());
        venv.push(format!("/opt/tools/bin/pip install {}", pm.tool.join(" ")));
    }
    let why = if pm.tool.is_empty() {
        "The app's venv"
    } else {
        "The app's venv, and a separate one for the package manager, which never reaches the runtime"
    };
    Step::new(
        why,
        run(
            &venv.iter().map(String::as_str).collect::<Vec<_>>(),
            &[PIP_CACHE],
        ),
    )
}

const PIP_CACHE: &str = "/root/.cache/pip";

/// uv, Poetry and PDM: the locked dependencies alone from the manifests (the layer survives source
/// edits), then the source and the project itself, so a src-layout package is importable.
fn native_install(steps: &mut Vec<Step>, pm: &PackageManagerRule, d: &PythonDetail) {
    let cache = [pm.cache.as_str()];
    steps.push(Step::new(
        "Manifests and lockfile first: the locked dependencies, without the project, survive source edits",
        copy(None, &d.manifests, "./", None),
    ));
    let add = extra_install(pm, d);
    let mut deps = vec![pm.install.as_str()];
    deps.extend(add.as_deref());
    steps.push(Step::then(run(&deps, &cache)));
    steps.push(Step::new(
        "Then the source",
        copy(None, &[".".into()], ".", None),
    ));
    if d.install_root && !pm.install_project.is_empty() {
        steps.push(Step::new(
            "The project itself, into the venv (a src-layout package is importable only once installed)",
            run(&[&pm.install_project], &cache),
        ));
    }
}

/// The packages the lock lacks (the server the start command runs), added with the manager's own
/// command (`uv pip install`) or pip.
pub(super) fn extra_install(pm: &PackageManagerRule, d: &PythonDetail) -> Option<String> {
    if d.extra_packages.is_empty() {
        return None;
    }
    let add = pm.add_package.as_deref().unwrap_or("pip install");
    Some(format!("{add} {}", d.extra_packages.join(" ")))
}

/// pip, Pipenv (exported) and a bare pyproject.toml: pinned requirements installed with pip.
fn pip_install(steps: &mut Vec<Step>, pm: &PackageManagerRule, d: &PythonDetail) {
    let cache = [pm.cache.as_str()];
    let mut install: Vec<String> = Vec::new();
    if !pm.export.is_empty() {
        install.push(pm.export.clone());
        install.push("pip install -r /tmp/requirements.txt".into());
    } else if !d.install_from_project && !d.manifests.is_empty() {
        install.push("pip install -r requirements.txt".into());
    }
    install.extend(extra_install(pm, d));
    let install: Vec<&str> = install.iter().map(String::as_str).collect();
    if d.manifests.is_empty() && !d.install_from_project {
        // No manifest: the standard library and the server the start needs, if any, then the source.
        if !install.is_empty() {
            steps.push(Step::new(
                "The server the start command runs: the project lists no dependencies",
                run(&install, &cache),
            ));
        }
        steps.push(Step::new(
            "The source: a program on the standard library alone",
            copy(None, &[".".into()], ".", None),
        ));
        return;
    }
    if d.install_from_project {
        steps.push(Step::new(
            "The source, then the project and its dependencies (no lockfile to install from first)",
            copy(None, &[".".into()], ".", None),
        ));
        let mut cmds = vec!["pip install ."];
        cmds.extend(install);
        steps.push(Step::then(run(&cmds, &cache)));
        return;
    }
    steps.push(Step::new(
        "Manifests and lockfile first: the dependency layer survives source edits",
        copy(None, &d.manifests, "./", None),
    ));
    steps.push(Step::then(run(&install, &cache)));
    steps.push(Step::new(
        "Then the source",
        copy(None, &[".".into()], ".", None),
    ));
    if !pm.install_project.is_empty() {
        steps.push(Step::then(run(&[&pm.install_project], &cache)));
    } else if d.builds_extension {
        steps.push(Step::new(
            "The project's own extension modules, compiled into the venv",
            run(&["pip install --no-deps ."], &cache),
        ));
    }
}
