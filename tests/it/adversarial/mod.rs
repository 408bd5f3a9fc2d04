//! The adversarial suite: what someone trying hard to make between leak or lose data
//! would try, each a regression test of a break that was found. A module of the one
//! integration-test binary, with a submodule per kind of attack; it runs in the default
//! `cargo test` within seconds.

mod hostile_output;
mod planted_files;
mod private_text;
