//! A tiny line cache: the server stores lines, the CLI sends them.

/// Where the server listens unless told otherwise.
pub const DEFAULT_PORT: u16 = 6380;
