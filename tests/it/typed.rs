//! Typed hand-offs (issue 13): names that travel between rules, detection and planning are checked
//! where they enter, so a typo fails when the rules load or cannot be written at all.

use dockgen::rules::Rules;
use dockgen::stacks::rule_files;

/// The embedded rules with `from` replaced by `to` in the file `file`.
fn rules_with(file: &str, from: &str, to: &str) -> dockgen::Result<Rules> {
    let files: Vec<(String, String)> = rule_files()
        .into_iter()
        .map(|(name, text)| {
            let text = if name == file {
                assert!(text.contains(from), "{file} has no `{from}`");
                text.replacen(from, to, 1)
            } else {
                text.to_string()
            };
            (name, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Rules::parse(&files)
}

#[test]
fn an_unknown_artifact_kind_fails_when_the_rules_load_naming_the_file() {
    for (file, from, to, what) in [
        (
            "ruby.toml",
            "artifact = \"ruby\"",
            "artifact = \"rubby\"",
            "`artifact`",
        ),
        (
            "dotnet.toml",
            "artifact = \"dotnet-aspnet\"",
            "artifact = \"dotnet-aspnett\"",
            "a [[framework]] row",
        ),
        (
            "go.toml",
            "artifacts = [\"static-binary\"]",
            "artifacts = [\"static-binarry\"]",
            "[cross]",
        ),
        (
            "dotnet.toml",
            "artifact_suffix = \"-extra\"",
            "artifact_suffix = \"-xtra\"",
            "[globalization]",
        ),
        (
            "images.toml",
            "musl_warn = [\"node\"",
            "musl_warn = [\"nodejs\"",
            "[bases] musl_warn",
        ),
    ] {
        let e = rules_with(file, from, to).expect_err(to).to_string();
        let kind = to.split('"').nth(1).unwrap();
        assert!(
            e.starts_with(&format!("built-in rules {file}: {what} names artifact `")),
            "{e}"
        );
        assert!(
            e.contains("which no [[runtime]] row serves; use one of "),
            "{e}"
        );
        assert!(!e.contains('\n'), "{e}");
        if what != "[globalization]" {
            assert!(e.contains(&format!("`{kind}`")), "{e}");
        }
    }
}

/// Every app of every example, planned.
fn example_plans() -> Vec<(String, dockgen::plan::Plan)> {
    let rules = dockgen::stacks::rules().unwrap();
    let dirs = crate::common::example_dirs();
    let mut plans = Vec::new();
    for dir in dirs {
        let project = dockgen::scan::Project::scan(&dir, rules).unwrap();
        let apps = dockgen::detect::detect(&project, &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for app in &apps {
            let plan = dockgen::pipeline::plan(app, rules, None)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            plans.push((format!("{} {}", dir.display(), app.path), plan));
        }
    }
    // No example has Ruby's Node stage (the asset build of a Rails app with jsbundling): the ruby tests' app.
    let rails = crate::ruby::rails(&[("jsbundling-rails", "1.3.1"), ("propshaft", "1.1.0")])
        .file(
            "package.json",
            r#"{"name":"app","private":true,"scripts":{"build":"esbuild app/javascript/*.* --bundle --outdir=app/assets/builds"},"devDependencies":{"esbuild":"^0.25.0"}}"#,
        )
        .file("yarn.lock", "# yarn lockfile v1\n");
    let project = dockgen::scan::Project::scan(rails.path(), rules).unwrap();
    let apps = dockgen::detect::detect(&project, &Default::default()).unwrap();
    plans.push((
        "rails with jsbundling".into(),
        dockgen::pipeline::plan(&apps[0], rules, None).unwrap(),
    ));
    plans
}

/// Every stage role.
const STAGES: [dockgen::plan::StageName; 7] = dockgen::plan::StageName::ALL;

#[test]
fn every_copy_from_and_from_a_stage_names_an_earlier_stage_of_the_same_plan() {
    use dockgen::plan::{CopyFrom, Instr, StageName};
    let mut named = std::collections::BTreeSet::new();
    let plans = example_plans();
    assert!(plans.len() >= crate::common::example_dirs().len());
    for (what, plan) in &plans {
        let mut before: Vec<StageName> = Vec::new();
        for stage in &plan.stages {
            // `FROM base`: a stage built on an earlier one names it as its image.
            if let Some(on) = STAGES.iter().find(|s| s.as_str() == stage.image) {
                assert!(before.contains(on), "{what}: FROM {on} before that stage");
                named.insert(on.as_str());
            }
            for step in &stage.steps {
                if let Instr::Copy {
                    from: Some(CopyFrom::Stage(from)),
                    ..
                } = &step.instr
                {
                    assert!(
                        before.contains(from),
                        "{what}: COPY --from={from} but the stages before are {before:?}"
                    );
                    named.insert(from.as_str());
                }
            }
            if let Some(name) = stage.name {
                assert!(!before.contains(&name), "{what}: two stages named {name}");
                before.push(name);
            }
        }
        // Only the final stage goes unnamed: an unnamed stage in the middle could not be copied from.
        let last = plan.stages.len() - 1;
        for (i, stage) in plan.stages.iter().enumerate() {
            assert_eq!(stage.name.is_none(), i == last, "{what}: stage {i}");
        }
    }
    // The examples copy from each role, so the check above has something to hold.
    let all: std::collections::BTreeSet<&str> = STAGES.iter().map(|s| s.as_str()).collect();
    assert_eq!(named, all);
}
