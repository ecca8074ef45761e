// Listens on the [server] address of config.toml, read at start.
use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let address = server_address("config.toml");
    HttpServer::new(App::new).bind(address)?.run().await
}

fn server_address(path: &str) -> String {
    unimplemented!("read the [server] address of {path}")
}
