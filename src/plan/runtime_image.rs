//! `--runtime-image`: a base the user names instead of the catalogue's. A base dockgen knows (by its
//! repository, whatever the tag or digest) keeps the catalogue's user and entrypoint handling; any other
//! is accepted with a note of what dockgen cannot check. A musl base gets busybox's user tools (or a
//! refusal for an artifact that links glibc), a shell-less one nothing that needs a shell.

use super::{Base, Instr, Stage};
use crate::error::{Error, Result};
use crate::facts::{ArtifactKind, Facts};
use crate::image::ImageName;
use crate::rules::{Rules, UserRule};

/// What the named base is, for the checks on the finished plan.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    name: ImageName,
    shellless: bool,
    musl: bool,
}

/// Put the named image in `base`, with the handling its repository calls for.
pub(crate) fn apply(
    base: &mut Base,
    image: &str,
    artifact: ArtifactKind,
    rules: &Rules,
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Result<Chosen> {
    let name = ImageName::parse(image).map_err(|why| Error::BadFlag {
        flag: "--runtime-image",
        value: None,
        why,
    })?;
    let bases = &rules.images.bases;
    let chosen = Chosen {
        shellless: name.is(&bases.shellless),
        musl: name.is(&bases.musl),
        name,
    };
    let name = &chosen.name;
    base.runtime = name.text.trim().to_string();
    base.musl = chosen.musl;
    let rows: Vec<&crate::rules::ImageRule> = rules
        .images
        .runtime
        .iter()
        .filter(|r| name.is_of_template(&r.image))
        .collect();
    match rows.iter().find(|r| r.artifact == Some(artifact)) {
        Some(row) => {
            base.user = row.user.unwrap_or(UserRule {
                uid: 10001,
                gid: 10001,
            });
            base.create_user = row.create_user && !chosen.shellless;
            base.runtime_binary = row.binary.clone();
            base.server = (*row).clone();
        }
        None => {
            base.runtime_binary = None;
            base.create_user = !chosen.shellless;
            base.user = UserRule {
                uid: 10001,
                gid: 10001,
            };
            notes.push(unknown_note(
                &chosen,
                rows.first().and_then(|r| r.artifact),
                facts,
            ));
        }
    }
    if name.tag.is_none() && name.digest.is_none() {
        notes.push(format!(
            "--runtime-image {}: no tag or digest, so it means `latest` and changes under you; pin one",
            name.text
        ));
    }
    if chosen.musl {
        musl(&chosen, artifact, rules, facts, notes)?;
    }
    Ok(chosen)
}

/// What dockgen cannot vouch for on a base it does not know.
fn unknown_note(chosen: &Chosen, known_for: Option<ArtifactKind>, facts: &Facts) -> String {
    let name = &chosen.name;
    let what = match known_for {
        Some(other) => format!(
            "--runtime-image {}: dockgen knows `{}` as a base for {other}, not for this app",
            name.text, name.repo
        ),
        None => format!(
            "--runtime-image {}: `{}` is not in dockgen's catalogue",
            name.text, name.repo
        ),
    };
    let program = facts.start.first().map(String::as_str).unwrap_or("the app");
    let user = if chosen.shellless {
        "it has no shell, so user 10001 is set by number only"
    } else if chosen.musl {
        "the Dockerfile creates user 10001 with busybox's addgroup/adduser"
    } else {
        "the Dockerfile creates user 10001 with groupadd/useradd"
    };
    format!("{what}: dockgen cannot check that it has `{program}` on its PATH, which C library it uses or which user it runs as; {user}")
}

/// A musl base: refused for an artifact that links glibc, warned for one that may carry glibc modules.
fn musl(
    chosen: &Chosen,
    artifact: ArtifactKind,
    rules: &Rules,
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Result<()> {
    let bases = &rules.images.bases;
    let image = &chosen.name.text;
    if bases.musl_refuse.contains(&artifact) {
        return Err(Error::Unsupported {
            path: facts.path.clone().into(),
            message: format!(
                "--runtime-image {image}: a musl (Alpine) base cannot run this {} app: what the Debian build stage produces ({artifact}) links glibc; use a Debian or distroless base, or leave the catalogue's choice",
                facts.stack.as_str()
            ),
        });
    }
    if bases.musl_warn.contains(&artifact) {
        notes.push(format!(
            "--runtime-image {image} is musl (Alpine) but the build stage is Debian (glibc): native modules compiled there will not load on it; use a Debian base if the app has any"
        ));
    }
    Ok(())
}

/// The finished plan against the base: nothing in the final stage may need a shell the base lacks, or
/// Debian's apt-get on a musl base.
pub(crate) fn check_final(chosen: &Chosen, stages: &[Stage], facts: &Facts) -> Result<()> {
    let Some(last) = stages.last() else {
        return Ok(());
    };
    let image = &chosen.name.text;
    let refuse = |message: String| {
        Error::Unsupported {
        path: facts.path.clone().into(),
        message: format!("--runtime-image {image}: {message}; use a base with a shell, or leave the catalogue's choice"),
    }
    };
    for step in &last.steps {
        let commands = match &step.instr {
            Instr::Run { commands, .. } => commands.join(" && "),
            Instr::File { path, .. } => format!("a RUN that writes {path}"),
            _ => continue,
        };
        if chosen.shellless {
            return Err(refuse(format!(
                "it has no shell, but this {} image runs `{commands}` in its final stage",
                facts.stack.as_str()
            )));
        }
        if chosen.musl && commands.contains("apt-get") {
            return Err(refuse(format!(
                "it is musl (Alpine) with apk, but this {} image installs Debian packages in its final stage (`{commands}`)",
                facts.stack.as_str()
            )));
        }
    }
    Ok(())
}
