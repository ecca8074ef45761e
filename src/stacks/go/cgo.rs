//! Whether a Go build needs cgo, read without running anything, and the Debian packages that follow.

use super::detect::{constrained_out, go_files, imports};
use crate::error::Result;
use crate::manifest::gomod::GoMod;
use crate::rules::StackRules;
use crate::scan::Project;

/// What makes the build need cgo, and the Debian packages that follow.
#[derive(Debug, Default)]
pub(super) struct CgoNeed {
    /// `(file:line, why)` for each reason, first the app's own `import "C"`, then go.mod requirements.
    pub sources: Vec<(String, String)>,
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// The modules that need runtime packages.
    pub libraries_for: Vec<String>,
    /// The go.mod line of the first of them.
    pub libraries_source: Option<String>,
    pub cxx: bool,
    pub warnings: Vec<String>,
}

/// Libraries every glibc runtime has (the C library's own parts, and libstdc++ on distroless cc).
const GLIBC_LIBS: &[&str] = &["c", "m", "pthread", "dl", "rt", "resolv", "stdc++", "gcc_s"];

/// Whether the build needs cgo, read without running anything: `import "C"` in a non-test file of the main
/// package or of a package of this module it imports (followed transitively), or a requirement on a module
/// the rules list as compiling C.
pub(super) fn cgo_need(
    project: &Project,
    rules: &StackRules,
    gomod: &GoMod,
    main_dir: &str,
) -> Result<CgoNeed> {
    let mut need = CgoNeed::default();
    let prefix = format!("{}/", gomod.module);
    let mut queue = vec![main_dir.to_string()];
    let mut seen: Vec<String> = Vec::new();
    while let Some(dir) = queue.pop() {
        if seen.contains(&dir) || !project.has_dir(&dir) && !dir.is_empty() {
            continue;
        }
        seen.push(dir.clone());
        let imported = need.read_package(project, &dir, &prefix)?;
        queue.extend(imported);
    }
    need.add_requirements(rules, gomod);
    Ok(need)
}

impl CgoNeed {
    /// One package's folder: records its `import "C"` and `#cgo` link flags, and gives the folders of
    /// this module's packages it imports, which the caller follows in turn.
    fn read_package(&mut self, project: &Project, dir: &str, prefix: &str) -> Result<Vec<String>> {
        let files: Vec<String> = go_files(project, dir).map(str::to_string).collect();
        let mut cgo_here = false;
        let mut imported = Vec::new();
        for f in &files {
            let text = project.read_source(f)?;
            if constrained_out(&text) {
                continue;
            }
            for (line, path) in imports(&text) {
                if path == "C" {
                    cgo_here = true;
                    if !self
                        .sources
                        .iter()
                        .any(|(_, w)| w.starts_with("import \"C\""))
                    {
                        self.sources.push((
                            format!("{f}:{line}"),
                            "import \"C\": the package calls C through cgo".into(),
                        ));
                    }
                } else if let Some(sub) = path.strip_prefix(prefix) {
                    imported.push(sub.to_string());
                }
            }
            self.read_cgo_flags(f, &text);
        }
        // cgo compiles the package's C++ files too, which then need libstdc++ at run time.
        if cgo_here
            && project.files().any(|f| {
                let parent = f.rsplit_once('/').map_or("", |(d, _)| d);
                parent == dir && [".cc", ".cpp", ".cxx"].iter().any(|e| f.ends_with(e))
            })
        {
            self.cxx = true;
        }
        Ok(imported)
    }

    /// A file's `#cgo` directives: `-lstdc++` needs the C++ runtime; any other library outside glibc is a
    /// warning, since which Debian packages provide it cannot be told from its name.
    fn read_cgo_flags(&mut self, file: &str, text: &str) {
        for (n, l) in text.lines().enumerate() {
            let l = l.trim();
            let l = l.strip_prefix("//").unwrap_or(l).trim_start();
            let Some(flags) = l.strip_prefix("#cgo ") else {
                continue;
            };
            if flags.contains("-lstdc++") {
                self.cxx = true;
            }
            let libs: Vec<&str> = flags
                .split_whitespace()
                .filter_map(|w| w.strip_prefix("-l"))
                .filter(|l| !GLIBC_LIBS.contains(l))
                .collect();
            let pkg_config = flags.split_once("pkg-config:").map(|(_, p)| p.trim());
            if !libs.is_empty() || pkg_config.is_some() {
                let what = pkg_config.map_or_else(
                    || format!("-l{}", libs.join(" -l")),
                    |p| format!("pkg-config {p}"),
                );
                self.warnings.push(format!(
                    "{file}:{} links {what}: install its -dev package in the build stage and its library in the runtime (--runtime-image), dockgen cannot tell which",
                    n + 1
                ));
            }
        }
    }

    /// go.mod's requirements on modules the rules list as compiling C (`[[native]]`), with the Debian
    /// packages each needs at build and run time.
    fn add_requirements(&mut self, rules: &StackRules, gomod: &GoMod) {
        for (module, line) in gomod.requires.iter().zip(&gomod.require_lines) {
            let Some(row) = rules.natives.iter().find(|n| n.matches(module)) else {
                continue;
            };
            self.sources.push((
                format!("go.mod:{line}"),
                format!("requires {module}, which compiles C through cgo"),
            ));
            self.cxx |= row.cxx;
            row.add_packages(&mut self.build_packages, &mut self.runtime_packages);
            if !row.runtime_packages.is_empty() {
                self.libraries_for.push(module.clone());
                self.libraries_source
                    .get_or_insert(format!("go.mod:{line}"));
            }
        }
    }
}
