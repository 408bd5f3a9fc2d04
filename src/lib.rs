//! between: guided exercises and a private journal for people who work on their
//! relationship on their own, between therapy sessions.
//!
//! The library holds everything; the `between` binary only parses arguments,
//! dispatches, and turns errors into messages and exit codes.

#![warn(missing_docs)]
// Everything printed leaves through `cli::output`, which makes it safe for a terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod data_dir;
pub mod editing;
pub mod editor;
pub mod environment;
pub mod error;
pub mod git_sync;
pub mod journal;
pub mod linear;
pub mod look_back;
pub mod mode_name;
pub mod pack;
pub mod practice;
pub mod remind;
pub mod report;
pub mod safe_json;
pub mod safety;
pub mod sanitize;
pub mod secure_fs;
pub mod settings;
pub mod signals;
pub mod theme_name;
pub mod tui;
pub mod vault;
pub mod words;

pub use error::Error;

/// Loading a journal makes millions of small allocations; mimalloc does them faster
/// than the system allocator (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
