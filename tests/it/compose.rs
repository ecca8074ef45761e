//! compose.yaml: the multi-services example's facts field by field and its snapshot, the backing services
//! found from dependencies and .env.example, no credential ever written, every image pinned and published,
//! and every generated file validated against the Compose Specification's JSON schema.

use crate::common;

use dockgen::compose::services::{needs, table};
use dockgen::compose::{apps_from_plans, render, Compose, ComposeApp};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-services")
}

fn compose_of(dir: &Path) -> Compose {
    let rules = dockgen::stacks::rules().unwrap();
    let project = dockgen::scan::Project::scan(dir, rules).unwrap();
    let plans: Vec<_> = dockgen::detect::detect(&project, &Default::default())
        .unwrap()
        .iter()
        .map(|f| dockgen::pipeline::plan(f, rules, None).unwrap())
        .collect();
    render(&apps_from_plans(&project, &plans).unwrap()).unwrap()
}

pub(crate) fn parse(yaml: &str) -> Value {
    serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("not YAML: {e}\n{yaml}"))
}

/// Errors of `doc` against the Compose Specification schema, one a line.
pub(crate) fn schema_errors(doc: &Value) -> Vec<String> {
    let schema = common::tools::compose_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft201909)
        .should_validate_formats(false)
        .build(&schema)
        .expect("the Compose schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn app(name: &str, port: Option<u16>, deps: &[&str], env: &[(&str, &str)]) -> ComposeApp {
    ComposeApp {
        name: name.into(),
        path: name.into(),
        context: name.into(),
        dockerfile: "Dockerfile".into(),
        port,
        env_example: env
            .iter()
            .map(|(k, v)| (k.to_string(), (!v.is_empty()).then(|| v.to_string())))
            .collect(),
        dependencies: deps.iter().map(|d| d.to_string()).collect(),
    }
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_example_has_the_expected_services_field_by_field() {
    let expect: toml::Table =
        toml::from_str(&std::fs::read_to_string(example().join("compose-expect.toml")).unwrap())
            .unwrap();
    let doc = parse(&compose_of(&example()).yaml);
    let services = &doc["services"];
    let mut want: Vec<String> = expect["apps"].as_table().unwrap().keys().cloned().collect();
    want.extend(expect["services"].as_table().unwrap().keys().cloned());
    want.sort();
    let mut got = keys(services);
    got.sort();
    assert_eq!(got, want, "services");
    for (name, e) in expect["apps"].as_table().unwrap() {
        let s = &services[name];
        assert_eq!(
            s["build"]["context"],
            e["context"].as_str().unwrap(),
            "{name} context"
        );
        assert_eq!(s["build"]["dockerfile"], "Dockerfile", "{name} dockerfile");
        assert_eq!(s["image"], name.as_str(), "{name} image");
        let port = e.get("port").and_then(|p| p.as_str());
        assert_eq!(s["ports"][0].as_str(), port, "{name} ports");
        let deps = &s["depends_on"];
        let condition = |c: &str| -> Vec<String> {
            keys(deps)
                .into_iter()
                .filter(|k| deps[k]["condition"] == c)
                .collect()
        };
        let strings = |k: &str| -> Vec<String> {
            e[k].as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            condition("service_healthy"),
            strings("needs"),
            "{name} needs"
        );
        assert_eq!(
            condition("service_started"),
            strings("after"),
            "{name} after"
        );
        for (key, scheme) in e["wired"].as_table().unwrap() {
            let url = s["environment"][key].as_str().unwrap_or_default();
            assert!(
                url.starts_with(scheme.as_str().unwrap()),
                "{name} {key}: {url}"
            );
        }
    }
    for (name, image) in expect["services"].as_table().unwrap() {
        assert_eq!(
            services[name]["image"],
            image.as_str().unwrap(),
            "{name} image"
        );
        assert!(
            services[name]["healthcheck"]["test"].is_array(),
            "{name} healthcheck"
        );
        assert!(
            services[name].get("ports").is_none(),
            "{name} publishes no port"
        );
    }
    for (volume, path) in expect["volumes"].as_table().unwrap() {
        assert!(doc["volumes"].get(volume).is_some(), "volume {volume}");
        let owner = volume.trim_end_matches("-data");
        let mount = format!("{volume}:{}", path.as_str().unwrap());
        assert_eq!(
            services[owner]["volumes"][0],
            mount.as_str(),
            "{owner} volume"
        );
    }
}

#[test]
fn the_example_compose_file_matches_its_snapshot() {
    let c = compose_of(&example());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(example());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!("compose.yaml", c.yaml);
        insta::assert_snapshot!("env.example", c.env_example);
    });
}

