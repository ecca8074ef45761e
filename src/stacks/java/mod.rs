//! Java and Kotlin on the JVM: Maven or Gradle builds a jar, a JRE runs it.
//!
//! The stack's detector reads the project, its planner turns the facts into stages; the detail type
//! carries what only this stack's planner needs.

pub(crate) mod detect;
pub(crate) mod plan;

use super::Stack;
use crate::config::Answers;
use crate::error::Result;
use crate::facts::{Facts, StackId};
use crate::plan::{Base, Stage};
use crate::rules::Rules;
use crate::scan::Project;

/// The stack's identity: `--stack java`, `detectors/java.toml`.
pub const ID: StackId = StackId::new("java");

/// The java stack, as the registry names it.
pub struct Java;

impl Stack for Java {
    fn id(&self) -> StackId {
        ID
    }

    fn rules(&self) -> &'static str {
        include_str!("../../../detectors/java.toml")
    }

    fn parsers(&self) -> &'static [&'static str] {
        &["jvm"]
    }

    fn detect(&self, project: &Project, rules: &Rules, answers: &Answers) -> Result<Option<Facts>> {
        detect::detect(project, rules.stack(self.id()), answers)
    }

    fn stages(&self, facts: &Facts, base: &Base, _rules: &Rules) -> Result<Vec<Stage>> {
        Ok(plan::stages(
            facts,
            super::detail::<JavaDetail>(facts)?,
            base,
        ))
    }

    // A JVM app builds on the Maven or Gradle image, or on a plain JDK when it brings its own wrapper.
    fn build_family(&self, facts: &Facts, rules: &Rules) -> String {
        match super::detail::<JavaDetail>(facts) {
            Ok(d) => d.build_family.clone(),
            Err(_) => rules.build_family(self.id()).to_string(),
        }
    }
}

/// How a JVM app's artifact is laid out in the runtime image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum JvmLayout {
    /// A Spring Boot fat jar, extracted into its layers in the build stage.
    BootLayers {
        /// Boot 3.3 and later: `-Djarmode=tools … extract --layers --launcher`; before: `layertools`.
        tools: bool,
    },
    /// A Quarkus fast-jar: `quarkus-app/` with lib/, the runner jar, app/ and quarkus/.
    QuarkusFastJar,
    /// A jar that carries its dependencies (shade, assembly): `java -jar`.
    FatJar,
    /// The app's jar(s) and its runtime dependencies in `lib/` (Gradle installDist, Maven
    /// copy-dependencies), started with `java -cp 'lib/*' MainClass`.
    #[default]
    ClassPath,
}

#[derive(Debug, Clone, Default)]
pub struct JavaDetail {
    /// `java` or `kotlin`: the language flavour of the sources (both build and run the same way).
    pub flavour: String,
    /// The project's wrapper (`./mvnw`, `./gradlew`) or the build image's tool (`mvn`, `gradle`).
    pub tool: String,
    /// Whether `tool` is the project's wrapper (then the build image is a plain JDK).
    pub wrapper: bool,
    /// The catalogue family of the build image (`java` for a JDK, `java-maven`, `java-gradle`).
    pub build_family: String,
    /// Build files and wrapper files copied before the source, in order (folders end with `/`).
    pub manifests: Vec<String>,
    /// The module that is the app (`app`), empty for a single-module project.
    pub module: String,
    /// The command that resolves dependencies into the cache before the source is copied.
    pub resolve: String,
    /// Commands that gather the runtime's files under /out once the build ran (extract the Boot jar's
    /// layers, copy the Quarkus fast-jar, the fat jar or the class path).
    pub package: Vec<String>,
    pub layout: JvmLayout,
    /// The main class for a class-path start.
    pub main_class: Option<String>,
    /// Opted in (`cds = true`): the training run, in exec form, that writes the class-data archive in the
    /// runtime stage, where the JVM that will read it runs.
    pub cds_train: Option<Vec<String>>,
}
