//! Rendering compose.yaml and its `.env.example` from the apps and the services they need. The YAML is
//! written by hand so that every block carries its comment; every string is double-quoted (JSON's escapes
//! are YAML's), so no value can change the file's structure.

use super::services::{needs, table, ServiceRule};
use super::{Compose, ComposeApp};
use crate::error::{Error, Result};

/// Health polling of the backing services: often enough that the apps start soon after them, with a grace
/// period for a first start that initialises a database.
const HEALTH: &str =
    "      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 30s\n";

/// compose.yaml for `apps` and every service one of them needs, and the `.env.example` of its variables.
pub fn render(apps: &[ComposeApp]) -> Result<Compose> {
    if apps.is_empty() {
        return Err(Error::Usage("compose.yaml needs at least one app".into()));
    }
    let rules = table()?;
    let names = service_names(apps, rules);
    let mut all_needs = Vec::new();
    let mut yaml = String::from(
        "# Written by dockgen: the apps and the services they declare. Copy .env.example to .env, fill in\n\
         # its empty values, then run `docker compose up --build`.\n\
         services:\n",
    );
    let mut ports: Vec<u16> = Vec::new();
    let mut env = EnvFile::default();
    for (app, name) in apps.iter().zip(&names) {
        let app_needs = needs(rules, &app.dependencies, &app.env_example);
        for n in &app_needs {
            all_needs.push((name.clone(), n.service.clone(), n.because.clone()));
        }
        let used: Vec<&ServiceRule> = rules
            .iter()
            .filter(|r| app_needs.iter().any(|n| n.service == r.id))
            .collect();
        yaml += &app_block(
            app,
            name,
            &peers_of(app, name, &names),
            &used,
            &mut ports,
            &mut env,
        );
    }
    let used: Vec<&ServiceRule> = rules
        .iter()
        .filter(|r| all_needs.iter().any(|(_, s, _)| *s == r.id))
        .collect();
    for rule in &used {
        let users: Vec<String> = all_needs
            .iter()
            .filter(|(_, s, _)| *s == rule.id)
            .map(|(app, _, why)| format!("{app}: {why}"))
            .collect();
        yaml += &service_block(rule, &users.join("; "));
        env.service(rule);
    }
    let volumes: Vec<String> = used
        .iter()
        .filter(|r| r.volume.is_some())
        .map(|r| format!("  {}-data: {{}}\n", r.id))
        .collect();
    if !volumes.is_empty() {
        yaml += "# Named volumes keep the services' data across `docker compose down` (`down -v` deletes it).\nvolumes:\n";
        yaml += &volumes.concat();
    }
    Ok(Compose {
        yaml,
        env_example: env.text + &env.apps,
        needs: all_needs,
    })
}