#[test]
fn the_example_compose_file_validates_against_the_schema() {
    let errors = schema_errors(&parse(&compose_of(&example()).yaml));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// One app per row of the table, so that every service block the table can produce is validated too.
fn every_service() -> Compose {
    let rules = table().unwrap();
    let apps: Vec<ComposeApp> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            app(
                &format!("app{i}"),
                Some(8000),
                &[r.packages[0].as_str()],
                &[],
            )
        })
        .collect();
    render(&apps).unwrap()
}

#[test]
fn every_service_of_the_table_validates_against_the_schema() {
    let c = every_service();
    let doc = parse(&c.yaml);
    assert_eq!(keys(&doc["services"]).len(), 2 * table().unwrap().len());
    let errors = schema_errors(&doc);
    assert!(errors.is_empty(), "{}\n{}", errors.join("\n"), c.yaml);
}

#[test]
fn the_schema_check_rejects_what_compose_rejects() {
    let doc = parse("services:\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: when_ready\n    restart_policy: always\n");
    let errors = schema_errors(&doc);
    assert!(
        errors.iter().any(|e| e.contains("depends_on")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("restart_policy")),
        "{errors:?}"
    );
}

#[test]
fn no_credential_is_written_and_every_password_is_required_from_env() {
    let c = every_service();
    let doc = parse(&c.yaml);
    let mut checked = 0;
    for (name, s) in doc["services"].as_object().unwrap() {
        let env = s["environment"].as_object().cloned().unwrap_or_default();
        for (key, value) in env {
            let value = value.as_str().unwrap_or_default();
            if key.contains("PASS") || key.ends_with("_AUTH") {
                assert!(
                    value.starts_with("${") && value.contains(":?"),
                    "{name} {key}: {value}"
                );
                checked += 1;
            }
            // A URL's password part is a required variable too.
            if let Some((_, rest)) = value.split_once("://") {
                if let Some((userinfo, _)) = rest.split_once('@') {
                    // The user part may be a variable with a default (`${POSTGRES_USER:-app}`).
                    let password = userinfo.rsplit_once(":${").map(|(_, p)| p).unwrap_or("");
                    assert!(
                        password.contains(":?set it in .env}"),
                        "{name} {key}: {value}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 12, "only {checked} credentials checked");
    for line in c.env_example.lines().filter(|l| !l.starts_with('#')) {
        if let Some((key, value)) = line.split_once('=') {
            if key.contains("PASSWORD") {
                assert_eq!(value, "", ".env.example {key}");
            }
        }
    }
}

#[test]
fn every_service_image_is_pinned_and_published() {
    let data: toml::Table = toml::from_str(include_str!("../../data/official-tags.toml")).unwrap();
    for rule in table().unwrap() {
        let (repo, tag) = rule.image.split_once(':').expect("a tag");
        assert!(
            tag != "latest" && tag.chars().next().unwrap().is_ascii_digit(),
            "{}",
            rule.image
        );
        let tags = data["tags"][repo]
            .as_array()
            .unwrap_or_else(|| panic!("{repo}: no tags"));
        assert!(
            tags.iter().any(|t| t.as_str() == Some(tag)),
            "{}: not published",
            rule.image
        );
    }
}

#[test]
fn services_are_found_from_dependencies_and_env_keys() {
    let rules = table().unwrap();
    let found = |deps: &[&str], env: &[(&str, &str)]| -> Vec<String> {
        let deps: Vec<String> = deps.iter().map(|d| d.to_string()).collect();
        let env: Vec<(String, Option<String>)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), (!v.is_empty()).then(|| v.to_string())))
            .collect();
        needs(rules, &deps, &env)
            .into_iter()
            .map(|n| n.service)
            .collect()
    };
    assert_eq!(found(&["sqlx", "sqlx/postgres"], &[]), ["postgres"]);
    assert_eq!(found(&["sqlx", "sqlx/sqlite"], &[]), Vec::<String>::new());
    assert_eq!(found(&["Npgsql"], &[]), ["postgres"]);
    assert_eq!(
        found(&[], &[("DATABASE_URL", "mysql://u:p@localhost/db")]),
        ["mysql"]
    );
    assert_eq!(found(&[], &[("DATABASE_URL", "")]), Vec::<String>::new());
    assert_eq!(found(&["ioredis", "mongoose"], &[]), ["redis", "mongo"]);
    assert_eq!(found(&[], &[("AMQP_URL", "")]), ["rabbitmq"]);
    assert_eq!(found(&["pymemcache"], &[]), ["memcached"]);
    assert_eq!(found(&["org.postgresql:postgresql"], &[]), ["postgres"]);
}

#[test]
fn declared_dependencies_are_read_from_each_manifest() {
    let p = common::Project::new()
        .file("Cargo.toml", "[package]\nname = \"x\"\n[dependencies]\nsqlx = { version = \"0.8\", features = [\"postgres\", \"runtime-tokio\"] }\n")
        .file("requirements.txt", "psycopg[binary]==3.2\nRedis>=5\n")
        .file("go.mod", "module x\n\ngo 1.26\n\nrequire github.com/lib/pq v1.10.9\n")
        .file("Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"StackExchange.Redis\" Version=\"2.8.0\" /></ItemGroup></Project>")
        .file("pom.xml", "<project><modelVersion>4.0.0</modelVersion><artifactId>a</artifactId><dependencies><dependency><groupId>com.rabbitmq</groupId><artifactId>amqp-client</artifactId></dependency></dependencies></project>");
    let project =
        dockgen::scan::Project::scan(p.path(), dockgen::stacks::rules().unwrap()).unwrap();
    let deps = dockgen::compose::deps::declared(&project).unwrap();
    for want in [
        "sqlx/postgres",
        "psycopg",
        "redis",
        "github.com/lib/pq",
        "stackexchange.redis",
        "com.rabbitmq:amqp-client",
    ] {
        assert!(deps.iter().any(|d| d == want), "{want} not in {deps:?}");
    }
}

#[test]
fn apps_on_one_port_get_distinct_host_ports_and_names_clear_of_services() {
    let c = render(&[
        app("web", Some(3000), &[], &[]),
        app("redis", Some(3000), &["redis"], &[]),
    ])
    .unwrap();
    let doc = parse(&c.yaml);
    assert_eq!(doc["services"]["web"]["ports"][0], "3000:3000");
    assert_eq!(doc["services"]["redis-app"]["ports"][0], "3001:3000");
    assert_eq!(doc["services"]["redis"]["image"], "redis:8-trixie");
}

#[test]
fn init_compose_writes_compose_yaml_and_env_example() {
    let p = common::Project::example("multi-services");
    p.dockgen(&["init", "--yes", "--compose"]).success();
    let expected = compose_of(&example());
    assert_eq!(p.read("compose.yaml"), expected.yaml);
    assert_eq!(p.read(".env.example"), expected.env_example);
    for app in ["catalog-api", "storefront", "stock-worker"] {
        assert!(
            p.path().join(app).join("Dockerfile").is_file(),
            "{app}/Dockerfile"
        );
    }
    // Run again: the same files are left as they are; the user's edit of .env.example is kept (it merges
    // like every generated file: tests/it/compose_regen.rs).
    p.dockgen(&["init", "--yes", "--compose"]).success();
    p.write(".env.example", "MINE=1\n");
    p.dockgen(&["init", "--yes", "--compose"]).success();
    assert_eq!(p.read(".env.example"), "MINE=1\n");
}

#[test]
fn one_app_gets_a_compose_file_of_its_own() {
    let p = common::Project::example("node-express-npm");
    p.dockgen(&["init", "--yes", "--compose"]).success();
    let doc = parse(&p.read("compose.yaml"));
    let name = dockgen::naming::image_name(p.path());
    assert_eq!(keys(&doc["services"]), vec![name.clone()]);
    assert_eq!(doc["services"][name.as_str()]["build"]["context"], ".");
    assert!(schema_errors(&doc).is_empty());
}

/// Every multi-app example: each folder of examples/workspaces/, and each folder of examples/ that is not
/// a single-app example (no expect.toml), so a new one is covered without editing this list.
fn multi_app_examples() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "workspaces" {
            for w in std::fs::read_dir(&p).unwrap() {
                let w = w.unwrap().path();
                names.push(format!(
                    "workspaces/{}",
                    w.file_name().unwrap().to_string_lossy()
                ));
            }
        } else if p.is_dir() && !p.join("expect.toml").exists() {
            names.push(name);
        }
    }
    names.sort();
    names
}

