//! The compose.yaml merge: the file read as a tree of mapping entries by indentation (`services:` →
//! `api:` → `environment:` → `LOG_LEVEL:`), merged key by key. An entry only one side changed takes that
//! side's version; an entry the user added (a service, an environment variable) stays after the entry it
//! followed; an entry whose value both sides changed differently is a conflict on that entry alone.
//! Sequences (`ports:`, `volumes:` of a service) and block scalars are values: compared whole, never
//! merged item by item, so two different edits of one port list conflict instead of keeping both ports.
//! Parsing is lossless for text that ends with a newline.

use super::merge::{Out, Piece};

/// One entry: the comment and blank lines above it, its own line, and the entries nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub lead: Vec<String>,
    pub head: String,
    pub children: Vec<Node>,
}

/// A YAML file as entries, and the comment lines after the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub nodes: Vec<Node>,
    pub tail: Vec<String>,
}

impl Node {
    /// The mapping key of the entry's line (`api` for `  api:`), or None for a sequence item or a line
    /// that is not `key: value`.
    pub fn key(&self) -> Option<String> {
        let t = self.head.trim();
        if t.starts_with('-') {
            return None;
        }
        let (key, _) = t.split_once(':')?;
        Some(
            key.trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string(),
        )
    }

    /// Whether the entry is a mapping whose entries merge one by one: an empty value on its own line, and
    /// nested entries each with a distinct key.
    fn is_map(&self) -> bool {
        let value = self
            .head
            .trim()
            .split_once(':')
            .map(|(_, v)| v.trim())
            .unwrap_or("x");
        (value.is_empty() || value.starts_with('#')) && keyed(&self.children)
    }

    /// The entry's text without its lead: what it says, comments above it aside.
    fn body(&self) -> String {
        let mut out = format!("{}\n", self.head);
        for c in &self.children {
            out += &c.text();
        }
        out
    }

    /// The entry's text, lead included.
    pub fn text(&self) -> String {
        lines(&self.lead) + &self.body()
    }
}

/// Whether every entry has a key and no key is repeated.
fn keyed(nodes: &[Node]) -> bool {
    let mut seen = std::collections::HashSet::new();
    nodes
        .iter()
        .all(|n| n.key().is_some_and(|k| seen.insert(k)))
}

fn lines(ls: &[String]) -> String {
    ls.iter().map(|l| format!("{l}\n")).collect()
}

/// Parse YAML text into entries by indentation; comment and blank lines go with the entry below them.
pub fn parse(text: &str) -> Doc {
    let mut items: Vec<(Vec<String>, String, usize)> = Vec::new();
    let mut lead = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            lead.push(line.to_string());
            continue;
        }
        let indent = line.len() - t.len();
        items.push((std::mem::take(&mut lead), line.to_string(), indent));
    }
    let mut at = 0;
    let nodes = level(&mut items, &mut at, None);
    Doc { nodes, tail: lead }
}

fn level(
    items: &mut [(Vec<String>, String, usize)],
    at: &mut usize,
    parent: Option<usize>,
) -> Vec<Node> {
    let mut out = Vec::new();
    while let Some((lead, head, indent)) = items.get_mut(*at) {
        let indent = *indent;
        if parent.is_some_and(|p| indent <= p) {
            break;
        }
        let (lead, head) = (std::mem::take(lead), std::mem::take(head));
        *at += 1;
        let children = level(items, at, Some(indent));
        out.push(Node {
            lead,
            head,
            children,
        });
    }
    out
}

/// Print a document back as text.
pub fn print(doc: &Doc) -> String {
    doc.nodes.iter().map(Node::text).collect::<String>() + &lines(&doc.tail)
}

/// Merge three YAML files: what dockgen wrote last, the user's file, and the new rendering. A file whose
/// top level is not a mapping of distinct keys is one conflict between the whole files.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Vec<Piece> {
    let (b, o, t) = (parse(base), parse(ours), parse(theirs));
    if !(keyed(&b.nodes) && keyed(&o.nodes) && keyed(&t.nodes)) {
        return vec![Piece::Conflict {
            ours: ours.to_string(),
            theirs: theirs.to_string(),
        }];
    }
    let mut out = Out::default();
    entries(&b.nodes, &o.nodes, &t.nodes, &mut out);
    let tail = if o.tail == b.tail { &t.tail } else { &o.tail };
    out.text(&lines(tail));
    out.pieces
}

fn find<'a>(nodes: &'a [Node], key: &str) -> Option<&'a Node> {
    nodes.iter().find(|n| n.key().as_deref() == Some(key))
}

/// The keys of one mapping in merged order: dockgen's order, with each of the user's keys that dockgen's
/// text lacks placed after the user's key it followed.
fn order(ours: &[Node], theirs: &[Node]) -> Vec<String> {
    let mut keys: Vec<String> = theirs.iter().filter_map(Node::key).collect();
    let mut cursor = 0;
    for key in ours.iter().filter_map(Node::key) {
        match keys.iter().position(|k| *k == key) {
            Some(i) => cursor = i + 1,
            None => {
                keys.insert(cursor, key);
                cursor += 1;
            }
        }
    }
    keys
}

