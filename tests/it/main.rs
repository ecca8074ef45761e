//! The integration tests, one binary (so a change links once): each module is one area of behaviour,
//! run through the library or the built `dockgen` binary. `cargo test --test it <module>::` runs one area.

mod common;

mod answers;
mod build_answer;
mod caches;
mod catalogue;
mod ci;
mod cli;
mod compose;
mod cross;
mod docs;
mod dotnet;
mod elixir;
mod examples;
mod frameworks;
mod hostile;
mod image_quality;
mod java;
mod layers;
mod lint;
mod lint_cli;
mod lint_examples;
mod native;
mod paths;
mod php;
mod procfile;
mod readme;
mod realworld_go_python;
mod realworld_js;
mod realworld_rust;
mod regen;
mod regen_scenarios;
mod registry;
mod ruby;
mod shell;
mod signals;
mod stacks;
mod start_command;
mod verify_cli;