/// `init --yes --compose` at each multi-app example writes a compose.yaml that the Compose Specification's
/// schema accepts, with a service per app built from a context and Dockerfile that exist.
#[test]
fn every_multi_app_example_compose_file_validates_against_the_schema() {
    let examples = multi_app_examples();
    assert!(examples.contains(&"multi-services".to_string()));
    assert!(examples.contains(&"workspaces/pnpm-turbo".to_string()));
    for name in examples {
        let p = common::Project::example(&name);
        p.dockgen(&["init", "--yes", "--compose"]).success();
        let doc = parse(&p.read("compose.yaml"));
        assert_eq!(schema_errors(&doc), Vec::<String>::new(), "{name}");
        let built: Vec<&Value> = doc["services"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|s| s.get("build"))
            .collect();
        let rules = dockgen::stacks::rules().unwrap();
        let project = dockgen::scan::Project::scan(p.path(), rules).unwrap();
        let tree =
            dockgen::detect::tree::tree(&project, &dockgen::config::Answers::default()).unwrap();
        assert_eq!(built.len(), tree.apps.len(), "{name}: one service per app");
        for b in built {
            let ctx = p.path().join(b["context"].as_str().unwrap());
            let df = ctx.join(b["dockerfile"].as_str().unwrap_or("Dockerfile"));
            assert!(df.is_file(), "{name}: {} is not written", df.display());
        }
    }
}
