//! dockgen: detect what a project is, plan a best-practice container build, render and write it.
//!
//! The pipeline is scan → detect → plan → render → write. Only [`scan`] and [`write`] touch the file
//! system; detection, planning and rendering are pure functions over their inputs.

pub mod compose;
pub mod config;
pub mod detect;
pub mod error;
pub mod facts;
pub mod image;
pub mod lint;
pub mod manifest;
pub mod naming;
pub mod pipeline;
pub mod plan;
pub mod probe;
pub mod readme;
pub mod regen;
pub mod render;
pub mod rules;
pub mod scan;
pub mod session;
pub mod stacks;
pub mod verify;
pub mod version;
pub mod workspace;
pub mod write;

pub use error::{Error, Result};