/// Each app's service name: its own name, made unique and kept clear of the backing services' names.
fn service_names(apps: &[ComposeApp], rules: &[ServiceRule]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for app in apps {
        let base = if rules.iter().any(|r| r.id == app.name) {
            format!("{}-app", app.name)
        } else {
            app.name.clone()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One app's block: built from its folder, its port published, its services' URLs wired, started after them.
fn app_block(
    app: &ComposeApp,
    name: &str,
    peers: &[&str],
    used: &[&ServiceRule],
    ports: &mut Vec<u16>,
    env: &mut EnvFile,
) -> String {
    let context = if app.context == "." {
        ".".to_string()
    } else {
        format!("./{}", app.context)
    };
    let mut out = format!(
        "  # {name}: built from {context} with the Dockerfile dockgen wrote for it\n  {name}:\n    build:\n      context: {}\n      dockerfile: {}\n    image: {}\n",
        q(&context),
        q(&app.dockerfile),
        q(name),
    );
    if let Some(port) = app.port {
        // Two apps on one port each get their own port of the host.
        let mut host = port;
        while ports.contains(&host) {
            host = host.saturating_add(1);
        }
        ports.push(host);
        out += &format!(
            "    # The port the app listens on, published on port {host} of the host\n    ports:\n      - {}\n",
            q(&format!("{host}:{port}"))
        );
    }
    let wired = wiring(app, used);
    let passed: Vec<&(String, Option<String>)> = app
        .env_example
        .iter()
        .filter(|(k, _)| !wired.iter().any(|(w, _)| w == k))
        .collect();
    if !wired.is_empty() || !passed.is_empty() {
        out += "    # Connection URLs built from .env's variables; the app's other .env.example keys come from .env\n    environment:\n";
        for (key, url) in &wired {
            out += &format!("      {key}: {}\n", q(url));
        }
        for (key, _) in &passed {
            out += &format!("      {key}:\n");
        }
        env.app(name, &app.path, &passed);
    }
    if !used.is_empty() || !peers.is_empty() {
        let ids: Vec<&str> = used.iter().map(|r| r.id.as_str()).collect();
        let mut why = Vec::new();
        if !ids.is_empty() {
            why.push(format!(
                "once {} answer their healthchecks",
                ids.join(" and ")
            ));
        }
        if !peers.is_empty() {
            why.push(format!(
                "after {}, which its .env.example calls",
                peers.join(" and ")
            ));
        }
        out += &format!("    # Started {}\n    depends_on:\n", why.join(", "));
        for id in ids {
            out += &format!("      {id}:\n        condition: service_healthy\n");
        }
        for peer in peers {
            out += &format!("      {peer}:\n        condition: service_started\n");
        }
    }
    out
}

/// The other apps a `.env.example` value points at by service name (`http://catalog-api:8000`).
fn peers_of<'n>(app: &ComposeApp, name: &str, names: &'n [String]) -> Vec<&'n str> {
    names
        .iter()
        .filter(|other| *other != name)
        .filter(|other| {
            app.env_example.iter().any(|(_, v)| {
                let host = v
                    .as_deref()
                    .and_then(|v| v.split_once("://"))
                    .map(|(_, rest)| rest.split([':', '/']).next().unwrap_or(""));
                host == Some(other.as_str())
            })
        })
        .map(String::as_str)
        .collect()
}

/// The variable each used service's URL goes in: a key of the app's .env.example that names the service
/// (keeping that value's scheme, `postgresql+psycopg://`), else the service's usual one.
fn wiring(app: &ComposeApp, used: &[&ServiceRule]) -> Vec<(String, String)> {
    let mut wired: Vec<(String, String)> = Vec::new();
    for rule in used {
        let by_scheme = app.env_example.iter().find_map(|(k, v)| {
            let scheme = rule.scheme_of(v.as_deref()?)?;
            Some((k.clone(), Some(scheme.to_string())))
        });
        let by_key = || {
            app.env_example
                .iter()
                .find(|(k, _)| rule.env.contains(k) && !k.ends_with("_HOST"))
                .map(|(k, _)| (k.clone(), None))
        };
        let (mut key, scheme) = by_scheme
            .or_else(by_key)
            .unwrap_or((rule.url_env.clone(), None));
        if wired.iter().any(|(k, _)| *k == key) {
            key = format!("{}_URL", rule.id.to_uppercase());
        }
        let mut url = rule.url.clone();
        if let (Some(scheme), Some(at)) = (scheme, url.find("://")) {
            url = format!("{scheme}{}", &url[at + 3..]);
        }
        wired.push((key, rule.interpolate(&url)));
    }
    wired
}

/// A backing service's block: its pinned image, credentials from .env, a named volume and a healthcheck.
fn service_block(rule: &ServiceRule, users: &str) -> String {
    let id = &rule.id;
    let mut out = format!(
        "  # {} ({users})\n  {id}:\n    image: {}\n",
        rule.why,
        q(&rule.image)
    );
    if !rule.command.is_empty() {
        let args: Vec<String> = rule
            .command
            .iter()
            .map(|a| q(&rule.interpolate(a)))
            .collect();
        out += &format!(
            "    # Its settings from .env's variables\n    command: [{}]\n",
            args.join(", ")
        );
    }
    let mut vars: Vec<(String, String)> = rule
        .service_env
        .iter()
        .map(|(k, v)| (k.clone(), rule.interpolate(v)))
        .collect();
    if rule.service_env.is_empty() {
        vars.extend(
            rule.variables
                .iter()
                .map(|v| (v.name.clone(), rule.interpolate(&format!("{{{}}}", v.name)))),
        );
    }
    if !vars.is_empty() {
        out += "    # Credentials come from .env (compose stops when a password is missing), never from this file\n    environment:\n";
        for (k, v) in vars {
            out += &format!("      {k}: {}\n", q(&v));
        }
    }
    if let Some(path) = &rule.volume {
        out += &format!(
            "    # Its data outlives the container in a named volume\n    volumes:\n      - {}\n",
            q(&format!("{id}-data:{path}"))
        );
    }
    let test: Vec<String> = rule.healthcheck.iter().map(|a| q(a)).collect();
    out += &format!(
        "    # The apps wait for this check; no port is published, the apps reach it by its name\n    healthcheck:\n      test: [{}]\n{HEALTH}",
        test.join(", ")
    );
    out
}

/// The root `.env.example`: every variable compose.yaml reads, secrets empty.
struct EnvFile {
    text: String,
    apps: String,
    keys: Vec<String>,
}

impl Default for EnvFile {
    fn default() -> Self {
        EnvFile {
            text: "# Written by dockgen for compose.yaml: copy it to .env, fill in every empty value, and keep .env\n# out of version control.\n".into(),
            apps: String::new(),
            keys: Vec::new(),
        }
    }
}

impl EnvFile {
    fn service(&mut self, rule: &ServiceRule) {
        self.text += &format!("\n# {}\n", rule.image);
        for v in &rule.variables {
            self.push(&v.name, v.default.as_deref().unwrap_or(""));
        }
    }

    /// An app's own keys, with its example values unless the key looks like a credential.
    fn app(&mut self, name: &str, path: &str, passed: &[&(String, Option<String>)]) {
        if passed.iter().all(|(k, _)| self.keys.contains(k)) {
            return;
        }
        let file = if path == "." {
            super::ENV_EXAMPLE.to_string()
        } else {
            format!("{path}/{}", super::ENV_EXAMPLE)
        };
        self.apps += &format!("\n# {name}: from {file}\n");
        for (key, value) in passed {
            let secret = ["PASSWORD", "SECRET", "TOKEN", "KEY", "PASS"]
                .iter()
                .any(|w| key.to_uppercase().contains(w));
            let value = if secret {
                ""
            } else {
                value.as_deref().unwrap_or("")
            };
            if !self.keys.iter().any(|k| k == key) {
                self.keys.push(key.to_string());
                self.apps += &format!("{key}={value}\n");
            }
        }
    }

    fn push(&mut self, key: &str, value: &str) {
        if !self.keys.iter().any(|k| k == key) {
            self.keys.push(key.to_string());
            self.text += &format!("{key}={value}\n");
        }
    }
}
