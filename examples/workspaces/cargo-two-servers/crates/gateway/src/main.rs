//! The gateway server of the cargo-two-servers example.

fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080);
    common::serve(port, "hello from cargo-two-servers gateway")
}
