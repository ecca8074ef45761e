// Connects to the database, then hands over to the HTTP module, which binds the port.
mod http;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database_url = std::env::var("DATABASE_URL")?;
    http::serve(database_url).await
}
