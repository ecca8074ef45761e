//! Prompts: only on a terminal, never under CI, and every question prefilled with what was detected.

use dockgen::config::{Answers, PortAnswer};
use dockgen::facts::{Origin, PackageManager};
use dockgen::plan::Plan;
use dockgen::session::{Scope, Session};
use dockgen::version::Version;
use std::io::IsTerminal;

/// Whether questions may be asked: stdin and stderr are terminals and CI is not set.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

fn io_err(e: dialoguer::Error) -> dockgen::Error {
    let dialoguer::Error::IO(e) = e;
    dockgen::Error::Usage(format!("prompt failed: {e}"))
}

/// Ask the user to pick one of `choices` for an ambiguity detection could not settle.
pub fn choose(what: &str, choices: &[String]) -> Result<String, dockgen::Error> {
    let i = dialoguer::Select::new()
        .with_prompt(format!("Several candidates for the {what}; which one?"))
        .items(choices)
        .default(0)
        .interact()
        .map_err(io_err)?;
    Ok(choices[i].clone())
}

/// At a workspace root: which of the apps (`names`, one line each) get a Dockerfile; all are ticked to
/// begin with. Returns the indices kept.
pub fn pick_apps(names: &[String]) -> Result<Vec<usize>, dockgen::Error> {
    let all = vec![true; names.len()];
    dialoguer::MultiSelect::new()
        .with_prompt("Which apps get a Dockerfile? (space toggles, enter accepts)")
        .items(names)
        .defaults(&all)
        .interact()
        .map_err(io_err)
}

/// The questions `init` asks about one app, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Stack,
    Version,
    PackageManager,
    Port,
    Start,
    Build,
    RuntimeImage,
}

impl Question {
    pub const ALL: [Question; 7] = [
        Question::Stack,
        Question::Version,
        Question::PackageManager,
        Question::Port,
        Question::Start,
        Question::Build,
        Question::RuntimeImage,
    ];

    fn prompt(self) -> &'static str {
        match self {
            Question::Stack => "Stack",
            Question::Version => "Toolchain version",
            Question::PackageManager => "Package manager",
            Question::Port => "Port (none for a worker)",
            Question::Start => "Start command",
            Question::Build => "Build command (- for none)",
            Question::RuntimeImage => "Runtime base image",
        }
    }
}

/// One app's questions, each checked as it is answered: the answer is applied and the app planned again,
/// so an answer that cannot work is refused on the spot (and asked again), and every later default comes
/// from the plan the earlier answers made.
pub struct Interview<'a> {
    session: &'a Session,
    before: Answers,
    /// The answers that differ from what was planned before the interview.
    pub changed: Answers,
    pub plan: Plan,
}

