//! Everything due as of a day, gathered once: the plans' tries and reviews ([`due`])
//! and each installed assignment's homework. `between due`, linear mode's "What is
//! due" and home's "To do" all read it, so they cannot disagree on what is due.

use chrono::NaiveDate;

use super::due::{Due, due};
use super::homework::{PackHomework, all_homework};
use crate::journal::Journal;
use crate::pack::Catalog;

/// What is due as of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct DueToday<'a> {
    /// The plans behind their target and the reviews whose day has come.
    pub plans: Vec<Due<'a>>,
    /// Every installed assignment with its progress, done or not, in the catalog's
    /// order (home shows what is done too).
    pub homework: Vec<PackHomework<'a>>,
}

impl DueToday<'_> {
    /// The homework with something left to do: not yet done as often as asked,
    /// whether its day is still to come or has passed.
    pub fn homework_left(&self) -> impl Iterator<Item = &PackHomework<'_>> {
        self.homework.iter().filter(|h| !h.homework.is_done())
    }

    /// Whether nothing at all is left to do.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty() && self.homework_left().next().is_none()
    }
}

/// What is due in `journal` and `catalog`'s assignments as of `today`.
pub fn due_today<'a>(catalog: &'a Catalog, journal: &'a Journal, today: NaiveDate) -> DueToday<'a> {
    DueToday {
        plans: due(journal, today),
        homework: all_homework(catalog, journal, today),
    }
}
