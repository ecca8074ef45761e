//! angular.json: where the default project's build writes the browser bundle.

use crate::error::Result;
use serde_json::Value;

/// The folder `ng build` writes the site to for the first (or `defaultProject`) project. The application
/// builder (Angular 17 and later) writes under `<outputPath>/browser`; the older browser builder writes
/// to `<outputPath>` itself; an object outputPath names its base and browser folders.
pub fn output_dir(path: &str, text: &str) -> Result<Option<String>> {
    let doc: Value = super::json(path, text)?;
    let projects = doc.get("projects").and_then(Value::as_object);
    let Some(projects) = projects else {
        return Ok(None);
    };
    let name = doc
        .get("defaultProject")
        .and_then(Value::as_str)
        .filter(|n| projects.contains_key(*n))
        .or_else(|| projects.keys().next().map(String::as_str));
    let Some(name) = name else {
        return Ok(None);
    };
    let build = &projects[name]["architect"]["build"];
    let builder = build["builder"].as_str().unwrap_or("");
    let application = builder.ends_with(":application");
    let dir = match &build["options"]["outputPath"] {
        Value::String(p) if application => format!("{}/browser", p.trim_end_matches('/')),
        Value::String(p) => p.trim_end_matches('/').to_string(),
        Value::Object(o) => {
            let base = o.get("base").and_then(Value::as_str).unwrap_or("dist");
            match o.get("browser").and_then(Value::as_str) {
                Some("") => base.to_string(),
                Some(b) => format!("{base}/{b}"),
                None => format!("{base}/browser"),
            }
        }
        _ if application => format!("dist/{name}/browser"),
        _ => format!("dist/{name}"),
    };
    Ok(Some(dir.trim_start_matches("./").to_string()))
}

#[cfg(test)]
mod tests {
    use super::output_dir;

    #[test]
    fn reads_each_output_path_form() {
        let app = r#"{"projects":{"shop":{"architect":{"build":{"builder":"@angular/build:application","options":{"outputPath":"dist/shop"}}}}}}"#;
        assert_eq!(
            output_dir("angular.json", app).unwrap().as_deref(),
            Some("dist/shop/browser")
        );
        let old = r#"{"projects":{"shop":{"architect":{"build":{"builder":"@angular-devkit/build-angular:browser","options":{"outputPath":"dist/shop"}}}}}}"#;
        assert_eq!(
            output_dir("angular.json", old).unwrap().as_deref(),
            Some("dist/shop")
        );
        let obj = r#"{"projects":{"a":{"architect":{"build":{"builder":"@angular/build:application","options":{"outputPath":{"base":"out","browser":""}}}}}}}"#;
        assert_eq!(
            output_dir("angular.json", obj).unwrap().as_deref(),
            Some("out")
        );
        let none = r#"{"projects":{"web":{"architect":{"build":{"builder":"@angular/build:application"}}}}}"#;
        assert_eq!(
            output_dir("angular.json", none).unwrap().as_deref(),
            Some("dist/web/browser")
        );
    }
}
