use clap::{Arg, Command};

pub struct Config {
    pub ip: String,
    pub port: u16,
}

impl Config {
    pub fn from_args() -> Config {
        let m = Command::new("dirserve")
            .arg(
                Arg::new("threads")
                    .long("threads")
                    .default_value("3"),
            )
            .arg(
                Arg::new("ip")
                    .long("ip")
                    .default_value("0.0.0.0"),
            )
            .arg(
                Arg::new("port")
                    .long("port")
                    .short('p')
                    .default_value("8000"),
            )
            .get_matches();
        Config {
            ip: m.get_one::<String>("ip").unwrap().clone(),
            port: m.get_one::<String>("port").unwrap().parse().unwrap(),
        }
    }
}
