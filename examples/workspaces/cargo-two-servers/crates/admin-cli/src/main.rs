//! A command-line tool of the workspace: it runs and exits, it serves nothing.

fn main() {
    println!("admin: nothing to do");
}
