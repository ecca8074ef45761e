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
    match &facts.build {
        Some(build) if !d.manifests.is_empty() => {
            let node = rules.stack(crate::stacks::node::ID);
            let inst = crate::stacks::node::plan::install(
                node,
                &d.package_manager_rule,
                &d.manifests,
                d.corepack_pin.as_deref(),
                base,
                rules,
            );
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
            stages.push(Stage {
                name: Some(StageName::Build),
                image: inst.image,
                comment: "Build stage: Node, the dependencies and the build tools stay here".into(),
                steps,
            });
            fin.push(Step::new(
                "Only the built site, owned by root so the server can read but not change it",
                copy(
                    Some(StageName::Build),
                    &[format!("/app/{}", d.output)],
                    &root,
                    None,
                ),
            ));
        }
        _ => fin.push(Step::new(
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
