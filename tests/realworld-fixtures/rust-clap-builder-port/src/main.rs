mod config;

#[tokio::main]
async fn main() {
    let cfg = config::Config::from_args();
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind((cfg.ip.as_str(), cfg.port)).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
