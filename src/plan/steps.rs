//! The instruction shorthands every stack planner builds its stages from: COPY, RUN, apt, ENV and the
//! closing USER/EXPOSE/start steps. They name no stack.

use super::{CacheMount, CopyFrom, Facts, Instr, StageName, Step};
use crate::rules::UserRule;

/// Shorthands the stack planners share.
pub fn workdir(path: &str) -> Instr {
    Instr::Workdir { path: path.into() }
}

pub fn run(commands: &[&str], caches: &[&str]) -> Instr {
    Instr::Run {
        commands: commands.iter().map(|c| c.to_string()).collect(),
        caches: caches
            .iter()
            .map(|c| CacheMount {
                target: c.to_string(),
                locked: false,
            })
            .collect(),
        secrets: Vec::new(),
        hadolint_ignore: Vec::new(),
    }
}

/// Manifests copied to where they sit in the project (a module's build file into its module), one COPY
/// per destination folder; an entry ending in `/` is a folder, copied as itself. The first COPY carries
/// `why`.
pub fn copy_in_place(manifests: &[String], why: &str) -> Vec<Step> {
    let mut by_dir: Vec<(String, Vec<String>, bool)> = Vec::new();
    for m in manifests {
        let folder = m.ends_with('/');
        let dir = if folder {
            m.clone()
        } else {
            m.rsplit_once('/')
                .map_or("./".to_string(), |(dir, _)| format!("{dir}/"))
        };
        match by_dir
            .iter_mut()
            .find(|(d, _, f)| *d == dir && !f && !folder)
        {
            Some((_, files, _)) => files.push(m.clone()),
            None => by_dir.push((dir, vec![m.clone()], folder)),
        }
    }
    by_dir
        .iter()
        .enumerate()
        .map(|(i, (dir, files, _))| {
            let instr = copy(None, files, dir, None);
            if i == 0 {
                Step::new(why, instr)
            } else {
                Step::then(instr)
            }
        })
        .collect()
}

/// apt's caches, mounted so package lists and downloads never land in a layer.
/// Locked (see [`CacheMount`]): two stages running `apt-get update` at once on shared mounts fail the
/// build with "Could not get lock /var/lib/apt/lists/lock"; the Dockerfile reference's apt example locks
/// them too.
pub const APT_CACHES: &[&str] = &["/var/cache/apt", "/var/lib/apt"];

/// A RUN that installs Debian packages the way the lint rules want apt done (`commands` hold the
/// `apt-get install --no-install-recommends`, and whatever must share its layer, such as building against
/// -dev packages and purging them). The package lists and downloads are on cache mounts, so no layer keeps
/// them and a rebuild downloads nothing, and Debian images' docker-clean hook is turned off so the
/// downloads stay in that cache. Versions are not pinned (hadolint DL3008): Debian keeps only the current
/// version of a package in a stable release, so a pin breaks the build at the next security update; the
/// base image's tag already fixes the release.
pub fn apt_run(commands: &[&str]) -> Instr {
    let mut all = vec![
        "rm -f /etc/apt/apt.conf.d/docker-clean",
        "echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache",
        "apt-get update",
    ];
    all.extend(commands.iter().copied().filter(|c| *c != "apt-get update"));
    let mut instr = run(&all, APT_CACHES);
    if let Instr::Run {
        hadolint_ignore,
        caches,
        ..
    } = &mut instr
    {
        hadolint_ignore.push("DL3008".into());
        caches.iter_mut().for_each(|c| c.locked = true);
    }
    instr
}

/// `apt-get install` of `packages` as one step headed by `why` (see [`apt_run`]).
pub fn apt_install(why: &str, packages: &[String]) -> Step {
    Step::new(
        why,
        apt_run(&[&format!(
            "apt-get install -y --no-install-recommends {}",
            packages.join(" ")
        )]),
    )
}

