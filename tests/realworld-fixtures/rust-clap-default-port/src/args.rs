use clap::Parser;

#[derive(Parser)]
pub struct Args {
    /// Size of the upload buffer
    #[arg(long, default_value_t = 1024)]
    pub buffer: usize,

    /// Port to listen on
    #[arg(
        short = 'p',
        long = "port",
        default_value = "8081",
        env = "FILESHARE_PORT"
    )]
    pub port: u16,
}
