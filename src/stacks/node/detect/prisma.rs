//! Prisma in a Node app: its schema and config files, the generated client the image must keep, and whether its classic engines need libssl.

use super::*;

/// Configuration files of the Prisma CLI (Prisma 6.5 and later); one may name the schema.
pub(super) const PRISMA_CONFIGS: &[&str] = &[
    "prisma.config.ts",
    "prisma.config.mts",
    "prisma.config.js",
    "prisma.config.mjs",
    "prisma.config.cjs",
];

/// Prisma ORM: the schema (see `schema_location`), the files the install copies for the client's
/// postinstall, and whether its client carries the classic Rust engines (see `classic_engine`).
pub(super) fn prisma(
    project: &Project,
    pkg: &PackageJson,
    facts: &mut Facts,
) -> Result<Option<PrismaDetail>> {
    if !pkg.depends_on("prisma") && !pkg.depends_on("@prisma/client") {
        return Ok(None);
    }
    let config = PRISMA_CONFIGS.iter().find(|f| project.has(f)).copied();
    let mut files = Vec::new();
    let mut schema_text = String::new();
    match schema_location(project, pkg, config)? {
        Some((path, source, rule)) => {
            let path = path.trim_start_matches("./").trim_end_matches('/').to_string();
            facts.because("prisma_schema", &path, source, rule);
            if project.has(&path) {
                schema_text = project.read_source(&path)?;
            } else if !project.has_dir(&path) {
                facts.warnings.push(format!(
                    "the Prisma schema {path} is not in the project: the client cannot be generated"
                ));
            }
            files.push(path);
        }
        None => facts.warnings.push(
            "Prisma is a dependency but no schema was found (prisma/schema.prisma, package.json prisma.schema or prisma.config): the client cannot be generated".into(),
        ),
    }
    files.extend(config.map(str::to_string));
    let classic_engine = classic_engine(facts, pkg, &schema_text);
    Ok(Some(PrismaDetail {
        files,
        generate: "node_modules/.bin/prisma generate".into(),
        classic_engine,
    }))
}

/// Where the schema is, in Prisma's own order: package.json `prisma.schema`, a `schema:` in
/// prisma.config.*, else prisma/schema.prisma or the multi-file prisma/ folder. Gives (path, the file
/// that said so, the rule) for the evidence.
fn schema_location(
    project: &Project,
    pkg: &PackageJson,
    config: Option<&str>,
) -> Result<Option<(String, String, &'static str)>> {
    let from_config = match config {
        Some(f) => schema_in_config(&project.read_source(f)?).map(|s| (s, f.to_string())),
        None => None,
    };
    Ok(match (pkg.prisma_schema(), from_config) {
        (Some(s), _) => Some((s.to_string(), "package.json".to_string(), "prisma.schema")),
        (None, Some((s, f))) => Some((s, f, "schema")),
        (None, None) if project.has("prisma/schema.prisma") => Some((
            "prisma/schema.prisma".into(),
            "prisma/schema.prisma".into(),
            "conventional schema path",
        )),
        (None, None) if project.has_dir("prisma") => {
            Some(("prisma".into(), "prisma".into(), "multi-file schema folder"))
        }
        (None, None) => None,
    })
}

/// The quoted path of a `schema:` line in a prisma.config.* (read as text: the config is never run).
fn schema_in_config(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l
            .trim()
            .strip_prefix("schema")?
            .trim_start()
            .strip_prefix(':')?;
        let rest = rest.trim();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let inner = &rest[1..];
        Some(inner[..inner.find(quote)?].to_string())
    })
}

/// Whether the client carries the classic Rust engines (Prisma 6 and earlier, unless the generator sets
/// `engineType = "client"`), recorded with its reason: they decide the runtime image (libssl, a shell).
fn classic_engine(facts: &mut Facts, pkg: &PackageJson, schema_text: &str) -> bool {
    let major = ["prisma", "@prisma/client"]
        .iter()
        .filter_map(|d| pkg.version_spec(d))
        .find_map(|v| {
            let digits: String = v
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        });
    let engine_client = schema_text
        .lines()
        .any(|l| l.trim_start().starts_with("engineType") && l.contains("\"client\""));
    let classic_engine = !engine_client && major.is_none_or(|m| m < 7);
    facts.because(
        "prisma_engine",
        if classic_engine { "classic" } else { "client" },
        if engine_client {
            "schema"
        } else {
            "package.json"
        },
        match (engine_client, major) {
            (true, _) => "generator engineType = \"client\": no Rust engine".to_string(),
            (false, Some(m)) if m >= 7 => format!("Prisma {m}: no Rust engine by default"),
            (false, Some(m)) => format!("Prisma {m}: the Rust query engine, which loads libssl"),
            (false, None) => "Prisma version unknown: assuming the Rust query engine".to_string(),
        },
    );
    if classic_engine {
        facts.warnings.push("Prisma's Rust query engine loads libssl and finds it with shell commands: the runtime is a slim Node image with openssl, not distroless; Prisma 7 (or generator engineType = \"client\" with a driver adapter) runs on distroless".into());
    }
    classic_engine
}