/// COPY from the build context (`from` `None`) or from a stage of the same plan.
pub fn copy(from: Option<StageName>, src: &[String], dest: &str, chown: Option<UserRule>) -> Instr {
    Instr::Copy {
        from: from.map(CopyFrom::Stage),
        src: src.to_vec(),
        dest: dest.into(),
        chown: chown.map(|u| format!("{}:{}", u.uid, u.gid)),
    }
}

/// COPY from an image rather than a stage of the plan (a tool's binary from its pinned image).
pub fn copy_image(image: &str, src: &[String], dest: &str) -> Instr {
    Instr::Copy {
        from: Some(CopyFrom::Image(image.to_string())),
        src: src.to_vec(),
        dest: dest.into(),
        chown: None,
    }
}

pub fn env(vars: &[(&str, String)]) -> Instr {
    Instr::Env {
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

/// `ENV PORT=…` for a server that reads its port from the environment, when there is a port.
pub fn port_env(facts: &Facts) -> Option<Step> {
    facts.port.map(|port| {
        Step::new(
            "The port the server reads, stated for the platform too",
            env(&[("PORT", port.to_string())]),
        )
    })
}

/// The closing steps every final stage shares: drop privileges, declare the port, start in exec form.
pub fn finish(
    steps: &mut Vec<Step>,
    user: UserRule,
    port: Option<u16>,
    entrypoint: bool,
    argv: Vec<String>,
) {
    steps.push(Step::new(
        "Run as an unprivileged numeric user so no step of the app runs as root",
        Instr::User {
            uid: user.uid,
            gid: user.gid,
        },
    ));
    if let Some(port) = port {
        steps.push(Step::new(
            "The port the app listens on, on all interfaces",
            Instr::Expose { port },
        ));
    }
    steps.push(Step::new(
        "Exec form: the app is PID 1 and receives SIGTERM directly",
        Instr::Start { entrypoint, argv },
    ));
}

/// The final stage's close for a compiled binary: the binary alone from the build stage's `from` to
/// `/app/<binary>` (owned by root, so the app cannot rewrite itself), then `finish` with the facts' start.
pub fn ship_binary(
    fin: &mut Vec<Step>,
    facts: &Facts,
    user: UserRule,
    why: &str,
    from: &str,
    binary: &str,
) {
    fin.push(Step::new(
        why,
        copy(
            Some(StageName::Build),
            &[format!("{from}/{binary}")],
            &format!("/app/{binary}"),
            None,
        ),
    ));
    finish(fin, user, facts.port, true, facts.start.clone());
}

/// The folders the app writes at run time: the stack's (`writable` of its rules: an Elixir release's
/// `tmp`), then the detected framework's (`writable` in its row: Next's `.next/cache`); the rest of the
/// app stays read-only to its user.
pub fn framework_writable(facts: &Facts, rules: &crate::rules::Rules) -> Vec<String> {
    let mut dirs: Vec<String> = rules.stack(facts.stack).writable.clone();
    let Some(id) = facts.framework.as_deref() else {
        return dirs;
    };
    for fw in rules
        .stack(facts.stack)
        .frameworks
        .iter()
        .filter(|f| f.id == id)
    {
        for w in &fw.writable {
            if !dirs.contains(w) {
                dirs.push(w.clone());
            }
        }
    }
    dirs
}

/// The writable folders, copied from the build stage (where they were made) under `root`, owned by
/// the app's user: the only part of the app it may change.
pub fn writable_copies(dirs: &[String], root: &str, user: UserRule) -> Vec<Step> {
    dirs.iter()
        .enumerate()
        .map(|(i, w)| {
            let instr = copy(
                Some(StageName::Build),
                &[format!("{root}/{w}")],
                &format!("./{w}"),
                Some(user),
            );
            if i == 0 {
                Step::new(
                    "The folders the app writes at run time, the only ones its user owns",
                    instr,
                )
            } else {
                Step::then(instr)
            }
        })
        .collect()
}
