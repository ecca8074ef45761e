//! pom.xml: the parts of a Maven project model detection reads — coordinates, parent, properties, modules,
//! dependencies, plugins and the few plugin settings that shape a container (compiler release, main class,
//! final name). Read with roxmltree, so a malformed pom names its line; nothing is inherited or resolved
//! beyond `${property}` references to the pom's own properties.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// `groupId:artifactId` with a version as written (possibly `${…}`), and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coord {
    pub group: String,
    pub artifact: String,
    pub version: Option<String>,
    pub line: usize,
}

impl Coord {
    pub fn key(&self) -> String {
        format!("{}:{}", self.group, self.artifact)
    }
}

/// A `<plugin>` with the settings of its `<configuration>` that detection uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    pub coord: Coord,
    /// Element name → (text, line) for every leaf under `<configuration>` (and its executions'),
    /// first occurrence: `release`, `source`, `target`, `mainClass`, `finalName`, …
    pub config: BTreeMap<String, (String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Pom {
    pub artifact_id: Option<String>,
    pub version: Option<String>,
    pub packaging: Option<String>,
    pub parent: Option<Coord>,
    /// `<properties>`: name → (value, line).
    pub properties: BTreeMap<String, (String, usize)>,
    pub modules: Vec<String>,
    pub dependencies: Vec<Coord>,
    /// `<dependencyManagement>` entries (BOM imports among them).
    pub managed: Vec<Coord>,
    pub plugins: Vec<Plugin>,
    pub final_name: Option<String>,
}

impl Pom {
    pub fn parse(path: &str, text: &str) -> Result<Pom> {
        let doc = super::xml(path, text)?;
        let root = doc.root_element();
        if root.tag_name().name() != "project" {
            return Err(Error::Manifest {
                path: path.into(),
                line: Some(doc.text_pos_at(root.range().start).row as usize),
                message: format!(
                    "the root element is <{}>, not a Maven <project>",
                    root.tag_name().name()
                ),
            });
        }
        let line = |n: roxmltree::Node| doc.text_pos_at(n.range().start).row as usize;
        let mut pom = Pom {
            artifact_id: child_text(root, "artifactId"),
            version: child_text(root, "version"),
            packaging: child_text(root, "packaging"),
            ..Pom::default()
        };
        if let Some(parent) = child(root, "parent") {
            pom.parent = coord(parent, line(parent));
        }
        if let Some(props) = child(root, "properties") {
            for p in props.children().filter(|n| n.is_element()) {
                let value = p.text().unwrap_or("").trim().to_string();
                pom.properties
                    .entry(p.tag_name().name().to_string())
                    .or_insert((value, line(p)));
            }
        }
        if let Some(modules) = child(root, "modules") {
            pom.modules = children(modules, "module")
                .filter_map(|m| m.text().map(|t| t.trim().to_string()))
                .filter(|m| !m.is_empty())
                .collect();
        }
        if let Some(deps) = child(root, "dependencies") {
            pom.dependencies = children(deps, "dependency")
                .filter_map(|d| coord(d, line(d)))
                .collect();
        }
        if let Some(deps) =
            child(root, "dependencyManagement").and_then(|m| child(m, "dependencies"))
        {
            pom.managed = children(deps, "dependency")
                .filter_map(|d| coord(d, line(d)))
                .collect();
        }
        if let Some(build) = child(root, "build") {
            pom.final_name = child_text(build, "finalName");
            pom.plugins = plugins(build, &line);
        }
        // BOMs and plugins are often named through properties (`${quarkus.platform.group-id}`).
        let named = pom.clone();
        let fix = |c: &mut Coord| {
            for part in [&mut c.group, &mut c.artifact] {
                if part.contains("${") {
                    if let Some(v) = named.resolve(part) {
                        *part = v;
                    }
                }
            }
        };
        pom.parent.iter_mut().for_each(fix);
        pom.dependencies.iter_mut().for_each(fix);
        pom.managed.iter_mut().for_each(fix);
        pom.plugins.iter_mut().for_each(|p| fix(&mut p.coord));
        Ok(pom)
    }

    /// A value with `${name}` references to the pom's own properties (and `project.version`) replaced;
    /// `None` when a reference cannot be resolved here (inherited, or set on the command line).
    pub fn resolve(&self, value: &str) -> Option<String> {
        let mut out = value.trim().to_string();
        for _ in 0..8 {
            let Some(start) = out.find("${") else {
                return Some(out);
            };
            let end = start + out[start..].find('}')?;
            let name = &out[start + 2..end];
            let replacement = match name {
                "project.version" | "version" => self.version.clone()?,
                "project.artifactId" | "artifactId" => self.artifact_id.clone()?,
                "project.parent.version" => self.parent.as_ref()?.version.clone()?,
                _ => self.properties.get(name)?.0.clone(),
            };
            out.replace_range(start..end + 1, &replacement);
        }
        None
    }

    /// Whether `key` (`group:artifact`) is the parent, a dependency, a managed dependency or a plugin.
    pub fn mentions(&self, key: &str) -> Option<&Coord> {
        self.parent
            .iter()
            .chain(&self.dependencies)
            .chain(&self.managed)
            .chain(self.plugins.iter().map(|p| &p.coord))
            .find(|c| c.key() == key)
    }

    pub fn plugin(&self, artifact: &str) -> Option<&Plugin> {
        self.plugins.iter().find(|p| p.coord.artifact == artifact)
    }
}

/// The plugins `<build>` declares, in `<plugins>` and `<pluginManagement>`, each with the leaf values of
/// its `<configuration>` (first occurrence wins); the group defaults to Maven's own plugins.
fn plugins(build: roxmltree::Node, line: &dyn Fn(roxmltree::Node) -> usize) -> Vec<Plugin> {
    let mut out = Vec::new();
    let lists = [
        child(build, "plugins"),
        child(build, "pluginManagement").and_then(|m| child(m, "plugins")),
    ];
    for plugins in lists.into_iter().flatten() {
        for p in children(plugins, "plugin") {
            let Some(mut c) = coord(p, line(p)) else {
                continue;
            };
            if c.group.is_empty() {
                c.group = "org.apache.maven.plugins".into();
            }
            let mut config = BTreeMap::new();
            for cfg in p
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "configuration")
            {
                for leaf in cfg
                    .descendants()
                    .filter(|n| n.is_element() && !n.children().any(|c| c.is_element()))
                {
                    let text = leaf.text().unwrap_or("").trim().to_string();
                    config
                        .entry(leaf.tag_name().name().to_string())
                        .or_insert((text, line(leaf)));
                }
            }
            out.push(Plugin { coord: c, config });
        }
    }
    out
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

fn children<'a, 'i: 'a>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    child(node, name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn coord(node: roxmltree::Node, line: usize) -> Option<Coord> {
    Some(Coord {
        group: child_text(node, "groupId").unwrap_or_default(),
        artifact: child_text(node, "artifactId")?,
        version: child_text(node, "version"),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.5.6</version>
  </parent>
  <artifactId>demo</artifactId>
  <version>0.1.0</version>
  <properties>
    <java.version>21</java.version>
    <release>${java.version}</release>
  </properties>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <configuration><release>17</release></configuration>
      </plugin>
    </plugins>
  </build>
</project>
"#;

    #[test]
    fn reads_coordinates_properties_and_plugins() {
        let pom = Pom::parse("pom.xml", POM).unwrap();
        assert_eq!(
            pom.parent.as_ref().unwrap().version.as_deref(),
            Some("3.5.6")
        );
        assert_eq!(pom.parent.as_ref().unwrap().line, 4);
        assert_eq!(pom.properties["java.version"], ("21".to_string(), 12));
        assert_eq!(pom.resolve("${release}").as_deref(), Some("21"));
        assert_eq!(pom.resolve("${nope}"), None);
        let compiler = pom.plugin("maven-compiler-plugin").unwrap();
        assert_eq!(compiler.coord.group, "org.apache.maven.plugins");
        assert_eq!(compiler.config["release"].0, "17");
        assert!(pom
            .mentions("org.springframework.boot:spring-boot-starter-parent")
            .is_some());
    }

    #[test]
    fn a_malformed_pom_names_its_line() {
        let err = Pom::parse("pom.xml", "<project>\n  <parent>\n</project>\n").unwrap_err();
        match err {
            Error::Manifest { line, .. } => assert_eq!(line, Some(3)),
            e => panic!("{e}"),
        }
        assert!(Pom::parse("pom.xml", "<html/>").is_err());
    }
}
