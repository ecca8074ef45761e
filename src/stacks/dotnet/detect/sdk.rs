//! Which .NET channel an app targets and whether the pinned SDK can build it (global.json's roll-forward policy).

use super::*;

/// The highest channel among the app's target frameworks, with the file that set them and the TFM; and
/// `-f <tfm>` for publish when the project multi-targets.
#[allow(clippy::type_complexity)]
pub(super) fn target_channel(
    app: &Proj,
    facts: &mut Facts,
) -> Result<(Option<(String, String, String)>, Option<String>)> {
    let Some((tfms, source)) = app.target_frameworks() else {
        facts.warnings.push(format!(
            "{}: no TargetFramework found; the runtime follows the SDK version",
            app.path
        ));
        return Ok((None, None));
    };
    let best = tfms
        .iter()
        .filter_map(|t| msb::target_framework_channel(t).map(|c| (t, c)))
        .max_by_key(|(_, c)| Version::parse(c));
    let Some((tfm, channel)) = best else {
        return Err(Error::Unsupported {
            path: app.path.clone().into(),
            message: format!(
                "targets {}, none of which runs on .NET in a Linux container (netcoreappX.Y or net5.0 and later, no platform suffix)",
                tfms.join(", ")
            ),
        });
    };
    if Version::parse(&channel) < Version::parse(OLDEST_SUPPORTED) {
        facts.warnings.push(format!(
            "{tfm} is out of support and has no current image; retarget to net{OLDEST_SUPPORTED} or later (the image uses the nearest newer runtime, which runs the app only with <RollForward>Major</RollForward>)"
        ));
    }
    let flag = (tfms.len() > 1).then(|| tfm.clone());
    facts.because(
        "target_framework",
        tfm,
        &source,
        if tfms.len() > 1 {
            "the highest of TargetFrameworks; published with -f"
        } else {
            "TargetFramework"
        },
    );
    Ok((Some((channel, source, tfm.clone())), flag))
}

/// Check the SDK against the target framework and global.json's roll-forward policy: an SDK older than
/// the target cannot build it; a `latestMajor` pin may take the target's newer SDK; a patch-level pin
/// only builds on an image of its own feature band.
pub(super) fn sdk_fits(
    facts: &mut Facts,
    tc: &mut crate::facts::Toolchain,
    global: Option<&GlobalJson>,
    channel: &str,
    tfm: &str,
) {
    let older = Version::parse(&tc.version) < Version::parse(channel);
    let sdk = global.and_then(|g| g.sdk.as_ref());
    let pinned = tc.source == "global.json";
    let roll = sdk
        .and_then(|s| s.roll_forward.clone())
        .unwrap_or_else(|| "latestPatch".into());
    if older && pinned && matches!(roll.as_str(), "major" | "latestMajor") {
        facts.because(
            "toolchain",
            format!("dotnet {channel}"),
            "global.json",
            format!("rollForward {roll} admits the SDK of {tfm}"),
        );
        tc.version = channel.to_string();
        return;
    }
    if older {
        facts.warnings.push(format!(
            "{} asks for the {} SDK, which cannot build {tfm}; raise it to {channel} or later",
            tc.source, tc.version
        ));
    }
    if pinned && matches!(roll.as_str(), "patch" | "latestPatch" | "disable") {
        let version = sdk.and_then(|s| s.version.clone()).unwrap_or_default();
        facts.warnings.push(format!(
            "global.json pins SDK {version} with rollForward {roll}, which accepts only that feature band; the sdk:{} image carries the newest band of {}: set \"rollForward\": \"latestFeature\" in global.json if the build reports no compatible SDK",
            tc.version, tc.version
        ));
    }
}
