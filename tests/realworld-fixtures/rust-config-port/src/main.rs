// Reads configuration/base.yaml (through the config crate) and listens on application.port.
use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let settings = newsletter_settings();
    HttpServer::new(App::new)
        .bind((settings.0, settings.1))?
        .run()
        .await
}

fn newsletter_settings() -> (String, u16) {
    unimplemented!("read configuration/base.yaml")
}
