//! A build script's jar manifest (`jar { manifest { attributes 'Main-Class': … } }`) and the lines that
//! declare runtime dependencies, which a plain jar does not carry.

use super::{after, first_quoted, GradleBuild};

impl GradleBuild {
    /// A jar manifest's `'Main-Class': 'x'` (Groovy), `"Main-Class" to "x"` or `["Main-Class"] = "x"`
    /// (Kotlin), and runtime dependency declarations.
    pub(super) fn read_jar_line(&mut self, t: &str, n: usize) {
        if self.manifest_main.is_none() {
            self.manifest_main = after(t, "Main-Class")
                .map(|r| r.trim_start_matches(['"', '\'']))
                .and_then(first_quoted)
                .filter(|m| !m.is_empty())
                .map(|m| (m, n));
        }
        let declares = |word: &str| {
            after(t, word).is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with(['(', '"', '\''])
                    || r.starts_with("project")
                    || r.starts_with("files")
            })
        };
        if ["implementation", "api", "compile", "runtime", "runtimeOnly"]
            .into_iter()
            .any(declares)
        {
            self.runtime_dependencies.push(n);
        }
    }
}
