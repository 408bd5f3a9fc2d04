//! The one integration-test binary (as bottom does it): every suite is a module here, so
//! `cargo test` links one executable instead of seventeen and the shared helpers in
//! `common` are compiled once.

mod common;

mod adversarial;
mod cli;
mod due_cli;
mod erase;
mod exercises;
mod history_cli;
mod homework;
mod journal_cli;
mod journal_store;
mod linear;
mod look_back;
mod pack_assign;
mod pack_check;
mod pack_install;
mod packs;
mod periods_cli;
mod practice_cli;
mod reading_cli;
mod remind;
mod report;
pub(crate) mod report_html;
mod report_open;
mod round_trip;
mod search_cli;
mod settings_cli;
mod story_year;
mod sync_clone;
mod sync_encrypted;
mod sync_erase_old;
mod sync_git;
mod sync_journal;
mod sync_model;
mod sync_syncthing;
mod tui_app;
mod tui_effects;
mod tui_packs;
pub(crate) mod tui_pty;
mod tui_safety;
mod vault;
