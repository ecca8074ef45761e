//! The Dockerfile-aware three-way merge. Stages are matched by name (the last stage by being last, others
//! by order); inside a stage, instructions are matched exactly, then by keyword and likeness. An
//! instruction one side inserted is kept beside the neighbours it was written next to, whatever happened to
//! them; one both sides changed differently is a conflict, merged line by line only inside itself.

use super::dockerfile::{parse, Stage, Unit};

/// A piece of the merged file: settled text, or one conflict between the user's text and dockgen's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Conflict { ours: String, theirs: String },
}

/// Instructions that a stage holds once: two versions of one are a change, never an insertion.
const SINGLETONS: &[&str] = &[
    "FROM",
    "CMD",
    "ENTRYPOINT",
    "HEALTHCHECK",
    "USER",
    "SHELL",
    "STOPSIGNAL",
    "EXPOSE",
];

/// Merge three Dockerfiles: what dockgen wrote last, the user's file, and the new rendering.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Vec<Piece> {
    let ours_st = parse(ours);
    let mut base_st = parse(base);
    let mut theirs_st = parse(theirs);
    // A stage the user renamed keeps its new name: dockgen's text is read as if it had used it too.
    for (old, new) in renames(&base_st, &ours_st) {
        if !theirs_st
            .iter()
            .any(|s| s.name().as_deref() == Some(new.as_str()))
        {
            rename(&mut base_st, &old, &new);
            rename(&mut theirs_st, &old, &new);
        }
    }
    let mut out = Out::default();
    let mo = match_stages(&base_st, &ours_st);
    let mt = match_stages(&base_st, &theirs_st);
    let ins_o = inserted(&mo, ours_st.len());
    let ins_t = inserted(&mt, theirs_st.len());
    for g in 0..=base_st.len() {
        let mine: Vec<String> = ins_o[g].iter().map(|&j| ours_st[j].text()).collect();
        for s in &mine {
            out.text(s);
        }
        for &j in &ins_t[g] {
            let t = theirs_st[j].text();
            if !mine.contains(&t) {
                out.text(&t);
            }
        }
        let Some(b) = base_st.get(g) else { break };
        match (mo[g].map(|j| &ours_st[j]), mt[g].map(|j| &theirs_st[j])) {
            (Some(o), Some(t)) => merge_stage(b, o, t, &mut out),
            (Some(o), None) if o != b => out.conflict(o.text(), String::new()),
            (None, Some(t)) if t != b => out.conflict(String::new(), t.text()),
            _ => {}
        }
    }
    out.pieces
}

/// A merge's result as it is built: text runs joined, conflicts kept apart (the YAML merge builds one too).
#[derive(Default)]
pub(super) struct Out {
    pub(super) pieces: Vec<Piece>,
}

impl Out {
    pub(super) fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(s);
        } else {
            self.pieces.push(Piece::Text(s.to_string()));
        }
    }

    pub(super) fn conflict(&mut self, ours: String, theirs: String) {
        self.pieces.push(Piece::Conflict { ours, theirs });
    }
}

/// For each base stage, the stage of `other` it became (the preamble is always the preamble).
fn match_stages(base: &[Stage], other: &[Stage]) -> Vec<Option<usize>> {
    let mut m: Vec<Option<usize>> = vec![None; base.len()];
    let mut used = vec![false; other.len()];
    m[0] = Some(0);
    used[0] = true;
    for (i, b) in base.iter().enumerate().skip(1) {
        let Some(name) = b.name() else { continue };
        if let Some(j) =
            (1..other.len()).find(|&j| !used[j] && other[j].name() == Some(name.clone()))
        {
            m[i] = Some(j);
            used[j] = true;
        }
    }
    let (bl, ol) = (base.len() - 1, other.len().saturating_sub(1));
    if bl > 0 && ol > 0 && m[bl].is_none() && !used[ol] {
        m[bl] = Some(ol);
        used[ol] = true;
    }
    // The rest pair up in order between the stages already matched (a renamed or unnamed stage).
    for i in 1..base.len() {
        if m[i].is_some() {
            continue;
        }
        let lo = m[..i].iter().rev().find_map(|x| *x).map_or(1, |j| j + 1);
        let hi = m[i + 1..].iter().find_map(|x| *x).unwrap_or(other.len());
        if let Some(j) = (lo..hi).find(|&j| !used[j]) {
            m[i] = Some(j);
            used[j] = true;
        }
    }
    m
}

