//! Clojure plan: the build files first, dependencies fetched into the Maven cache, then the source and
//! the uberjar; the runtime is a JRE and the one jar, as the java stack runs a fat jar.

use super::{ClojureDetail, LEIN};
use crate::facts::Facts;
use crate::plan::{copy, copy_in_place, finish, run, workdir, Base, Stage, StageName, Step};

/// Maven jars (both tools) and the Clojure CLI's git libraries.
const CACHES: &[&str] = &["/root/.m2", "/root/.gitlibs"];

pub(crate) fn stages(facts: &Facts, d: &ClojureDetail, base: &Base) -> Vec<Stage> {
    let lein = facts.package_manager == LEIN;
    let caches = if lein { &CACHES[..1] } else { CACHES };
    let mut steps = vec![Step::then(workdir("/build"))];
    steps.extend(copy_in_place(
        &d.manifests,
        "Build files first: the dependency layer survives every source edit",
    ));
    let resolve: Vec<&str> = d.resolve.iter().map(String::as_str).collect();
    steps.push(Step::new(
        "Fetch the dependencies into the cache before the source arrives",
        run(&resolve, caches),
    ));
    steps.push(Step::new(
        "The source, then the uberjar (tests belong in CI, not in the image build)",
        copy(None, &[".".into()], ".", None),
    ));
    if let Some(build) = &facts.build {
        steps.push(Step::then(run(&[build], caches)));
    }
    steps.push(Step::new(
        "The uberjar under one name, for the runtime stage",
        run(
            &["mkdir -p /out", &format!("cp {} /out/app.jar", d.jar)],
            &[],
        ),
    ));

    let mut fin = vec![Step::then(workdir("/app"))];
    fin.extend(base.user_steps());
    fin.push(Step::new(
        "Only the jar: no JDK, no build tool, no source",
        copy(
            Some(StageName::Build),
            &["/out/app.jar".into()],
            "./app.jar",
            None,
        ),
    ));
    // Distroless java's entrypoint is `java -jar`: the start replaces it, in exec form.
    finish(&mut fin, base.user, facts.port, true, facts.start.clone());
    let tool = if lein { "Leiningen" } else { "the Clojure CLI" };
    vec![
        Stage::build(
            base,
            &format!("Build stage: the JDK, Clojure and {tool} stay here"),
            steps,
        ),
        Stage::runtime(
            base,
            "Runtime: a JRE only, the uberjar, a non-root user",
            fin,
        ),
    ]
}
