//! Reminders that respect privacy: a user-level timer of the platform (a systemd user
//! timer, else a crontab line; on macOS a launchd agent) runs `between remind`, which shows a desktop
//! notification in neutral words, unless something was done today or the journal is
//! encrypted (and so locked, for a job in the background).
//!
//! - [`schedule`]: when it fires (`--at`, `--days`), as systemd and cron write it.
//! - [`check`]: whether a run speaks, a pure function of the journal and the day.
//! - [`notify`]: the words, and the notification sent over the session bus.
//! - [`job`]: the text of what is installed (the command line, the systemd units, the
//!   crontab block), pure functions.
//! - [`launchd`]: the text of the launchd agent (a property list), a pure function.
//! - [`install`]: writing and removing them, and telling systemd, cron or launchd.

pub mod check;
pub mod install;
pub mod job;
pub mod launchd;
pub mod notify;
pub mod schedule;

use serde::{Deserialize, Serialize};

pub use schedule::{Schedule, TimeOfDay, Weekdays};

/// What schedules the reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Timer {
    /// A systemd user timer (`~/.config/systemd/user/between-remind.timer`).
    Systemd,
    /// A line in the user's crontab, between two marker comments.
    Cron,
    /// A launchd agent (`~/Library/LaunchAgents/org.between.remind.plist`), on macOS.
    Launchd,
}

impl Timer {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Timer::Systemd => "a systemd user timer",
            Timer::Cron => "a line in your crontab",
            Timer::Launchd => "a launchd agent",
        }
    }
}

/// The reminder as `between remind on` set it, kept in the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// The time of day.
    pub at: TimeOfDay,
    /// The days.
    pub days: Weekdays,
    /// Neutral words only: nothing names the app or what it is for.
    pub discreet: bool,
    /// What was installed to run it.
    pub timer: Timer,
}

impl Reminder {
    /// When it fires.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            at: self.at,
            days: self.days,
        }
    }
}