/// The items of `other` no base item became, by the base position they come before (0..=n).
fn inserted(matching: &[Option<usize>], other_len: usize) -> Vec<Vec<usize>> {
    let mut gaps = vec![Vec::new(); matching.len() + 1];
    let taken: std::collections::HashSet<usize> = matching.iter().flatten().copied().collect();
    for j in (0..other_len).filter(|j| !taken.contains(j)) {
        let g = matching
            .iter()
            .position(|m| m.is_some_and(|k| k > j))
            .unwrap_or(matching.len());
        gaps[g].push(j);
    }
    gaps
}

/// Stage renames the user made: base name → the user's name.
fn renames(base: &[Stage], ours: &[Stage]) -> Vec<(String, String)> {
    match_stages(base, ours)
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (old, new) = (base[i].name()?, ours[(*m)?].name()?);
            (old != new).then_some((old, new))
        })
        .collect()
}

/// Rename a stage and every reference to it (`FROM old`, `--from=old`).
fn rename(stages: &mut [Stage], old: &str, new: &str) {
    for unit in stages.iter_mut().flat_map(|s| s.units.iter_mut()) {
        let from = unit.keyword() == "FROM";
        for line in unit.lines.iter_mut() {
            *line = rename_line(line, old, new, from);
        }
    }
}

fn rename_line(line: &str, old: &str, new: &str, from: bool) -> String {
    let indent = &line[..line.len() - line.trim_start().len()];
    let words: Vec<String> = line
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_ascii_lowercase();
            if lw == format!("--from={old}") {
                format!("--from={new}")
            } else if from && i > 0 && lw == old {
                new.to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    if words.join(" ") == line.split_whitespace().collect::<Vec<_>>().join(" ") {
        return line.to_string();
    }
    format!("{indent}{}", words.join(" "))
}

/// What became of one base unit on one side.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Same(usize),
    Changed(usize),
    Deleted,
}

/// Align `other`'s units with the base's: exact matches first, then like instructions between them.
fn align(base: &[Unit], other: &[Unit]) -> Vec<Side> {
    let mut sides = vec![Side::Deleted; base.len()];
    let anchors = lcs(base, other, |a, b| a.same(b));
    let mut prev = (0, 0);
    for &(bi, oi) in anchors
        .iter()
        .chain(std::iter::once(&(base.len(), other.len())))
    {
        let (b0, o0) = prev;
        for (x, y) in lcs(&base[b0..bi], &other[o0..oi], similar) {
            sides[b0 + x] = Side::Changed(o0 + y);
        }
        if bi < base.len() {
            sides[bi] = Side::Same(oi);
        }
        prev = (bi + 1, oi + 1);
    }
    sides
}

/// Two versions of one instruction: the same keyword, and either one a stage holds once or most words shared.
fn similar(a: &Unit, b: &Unit) -> bool {
    let k = a.keyword();
    if k != b.keyword() {
        return false;
    }
    if SINGLETONS.contains(&k.as_str()) {
        return true;
    }
    let (wa, wb) = (a.words(), b.words());
    let mut rest = wb.clone();
    let common = wa
        .iter()
        .filter(|w| match rest.iter().position(|x| x == *w) {
            Some(i) => {
                rest.swap_remove(i);
                true
            }
            None => false,
        })
        .count();
    common * 2 >= wa.len().max(wb.len())
}

