//! Whether a .NET app needs ICU and time zones, which Ubuntu chiseled images leave out (see
//! [`GlobalizationRule`]): then its runtime is the image's `-extra` variant.

use crate::facts::{ArtifactKind, Facts};
use crate::rules::GlobalizationRule;

/// The runtime artifact for an app whose project sets `invariant` (the property's value and the file that
/// sets it) and uses the packages `uses` says yes to; records why when it changes.
pub(super) fn artifact(
    rule: &GlobalizationRule,
    artifact: ArtifactKind,
    invariant: Option<(String, String)>,
    uses: impl Fn(&str) -> bool,
    project: &str,
    facts: &mut Facts,
) -> ArtifactKind {
    // The rules checked this variant when they loaded (crate::rules::check).
    let extra = ArtifactKind::named(&format!("{artifact}{}", rule.artifact_suffix));
    // Its reason replaces the one the plain variant was chosen for.
    let mut because = |file: &str, why: String| {
        facts.evidence.retain(|e| e.fact != "runtime");
        facts.because("runtime", extra.as_str(), file, why);
    };
    match invariant {
        // The project chose invariant mode itself: the smaller image serves it.
        Some((value, _)) if value.eq_ignore_ascii_case("true") => artifact,
        Some((value, file)) if value.eq_ignore_ascii_case("false") => {
            because(
                &file,
                format!(
                    "{} false: the app uses cultures, which need ICU",
                    rule.property
                ),
            );
            extra
        }
        _ => match rule.packages.iter().find(|p| uses(p)) {
            Some(package) => {
                because(
                    project,
                    format!("{package} fails in invariant globalization mode: it needs ICU"),
                );
                extra
            }
            None => artifact,
        },
    }
}
