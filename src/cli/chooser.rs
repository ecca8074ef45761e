//! The conflict chooser: on a terminal, each conflict a merge left is shown with the user's lines and
//! dockgen's, and settled one at a time — dockgen's, yours, both (only where that is a valid Dockerfile),
//! or an editor — with a summary after. Only called when a terminal is attached; end of input leaves the
//! rest of the markers in place.

use dockgen::regen::{self, Choice, Piece};
use std::io::BufRead;

#[derive(Debug, Default)]
struct Tally {
    theirs: usize,
    ours: usize,
    both: usize,
    edited: usize,
    left: usize,
}

/// Settle the conflicts of `text` by asking; returns the text and how many conflicts are left.
pub fn settle(name: &str, text: &str) -> Result<(String, usize), dockgen::Error> {
    let total = regen::pieces(text)
        .iter()
        .filter(|p| matches!(p, Piece::Conflict { .. }))
        .count();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut tally = Tally::default();
    let mut n = 0;
    let (out, left) = regen::resolve(text, |ours, theirs| {
        n += 1;
        let c = ask(&mut input, name, (n, total), ours, theirs);
        match &c {
            Choice::Theirs => tally.theirs += 1,
            Choice::Ours => tally.ours += 1,
            Choice::Both => tally.both += 1,
            Choice::Edited(_) => tally.edited += 1,
            Choice::Leave => tally.left += 1,
        }
        c
    });
    eprintln!(
        "\n{name}: {total} conflict(s): {} dockgen's, {} yours, {} both, {} edited, {} left with markers",
        tally.theirs, tally.ours, tally.both, tally.edited, tally.left
    );
    Ok((out, left))
}

fn show(label: &str, text: &str, empty: &str) {
    eprintln!("  {label}:");
    if text.is_empty() {
        eprintln!("    ({empty})");
    }
    for l in text.lines() {
        eprintln!("    {l}");
    }
}

fn ask(
    input: &mut impl BufRead,
    name: &str,
    (n, total): (usize, usize),
    ours: &str,
    theirs: &str,
) -> Choice {
    let both = regen::both_valid(ours, theirs);
    eprintln!("\nconflict {n} of {total} in {name}");
    show("yours", ours, "nothing: you removed these lines");
    show(
        "dockgen's",
        theirs,
        "nothing: dockgen no longer writes these lines",
    );
    eprintln!("  d  dockgen's lines (your lines around them stay as they are)");
    eprintln!("  y  yours");
    if both {
        eprintln!("  b  both, yours first");
    }
    eprintln!("  e  edit in $EDITOR");
    eprintln!("  s  skip: leave the markers");
    let keys = if both { "d/y/b/e/s" } else { "d/y/e/s" };
    loop {
        eprint!("choice [{keys}]: ");
        let mut line = String::new();
        if input.read_line(&mut line).unwrap_or(0) == 0 {
            eprintln!();
            return Choice::Leave;
        }
        match line.trim() {
            "d" => return Choice::Theirs,
            "y" => return Choice::Ours,
            "b" if both => return Choice::Both,
            "e" => match edit(ours, theirs) {
                Ok(text) => return Choice::Edited(text),
                Err(why) => eprintln!("{why}"),
            },
            "s" => return Choice::Leave,
            "b" => {
                eprintln!("both is not offered here: the result would hold this instruction twice")
            }
            _ => eprintln!("type one of {keys}"),
        }
    }
}

/// Open the conflict in $VISUAL or $EDITOR (vi when neither is set); the saved text replaces it.
fn edit(ours: &str, theirs: &str) -> Result<String, String> {
    let set = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let editor = set("VISUAL")
        .or_else(|| set("EDITOR"))
        .unwrap_or_else(|| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("dockgen-conflict-")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    let block = regen::print(&[Piece::Conflict {
        ours: ours.to_string(),
        theirs: theirs.to_string(),
    }]);
    std::fs::write(file.path(), block)
        .map_err(|e| format!("cannot write {}: {e}", file.path().display()))?;
    // Through the shell, as git runs $EDITOR, so `EDITOR="code --wait"` works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run {editor}: {e}"))?;
    if !status.success() {
        return Err(format!("{editor} exited with {status}; choose again"));
    }
    let text = std::fs::read_to_string(file.path())
        .map_err(|e| format!("cannot read the edited text: {e}"))?;
    if regen::marker_line(&text).is_some() {
        return Err("the edited text still holds conflict markers; choose again".into());
    }
    Ok(text)
}
