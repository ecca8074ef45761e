//! `init --compose`: compose.yaml and its .env.example at the project's root, for every planned app. They
//! are written and merged with the apps' files (`generate::regenerate`); this says what to do next.

/// How to run the stack once compose.yaml is written.
pub fn next_steps() {
    eprintln!("  cp .env.example .env    # then fill in its empty values");
    eprintln!("  docker compose up --build");
}
