//! Practice between sessions, as pure functions over journal entries: strategies as
//! chains of plans with their tries and reviews, what is due this week, the summary
//! since the last session, and the figures of progress. Nothing here reads a file or
//! the clock; "today" is always passed in.

pub mod by_month;
pub mod chains;
pub mod chart;
pub mod due;
pub mod forms;
pub mod homework;
pub mod look_back;
pub mod prep;
pub mod progress;
pub mod sessions;
pub mod shared;
pub mod standing;
pub mod stats;
pub mod strategy_page;
pub mod today;

pub use chains::{Chain, chains, chains_of};
pub use due::{Due, due};
pub use forms::adjusted_plan;
pub use shared::Shared;
pub use today::{DueToday, due_today};
