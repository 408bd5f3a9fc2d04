//! The adversarial suite: what someone trying hard to make between leak or lose data
//! would try, each a regression test of a break that was found. One test binary with a
//! module per kind of attack; it runs in the default `cargo test` within seconds.

#[path = "../common/mod.rs"]
mod common;

mod hostile_output;
mod planted_files;
mod private_text;
