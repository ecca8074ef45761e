use linecache::DEFAULT_PORT;
use tokio::io::AsyncWriteExt;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", DEFAULT_PORT)).await?;
    stream.write_all(b"hello\n").await
}
