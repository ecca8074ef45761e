//! Elixir plan: Hex and rebar, then the dependencies fetched and compiled in layers of their own (with
//! only the config they compile against), then the app compiled, its assets built and digested, and an
//! OTP release assembled. The release carries its own ERTS, so the final stage is the bare Debian slim
//! image of the build image's Debian release, with the few shared libraries ERTS links against.

use super::ElixirDetail;
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::plan::{apt_run, copy, env, finish, run, workdir, Base, Instr, Stage, StageName, Step};
use crate::rules::Rules;

/// The catalogue keys of the build image (`1.18-otp-27`) and the runtime (`otp-27`: the Debian release
/// that OTP's image builds on). A line given by flag or dockgen.toml keeps a pinned OTP, which must then
/// have an image on that line; an OTP the project does not pin follows the line to its newest OTP.
pub(crate) fn image_keys(
    facts: &Facts,
    d: &ElixirDetail,
    line: &str,
    rules: &Rules,
) -> Result<(String, String)> {
    let pairs = super::detect::published(rules);
    let otps: Vec<u32> = pairs
        .iter()
        .filter(|(l, _)| l == line)
        .map(|(_, o)| *o)
        .collect();
    let otp = if otps.contains(&d.otp) {
        d.otp
    } else if !d.otp_pinned && !otps.is_empty() {
        *otps.iter().max().expect("not empty")
    } else {
        let carry = if otps.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = otps.iter().map(u32::to_string).collect();
            format!(" (Elixir {line} images carry OTP {})", list.join(", "))
        };
        return Err(Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!(
                "no official elixir image carries Elixir {line} with OTP {}{carry}; pass --toolchain-version with one of {}",
                d.otp,
                rules.stack(facts.stack).toolchain.known.join(", ")
            ),
        });
    };
    Ok((format!("{line}-otp-{otp}"), format!("otp-{otp}")))
}

/// What a release's ERTS needs at run time: the C++ runtime (the JIT), OpenSSL (crypto), ncurses
/// (the shell), a UTF-8 locale, and CA certificates for outbound TLS.
const RUNTIME_PACKAGES: &[&str] = &[
    "libstdc++6",
    "openssl",
    "libncurses6",
    "locales",
    "ca-certificates",
];

fn apt_install(packages: &[String]) -> Instr {
    apt_run(&[&format!(
        "apt-get install -y --no-install-recommends {}",
        packages.join(" ")
    )])
}

pub(crate) fn stages(facts: &Facts, d: &ElixirDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let mut steps = dependency_steps(d);
    let code: Vec<&String> = d
        .sources
        .iter()
        .filter(|s| *s != "assets" && *s != "rel")
        .collect();
    for (i, src) in code.iter().enumerate() {
        let instr = copy(None, &[(*src).clone()], src, None);
        steps.push(if i == 0 {
            Step::new("The app's own code and static files", instr)
        } else {
            Step::then(instr)
        });
    }
    match facts.build.as_deref().filter(|b| *b != default_build(d)) {
        Some(custom) => steps.extend(custom_build(d, custom)),
        None => compile_and_release(d, &mut steps),
    }
    let writable = crate::plan::framework_writable(facts, rules);
    if !writable.is_empty() {
        let rel = format!("/app/_build/prod/rel/{}", d.app);
        let dirs: Vec<String> = writable.iter().map(|w| format!("{rel}/{w}")).collect();
        let (uid, gid) = (base.user.uid, base.user.gid);
        steps.push(Step::new(
            "The folders the release writes at run time, the only ones its user will own",
            run(
                &[
                    &format!("mkdir -p {}", dirs.join(" ")),
                    &format!("chown -R {uid}:{gid} {}", dirs.join(" ")),
                ],
                &[],
            ),
        ));
    }
    vec![
        Stage {
            name: Some(StageName::Build),
            image: base.build.clone(),
            comment: "Build stage: Elixir, Erlang/OTP, Hex and the compiled dependencies stay here".into(),
            steps,
        },
        Stage {
            name: None,
            image: base.runtime.clone(),
            comment: "Runtime: the build image's Debian release, slim, with the release and its ERTS only".into(),
            steps: runtime_steps(facts, d, base, !writable.is_empty()),
        },
    ]
}

