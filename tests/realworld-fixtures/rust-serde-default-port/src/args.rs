use serde::Deserialize;

#[derive(Deserialize)]
pub struct Args {
    #[serde(default = "default_port")]
    pub port: u16,
}

impl Args {
    pub fn load() -> Args {
        let text = std::fs::read_to_string("drop.yaml").unwrap_or_default();
        serde_yaml::from_str(&text).unwrap_or(Args { port: default_port() })
    }
}

fn default_port() -> u16 {
    5000
}
