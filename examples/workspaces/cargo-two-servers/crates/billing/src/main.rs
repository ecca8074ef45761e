//! The billing server of the cargo-two-servers example.

fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8081);
    common::serve(port, "hello from cargo-two-servers billing")
}
