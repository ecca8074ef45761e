//! What the two servers share: one plain-text HTTP answer.

use std::io::{Read, Write};
use std::net::TcpListener;

/// Answer every request on `port` with `body`.
pub fn serve(port: u16, body: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(("0.0.0.0", port))?;
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut buf = [0u8; 1024];
        let _ = stream.read(&mut buf)?;
        let reply = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}", body.len());
        stream.write_all(reply.as_bytes())?;
    }
    Ok(())
}
