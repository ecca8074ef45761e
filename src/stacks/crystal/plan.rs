//! Crystal plan: shards installed from shard.yml and shard.lock in their own layer, the target linked
//! statically against musl on the Alpine Crystal image, and the binary alone on distroless static.

use super::CrystalDetail;
use crate::facts::Facts;
use crate::plan::{copy, run, ship_binary, workdir, Base, Stage, Step};

pub(crate) fn stages(facts: &Facts, d: &CrystalDetail, base: &Base) -> Vec<Stage> {
    let mut manifests = vec!["shard.yml".to_string()];
    let install = if d.locked {
        manifests.push("shard.lock".into());
        "shards install --production --frozen"
    } else {
        "shards install --production"
    };
    let mut build = vec![
        Step::then(workdir("/src")),
        Step::new(
            "shard.yml and its lock first: the installed shards (lib/) survive every source edit",
            copy(None, &manifests, "./", None),
        ),
        Step::then(run(&[install], &[])),
        Step::new(
            "The source, then a static, release binary (musl: it needs no libc at run time)",
            copy(None, &[".".into()], ".", None),
        ),
    ];
    let cmd = facts.build.clone().unwrap_or_else(|| {
        format!(
            "shards build {} --release --static --no-debug --production",
            d.binary
        )
    });
    build.push(Step::then(run(&[&cmd], &[])));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.extend(crate::plan::port_env(facts));
    ship_binary(
        &mut fin,
        facts,
        base.user,
        "Only the binary: no compiler, no source, no shell",
        "/src/bin",
        &d.binary,
    );
    vec![
        Stage::build(
            base,
            "Build stage: the Crystal compiler (Alpine, for static musl linking) stays here",
            build,
        ),
        Stage::runtime(base, "Runtime: the binary alone, as a non-root user", fin),
    ]
}
