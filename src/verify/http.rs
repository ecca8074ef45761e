//! A minimal HTTP/1.1 GET over loopback, polled until the app answers or the time runs out.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub struct Response {
    pub status: u16,
    pub body: String,
}

/// GET `path` on 127.0.0.1:`port` until it answers; `gone` says when the app has exited (stop waiting).
pub fn probe(
    port: u16,
    path: &str,
    timeout: Duration,
    mut gone: impl FnMut() -> Option<i32>,
) -> Result<Response, String> {
    let deadline = Instant::now() + timeout;
    let mut last = String::from("no answer");
    while Instant::now() < deadline {
        if let Some(code) = gone() {
            return Err(format!("the app exited with code {code} before answering"));
        }
        match get(port, path) {
            Ok(r) => return Ok(r),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "no answer on port {port} within {}s ({last})",
        timeout.as_secs()
    ))
}

fn get(port: u16, path: &str) -> Result<Response, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nUser-Agent: dockgen-verify\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").ok_or("incomplete response")?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or("no status line")?;
    Ok(Response {
        status,
        body: body.to_string(),
    })
}
