//! Static-site plan: the site built with Node in a build stage (for an SPA), then served by the catalogue's
//! static server as its own unprivileged user, with the server's configuration written into the image.
//! A plain HTML site has nothing to build, so it is one stage: the server and the files.

use super::StaticDetail;
use crate::facts::Facts;
use crate::plan::{copy, finish, run, workdir, Base, Instr, Stage, StageName, Step};
use crate::rules::Rules;

pub(crate) fn stages(facts: &Facts, d: &StaticDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let root = base
        .server
        .root
        .clone()
        .unwrap_or_else(|| "/usr/share/nginx/html".into());
    let mut stages = Vec::new();
    let mut fin = Vec::new();
    if let Some(config) = &base.server.config {
        let port = facts.port.unwrap_or(8080).to_string();
        fin.push(Step::new(
            "The server runs unprivileged: no `user` directive, pid and temp files in /tmp, a port above 1024, and unknown paths fall back to index.html for client-side routes",
            Instr::File {
                path: config.path.clone(),
                text: config.text.replace("{port}", &port),
            },
        ));
    }
    let built = match (&facts.build, &d.member) {
        (Some(build), Some(m)) => Some((
            member_build(d, m, build, base, rules),
            format!("/app/{}/{}", m.dir, d.output),
        )),
        (Some(build), None) if !d.manifests.is_empty() => Some((
            own_build(d, build, base, rules),
            format!("/app/{}", d.output),
        )),
        _ => None,
    };
    match built {
        Some((stage, site)) => {
            stages.push(stage);
            fin.push(Step::new(
                "Only the built site, owned by root so the server can read but not change it",
                copy(Some(StageName::Build), &[site], &root, None),
            ));
        }
        None => fin.push(Step::new(
            "The site's files, owned by root so the server can read but not change them",
            copy(None, &[".".into()], &root, None),
        )),
    }
    let start = if facts.start.is_empty() {
        base.server.start.clone()
    } else {
        facts.start.clone()
    };
    // The server itself is the entrypoint: the image's entrypoint scripts edit /etc/nginx as root.
    finish(&mut fin, base.user, facts.port, true, start);
    stages.push(Stage {
        name: None,
        image: base.runtime.clone(),
        comment: "Runtime: a static file server and the site only, as its unprivileged user".into(),
        steps: fin,
    });
    stages
}

/// A workspace member's site built from the repository root: the root's manifests and lockfile, the
/// manifests of the site and its workspace packages, the install limited to them, their sources, the build.
fn member_build(
    d: &StaticDetail,
    m: &crate::stacks::node::Member,
    build: &str,
    base: &Base,
    rules: &Rules,
) -> Stage {
    use crate::stacks::node::member::{install_steps, source_steps};
    let inst = node_install(d, base, rules);
    let mut steps = install_steps(
        &d.manifests,
        m,
        &inst.setup,
        &m.install,
        inst.cache,
        "The root's manifests and lockfile, then only the manifests of this site and the workspace packages it depends on: editing another app keeps this layer",
    );
    steps.extend(source_steps(
        m,
        &format!(
            "The sources of this site and its workspace packages only, then the build that writes {}/{}/",
            m.dir, d.output
        ),
    ));
    steps.push(Step::then(run(&[build], &[])));
    Stage {
        name: Some(StageName::Build),
        image: inst.image,
        comment: format!(
            "Built from the repository root (docker build -f {}/Dockerfile .): Node, the dependencies and the build tools stay in this stage; {}",
            m.dir, m.why
        ),
        steps,
    }
}

/// The site built in its own folder: its manifests and lockfile, the install, the source, the build.
fn own_build(d: &StaticDetail, build: &str, base: &Base, rules: &Rules) -> Stage {
    let inst = node_install(d, base, rules);
    let mut steps = vec![Step::then(workdir("/app"))];
    steps.extend(inst.setup);
    steps.push(Step::new(
        "Manifests and lockfile first, so source edits reuse the dependency layer",
        copy(None, &d.manifests, "./", None),
    ));
    steps.push(Step::then(run(&[inst.install], &[inst.cache])));
    steps.push(Step::new(
        &format!(
            "The source, then the build that writes the site to {}/",
            d.output
        ),
        copy(None, &[".".into()], ".", None),
    ));
    steps.push(Step::then(run(&[build], &[])));
    Stage {
        name: Some(StageName::Build),
        image: inst.image,
        comment: "Build stage: Node, the dependencies and the build tools stay here".into(),
        steps,
    }
}

/// The Node install (image, setup steps, cache) the site's build runs on, from the node stack's rules.
fn node_install<'r>(
    d: &StaticDetail,
    base: &Base,
    rules: &'r Rules,
) -> crate::stacks::node::plan::Install<'r> {
    crate::stacks::node::plan::install(
        rules.stack(crate::stacks::node::ID),
        &d.package_manager_rule,
        &d.manifests,
        d.corepack_pin.as_deref(),
        base,
        rules,
    )
}
