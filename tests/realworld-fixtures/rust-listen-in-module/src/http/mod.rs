// The HTTP server: its routes and the address it binds.
use axum::Router;

pub async fn serve(database_url: String) -> anyhow::Result<()> {
    let _ = database_url;
    let app = Router::new();
    axum::Server::bind(&"0.0.0.0:8080".parse()?)
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