/// Build tools, Hex and rebar, then the dependencies fetched and compiled from the manifests and the
/// compile-time config alone, so these layers survive every source edit.
fn dependency_steps(d: &ElixirDetail) -> Vec<Step> {
    let mut steps = vec![Step::then(workdir("/app"))];
    if !d.build_packages.is_empty() {
        steps.push(Step::new(
            "Build tools the dependencies need (git dependencies, C for NIFs); Debian's security updates replace versions, so none is pinned",
            apt_install(&d.build_packages),
        ));
    }
    steps.push(Step::new(
        "Build for production: dependencies, compile-time config and the release are prod's",
        env(&[("MIX_ENV", "prod".into())]),
    ));
    steps.push(Step::new(
        "Hex and rebar3, which mix fetches and builds dependencies with",
        run(&["mix local.hex --force", "mix local.rebar --force"], &[]),
    ));
    let mut manifests = vec!["mix.exs".to_string()];
    if d.locked {
        manifests.push("mix.lock".into());
    }
    steps.push(Step::new(
        "Manifest and lockfile first: the dependency layers survive every source edit",
        copy(None, &manifests, "./", None),
    ));
    // An umbrella's apps' manifests, each into its own folder.
    for m in &d.child_manifests {
        let dir = m
            .rsplit_once('/')
            .map_or("./".into(), |(dir, _)| format!("{dir}/"));
        steps.push(Step::then(copy(None, std::slice::from_ref(m), &dir, None)));
    }
    steps.push(Step::then(run(
        &["mix deps.get --only prod"],
        &["/root/.hex"],
    )));
    if !d.compile_config.is_empty() {
        steps.push(Step::new(
            "The config dependencies compile against (runtime.exs comes last: it is read at boot)",
            copy(None, &d.compile_config, "config/", None),
        ));
    }
    let mut deps = vec!["mix deps.compile"];
    if d.assets_setup {
        deps.push("mix assets.setup");
    }
    steps.push(Step::new(
        if d.assets_setup {
            "Compile the dependencies, and install the asset tools, in a layer of their own"
        } else {
            "Compile the dependencies in a layer of their own"
        },
        run(&deps, &[]),
    ));
    steps
}

/// An answer's `--build` replaces the compile-to-release chain, after the rest of the source; it must
/// leave the release where the runtime stage copies it from.
fn custom_build(d: &ElixirDetail, custom: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut rest: Vec<String> = ["assets", "rel"]
        .into_iter()
        .filter(|s| d.sources.iter().any(|x| x == s))
        .map(String::from)
        .collect();
    if d.runtime_config {
        rest.push("config/runtime.exs".into());
    }
    for (i, src) in rest.iter().enumerate() {
        let dest = if src.starts_with("config/") {
            "config/"
        } else {
            src.as_str()
        };
        let instr = copy(None, std::slice::from_ref(src), dest, None);
        steps.push(if i == 0 {
            Step::new("The rest of the source the build reads", instr)
        } else {
            Step::then(instr)
        });
    }
    steps.push(Step::new(
        "The build the project asks for (an answer's --build), in place of mix compile and mix release",
        run(&[custom], &[]),
    ));
    steps
}

