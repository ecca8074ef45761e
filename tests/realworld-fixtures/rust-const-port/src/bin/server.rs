use linecache::DEFAULT_PORT;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpSocket;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("0.0.0.0:{DEFAULT_PORT}").parse().unwrap())?;
    let listener = socket.listen(1024)?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                println!("{line}");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    const PEER: ([u8; 4], u16) = ([127, 0, 0, 1], 12345);

    #[test]
    fn peer_is_local() {
        assert_eq!(PEER.0, [127, 0, 0, 1]);
    }
}
