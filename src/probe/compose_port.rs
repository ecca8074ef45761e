//! The container port a project's own Compose file publishes for the service built from the project
//! (`ports: ["5001:5000"]` → 5000), read line by line: a service with `build:`, or with no `image:` (its
//! build comes from a merged anchor), is the project's; one with only an `image:` is someone else's.

use crate::error::Result;
use crate::scan::Project;

/// The file names Compose looks for, in its own order of preference.
pub const FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// The first container port of the project's own service in its Compose file, with `file:line`.
pub fn in_compose(project: &Project) -> Result<Option<(u16, String)>> {
    for f in FILES {
        if let Some(text) = project.read_source_opt(f)? {
            return Ok(own_service_port(&text).map(|(p, l)| (p, format!("{f}:{l}"))));
        }
    }
    Ok(None)
}

/// One service of the file: whether it is built here, and its first published container port.
#[derive(Default)]
struct Service {
    built: bool,
    image: bool,
    port: Option<(u16, usize)>,
}

fn own_service_port(text: &str) -> Option<(u16, usize)> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.trim_end() == "services:")?;
    let mut services: Vec<Service> = Vec::new();
    let mut service_indent = None;
    let mut in_ports = false;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let at = indent(line);
        if at == 0 {
            break;
        }
        let level = *service_indent.get_or_insert(at);
        if at == level {
            services.push(Service::default());
            in_ports = false;
            continue;
        }
        let Some(service) = services.last_mut() else {
            continue;
        };
        let key = t.split(':').next().unwrap_or("");
        if !t.starts_with('-') && at <= level + 2 {
            in_ports = key == "ports";
            service.built |= key == "build";
            service.image |= key == "image";
        } else if in_ports && service.port.is_none() {
            service.port = container_port(t).map(|p| (p, i + 1));
        }
    }
    services
        .iter()
        .filter(|s| s.built || !s.image)
        .find_map(|s| s.port)
}

/// `- "5001:5000"`, `- 127.0.0.1:8080:80/tcp`, `- 8000`: the container side.
fn container_port(item: &str) -> Option<u16> {
    let value = item.strip_prefix('-')?.trim().trim_matches(['"', '\'']);
    let last = value.rsplit(':').next()?;
    let last = last.split('/').next()?;
    last.parse().ok().filter(|p| *p > 0)
}

#[cfg(test)]
mod tests {
    use super::own_service_port;

    #[test]
    fn the_built_service_publishes_the_port() {
        let compose = "x-app: &app\n  build: .\nservices:\n  db:\n    image: postgres\n    ports:\n      - \"15432:5432\"\n  server:\n    <<: *app\n    ports:\n      - \"5001:5000\"\n      - \"5678:5678\"\n";
        assert_eq!(own_service_port(compose), Some((5000, 11)));
        let only_images = "services:\n  db:\n    image: redis\n    ports:\n      - 6379\n";
        assert_eq!(own_service_port(only_images), None);
        let built = "services:\n  web:\n    build: .\n    image: me/web\n    ports:\n      - 127.0.0.1:8080:80/tcp\n";
        assert_eq!(own_service_port(built), Some((80, 6)));
    }
}
