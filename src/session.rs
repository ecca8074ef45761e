//! The library's entry point: a project folder scanned once, its detection with the choices still open
//! returned as data, and plans made from answers over the same scan.
//!
//! Every command (`init`, `generate`, `plan`, `lint`, `verify`) goes through a [`Session`], so all of them
//! read `dockgen.toml` the same way and none walks the folder twice. Its I/O is all in [`Session::open`]:
//! dockgen.toml through the scan's gate, then the one walk; detection and planning afterwards work on the
//! in-memory [`Project`]. A choice detection cannot make (two stacks tied, several binaries) is a
//! [`Choice`] in the [`Detection`], which a terminal asks about and a script settles with a flag.

use crate::config::{Answers, Config};
use crate::detect::tree::{App, Skipped, Tree};
use crate::error::{Error, Result};
use crate::facts::AmbiguityKind;
use crate::plan::Plan;
use crate::rules::Rules;
use crate::scan::Project;
use serde::Serialize;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Which apps a detection lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole tree: every app, and every member skipped with why (what `plan` reports).
    Tree,
    /// The apps the writing commands plan: the tree at a workspace root, else the root's app, or each
    /// app folder one or two levels down.
    Apps,
}

/// A choice between candidates: still open (`chosen` is `None`: nothing is planned until an answer
/// settles it), or made by a documented rule (the ranking of stacks) that a user may still change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub what: AmbiguityKind,
    /// The folder the choice is about.
    pub path: PathBuf,
    pub candidates: Vec<String>,
    pub chosen: Option<String>,
    /// The rule that chose, when one did.
    pub rule: Option<String>,
}

impl Choice {
    /// The answer that settles this choice with `pick`: a stack, or the binary (main package, module,
    /// project) to ship.
    pub fn answer(&self, pick: &str) -> Answers {
        match self.what {
            AmbiguityKind::Stack => Answers {
                stack: crate::stacks::parse(pick),
                ..Answers::default()
            },
            _ => Answers {
                binary: Some(pick.to_string()),
                ..Answers::default()
            },
        }
    }

    /// The error a script gets for a choice left open: it names the flag that settles it.
    pub fn to_error(&self) -> Error {
        Error::Ambiguous {
            path: self.path.clone(),
            what: self.what,
            choices: self.candidates.clone(),
        }
    }
}

/// What detection found with some answers: the workspaces at the root, the apps, the members skipped
/// with why, and a choice left open (then there are no apps until it is answered).
#[derive(Debug, Clone, Default)]
pub struct Detection {
    pub workspaces: Vec<String>,
    pub apps: Vec<App>,
    pub skipped: Vec<Skipped>,
    pub open: Option<Choice>,
}

impl Detection {
    /// The choices documented rules made for the apps (a stack ranked above another, a binary picked by
    /// convention), each one a user may change.
    pub fn settled(&self) -> Vec<Choice> {
        self.apps
            .iter()
            .flat_map(|app| {
                app.facts.ambiguities.iter().map(|a| Choice {
                    what: a.what,
                    path: PathBuf::from(&app.path),
                    candidates: a.candidates.clone(),
                    chosen: Some(a.chosen.clone()),
                    rule: Some(a.rule.clone()),
                })
            })
            .collect()
    }
}

/// A detection with every app planned.
#[derive(Debug, Clone)]
pub struct Planned {
    pub detection: Detection,
    /// One plan per app, in the detection's order.
    pub plans: Vec<Plan>,
}

impl Planned {
    /// Keep only the app at `path` (as `--app` names it, relative to the project); an unknown path is a
    /// usage error naming it and listing the apps.
    pub fn only(&mut self, path: &str) -> Result<()> {
        let want = normal(path);
        let Some(i) = self
            .detection
            .apps
            .iter()
            .position(|a| normal(&a.path) == want)
        else {
            let list: Vec<&str> = self
                .detection
                .apps
                .iter()
                .map(|a| a.path.as_str())
                .collect();
            return Err(Error::bad_flag(
                "--app",
                path,
                format!("not an app of this project; its apps: {}", list.join(", ")),
            ));
        };
        self.detection.apps = vec![self.detection.apps.remove(i)];
        self.plans = vec![self.plans.remove(i)];
        Ok(())
    }
}

/// `./api/` and `api` name the same folder; the root is `.`.
fn normal(path: &str) -> String {
    let p = path.trim_start_matches("./").trim_end_matches('/');
    if p.is_empty() {
        ".".into()
    } else {
        p.to_string()
    }
}

/// One project folder, scanned once.
pub struct Session {
    dir: PathBuf,
    rules: &'static Rules,
    config: Config,
    project: Project,
    workspace: bool,
    /// Detections already made, by the answers and scope they were made with: asking for the same again
    /// (init's confirmation, the answers it saves) costs nothing.
    memo: RefCell<Vec<(Answers, Scope, Detection)>>,
}

