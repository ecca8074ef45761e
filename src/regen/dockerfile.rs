//! A Dockerfile as the merge sees it: instructions with the comment lines written above them and their
//! continuation lines, grouped into stages. Parsing is lossless for text that ends with a newline.

/// One instruction with its comments, or a comment block standing alone (a header, a section note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Blank lines before the unit.
    pub blank: usize,
    /// Comment lines directly above the instruction.
    pub comments: Vec<String>,
    /// The instruction's lines (first line, continuations, heredoc body); empty for a comment block.
    pub lines: Vec<String>,
}

impl Unit {
    /// The instruction keyword in upper case (`FROM`, `RUN`), or `#` for a comment block.
    pub fn keyword(&self) -> String {
        self.lines
            .first()
            .and_then(|l| l.split_whitespace().next())
            .map(str::to_ascii_uppercase)
            .unwrap_or_else(|| "#".into())
    }

    /// The text of the unit, blank lines included.
    pub fn text(&self) -> String {
        let mut out = "\n".repeat(self.blank);
        for l in self.comments.iter().chain(&self.lines) {
            out.push_str(l);
            out.push('\n');
        }
        out
    }

    /// Whether two units say the same thing (blank lines aside).
    pub fn same(&self, other: &Unit) -> bool {
        self.comments == other.comments && self.lines == other.lines
    }

    /// The words of the unit, for telling a changed instruction from a different one.
    pub fn words(&self) -> Vec<String> {
        let src = if self.lines.is_empty() {
            &self.comments
        } else {
            &self.lines
        };
        src.iter()
            .flat_map(|l| {
                l.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The stage name a FROM unit declares (`AS name`), lower-cased as Docker compares them.
    pub fn stage_name(&self) -> Option<String> {
        let words: Vec<&str> = self.lines.first()?.split_whitespace().collect();
        if !words.first()?.eq_ignore_ascii_case("FROM") {
            return None;
        }
        let at = words.iter().position(|w| w.eq_ignore_ascii_case("AS"))?;
        words.get(at + 1).map(|n| n.to_ascii_lowercase())
    }
}

/// A stage: its FROM unit first. The preamble (before the first FROM) is a stage without one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stage {
    pub units: Vec<Unit>,
}

impl Stage {
    pub fn name(&self) -> Option<String> {
        self.units.first().and_then(Unit::stage_name)
    }

    pub fn text(&self) -> String {
        self.units.iter().map(Unit::text).collect()
    }
}

/// Parse a Dockerfile: `stages[0]` is the preamble (parser directives, header comments, global ARGs).
pub fn parse(text: &str) -> Vec<Stage> {
    let units = units(text);
    let mut stages = vec![Stage::default()];
    for u in units {
        if u.keyword() == "FROM" {
            stages.push(Stage::default());
        }
        if let Some(s) = stages.last_mut() {
            s.units.push(u);
        }
    }
    stages
}

/// Print stages back as text.
pub fn print(stages: &[Stage]) -> String {
    stages.iter().map(Stage::text).collect()
}

fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut blank = 0;
    let mut comments: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.is_empty() {
            // A comment block followed by a blank line stands alone: it is not about the next instruction.
            if !comments.is_empty() {
                out.push(Unit {
                    blank,
                    comments: std::mem::take(&mut comments),
                    lines: Vec::new(),
                });
                blank = 0;
            }
            blank += 1;
            continue;
        }
        if t.starts_with('#') {
            comments.push(line.to_string());
            continue;
        }
        let mut body = vec![line.to_string()];
        let heredoc = heredoc_word(line);
        if let Some(word) = heredoc {
            for l in lines.by_ref() {
                body.push(l.to_string());
                if l.trim() == word {
                    break;
                }
            }
        } else {
            let mut last = line.to_string();
            // Continuations: comment and blank lines inside them belong to the instruction.
            while continues(&last) {
                let Some(next) = lines.next() else { break };
                body.push(next.to_string());
                let nt = next.trim();
                if !(nt.is_empty() || nt.starts_with('#')) {
                    last = next.to_string();
                }
            }
        }
        out.push(Unit {
            blank,
            comments: std::mem::take(&mut comments),
            lines: body,
        });
        blank = 0;
    }
    if !comments.is_empty() || blank > 0 {
        out.push(Unit {
            blank,
            comments,
            lines: Vec::new(),
        });
    }
    out
}

fn continues(line: &str) -> bool {
    line.trim_end().ends_with('\\')
}

/// The terminator of a heredoc (`RUN <<EOF`, `COPY <<-"EOT" /x`), if the line opens one.
fn heredoc_word(line: &str) -> Option<String> {
    let at = line.find("<<")?;
    let rest = line[at + 2..].trim_start_matches('-');
    let word: String = rest
        .trim_matches(|c| c == '"' || c == '\'')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DF: &str = "# syntax=docker/dockerfile:1\n# header\n\n# deps\nFROM a AS deps\nRUN x \\\n    # note\n    y\n\nFROM b\n# run\nCMD [\"z\"]\n";

    #[test]
    fn round_trips_and_groups_by_stage() {
        let stages = parse(DF);
        assert_eq!(print(&stages), DF);
        assert_eq!(stages.len(), 3);
        assert_eq!(stages[0].units[0].keyword(), "#");
        assert_eq!(stages[1].name().as_deref(), Some("deps"));
        assert_eq!(stages[1].units[0].comments, vec!["# deps"]);
        assert_eq!(stages[1].units[1].lines.len(), 3, "continuations stay");
        assert_eq!(stages[2].name(), None);
        assert_eq!(stages[2].units[1].keyword(), "CMD");
    }

    #[test]
    fn heredocs_are_one_instruction() {
        let df = "FROM a\nRUN <<EOF\nset -e\n# not a comment\nEOF\nCMD [\"x\"]\n";
        let stages = parse(df);
        assert_eq!(stages[1].units[1].lines.len(), 4);
        assert_eq!(print(&stages), df);
    }
}
