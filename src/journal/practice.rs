//! The structured part of practice entries (plans, tries, reviews, sessions): the
//! numbers and dates the app computes with. Their words (what I will try, what
//! happened, what worked) are ordinary answers, so they are searched, edited and
//! exported like every other text.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often a plan means to be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "per")]
pub enum Frequency {
    /// `times` tries in each week (Monday to Sunday, in the local time zone).
    Week {
        /// Tries per week.
        times: u32,
    },
    /// `times` tries in all, by `by`.
    Total {
        /// Tries in all.
        times: u32,
        /// The last day to reach them.
        by: NaiveDate,
    },
}

impl Frequency {
    /// How often, in words: "once a week", "2 times a week", "3 times by Nov 9".
    pub fn words(self) -> String {
        match self {
            Frequency::Week { times: 1 } => "once a week".to_owned(),
            Frequency::Week { times } => format!("{times} times a week"),
            Frequency::Total { times: 1, by } => format!("once by {}", by.format(DAY_SHORT)),
            Frequency::Total { times, by } => format!("{times} times by {}", by.format(DAY_SHORT)),
        }
    }
}

/// A day as a reader anywhere reads it right: "Sun Nov 9 2025" (no "9/11").
pub const DAY: &str = "%a %b %-d %Y";
/// A month, as a heading: "November 2025".
pub const MONTH: &str = "%B %Y";
/// A day within the year, as plainly: "Nov 9".
pub const DAY_SHORT: &str = "%b %-d";
/// A day with its year but not its weekday: "Nov 9 2025".
pub const DAY_YEAR: &str = "%b %-d %Y";

/// What a review decided about its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Go on as it is.
    Keep,
    /// Go on with a changed plan, which continues the chain.
    Adjust,
    /// Stop trying it.
    Drop,
}

impl Decision {
    /// The word shown to the user.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::Adjust => "adjust",
            Decision::Drop => "drop",
        }
    }

    /// What became of the plan, as a reader looking back says it.
    pub fn past(self) -> &'static str {
        match self {
            Decision::Keep => "kept",
            Decision::Adjust => "adjusted",
            Decision::Drop => "dropped",
        }
    }
}

/// The structured data of a practice entry, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "type")]
pub enum PracticeData {
    /// A strategy to try.
    Plan {
        /// How often.
        frequency: Frequency,
        /// When to review it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<NaiveDate>,
    },
    /// One real attempt at a plan (the entry links to the plan).
    Try {
        /// When it happened (the entry may be written later).
        at: DateTime<FixedOffset>,
        /// How it went, 1 (badly) to 5 (well).
        rating: u8,
    },
    /// A review of a plan (the entry links to the plan).
    Review {
        /// Keep, adjust or drop.
        decision: Decision,
        /// When a kept plan is to be looked back on again (an adjusted plan has its own
        /// `review_on`; a dropped one is not looked back on).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_review_on: Option<NaiveDate>,
    },
    /// A therapy session.
    Session {
        /// The day of the session.
        on: NaiveDate,
        /// The entries flagged to discuss that the session talked about (their flag
        /// taken off when it was recorded), so the session's history keeps what was
        /// brought to it. Older journals have none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        discussed: Vec<super::EntryId>,
    },
}

/// The lowest rating of a try.
pub const RATING_MIN: u8 = 1;
/// The highest rating of a try.
pub const RATING_MAX: u8 = 5;