/// The runtime stage: ERTS's libraries and a UTF-8 locale, the user, the release's environment, the
/// release (the folders it writes already its user's when `writes`), then the start.
fn runtime_steps(facts: &Facts, d: &ElixirDetail, base: &Base, writes: bool) -> Vec<Step> {
    let mut packages = apt_install(
        &RUNTIME_PACKAGES
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>(),
    );
    if let Instr::Run { commands, .. } = &mut packages {
        commands.push("sed -i '/en_US.UTF-8/s/^# //' /etc/locale.gen".into());
        commands.push("locale-gen".into());
    }
    let mut fin = vec![Step::new(
        "What the release's ERTS links against, and a UTF-8 locale; Debian's security updates replace versions, so none is pinned",
        packages,
    )];
    fin.push(Step::new(
        "Elixir expects UTF-8",
        env(&[
            ("LANG", "en_US.UTF-8".into()),
            ("LANGUAGE", "en_US:en".into()),
            ("LC_ALL", "en_US.UTF-8".into()),
        ]),
    ));
    fin.extend(base.user_steps());
    fin.push(Step::then(workdir("/app")));
    let mut vars: Vec<(&str, String)> =
        d.env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    if let Some(port) = facts.port {
        vars.push(("PORT", port.to_string()));
    }
    if !vars.is_empty() {
        fin.push(Step::new(
            "The release's environment: the port it reads, and the framework's switches",
            env(&vars),
        ));
    }
    fin.push(Step::new(
        if writes {
            "Only the release, owned by root but for the folders it writes: the app cannot rewrite its own code"
        } else {
            "Only the release, owned by root: the app cannot rewrite its own code"
        },
        copy(
            Some(StageName::Build),
            &[format!("/app/_build/prod/rel/{}", d.app)],
            "./",
            None,
        ),
    ));
    finish(&mut fin, base.user, facts.port, false, facts.start.clone());
    fin
}

/// The build the detector composes: compile, the assets when Phoenix deploys them, the release.
fn default_build(d: &ElixirDetail) -> String {
    let mut build = vec!["mix compile"];
    if d.assets_deploy {
        build.push("mix assets.deploy");
    }
    build.push("mix release");
    build.join(" && ")
}

/// The compile, assets and release steps, each in the layer that keeps the most of the cache.
fn compile_and_release(d: &ElixirDetail, steps: &mut Vec<Step>) {
    steps.push(Step::new("Compile the app", run(&["mix compile"], &[])));
    if d.assets_deploy {
        let mut s = Vec::new();
        if d.sources.iter().any(|s| s == "assets") {
            s.push(Step::new(
                "Assets after the compile (Phoenix's colocated hooks come from it): minified, digested into priv/static",
                copy(None, &["assets".into()], "assets", None),
            ));
            s.push(Step::then(run(&["mix assets.deploy"], &[])));
        } else if let Some(Step {
            comment,
            instr: Instr::Run { commands, .. },
        }) = steps.last_mut()
        {
            // The assets came with the code (an umbrella's apps): one step after the compile.
            commands.push("mix assets.deploy".into());
            *comment = Some(
                "Compile the app, then its assets: minified, digested into priv/static".into(),
            );
        }
        steps.extend(s);
    }
    let mut last = Vec::new();
    if d.runtime_config {
        last.push(copy(None, &["config/runtime.exs".into()], "config/", None));
    }
    if d.sources.iter().any(|s| s == "rel") {
        last.push(copy(None, &["rel".into()], "rel", None));
    }
    if last.is_empty() && !d.assets_deploy {
        // Nothing comes between the compile and the release: one step.
        if let Some(Step {
            comment,
            instr: Instr::Run { commands, .. },
        }) = steps.last_mut()
        {
            commands.push("mix release".into());
            *comment = Some(
                "Compile the app, then the OTP release: the app, its dependencies and ERTS".into(),
            );
        }
    } else {
        for (i, instr) in last.into_iter().enumerate() {
            steps.push(if i == 0 {
                Step::new(
                    "Boot-time config and release overlays: editing them skips the compile",
                    instr,
                )
            } else {
                Step::then(instr)
            });
        }
        steps.push(Step::new(
            "The OTP release: the app, its dependencies and ERTS",
            run(&["mix release"], &[]),
        ));
    }
}
