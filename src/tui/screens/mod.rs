//! One file per screen and overlay; each only draws from the state.

pub mod area;
pub mod confirm;
pub mod discussed;
pub mod entry;
pub mod find;
pub mod help;
pub mod home;
pub mod journal;
pub mod look_back;
pub mod packs;
pub mod pick_period;
pub mod pick_plan;
pub mod prep;
pub mod preview;
pub mod progress;
pub mod read;
pub mod report;
pub mod runner;
pub mod safety;
pub mod strategies;
pub mod welcome;
pub mod year_calendar;
