//! pubspec.yaml, read as far as the detector needs: the package name, the SDK constraint, the
//! dependencies and the executables. The YAML read is the block-mapping subset pubspecs are written in
//! (`key: value`, nested by indentation, `#` comments); flow collections and anchors are not read.

use crate::error::{Error, Result};
use crate::manifest::yaml::{entries, unquote};

/// What pubspec.yaml says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pubspec {
    pub name: String,
    /// `environment: sdk: ^3.5.0`, with its 1-based line.
    pub sdk: Option<(String, usize)>,
    /// Names under `dependencies:`.
    pub dependencies: Vec<String>,
    /// Names under `executables:` (each a script in bin/).
    pub executables: Vec<String>,
}

impl Pubspec {
    pub fn parse(path: &str, text: &str) -> Result<Pubspec> {
        let mut p = Pubspec::default();
        for e in entries(path, text)? {
            match (e.section, e.indent) {
                ("name", 0) => p.name = unquote(e.value).to_string(),
                ("environment", 1..) if e.key == "sdk" => {
                    p.sdk = Some((unquote(e.value).to_string(), e.line));
                }
                ("dependencies", 1..=2) => p.dependencies.push(e.key.to_string()),
                ("executables", 1..=2) => p.executables.push(e.key.to_string()),
                _ => {}
            }
        }
        if p.name.is_empty() {
            return Err(Error::Manifest {
                path: path.into(),
                line: None,
                message: "no `name:`: every pubspec names its package".into(),
            });
        }
        Ok(p)
    }

    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.iter().any(|d| d == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_sdk_dependencies_and_executables() {
        let p = Pubspec::parse(
            "pubspec.yaml",
            "name: greeter # the package\nenvironment:\n  sdk: '^3.5.0'\n\ndependencies:\n  shelf: ^1.4.0\n  args:\n    version: ^2.0.0\ndev_dependencies:\n  test: ^1.24.0\nexecutables:\n  server:\n",
        )
        .unwrap();
        assert_eq!(p.name, "greeter");
        assert_eq!(p.sdk, Some(("^3.5.0".into(), 3)));
        assert_eq!(
            p.dependencies,
            vec!["shelf".to_string(), "args".to_string()]
        );
        assert!(!p.depends_on("test"));
        assert_eq!(p.executables, vec!["server".to_string()]);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Pubspec::parse("pubspec.yaml", "name: x\nnot yaml\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "pubspec.yaml:2: `not yaml` is not a `key: value` line");
        let e = Pubspec::parse("pubspec.yaml", "version: 1.0.0\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `name:`"), "{e}");
    }
}
