//! Version files shared by stacks: .tool-versions, mise.toml, .nvmrc-style single-line files, rust-toolchain.

use crate::error::Result;

/// `.tool-versions`: `nodejs 20.18.0` lines; the first version listed for `tool`.
pub fn asdf(text: &str, tool: &str) -> Option<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .find(|(name, _)| *name == tool)
        .map(|(_, v)| v.to_string())
}

/// `mise.toml`: `[tools] node = "22"`, `node = ["22", "20"]` or `node = { version = "22" }`.
pub fn mise(path: &str, text: &str, tool: &str) -> Result<Option<String>> {
    let doc: toml::Table = super::toml(path, text)?;
    let Some(value) = doc.get("tools").and_then(|t| t.get(tool)) else {
        return Ok(None);
    };
    let v = match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Array(a) => a.first().and_then(|v| v.as_str()).map(str::to_string),
        toml::Value::Table(t) => t
            .get("version")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        _ => None,
    };
    Ok(v)
}

/// A one-line version file (.nvmrc, .node-version, .python-version): the first non-comment line.
pub fn single_line(text: &str) -> Option<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// Node's LTS codenames as .nvmrc writes them (`lts/iron`), mapped to their major version.
pub fn node_codename(name: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("hydrogen", "18"),
        ("iron", "20"),
        ("jod", "22"),
        ("krypton", "24"),
        ("lithium", "26"),
    ];
    let name = name.trim().to_ascii_lowercase();
    let name = name.strip_prefix("lts/").unwrap_or(&name);
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// rust-toolchain.toml's `[toolchain] channel`, or the legacy plain `rust-toolchain` file's channel.
pub fn rust_toolchain(path: &str, text: &str) -> Result<Option<String>> {
    if path.ends_with(".toml") || text.trim_start().starts_with('[') {
        let doc: toml::Table = super::toml(path, text)?;
        return Ok(doc
            .get("toolchain")
            .and_then(|t| t.get("channel"))
            .and_then(|c| c.as_str())
            .map(str::to_string));
    }
    Ok(single_line(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_format() {
        assert_eq!(
            asdf("python 3.13.1\nnodejs 20.18.0 # pinned\n", "nodejs").as_deref(),
            Some("20.18.0")
        );
        assert_eq!(
            mise("mise.toml", "[tools]\nnode = \"22\"\n", "node")
                .unwrap()
                .as_deref(),
            Some("22")
        );
        assert_eq!(
            mise("mise.toml", "[tools]\nnode = [\"22\", \"20\"]\n", "node")
                .unwrap()
                .as_deref(),
            Some("22")
        );
        assert_eq!(
            mise(
                "mise.toml",
                "[tools]\npython = { version = \"3.12\" }\n",
                "python"
            )
            .unwrap()
            .as_deref(),
            Some("3.12")
        );
        assert_eq!(
            single_line("# comment\nv22.11.0\n").as_deref(),
            Some("v22.11.0")
        );
        assert_eq!(node_codename("lts/Jod"), Some("22"));
        assert_eq!(
            rust_toolchain("rust-toolchain.toml", "[toolchain]\nchannel = \"1.95\"\n")
                .unwrap()
                .as_deref(),
            Some("1.95")
        );
        assert_eq!(
            rust_toolchain("rust-toolchain", "1.90.0\n")
                .unwrap()
                .as_deref(),
            Some("1.90.0")
        );
    }
}
