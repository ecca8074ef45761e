//! An Nx project.json: the build target's executor, and where it writes the app (`outputPath`, and the
//! `main` source whose compiled form is the entry).

use crate::error::Result;
use serde_json::Value;

/// The build target of an Nx project: its executor, output folder and main source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NxBuild {
    pub executor: String,
    pub output_path: String,
    pub main: String,
}

impl NxBuild {
    /// The file the build writes for `main`: `dist/api` and `src/main.ts` give `dist/api/main.js`.
    pub fn entry(&self) -> String {
        let file = self.main.rsplit('/').next().unwrap_or(&self.main);
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        format!("{}/{stem}.js", self.output_path.trim_end_matches('/'))
    }
}

/// The `build` target's executor and options, when it names both an output path and a main file.
pub fn build(path: &str, text: &str) -> Result<Option<NxBuild>> {
    let doc: Value = super::json(path, text)?;
    let target = &doc["targets"]["build"];
    let options = &target["options"];
    let (Some(executor), Some(output), Some(main)) = (
        target["executor"].as_str(),
        options["outputPath"].as_str(),
        options["main"].as_str(),
    ) else {
        return Ok(None);
    };
    Ok(Some(NxBuild {
        executor: executor.to_string(),
        output_path: output.trim_start_matches("./").to_string(),
        main: main.trim_start_matches("./").to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_target_names_the_entry_it_writes() {
        let text = r#"{"targets":{"build":{"executor":"@nx/esbuild:esbuild","options":{"outputPath":"dist/api","main":"src/main.ts"}}}}"#;
        let b = build("project.json", text).unwrap().unwrap();
        assert_eq!(b.executor, "@nx/esbuild:esbuild");
        assert_eq!(b.entry(), "dist/api/main.js");
        let no_main = r#"{"targets":{"build":{"executor":"@nx/vite:build","options":{"outputPath":"dist/web"}}}}"#;
        assert_eq!(build("project.json", no_main).unwrap(), None);
        assert!(build("project.json", "{").is_err());
    }
}
