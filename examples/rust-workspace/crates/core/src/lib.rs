//! The greeting shared by the workspace binaries.

/// The body served on `GET /`.
pub const GREETING: &str = "hello from rust-workspace";

/// Returns the greeting served on `GET /`.
pub fn greeting() -> &'static str {
    GREETING
}

#[cfg(test)]
mod tests {
    #[test]
    fn greeting_is_fixed() {
        assert_eq!(super::greeting(), "hello from rust-workspace");
    }
}
