//! Container engines: docker (with BuildKit), podman and buildah behind one small interface.
//!
//! buildah has no daemon and no `run` of an image as such: the image is run with `buildah from` and
//! `buildah run` on the host network, as the image's configured user, with its entrypoint and command.
//! docker builds with BuildKit: through the buildx plugin, or with `DOCKER_BUILDKIT=1` on a client older
//! than 23 (whose builder is built in); a newer client without buildx cannot, so another one is looked for.

use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    Docker,
    Podman,
    Buildah,
}

impl EngineKind {
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Docker => "docker",
            EngineKind::Podman => "podman",
            EngineKind::Buildah => "buildah",
        }
    }

    pub fn parse(s: &str) -> Option<EngineKind> {
        [EngineKind::Docker, EngineKind::Podman, EngineKind::Buildah]
            .into_iter()
            .find(|k| k.name() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Engine {
    pub kind: EngineKind,
    /// The client program: `docker` may be another binary than the one on PATH (see [`docker_client`]).
    bin: String,
}

/// The output of a build.
pub struct Built {
    pub ok: bool,
    pub log: String,
}

/// What the image says about how it runs.
#[derive(Debug, Clone, Default)]
pub struct ImageConfig {
    pub user: String,
    pub port: Option<u16>,
    pub argv: Vec<String>,
}

fn works(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn output(cmd: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|source| Error::CannotRun {
            program: cmd.to_string(),
            source,
        })?;
    if !out.status.success() {
        return Err(Error::EngineFailed {
            command: format!("{cmd} {}", args.join(" ")),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether a docker client builds with BuildKit: it has the buildx plugin, or it is older than 23.0, whose
/// built-in builder `DOCKER_BUILDKIT=1` turns into BuildKit (23.0 and later refuse without buildx).
fn builds_with_buildkit(client: &str) -> bool {
    if works(client, &["buildx", "version"]) {
        return true;
    }
    output(client, &["version", "--format", "{{.Client.Version}}"])
        .ok()
        .and_then(|v| v.trim().split('.').next()?.parse::<u32>().ok())
        .is_some_and(|major| major < 23)
}

/// The docker client to use: the first that reaches a daemon and builds with BuildKit, among `docker` on
/// PATH and Debian's `/usr/bin/docker` (docker.io), which may sit behind a newer client without buildx.
/// `Err` says what is missing.
fn docker_client() -> std::result::Result<String, String> {
    let mut daemon = false;
    for client in ["docker", "/usr/bin/docker"] {
        if !works(client, &["info"]) {
            continue;
        }
        daemon = true;
        if builds_with_buildkit(client) {
            return Ok(client.to_string());
        }
    }
    Err(if daemon {
        "docker cannot build with BuildKit here: its client is 23.0 or newer without the buildx plugin; install docker-buildx (or Debian's docker.io, whose client builds with DOCKER_BUILDKIT=1)".into()
    } else {
        "docker is not installed or its daemon is not running; install it (apt-get install docker.io), start dockerd, or pick another engine with --engine".into()
    })
}

impl Engine {
    /// The engine asked for, or the first that works: docker with a daemon, buildah, podman.
    pub fn detect(wanted: Option<EngineKind>) -> Result<Engine> {
        let usable = |k: EngineKind| match k {
            EngineKind::Docker => docker_client(),
            EngineKind::Podman | EngineKind::Buildah => {
                if works(k.name(), &["--version"]) {
                    Ok(k.name().to_string())
                } else {
                    Err(format!("{} is not installed or not working; install it (apt-get install {}) or pick another with --engine", k.name(), k.name()))
                }
            }
        };
        if let Some(kind) = wanted {
            return usable(kind)
                .map(|bin| Engine { kind, bin })
                .map_err(Error::Engine);
        }
        [EngineKind::Docker, EngineKind::Buildah, EngineKind::Podman]
            .into_iter()
            .find_map(|kind| usable(kind).ok().map(|bin| Engine { kind, bin }))
            .ok_or(Error::NoEngine)
    }

    fn bin(&self) -> &str {
        &self.bin
    }

    /// Build `dockerfile` in `context`, tagging `tag`; the log holds the engine's step output. `secrets`
    /// are `(id, file)` pairs passed as `--secret`, which all three engines accept in the same form.
    pub fn build(
        &self,
        context: &Path,
        dockerfile: &Path,
        tag: &str,
        secrets: &[(String, std::path::PathBuf)],
    ) -> Result<Built> {
        let mut cmd = Command::new(self.bin());
        match self.kind {
            EngineKind::Docker => {
                cmd.env("DOCKER_BUILDKIT", "1")
                    .args(["build", "--progress=plain"]);
            }
            EngineKind::Podman => {
                cmd.args(["build", "--layers"]);
            }
            EngineKind::Buildah => {
                // --force-rm: a failed step's working container is removed too (buildah keeps it).
                cmd.args(["bud", "--isolation", "chroot", "--layers", "--force-rm"]);
            }
        }
        for (id, file) in secrets {
            cmd.arg("--secret")
                .arg(format!("id={id},src={}", file.display()));
        }
        cmd.arg("-f")
            .arg(dockerfile)
            .arg("-t")
            .arg(tag)
            .arg(context);
        let out = cmd.output().map_err(|source| Error::CannotRun {
            program: self.bin().to_string(),
            source,
        })?;
        let mut log = String::from_utf8_lossy(&out.stdout).into_owned();
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        Ok(Built {
            ok: out.status.success(),
            log,
        })
    }

    /// User, exposed port and entrypoint + command of an image.
    pub fn config(&self, image: &str) -> Result<ImageConfig> {
        // buildah's inspect templates have no `json` function: read the whole document instead.
        let (json, pointer) = match self.kind {
            EngineKind::Buildah => (
                output("buildah", &["inspect", "--type", "image", image])?,
                "/OCIv1/config",
            ),
            _ => (
                output(
                    self.bin(),
                    &["image", "inspect", "--format", "{{json .Config}}", image],
                )?,
                "",
            ),
        };
        let doc: serde_json::Value = serde_json::from_str(json.trim())
            .map_err(|e| Error::Engine(format!("cannot read the image config: {e}")))?;
        let v = doc
            .pointer(pointer)
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let strings = |key: &str| -> Vec<String> {
            v.get(key)
                .and_then(|x| x.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut argv = strings("Entrypoint");
        argv.extend(strings("Cmd"));
        let port = v
            .get("ExposedPorts")
            .and_then(|p| p.as_object())
            .and_then(|p| p.keys().next().cloned())
            .and_then(|k| k.split('/').next().and_then(|n| n.parse().ok()));
        Ok(ImageConfig {
            user: v
                .get("User")
                .and_then(|u| u.as_str())
                .unwrap_or("")
                .to_string(),
            port,
            argv,
        })
    }

    /// The image's size in bytes.
    pub fn size(&self, image: &str) -> Result<u64> {
        let text = match self.kind {
            EngineKind::Docker => output(
                self.bin(),
                &["image", "inspect", "--format", "{{.Size}}", image],
            )?,
            // podman and buildah share containers/storage; podman reads the size without running anything.
            _ => output(
                "podman",
                &["image", "inspect", "--format", "{{.Size}}", image],
            )?,
        };
        text.trim()
            .parse()
            .map_err(|_| Error::Engine(format!("cannot read the size of {image}")))
    }

    /// Start the image in the background, serving on the host's loopback.
    pub fn start(&self, image: &str, config: &ImageConfig) -> Result<Running> {
        match self.kind {
            EngineKind::Buildah => {
                let container = output("buildah", &["from", "--pull=never", image])?
                    .trim()
                    .to_string();
                let mut cmd = Command::new("buildah");
                cmd.args(["run", "--isolation", "chroot", &container, "--"])
                    .args(&config.argv);
                Running::spawn(cmd, Some(container.clone()), self).inspect_err(|_| {
                    // The working container exists already: a run that cannot start leaves none behind.
                    let _ = Command::new("buildah").args(["rm", &container]).output();
                })
            }
            _ => {
                // Not `--rm`: an app that dies at start keeps its log until `stop` removes the container.
                let mut args = vec!["run", "-d"];
                let port = config.port.map(|p| format!("127.0.0.1:{p}:{p}"));
                if let Some(port) = &port {
                    args.extend(["-p", port]);
                }
                args.push(image);
                let id = output(self.bin(), &args)?.trim().to_string();
                let mut cmd = Command::new(self.bin());
                cmd.args(["logs", "-f", &id]);
                Running::spawn(cmd, Some(id), self)
            }
        }
    }

    /// Run a non-server image to completion: exit code and output.
    pub fn run_to_end(
        &self,
        image: &str,
        config: &ImageConfig,
        timeout: Duration,
    ) -> Result<(Option<i32>, String)> {
        let mut running = match self.kind {
            EngineKind::Buildah => self.start(image, config)?,
            _ => {
                // Named, so `stop` removes the container even when the client is killed first.
                let name = format!(
                    "dockgen-verify-{}-{}",
                    std::process::id(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos())
                );
                let mut cmd = Command::new(self.bin());
                cmd.args(["run", "--rm", "--name", &name, image]);
                Running::spawn(cmd, Some(name), self)?
            }
        };
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(code) = running.exited() {
                let out = running.stop();
                return Ok((Some(code), out));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let out = running.stop();
        Ok((None, out))
    }

    pub fn remove_image(&self, image: &str) {
        let _ = Command::new(self.bin())
            .args(["rmi", "-f", image])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The uid a USER value stands for, when it can be told from the value itself (numeric, or root).
pub fn resolve_uid(user: &str) -> Option<u32> {
    let uid = user.split(':').next().unwrap_or("");
    match uid {
        "" | "root" => Some(0),
        u => u.parse().ok(),
    }
}

/// A started container: its process, and how to stop and clean it up.
pub struct Running {
    child: Child,
    log: tempfile::NamedTempFile,
    container: Option<String>,
    kind: EngineKind,
    bin: String,
}

impl Running {
    fn spawn(mut cmd: Command, container: Option<String>, engine: &Engine) -> Result<Running> {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        // The app's output goes to a file its user may reopen: servers such as nginx open /dev/stdout by
        // name, which a pipe owned by root (ours) would refuse to a non-root process.
        let log = tempfile::NamedTempFile::new().map_err(|e| Error::VerifyIo {
            doing: "make a log file",
            source: e,
        })?;
        std::fs::set_permissions(log.path(), std::fs::Permissions::from_mode(0o666)).map_err(
            |e| Error::VerifyIo {
                doing: "open up the log file",
                source: e,
            },
        )?;
        let out = log.reopen().map_err(|e| Error::VerifyIo {
            doing: "open the log file",
            source: e,
        })?;
        let err = out.try_clone().map_err(|e| Error::VerifyIo {
            doing: "open the log file",
            source: e,
        })?;
        cmd.stdout(out)
            .stderr(err)
            .stdin(Stdio::null())
            .process_group(0);
        let child = cmd.spawn().map_err(|e| Error::VerifyIo {
            doing: "start the image",
            source: e,
        })?;
        Ok(Running {
            child,
            container,
            kind: engine.kind,
            bin: engine.bin.clone(),
            log,
        })
    }

    /// The uid the app really runs as. buildah runs it on the host network: the owner of the socket
    /// listening on `port`. docker and podman run it in a network namespace of its own, where the host's
    /// listener is the engine's port proxy (root): the owner of the container's first process instead.
    pub fn observed_uid(&self, port: u16) -> Option<u32> {
        match (self.kind, &self.container) {
            (EngineKind::Buildah, _) => super::proc::listener_uid(port),
            (_, Some(id)) => {
                let pid = output(&self.bin, &["inspect", "--format", "{{.State.Pid}}", id]).ok()?;
                super::proc::process_uid(pid.trim().parse().ok()?)
            }
            (_, None) => None,
        }
    }

    /// The exit code, once the process has ended.
    pub fn exited(&mut self) -> Option<i32> {
        self.child
            .try_wait()
            .ok()
            .flatten()
            .map(|s| s.code().unwrap_or(-1))
    }

    /// Stop everything started and return what the app printed.
    pub fn stop(mut self) -> String {
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
        let out = std::fs::read(self.log.path())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        self.remove_container();
        out
    }

    /// Remove the container started, once.
    fn remove_container(&mut self) {
        if let Some(c) = self.container.take() {
            let args: &[&str] = match self.kind {
                EngineKind::Buildah => &["rm", &c],
                _ => &["rm", "-f", &c],
            };
            let _ = Command::new(&self.bin)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A container is removed however its check ends, an error on the way included.
impl Drop for Running {
    fn drop(&mut self) {
        if self.container.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.remove_container();
        }
    }
}