impl Session {
    /// Read `dir`'s dockgen.toml (through the scan's gate: one linked out of the project is refused like
    /// any manifest) and walk the folder once.
    pub fn open(dir: &Path) -> Result<Session> {
        let config = match crate::scan::read_in(dir, crate::config::FILE)? {
            Some(text) => Config::parse(&text)?,
            None => Config::default(),
        };
        let rules = crate::stacks::rules()?;
        let project = Project::scan(dir, rules)?;
        let workspace = !crate::workspace::find(&project)?.is_empty();
        Ok(Session {
            dir: dir.to_path_buf(),
            rules,
            config,
            project,
            workspace,
            memo: RefCell::new(Vec::new()),
        })
    }

    /// The folder as the user named it.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// dockgen.toml as read (empty when there is none).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// dockgen.toml's answers overlaid with `flags`: what every command plans with.
    pub fn answers(&self, flags: &Answers) -> Answers {
        self.config.app.overlay(flags)
    }

    /// The scanned folder.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Whether the root declares a workspace (its members are detected one by one).
    pub fn is_workspace(&self) -> bool {
        self.workspace
    }

    /// Detect with `answers`, from the scan in memory. A choice detection cannot make is returned as
    /// [`Detection::open`], not as an error; any other failure is an error.
    pub fn detect(&self, answers: &Answers, scope: Scope) -> Result<Detection> {
        let memo = self.memo.borrow();
        if let Some((_, _, d)) = memo.iter().find(|(a, s, _)| a == answers && *s == scope) {
            return Ok(d.clone());
        }
        drop(memo);
        let found = match self.detect_fresh(answers, scope) {
            Err(Error::Ambiguous {
                path,
                what,
                choices,
            }) => Detection {
                open: Some(Choice {
                    what,
                    path,
                    candidates: choices,
                    chosen: None,
                    rule: None,
                }),
                ..Detection::default()
            },
            other => other?,
        };
        let mut memo = self.memo.borrow_mut();
        memo.push((answers.clone(), scope, found.clone()));
        Ok(found)
    }

    fn detect_fresh(&self, answers: &Answers, scope: Scope) -> Result<Detection> {
        if scope == Scope::Tree || self.workspace {
            let tree = crate::detect::tree::tree(&self.project, answers)?;
            return Ok(from_tree(tree));
        }
        let apps = crate::detect::detect(&self.project, answers)?;
        Ok(Detection {
            apps: apps
                .into_iter()
                .map(|f| {
                    let path = f.path.clone();
                    crate::detect::tree::app(&self.project, &path, &path, f)
                })
                .collect(),
            ..Detection::default()
        })
    }

    /// Detect with `answers` and plan every app. A choice left open is the error that names its flag:
    /// callers that can ask look at [`Session::detect`] first.
    pub fn plan(&self, answers: &Answers, scope: Scope) -> Result<Planned> {
        let detection = self.detect(answers, scope)?;
        self.plan_detected(detection, answers)
    }

    /// Plan the apps of a detection made with `answers`.
    pub fn plan_detected(&self, detection: Detection, answers: &Answers) -> Result<Planned> {
        if let Some(choice) = &detection.open {
            return Err(choice.to_error());
        }
        let plans = detection
            .apps
            .iter()
            .map(|a| crate::pipeline::plan(&a.facts, self.rules, answers.runtime_image.as_deref()))
            .collect::<Result<Vec<_>>>()?;
        Ok(Planned { detection, plans })
    }
}

/// A backing service (a database, a cache) the planned apps declare through their dependencies or
/// `.env.example`: what `init --compose` adds to compose.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The service's id in the table (`postgres`, `redis`).
    pub name: String,
    /// The pinned image compose runs it from.
    pub image: String,
    pub used_by: Vec<ServiceUse>,
}

/// One app that uses a service, and the dependency or variable that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceUse {
    pub app: String,
    pub because: String,
}

impl Session {
    /// The backing services `plans`' apps declare, in the service table's order.
    pub fn services(&self, plans: &[Plan]) -> Result<Vec<Service>> {
        let table = crate::compose::services::table()?;
        let apps = crate::compose::apps_from_plans(&self.project, plans)?;
        let mut out: Vec<Service> = Vec::new();
        for rule in table {
            let used_by: Vec<ServiceUse> = apps
                .iter()
                .flat_map(|app| {
                    crate::compose::services::needs(
                        std::slice::from_ref(rule),
                        &app.dependencies,
                        &app.env_example,
                    )
                    .into_iter()
                    .map(|n| ServiceUse {
                        app: app.name.clone(),
                        because: n.because,
                    })
                })
                .collect();
            if !used_by.is_empty() {
                out.push(Service {
                    name: rule.id.clone(),
                    image: rule.image.clone(),
                    used_by,
                });
            }
        }
        Ok(out)
    }
}

fn from_tree(tree: Tree) -> Detection {
    Detection {
        workspaces: tree.workspaces,
        apps: tree.apps,
        skipped: tree.skipped,
        open: None,
    }
}
