//! composer.json and composer.lock: the requirements, platform settings and locked packages detection
//! reads. PHP serialises an empty map as `[]`, so map-valued fields accept an empty array too.

use crate::error::{Error, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ComposerJson {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "map")]
    pub require: BTreeMap<String, Value>,
    #[serde(default, rename = "require-dev", deserialize_with = "map")]
    pub require_dev: BTreeMap<String, Value>,
    #[serde(default)]
    pub config: Option<Config>,
    #[serde(default, deserialize_with = "map")]
    pub scripts: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Config {
    /// `config.platform`: the platform Composer resolves against (`"php": "8.2.10"`).
    #[serde(default, deserialize_with = "map")]
    pub platform: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ComposerLock {
    #[serde(default)]
    pub packages: Vec<LockedPackage>,
    #[serde(default, rename = "packages-dev")]
    pub packages_dev: Vec<LockedPackage>,
    /// The root's platform requirements (`"php": "^8.2"`, `"ext-intl": "*"`).
    #[serde(default, deserialize_with = "map")]
    pub platform: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LockedPackage {
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "map")]
    pub require: BTreeMap<String, Value>,
}

/// A JSON object, or the `[]` PHP writes for an empty one.
fn map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Value>, D::Error> {
    match Value::deserialize(d)? {
        Value::Object(o) => Ok(o.into_iter().collect()),
        Value::Array(a) if a.is_empty() => Ok(BTreeMap::new()),
        Value::Null => Ok(BTreeMap::new()),
        other => Err(serde::de::Error::custom(format!(
            "expected an object, found {}",
            kind(&other)
        ))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parse a JSON object into `T`, naming the key whose value has the wrong shape and the line it is on.
fn object<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T> {
    let value: Value = super::json(path, text)?;
    let Value::Object(obj) = &value else {
        return Err(Error::manifest_at(
            path,
            text,
            None,
            "must be a JSON object",
        ));
    };
    serde_json::from_value(value.clone()).map_err(|e| {
        // serde_json's value errors carry no position: find the first top-level key that fails alone.
        let bad = obj.iter().find(|(k, v)| {
            let mut one = serde_json::Map::new();
            one.insert((*k).clone(), (*v).clone());
            serde_json::from_value::<T>(Value::Object(one)).is_err()
        });
        let offset = bad.and_then(|(k, _)| text.find(&format!("\"{k}\"")));
        let what = bad.map_or(String::new(), |(k, _)| format!("`{k}`: "));
        Error::manifest_at(path, text, offset, format!("unexpected shape: {what}{e}"))
    })
}

impl ComposerJson {
    pub fn parse(path: &str, text: &str) -> Result<ComposerJson> {
        object(path, text)
    }

    /// A requirement's constraint, when it is a string.
    pub fn requires(&self, name: &str) -> Option<&str> {
        self.require.get(name).and_then(Value::as_str)
    }

    pub fn depends_on(&self, name: &str) -> bool {
        self.require.contains_key(name)
    }

    /// `config.platform.php`, the PHP version Composer is told to resolve for.
    pub fn platform_php(&self) -> Option<&str> {
        self.config.as_ref()?.platform.get("php")?.as_str()
    }

    /// `ext-*` requirements of the root package (not require-dev: the image installs no dev packages).
    pub fn extensions(&self) -> impl Iterator<Item = &str> {
        self.require.keys().filter_map(|k| k.strip_prefix("ext-"))
    }
}

impl ComposerLock {
    pub fn parse(path: &str, text: &str) -> Result<ComposerLock> {
        object(path, text)
    }

    pub fn platform_php(&self) -> Option<&str> {
        self.platform.get("php")?.as_str()
    }

    /// `ext-*` requirements of the locked production packages, each with the package asking for it.
    pub fn extensions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.packages.iter().flat_map(|p| {
            p.require
                .keys()
                .filter_map(move |k| k.strip_prefix("ext-").map(|e| (e, p.name.as_str())))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requirements_platform_and_empty_php_maps() {
        let c = ComposerJson::parse(
            "composer.json",
            r#"{"require": {"php": "^8.2", "ext-intl": "*", "laravel/framework": "^12.0"},
                "require-dev": [], "config": {"platform": {"php": "8.3.4"}}}"#,
        )
        .unwrap();
        assert_eq!(c.requires("php"), Some("^8.2"));
        assert_eq!(c.platform_php(), Some("8.3.4"));
        assert_eq!(c.extensions().collect::<Vec<_>>(), vec!["intl"]);
        let l = ComposerLock::parse(
            "composer.lock",
            r#"{"packages": [{"name": "a/b", "version": "1.0.0", "require": {"ext-zip": "*"}}],
                "packages-dev": [], "platform": [], "platform-dev": []}"#,
        )
        .unwrap();
        assert_eq!(l.platform_php(), None);
        assert_eq!(l.extensions().collect::<Vec<_>>(), vec![("zip", "a/b")]);
    }

    #[test]
    fn a_wrong_shape_names_the_key_and_its_line() {
        let text = "{\n  \"name\": \"a/b\",\n  \"require\": \"php\"\n}\n";
        let e = ComposerJson::parse("composer.json", text).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("composer.json:3"), "{msg}");
        assert!(msg.contains("`require`"), "{msg}");
    }

    #[test]
    fn an_unfinished_file_points_at_its_last_line_not_past_it() {
        // serde_json says "line 2" for "{\n": the file has one line.
        for (text, line) in [("{\n", 1), ("{\n  \"name\": \"a/b\",\n", 2)] {
            match ComposerJson::parse("composer.json", text).unwrap_err() {
                Error::Manifest { line: got, .. } => assert_eq!(got, Some(line), "{text:?}"),
                e => panic!("{e}"),
            }
        }
    }
}
