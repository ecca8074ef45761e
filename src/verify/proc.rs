//! Who runs a container's app, read from /proc: the owner of a listening loopback port (engines on the
//! host network, such as buildah) or of a process (a container's first process, seen from the host).

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

/// The effective uid of process `pid` (the second field of `Uid:` in /proc/PID/status).
pub fn process_uid(pid: u32) -> Option<u32> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
