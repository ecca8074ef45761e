mod args;

#[tokio::main]
async fn main() {
    let args = args::Args::load();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_reuseaddr(true).unwrap();
    socket.bind(([0, 0, 0, 0], args.port).into()).unwrap();
    let listener = socket.listen(1024 /* backlog */).unwrap();
    loop {
        let _ = listener.accept().await;
    }
}
