//! The uid of the process listening on a loopback port, read from /proc: an independent check of the user
//! an image really runs as (Linux, and engines that run on the host network such as buildah).

use std::fs;

/// The uid owning the listening TCP socket on `port`, if it can be seen.
pub fn listener_uid(port: u16) -> Option<u32> {
    let hex = format!(":{port:04X}");
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address, state 0A = LISTEN, uid column 7
            if cols.len() > 7 && cols[1].ends_with(&hex) && cols[3] == "0A" {
                return cols[7].parse().ok();
            }
        }
    }
    None
}
