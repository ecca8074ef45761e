//! A tiny std-only HTTP server: `GET /` answers `hello from rust-single-bin`.

use std::env;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

const BODY: &str = "hello from rust-single-bin";

fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let mut len = itoa::Buffer::new();
    let head = [
        "HTTP/1.1 ",
        status,
        "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ",
        len.format(body.len()),
        "\r\nConnection: close\r\n\r\n",
    ]
    .concat();
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers so the client sees a clean close.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }

    let mut parts = request_line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("GET"), Some("/")) => respond(&mut stream, "200 OK", BODY),
        _ => respond(&mut stream, "404 Not Found", "not found"),
    }
}

fn main() -> std::io::Result<()> {
    let port = env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let addr = format!("0.0.0.0:{port}");
    let listener = TcpListener::bind(&addr)?;
    println!("listening on {addr}");

    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                thread::spawn(move || {
                    if let Err(err) = handle(stream) {
                        eprintln!("connection error: {err}");
                    }
                });
            }
            Err(err) => eprintln!("accept error: {err}"),
        }
    }
    Ok(())
}
