//! Load-time checks across rules files: every artifact kind a file names must be one the catalogue's
//! `[[runtime]]` rows serve, so a typo fails when the rules load, naming the file, instead of leaving an
//! app without a runtime image when it is planned.

use super::{Catalogue, StackRules};
use crate::error::{Error, Result};
use crate::facts::ArtifactKind;

/// Check every kind the stacks' files (named alongside) and images.toml name against the runtime rows.
pub(super) fn artifacts(stacks: &[(&str, &StackRules)], images: &Catalogue) -> Result<()> {
    let served: Vec<ArtifactKind> = images.runtime.iter().filter_map(|r| r.artifact).collect();
    let check = |file: &str, what: &str, kind: ArtifactKind| {
        if served.contains(&kind) {
            return Ok(());
        }
        let mut known: Vec<&str> = served.iter().map(|k| k.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        Err(Error::Rules {
            file: file.to_string(),
            message: format!(
                "{what} names artifact `{kind}`, which no [[runtime]] row serves; use one of {} or add a runtime row for it",
                known.join(", ")
            ),
        })
    };
    for (file, stack) in stacks {
        let mut named = vec![("`artifact`", stack.artifact)];
        for fw in &stack.frameworks {
            named.extend(fw.artifact.map(|a| ("a [[framework]] row", a)));
        }
        if let Some(rule) = &stack.globalization {
            // The globalization variant of each kind above (`dotnet-aspnet` → `dotnet-aspnet-extra`).
            let variants: Vec<_> = named
                .iter()
                .map(|(_, a)| ArtifactKind::named(&format!("{a}{}", rule.artifact_suffix)))
                .collect();
            named.extend(variants.into_iter().map(|a| ("[globalization]", a)));
        }
        if let Some(cross) = &stack.cross {
            named.extend(cross.artifacts.iter().map(|a| ("[cross]", *a)));
        }
        for (what, kind) in named {
            check(file, what, kind)?;
        }
    }
    let bases = &images.bases;
    for kind in &bases.musl_refuse {
        check("images.toml", "[bases] musl_refuse", *kind)?;
    }
    for kind in &bases.musl_warn {
        check("images.toml", "[bases] musl_warn", *kind)?;
    }
    Ok(())
}
