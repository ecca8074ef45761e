//! shard.yml, read as far as the detector needs: the package name, the Crystal requirement, the build
//! targets and the dependencies. The YAML read is the block-mapping subset shard files are written in
//! (`key: value`, nested by indentation, `#` comments); flow collections and anchors are not read.

use crate::error::{Error, Result};
use crate::manifest::yaml::{entries, unquote};

/// What shard.yml says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shard {
    pub name: String,
    /// `crystal: ">= 1.10.0"` (a bare version is a floor), with its 1-based line.
    pub crystal: Option<(String, usize)>,
    /// `targets:` — each target's name and its `main:` source, in order.
    pub targets: Vec<(String, String)>,
    /// Names under `dependencies:` (not `development_dependencies:`).
    pub dependencies: Vec<String>,
}

impl Shard {
    pub fn parse(path: &str, text: &str) -> Result<Shard> {
        let mut s = Shard::default();
        for e in entries(path, text)? {
            match (e.section, e.indent) {
                ("name", 0) => s.name = unquote(e.value).to_string(),
                ("crystal", 0) => s.crystal = Some((unquote(e.value).to_string(), e.line)),
                ("targets", 1..=2) => s.targets.push((e.key.to_string(), String::new())),
                ("targets", 3..) if e.key == "main" => {
                    if let Some(t) = s.targets.last_mut() {
                        t.1 = unquote(e.value).to_string();
                    }
                }
                ("dependencies", 1..=2) => s.dependencies.push(e.key.to_string()),
                _ => {}
            }
        }
        if s.name.is_empty() {
            return Err(Error::Manifest {
                path: path.into(),
                line: None,
                message: "no `name:`: every shard names itself".into(),
            });
        }
        Ok(s)
    }

    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.iter().any(|d| d == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_crystal_targets_and_dependencies() {
        let s = Shard::parse(
            "shard.yml",
            "name: greeter\nversion: 0.1.0\ncrystal: \">= 1.10.0\"\n\ntargets:\n  greeter: # the server\n    main: src/greeter.cr\n  tool:\n    main: src/tool.cr\n\ndependencies:\n  kemal:\n    github: kemalcr/kemal\ndevelopment_dependencies:\n  ameba:\n    github: crystal-ameba/ameba\n",
        )
        .unwrap();
        assert_eq!(s.name, "greeter");
        assert_eq!(s.crystal, Some((">= 1.10.0".into(), 3)));
        assert_eq!(
            s.targets,
            vec![
                ("greeter".to_string(), "src/greeter.cr".to_string()),
                ("tool".to_string(), "src/tool.cr".to_string())
            ]
        );
        assert!(s.depends_on("kemal") && !s.depends_on("ameba"));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Shard::parse("shard.yml", "name: x\njunk\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "shard.yml:2: `junk` is not a `key: value` line");
        let e = Shard::parse("shard.yml", "version: 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `name:`"), "{e}");
    }
}