/// Longest common subsequence under `eq`, as index pairs.
fn lcs<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if eq(&a[i], &b[j]) {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if eq(&a[i], &b[j]) && t[i][j] == t[i + 1][j + 1] + 1 {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn merge_stage(b: &Stage, o: &Stage, t: &Stage, out: &mut Out) {
    let so = align(&b.units, &o.units);
    let st = align(&b.units, &t.units);
    let pos = |sides: &[Side]| -> Vec<Option<usize>> {
        sides
            .iter()
            .map(|s| match s {
                Side::Same(j) | Side::Changed(j) => Some(*j),
                Side::Deleted => None,
            })
            .collect()
    };
    let ins_o = inserted(&pos(&so), o.units.len());
    let ins_t = inserted(&pos(&st), t.units.len());
    let all_mine: Vec<&Unit> = ins_o.iter().flatten().map(|&j| &o.units[j]).collect();
    for g in 0..=b.units.len() {
        let mine = ins_o[g]
            .iter()
            .map(|&j| o.units[j].text())
            .collect::<String>();
        // dockgen's new instruction that the user already added by hand is not added twice.
        let new = ins_t[g]
            .iter()
            .filter(|&&j| !all_mine.iter().any(|u| u.same(&t.units[j])))
            .map(|&j| t.units[j].text())
            .collect::<String>();
        // The user's lines follow the instruction they were written after; when dockgen replaced that
        // instruction (removed it, wrote a new one in its place), they follow the replacement.
        if g > 0 && st[g - 1] == Side::Deleted {
            out.text(&new);
            out.text(&mine);
        } else {
            out.text(&mine);
            out.text(&new);
        }
        if g < b.units.len() {
            merge_unit(&b.units[g], so[g], st[g], o, t, out);
        }
    }
}

fn merge_unit(b: &Unit, so: Side, st: Side, o: &Stage, t: &Stage, out: &mut Out) {
    match (so, st) {
        (Side::Same(i), Side::Same(_)) | (Side::Changed(i), Side::Same(_)) => {
            out.text(&o.units[i].text())
        }
        (Side::Same(_), Side::Changed(j)) => out.text(&t.units[j].text()),
        (Side::Changed(i), Side::Deleted) => {
            let ou = &o.units[i];
            // Only the comments were edited: dockgen's removal stands.
            if ou.lines != b.lines {
                out.conflict(ou.text(), String::new());
            }
        }
        (Side::Deleted, Side::Changed(j)) => {
            let tu = &t.units[j];
            if tu.lines != b.lines {
                out.conflict(String::new(), tu.text());
            }
        }
        (Side::Changed(i), Side::Changed(j)) => merge_changed(b, &o.units[i], &t.units[j], out),
        _ => {}
    }
}

/// Both sides changed one instruction: comments and lines are settled apart, lines line by line.
fn merge_changed(b: &Unit, o: &Unit, t: &Unit, out: &mut Out) {
    // Comments do not change the image: on a clash the user's stay.
    let comments = if o.comments == b.comments {
        &t.comments
    } else {
        &o.comments
    };
    let head = Unit {
        blank: o.blank,
        comments: comments.clone(),
        lines: Vec::new(),
    };
    out.text(&head.text());
    let join = |l: &[String]| l.iter().map(|x| format!("{x}\n")).collect::<String>();
    let lines = if o.lines == b.lines || o.lines == t.lines {
        join(&t.lines)
    } else if t.lines == b.lines {
        join(&o.lines)
    } else {
        match diffy::merge(&join(&b.lines), &join(&o.lines), &join(&t.lines)) {
            Ok(text) if b.lines.len() > 1 => text,
            _ => return out.conflict(join(&o.lines), join(&t.lines)),
        }
    };
    out.text(&lines);
}

/// Stage names declared more than once in `text`.
pub fn duplicate_stages(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    parse(text)
        .iter()
        .filter_map(Stage::name)
        .filter(|n| !seen.insert(n.clone()))
        .collect()
}

#[cfg(test)]
mod tests;
