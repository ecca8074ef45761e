//! A uv workspace member built from the repository root (`docker build -f packages/api/Dockerfile .`),
//! as uv's Docker guide does for workspaces: the root's pyproject.toml and uv.lock and every member's
//! pyproject.toml first, and the member's locked dependencies without any workspace member
//! (`--no-install-workspace --package`), so the layer survives every source edit; then only the sources of
//! the member and the workspace packages it depends on, installed non-editable into the venv.

use super::plan::{build_answer, build_stage, build_start, extra_install, runtime};
use super::{PyWorkspace, PythonDetail};
use crate::facts::Facts;
use crate::plan::{copy, run, Base, Stage, Step};
use crate::rules::{PackageManagerRule, Rules};

pub(super) fn stages(
    facts: &Facts,
    d: &PythonDetail,
    w: &PyWorkspace,
    pm: &PackageManagerRule,
    base: &Base,
    rules: &Rules,
) -> Vec<Stage> {
    let cache = [pm.cache.as_str()];
    let fill = |t: &str| t.replace("{package}", &w.package);
    let mut steps = build_start(d, pm, rules);
    for (i, file) in w.manifests.iter().enumerate() {
        let dest = match file.rsplit_once('/') {
            Some((dir, _)) => format!("./{dir}/"),
            None => "./".to_string(),
        };
        let instr = copy(None, std::slice::from_ref(file), &dest, None);
        steps.push(if i == 0 {
            Step::new(
                &format!("Built from the repository root (docker build -f {}/Dockerfile .): the workspace's manifests and lockfile first, then the locked dependencies of {} alone, without any workspace member, survive every source edit", w.dir, w.package),
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    let deps = fill(&pm.workspace_install);
    let mut install = vec![deps.as_str()];
    let add = extra_install(pm, d);
    install.extend(add.as_deref());
    steps.push(Step::then(run(&install, &cache)));
    for (i, dir) in w.sources.iter().enumerate() {
        let instr = copy(None, std::slice::from_ref(dir), &format!("./{dir}"), None);
        steps.push(if i == 0 {
            Step::new(
                "The sources of this member and the workspace packages it depends on, no other member's",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    steps.push(Step::new(
        "The member and its workspace packages, installed into the venv (not editable: the venv stands alone)",
        run(&[&fill(&pm.workspace_install_project)], &cache),
    ));
    // A member's folders sit below its own path in /app: writable folders are not set up here yet.
    build_answer(facts, &mut steps, &[]);
    vec![build_stage(base, steps), runtime(facts, d, base, &[])]
}
