//! What the stacks' unit tests share: write a small project to a temporary folder and run one stack's
//! detector on it, so each stack's tests hold only their cases.

use crate::config::Answers;
use crate::error::Result;
use crate::facts::Facts;
use crate::rules::StackRules;
use crate::scan::Project;

/// A stack's detector, as every stack's `detect.rs` declares it.
pub type Detect = fn(&Project, &StackRules, &Answers) -> Result<Option<Facts>>;

/// One stack under test: its id (to find its rules) and its detector.
pub struct Kit {
    pub id: crate::facts::StackId,
    pub detect: Detect,
}

impl Kit {
    /// The detector's answer for `files` (path, text) under `answers`.
    pub fn run(&self, files: &[(&str, &str)], answers: &Answers) -> Result<Option<Facts>> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("a file has a folder")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let rules = crate::stacks::rules()?;
        let project = Project::scan(dir.path(), rules)?;
        (self.detect)(&project, rules.stack(self.id), answers)
    }

    /// The facts of an app the detector must accept with no answers.
    pub fn facts(&self, files: &[(&str, &str)]) -> Facts {
        self.run(files, &Answers::default())
            .expect("no error")
            .expect("an app")
    }

    /// The one-line error the detector must give with no answers.
    pub fn error(&self, files: &[(&str, &str)]) -> String {
        self.run(files, &Answers::default())
            .expect_err("an error")
            .to_string()
    }
}