/// Merge the entries of one mapping level (each list keyed, without repeats).
fn entries(base: &[Node], ours: &[Node], theirs: &[Node], out: &mut Out) {
    for key in order(ours, theirs) {
        let (b, o, t) = (find(base, &key), find(ours, &key), find(theirs, &key));
        match (o, t) {
            (Some(o), Some(t)) => entry(b, o, t, out),
            // Only one side has it: added there, or removed by the other side from an unchanged base.
            (Some(one), None) | (None, Some(one)) => match b {
                None => out.text(&one.text()),
                Some(b) if b.body() == one.body() => {}
                Some(_) if o.is_some() => out.conflict(one.text(), String::new()),
                Some(_) => out.conflict(String::new(), one.text()),
            },
            (None, None) => {}
        }
    }
}

/// Merge one entry both sides have.
fn entry(base: Option<&Node>, ours: &Node, theirs: &Node, out: &mut Out) {
    // Comments never conflict: the user's stay when they changed them, else dockgen's new ones.
    let lead = match base {
        Some(b) if b.lead != ours.lead => &ours.lead,
        None => &ours.lead,
        Some(_) => &theirs.lead,
    };
    let (bb, ob, tb) = (base.map(Node::body), ours.body(), theirs.body());
    if ob == tb || bb.as_deref() == Some(tb.as_str()) {
        out.text(&(lines(lead) + &ob));
    } else if bb.as_deref() == Some(ob.as_str()) {
        out.text(&(lines(lead) + &tb));
    } else if ours.is_map() && theirs.is_map() && base.is_none_or(Node::is_map) {
        out.text(&(lines(lead) + &ours.head + "\n"));
        let empty = Vec::new();
        let base_children = base.map_or(&empty, |b| &b.children);
        entries(base_children, &ours.children, &theirs.children, out);
    } else {
        out.conflict(ours.text(), theirs.text());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# header\nservices:\n  api:\n    image: \"api\"\n    # port\n    ports:\n      - \"8080:8080\"\n    environment:\n      LOG_LEVEL:\nvolumes:\n  pg: {}\n";

    fn text(pieces: &[Piece]) -> String {
        crate::regen::print(pieces)
    }

    #[test]
    fn round_trips() {
        assert_eq!(print(&parse(BASE)), BASE);
        let doc = parse(BASE);
        assert_eq!(doc.nodes.len(), 2);
        assert_eq!(doc.nodes[0].lead, vec!["# header"]);
        assert_eq!(doc.nodes[0].children[0].key().as_deref(), Some("api"));
        assert!(doc.nodes[0].children[0].is_map());
        assert!(
            !doc.nodes[0].children[0].children[1].is_map(),
            "a sequence is a value"
        );
    }

    #[test]
    fn an_added_variable_and_a_new_service_both_stay() {
        let ours = BASE.replace(
            "      LOG_LEVEL:\n",
            "      LOG_LEVEL:\n      TZ: \"UTC\"\n",
        );
        let theirs = BASE.replace("volumes:", "  web:\n    image: \"web\"\nvolumes:");
        let merged = text(&merge(BASE, &ours, &theirs));
        assert_eq!(
            merged,
            ours.replace("volumes:", "  web:\n    image: \"web\"\nvolumes:")
        );
    }

    #[test]
    fn one_list_changed_on_both_sides_conflicts_alone() {
        let ours = BASE.replace("\"8080:8080\"", "\"9000:8080\"");
        let theirs = BASE
            .replace("\"8080:8080\"", "\"8081:8081\"")
            .replace("\"api\"", "\"api2\"");
        let pieces = merge(BASE, &ours, &theirs);
        let conflicts: Vec<&Piece> = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Conflict { .. }))
            .collect();
        assert_eq!(
            conflicts,
            vec![&Piece::Conflict {
                ours: "    # port\n    ports:\n      - \"9000:8080\"\n".into(),
                theirs: "    # port\n    ports:\n      - \"8081:8081\"\n".into(),
            }]
        );
        assert!(text(&pieces).contains("    image: \"api2\"\n"));
    }

    #[test]
    fn a_service_the_user_removed_stays_removed_unless_dockgen_changed_it() {
        let ours = BASE.replace("volumes:\n  pg: {}\n", "");
        let theirs = BASE.replace("# header", "# header 2");
        assert_eq!(
            text(&merge(BASE, &ours, &theirs)),
            ours.replace("# header", "# header 2")
        );
        let theirs = BASE.replace("pg: {}", "pg: {driver: local}");
        let pieces = merge(BASE, &ours, &theirs);
        assert!(pieces
            .iter()
            .any(|p| matches!(p, Piece::Conflict { ours, .. } if ours.is_empty())));
    }
}
