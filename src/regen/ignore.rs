//! .dockerignore merges as a set of lines in order: dockgen's new lines, without the lines the user removed,
//! with the lines the user added placed after the line they followed. It never conflicts.

use std::collections::HashSet;

pub fn merge(base: &str, ours: &str, theirs: &str) -> String {
    let base_set: HashSet<&str> = base.lines().collect();
    let ours_set: HashSet<&str> = ours.lines().collect();
    let removed = |l: &str| !l.trim().is_empty() && base_set.contains(l) && !ours_set.contains(l);
    let mut out: Vec<&str> = theirs.lines().filter(|l| !removed(l)).collect();
    let mut cursor: Option<usize> = None;
    let mut after_blank = false;
    let lines: Vec<&str> = ours.lines().collect();
    for (k, &line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let added = !base_set.contains(line);
        match out.iter().position(|l| *l == line) {
            Some(i) => cursor = Some(i + 1),
            None if added => {
                // Without the line it followed (dockgen dropped it), it goes before the next one it preceded.
                let mut at = cursor.unwrap_or_else(|| {
                    lines[k + 1..]
                        .iter()
                        .find_map(|n| out.iter().position(|l| l == n && !l.trim().is_empty()))
                        .unwrap_or(out.len())
                });
                // A block the user set off with a blank line stays set off.
                if after_blank && at > 0 && !out[at - 1].trim().is_empty() {
                    out.insert(at, "");
                    at += 1;
                }
                out.insert(at, line);
                cursor = Some(at + 1);
            }
            None => cursor = None,
        }
        after_blank = false;
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions_and_removals_survive_a_new_rendering() {
        let base = "# vcs\n.git\n.vscode\n\n# node\nnode_modules\n";
        let ours = "# vcs\n.git\n\n# node\nnode_modules\n\n# ours\ndocs/\n";
        let theirs = "# vcs\n.git\n.vscode\n\n# python\n__pycache__\n";
        assert_eq!(
            merge(base, ours, theirs),
            "# vcs\n.git\n\n# python\n__pycache__\n\n# ours\ndocs/\n"
        );
    }

    #[test]
    fn an_addition_follows_its_anchor() {
        let base = "a\nb\nc\n";
        let ours = "a\nmine\nb\nc\n";
        let theirs = "a\nb\nnew\nc\n";
        assert_eq!(merge(base, ours, theirs), "a\nmine\nb\nnew\nc\n");
    }
}
