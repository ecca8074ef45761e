//! A binary workspace's root that other stacks' files also claim: the workspace file says which stack
//! the root is, so its members build from the root where their siblings are; go.work and uv members
//! planned from the root.

use super::detect_app;
use crate::config::Answers;
use crate::error::{Error, Result};
use crate::facts::{AmbiguityKind, Facts, StackId};
use crate::rules::Rules;
use crate::scan::Project;
use crate::workspace::Workspace;

/// The answers the root is detected with. Where the root as a whole is refused or ambiguous because other
/// stacks' files sit there too (a package.json of end-to-end test tooling, without a start, beside a .NET
/// solution), the workspace file's own stack is asked for: its members then build from the root, where
/// the siblings they reference are.
pub(super) fn root_answers(
    project: &Project,
    ws: &Workspace,
    rules: &Rules,
    answers: &Answers,
) -> Result<(Answers, Option<String>)> {
    let Some(stack) = ws.stack.as_deref().filter(|_| answers.stack.is_none()) else {
        return Ok((answers.clone(), None));
    };
    let unchanged = Ok((answers.clone(), None));
    let first = detect_app(project, "", rules, answers, false);
    let settled = match &first {
        Ok(_) => true,
        Err(Error::Ambiguous { what, .. }) => *what != AmbiguityKind::Stack,
        Err(_) => false,
    };
    if settled {
        return unchanged;
    }
    let own = Answers {
        stack: Some(StackId::named(stack)),
        ..answers.clone()
    };
    match detect_app(project, "", rules, &own, false) {
        Ok(Some(_)) | Err(Error::Ambiguous { .. }) => {
            let why = format!(
                "the root holds other stacks' files too; {} makes it a {stack} workspace, pass --stack to change",
                ws.file
            );
            Ok((own, Some(why)))
        }
        _ => unchanged,
    }
}

/// A go.work or uv workspace member planned from the repository root: Go as detected in its folder, a uv
/// member detected again with the root's uv.lock and Python version, as uv installs it.
pub(super) fn from_root(
    project: &Project,
    ws: &Workspace,
    member: &str,
    facts: &Facts,
    rules: &Rules,
    answers: &Answers,
) -> Result<Option<Facts>> {
    if ws.id == "go.work" {
        let mut facts = facts.clone();
        let attached = super::go_member::attach(project, &ws.members, member, &mut facts)?;
        return Ok(attached.then_some(facts));
    }
    if ws.id != "uv" {
        return Ok(None);
    }
    let shared: Vec<String> = super::uv_member::SHARED
        .iter()
        .map(|s| s.to_string())
        .collect();
    let view = project.member(member, &shared);
    let Ok(mut facts) = super::tree::classify(&view, member, rules, answers)? else {
        return Ok(None);
    };
    let attached = super::uv_member::attach(project, &ws.members, member, &mut facts)?;
    Ok(attached.then_some(facts))
}
