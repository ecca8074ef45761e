// The port comes from the command line, its default in args.rs.
mod args;

use clap::Parser;

#[tokio::main]
async fn main() {
    let args = args::Args::parse();
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", args.port)).await.unwrap();
    axum::serve(listener, axum::Router::new()).await.unwrap();
}
