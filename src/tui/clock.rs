//! The moment a message happened, as the shell saw it: a monotonic instant for
//! durations (timers, autosave, the idle lock) and the wall-clock time for what is
//! written down or shown (an entry's time, "come back at 14:20"). The shell reads the
//! clock and puts it in the messages; `update` never reads it, so it is a function of
//! the state and the message alone, and a test can say exactly when things happen.

use std::ops::Add;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};

/// One moment, on both clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// For measuring how long something took or has left.
    pub instant: Instant,
    /// The local time, for stamping and showing.
    pub wall: DateTime<FixedOffset>,
}

impl Now {
    /// The system's clocks now; only the shell and tests call this.
    pub fn system() -> Self {
        Self {
            instant: Instant::now(),
            wall: crate::journal::entry::now(),
        }
    }
}

/// A later moment: both clocks move on by the same time.
impl Add<Duration> for Now {
    type Output = Now;

    fn add(self, later: Duration) -> Now {
        Now {
            instant: self.instant + later,
            wall: TimeDelta::from_std(later)
                .ok()
                .and_then(|later| self.wall.checked_add_signed(later))
                .unwrap_or(self.wall),
        }
    }
}