impl<'a> Interview<'a> {
    pub fn new(session: &'a Session, before: &Answers, plan: Plan) -> Interview<'a> {
        Interview {
            session,
            before: before.clone(),
            changed: Answers {
                origin: Some(Origin::Flag),
                ..Answers::default()
            },
            plan,
        }
    }

    /// The current value, offered as the default.
    pub fn default(&self, q: Question) -> String {
        let f = &self.plan.facts;
        match q {
            Question::Stack => f.stack.as_str().into(),
            Question::Version => f
                .toolchain
                .as_ref()
                .map(|t| t.version.clone())
                .unwrap_or_default(),
            Question::PackageManager => f.package_manager.as_str().into(),
            Question::Port => f.port.map_or("none".into(), |p| p.to_string()),
            Question::Start => f.start.join(" "),
            Question::Build => f.build.clone().unwrap_or_else(|| "-".into()),
            Question::RuntimeImage => self.plan.images.runtime.clone(),
        }
    }

    /// The answer `typed` stands for, or why it is not one; the message names what was typed.
    fn parse(&self, q: Question, typed: &str) -> Result<Answers, String> {
        let mut a = Answers::default();
        let typed = typed.trim();
        let rules = dockgen::stacks::rules().map_err(|e| e.to_string())?;
        let stack = rules.stack(self.plan.facts.stack);
        match q {
            Question::Stack => {
                a.stack = Some(dockgen::stacks::parse(typed).ok_or_else(|| {
                    let known: Vec<&str> = dockgen::stacks::STACKS
                        .iter()
                        .map(|s| s.id().as_str())
                        .collect();
                    format!("`{typed}` is not a stack; one of {}", known.join(", "))
                })?);
            }
            Question::Version => {
                if Version::parse(typed).is_none() {
                    return Err(format!(
                        "`{typed}` is not a {} version, e.g. {}",
                        stack.toolchain.name, stack.toolchain.default
                    ));
                }
                a.version = Some(typed.to_string());
            }
            Question::PackageManager => {
                let names = stack.package_manager_names();
                let pm = names.contains(&typed).then(|| PackageManager::named(typed));
                a.package_manager = Some(pm.ok_or_else(|| {
                    format!(
                        "`{typed}` is not a package manager of a {} project; one of {}",
                        stack.id.as_str(),
                        names.join(", ")
                    )
                })?);
            }
            Question::Port => a.port = Some(PortAnswer::parse(typed)?),
            Question::Start => {
                let argv = dockgen::manifest::split_words(typed);
                if argv.is_empty() {
                    return Err("the start command is empty".into());
                }
                a.start = Some(argv);
            }
            Question::Build => {
                a.build = Some(if typed == "-" {
                    String::new()
                } else {
                    typed.into()
                })
            }
            Question::RuntimeImage => {
                dockgen::image::ImageName::parse(typed)?;
                a.runtime_image = Some(typed.to_string());
            }
        }
        Ok(a)
    }

    /// Check an answer: `None` when it keeps the current value, else the answers and plan it makes.
    pub fn check(&self, q: Question, typed: &str) -> Result<Option<(Answers, Plan)>, String> {
        if typed.trim() == self.default(q) {
            return Ok(None);
        }
        let answer = self.parse(q, typed)?;
        let changed = Answers {
            origin: Some(Origin::Flag),
            ..self.changed.overlay(&answer)
        };
        // Planned again from the session's scan: an answer costs a detection, never a walk.
        let mut planned = self
            .session
            .plan(&self.before.overlay(&changed), Scope::Apps)
            .map_err(|e| e.to_string())?;
        if planned.plans.len() > 1 {
            planned
                .only(&self.plan.facts.path)
                .map_err(|e| e.to_string())?;
        }
        let plan = planned
            .plans
            .into_iter()
            .next()
            .ok_or_else(|| "nothing left to plan".to_string())?;
        Ok(Some((changed, plan)))
    }

    /// Take an answer that [`Interview::check`] accepts.
    pub fn answer(&mut self, q: Question, typed: &str) -> Result<(), String> {
        if let Some((changed, plan)) = self.check(q, typed)? {
            self.changed = changed;
            self.plan = plan;
        }
        Ok(())
    }
}

/// Confirm or change each decision of one app; returns the answers that changed. A changed stack ends
/// the questions: the app is detected again as that stack, and its own questions follow.
pub fn confirm(
    session: &Session,
    before: &Answers,
    plan: &Plan,
) -> Result<Answers, dockgen::Error> {
    eprintln!("{}", plan.facts.headline());
    let mut interview = Interview::new(session, before, plan.clone());
    for q in Question::ALL {
        let default = interview.default(q);
        let typed = dialoguer::Input::<String>::new()
            .with_prompt(q.prompt())
            .default(default)
            .validate_with(|v: &String| interview.check(q, v).map(|_| ()))
            .interact_text()
            .map_err(io_err)?;
        interview.answer(q, &typed).map_err(dockgen::Error::Usage)?;
        if q == Question::Stack && interview.changed.stack.is_some() {
            break;
        }
    }
    Ok(interview.changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Node app with no version source: node 24 on distroless, port 3005.
    fn node_app() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |p: &str, t: &str| std::fs::write(dir.path().join(p), t).unwrap();
        write(
            "package.json",
            r#"{"name":"demo","main":"server.js","dependencies":{"express":"^4.21.0"}}"#,
        );
        write("package-lock.json", "{\"lockfileVersion\": 3}");
        write("server.js", "const port = process.env.PORT || 3005;\n");
        dir
    }

    fn interview(session: &Session) -> Interview<'_> {
        let before = Answers::default();
        let plan = session.plan(&before, Scope::Apps).unwrap().plans.remove(0);
        Interview::new(session, &before, plan)
    }

    #[test]
    fn each_answer_is_checked_when_given_naming_what_was_typed() {
        let dir = node_app();
        let session = Session::open(dir.path()).unwrap();
        let i = interview(&session);
        let err = |q, typed| i.check(q, typed).err().unwrap();
        assert!(err(Question::Version, "banana").contains("`banana` is not a node version"));
        // A version the catalogue has no image for is refused at once too.
        assert!(
            err(Question::Version, "99").contains("version 99"),
            "{}",
            err(Question::Version, "99")
        );
        let pm = err(Question::PackageManager, "pip");
        assert!(
            pm.contains("`pip` is not a package manager of a node project"),
            "{pm}"
        );
        assert!(pm.contains("npm, pnpm, yarn, bun"), "{pm}");
        assert!(!pm.contains("packageManager"), "{pm}");
        assert!(err(Question::Port, "0").contains("`none`"));
        assert!(err(Question::Port, "99999").contains("`99999` is not a port"));
        assert!(err(Question::RuntimeImage, "my image!!")
            .contains("`my image!!` is not an image reference"));
        assert!(err(Question::Stack, "cobol").contains("`cobol` is not a stack"));
        // Enter keeps the default, which is always accepted.
        for q in Question::ALL {
            assert!(i.check(q, &i.default(q)).unwrap().is_none(), "{q:?}");
        }
    }

    #[test]
    fn later_defaults_follow_earlier_answers() {
        let dir = node_app();
        let session = Session::open(dir.path()).unwrap();
        let mut i = interview(&session);
        assert_eq!(i.default(Question::Port), "3005");
        let before = i.default(Question::RuntimeImage);
        assert!(before.contains("nodejs24"), "{before}");
        i.answer(Question::Version, "22").unwrap();
        assert_eq!(i.changed.version.as_deref(), Some("22"));
        let after = i.default(Question::RuntimeImage);
        assert!(after.contains("nodejs22"), "{after}");
        i.answer(Question::Port, "none").unwrap();
        assert_eq!(i.default(Question::Port), "none");
        assert_eq!(i.plan.facts.port, None);
        // A refused answer changes nothing.
        assert!(i.answer(Question::Version, "banana").is_err());
        assert_eq!(i.default(Question::Version), "22");
    }
}
