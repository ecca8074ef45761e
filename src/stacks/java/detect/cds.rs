//! The opt-in class-data archive (`--jvm-cds`, `cds = true`): a Spring Boot 3.3+ jar extracted in Boot's
//! CDS-friendly layout, a training run in the runtime stage, and the start reading the archive.

use super::*;
use crate::rules::JvmCdsRule;
use crate::version::Version;

/// The training run's argv when the person opted in and the app qualifies, with the start and the
/// packaging switched to the layout the archive needs; a warning naming why when it does not qualify.
pub(super) fn apply(
    stack: &StackRules,
    answers: &Answers,
    app: &App,
    layout: &JvmLayout,
    facts: &mut Facts,
    (start, package): (&mut Vec<String>, &mut Vec<String>),
) -> Option<Vec<String>> {
    if answers.cds != Some(true) {
        return None;
    }
    let rule = stack.jvm_cds.as_ref()?;
    if let Err(why) = eligible(rule, app, layout) {
        facts
            .warnings
            .push(format!("{}: cds (--jvm-cds) ignored: {why}", app.file));
        return None;
    }
    let java = facts
        .toolchain
        .as_ref()
        .and_then(|t| Version::parse(&t.version))
        .map_or(0, |v| v.major);
    let cache = rule.cache.iter().find(|c| java >= u64::from(c.min_java))?;
    *package = rule
        .extract
        .iter()
        .map(|c| c.replace("{jar}", &app.jar))
        .collect();
    let mut run: Vec<String> = vec!["java".into()];
    run.extend(JVM_FLAGS.iter().map(|f| f.to_string()));
    let mut train = run.clone();
    train.extend(
        cache
            .record
            .iter()
            .chain(&rule.train)
            .chain(&rule.run)
            .cloned(),
    );
    run.extend(cache.start.iter().chain(&rule.run).cloned());
    *start = run;
    facts.because(
        "cds",
        cache.start.join(" "),
        &app.file,
        format!(
            "opted in; Java {java} (this archive from Java {})",
            cache.min_java
        ),
    );
    Some(train)
}

/// Whether the app is a Spring Boot jar the CDS layout applies to; the reason when it is not.
fn eligible(rule: &JvmCdsRule, app: &App, layout: &JvmLayout) -> std::result::Result<(), String> {
    if app
        .framework
        .as_ref()
        .is_none_or(|(id, _)| id != "spring-boot")
    {
        return Err("only a Spring Boot app gets a class-data archive".into());
    }
    let min = Version::parse(&rule.min_boot);
    if let (Some(boot), Some(min)) = (app.boot.as_deref().and_then(Version::parse), min) {
        if boot < min {
            return Err(format!(
                "Spring Boot {} is older than {}, the first to extract the jar for CDS (`-Djarmode=tools extract`)",
                app.boot.as_deref().unwrap_or_default(),
                rule.min_boot
            ));
        }
    }
    if app.war {
        return Err(
            "a war keeps its classes under WEB-INF, which the archive does not cover".into(),
        );
    }
    if !matches!(layout, JvmLayout::BootLayers { tools: true }) {
        return Err("the jar is not extracted with `-Djarmode=tools`".into());
    }
    Ok(())
}
