//! `dockgen scan`: run the first installed vulnerability scanner (trivy, grype, docker scout) on an image,
//! failing on HIGH or CRITICAL findings, and pass its exit code through.

use dockgen::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The image to scan (default: the name `init` suggests for the current folder).
    pub image: Option<String>,
}

/// How to install each scanner, in the order they are tried.
const INSTALL_HINT: &str = "  trivy:        apt-get install trivy (from Aqua's apt repository), brew install trivy, or
                curl -sfL https://raw.githubusercontent.com/aquasecurity/trivy/main/contrib/install.sh | sh -s -- -b /usr/local/bin
  grype:        brew install grype, or
                curl -sSfL https://raw.githubusercontent.com/anchore/grype/main/install.sh | sh -s -- -b /usr/local/bin
  docker scout: included in Docker Desktop, or
                curl -fsSL https://raw.githubusercontent.com/docker/scout-cli/main/install.sh | sh";

pub fn run(args: ScanArgs) -> Result<(), Error> {
    let image = args
        .image
        .unwrap_or_else(|| dockgen::naming::image_name(Path::new(".")));
    let (tool, argv) = scanner(&image).ok_or_else(|| Error::NoScanner {
        hint: INSTALL_HINT.into(),
    })?;
    eprintln!("scanning {image} with {}", argv.join(" "));
    let status = Command::new(&tool)
        .args(&argv[1..])
        .status()
        .map_err(|e| Error::Engine(format!("{}: cannot run: {e}", tool.display())))?;
    match status.code() {
        Some(0) => Ok(()),
        code => Err(Error::ToolFailed {
            tool: argv[0].clone(),
            code: code.unwrap_or(1),
        }),
    }
}

/// The first scanner on PATH, and its command line with a failing HIGH/CRITICAL threshold.
fn scanner(image: &str) -> Option<(PathBuf, Vec<String>)> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    if let Some(trivy) = which("trivy") {
        let mut a = words("trivy image --severity HIGH,CRITICAL --exit-code 1");
        a.push(image.into());
        return Some((trivy, a));
    }
    if let Some(grype) = which("grype") {
        let mut a = words("grype --fail-on high");
        a.push(image.into());
        return Some((grype, a));
    }
    let docker = which("docker")?;
    // docker scout is a CLI plugin: docker being installed does not mean scout is.
    let has_scout = Command::new(&docker)
        .args(["scout", "version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_scout {
        return None;
    }
    let mut a = words("docker scout cves --only-severity critical,high --exit-code");
    a.push(image.into());
    Some((docker, a))
}

/// An executable file called `name` in a PATH folder.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}
