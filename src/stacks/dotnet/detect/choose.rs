//! Which of several runnable .NET projects is the app: --binary, the only one, the solution's, or the only web project.

use super::*;

/// The app among several runnable projects: `--binary`, else the only one, else the solution's, else the
/// only web project (with a warning); otherwise an ambiguity for `--binary`.
pub(super) fn choose_app<'a>(
    project: &Project,
    answers: &Answers,
    facts: &mut Facts,
    candidates: &[&'a Proj],
) -> Result<&'a Proj> {
    let names = |ps: &[&Proj]| -> Vec<String> { ps.iter().map(|p| p.assembly.clone()).collect() };
    if let Some(want) = &answers.binary {
        let found = candidates
            .iter()
            .find(|p| p.assembly == *want || p.stem() == want)
            .or_else(|| {
                candidates.iter().find(|p| {
                    p.assembly.eq_ignore_ascii_case(want) || p.stem().eq_ignore_ascii_case(want)
                })
            });
        let known = names(candidates).join(", ");
        let why =
            format!("no runnable .NET project by that assembly or project name (found {known})");
        return found
            .copied()
            .ok_or_else(|| Error::bad_flag("--binary", want, why));
    }
    if let [only] = candidates {
        facts.because(
            "app",
            &only.path,
            &only.path,
            "the only runnable project (Web or Worker SDK, or OutputType Exe) that is not a test project",
        );
        return Ok(only);
    }
    // The solution's projects (a project outside every solution is usually a sample or a tool).
    let mut listed: Vec<String> = Vec::new();
    let mut solutions: Vec<&str> = project
        .files()
        .filter(|f| !f.contains('/') && (f.ends_with(".sln") || f.ends_with(".slnx")))
        .collect();
    solutions.sort();
    for sln in &solutions {
        listed.extend(msb::solution_projects(sln, &project.read(sln)?)?);
    }
    let mut pool: Vec<&Proj> = candidates.to_vec();
    if !listed.is_empty() {
        let in_sln: Vec<&Proj> = pool
            .iter()
            .copied()
            .filter(|p| listed.iter().any(|l| normalize(l) == p.path))
            .collect();
        if let [only] = in_sln.as_slice() {
            facts.because(
                "app",
                &only.path,
                solutions.join(", "),
                "the solution's only runnable project that is not a test project",
            );
            return Ok(only);
        }
        if !in_sln.is_empty() {
            pool = in_sln;
        }
    }
    let web: Vec<&Proj> = pool
        .iter()
        .copied()
        .filter(|p| p.kind == Kind::Web)
        .collect();
    if let [only] = web.as_slice() {
        facts.warnings.push(format!(
            "several runnable projects ({}); chose {}, the only web project; pass --binary to change",
            names(&pool).join(", "),
            only.assembly
        ));
        facts.because(
            "app",
            &only.path,
            &only.path,
            "the only ASP.NET Core project among several runnable ones",
        );
        return Ok(only);
    }
    Err(Error::Ambiguous {
        path: project.root.clone(),
        what: crate::facts::AmbiguityKind::Project,
        choices: names(&pool),
    })
}
