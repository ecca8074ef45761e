//! A go.work member built from the repository root (`docker build -f orders/Dockerfile .`): go.work and
//! every member's go.mod first, so the module download layer survives every source edit; then only the
//! sources of the app and the workspace modules it requires, so editing another app leaves this app's
//! layers cached; then the build in the app's folder, where `go` finds go.work above it and resolves the
//! workspace modules (and a `replace ../common`) from the context.

use super::plan::{build_command, build_start, runtime, CACHES};
use super::{GoDetail, GoWorkspace};
use crate::facts::Facts;
use crate::plan::{copy, run, workdir, Base, Stage, Step};

pub(super) fn stages(facts: &Facts, d: &GoDetail, w: &GoWorkspace, base: &Base) -> Vec<Stage> {
    let mut build = build_start(d);
    let mut first = true;
    for file in &w.manifests {
        let dest = match file.rsplit_once('/') {
            Some((dir, _)) => format!("./{dir}/"),
            None => "./".to_string(),
        };
        let instr = copy(None, std::slice::from_ref(file), &dest, None);
        build.push(if std::mem::take(&mut first) {
            Step::new(
                "go.work and every member's module manifests first (workspace mode needs each `use` folder's go.mod): the download layer survives every source edit",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    build.push(Step::then(run(&["go mod download"], &CACHES[..1])));
    for (i, dir) in w.sources.iter().enumerate() {
        let instr = copy(None, std::slice::from_ref(dir), &format!("./{dir}"), None);
        build.push(if i == 0 {
            Step::new(
                "The sources of this app and the workspace modules it requires, no other app's",
                instr,
            )
        } else {
            Step::then(instr)
        });
    }
    let why = if d.cgo {
        "In the app's folder, where go finds go.work above it: a stripped, path-independent binary; cgo compiles its C with the image's gcc"
    } else {
        "In the app's folder, where go finds go.work above it: a static, stripped, path-independent binary"
    };
    build.push(Step::new(why, workdir(&format!("/src/{}", w.dir))));
    build.push(Step::then(run(&[&build_command(facts, d)], &CACHES)));
    vec![
        Stage::build(
            base,
            &format!(
                "Build stage, from the repository root (docker build -f {}/Dockerfile .) so the go.work modules resolve; the Go toolchain stays here",
                w.dir
            ),
            build,
        ),
        runtime(facts, d, base),
    ]
}
