//! Progress on a therapist's assignment: for each item, how often its exercise was
//! done inside the assignment's window, this week or in all. Home shows it, and the
//! report (later) lists the same days, so both count the same way.

use chrono::{Days, NaiveDate};

use super::due::week_start;
use super::stats::practice_day;
use crate::journal::rounds::RoundNumbers;
use crate::journal::{Entry, Journal, Kind};
use crate::pack::assignment::{ExerciseKey, resolve};
use crate::pack::model::{Assignment, AssignmentItem, Per};
use crate::pack::rounds::{Round, RoundExercise};
use crate::pack::{Catalog, Pack};

/// How far one item of an assignment has come.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemProgress<'p> {
    /// The item as the pack states it.
    pub item: &'p AssignmentItem,
    /// The exercise's title, or the item's reference when the exercise is gone.
    pub title: String,
    /// The exercise, if it is there to be done.
    pub key: Option<ExerciseKey>,
    /// Times done in the period the target is for: this week, or the whole window.
    pub done: u32,
    /// Every day the exercise was done inside the assignment's window and up to
    /// today, oldest first, once per time.
    pub days: Vec<NaiveDate>,
}

impl ItemProgress<'_> {
    /// Whether the target is met.
    pub fn is_met(&self) -> bool {
        self.done >= self.item.times
    }

    /// One line, e.g. "Rewrite a complaint as a gentle start-up: 2 of 3 this week".
    pub fn line(&self) -> String {
        let period = match self.item.per {
            Per::Week => " this week",
            Per::Total => "",
        };
        let met = if self.is_met() { " (done)" } else { "" };
        format!(
            "{}: {} of {}{period}{met}",
            self.title, self.done, self.item.times
        )
    }
}

/// One installed pack's assignment with the progress of each item.
#[derive(Debug, Clone, PartialEq)]
pub struct Homework<'p> {
    /// The assignment.
    pub assignment: &'p Assignment,
    /// Progress of each item, in the assignment's order.
    pub items: Vec<ItemProgress<'p>>,
}

impl Homework<'_> {
    /// The heading, e.g. "Homework from Sam, due Sun 6 Dec (passed)", as of `today`;
    /// "…, round 2, …" when it is the homework's `round`-th round and not its first.
    pub fn heading(&self, today: NaiveDate, round: Option<usize>) -> String {
        let mut heading = format!("Homework from {}", self.assignment.from);
        if let Some(round) = round.filter(|&round| round > 1) {
            heading.push_str(&format!(", round {round}"));
        }
        if let Some(due) = self.assignment.due {
            heading.push_str(&format!(", due {}", day_name(due)));
            if due < today {
                heading.push_str(" (passed)");
            }
        }
        heading
    }

    /// What a note of the therapist's is headed with: "A note from Sam".
    pub fn note_from(&self) -> String {
        format!("A note from {}", self.assignment.from)
    }

    /// Whether every item is done as often as asked.
    pub fn is_done(&self) -> bool {
        self.items.iter().all(ItemProgress::is_met)
    }

    /// One line that names no exercise and no one, for `between due`, which may print
    /// where others see the screen: "2 exercises of your homework to do by Sun 13 Dec,
    /// 1 of them this week", or "… were due by Sun 6 Dec" once that day has passed.
    /// For homework not yet done ([`Homework::is_done`]).
    pub fn discreet_line(&self, today: NaiveDate) -> String {
        let left: Vec<&ItemProgress<'_>> =
            self.items.iter().filter(|item| !item.is_met()).collect();
        let exercises = format!(
            "{} of your homework",
            crate::words::count(left.len(), "exercise", "exercises")
        );
        let weekly = left
            .iter()
            .filter(|item| item.item.per == Per::Week)
            .count();
        match self.assignment.due {
            Some(due) if due < today => {
                let were = if left.len() == 1 { "was" } else { "were" };
                format!("{exercises} {were} due by {}", day_name(due))
            }
            due => {
                let by = due.map(day_name);
                match (weekly, by) {
                    (0, None) => format!("{exercises} to do"),
                    (0, Some(by)) => format!("{exercises} to do by {by}"),
                    (w, None) if w == left.len() => format!("{exercises} to do this week"),
                    (w, Some(by)) if w == left.len() => {
                        format!("{exercises} to do this week, due by {by}")
                    }
                    (w, None) => format!("{exercises} to do, {w} of them this week"),
                    (w, Some(by)) => format!("{exercises} to do by {by}, {w} of them this week"),
                }
            }
        }
    }
}

/// A day as homework names it: "Sun 13 Dec".
fn day_name(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// Who set homework, for whom, and its days, in one line: "Homework from Sam for
/// Alex, set Mon 23 Nov 2026, due Sun 6 Dec 2026". `pack show` and the report use it.
pub fn describe(
    from: &str,
    for_whom: Option<&str>,
    assigned: Option<NaiveDate>,
    due: Option<NaiveDate>,
) -> String {
    let mut line = format!("Homework from {from}");
    if let Some(whom) = for_whom {
        line.push_str(&format!(" for {whom}"));
    }
    for (word, day) in [("set", assigned), ("due", due)] {
        if let Some(day) = day {
            line.push_str(&format!(", {word} {}", day.format("%a %-d %b %Y")));
        }
    }
    line
}

/// Whether `day` counts for the assignment as of `today`: from the day it was set to
/// the day it is due, each when given, and not after today (a clock set wrong).
pub fn in_window(assignment: &Assignment, today: NaiveDate, day: NaiveDate) -> bool {
    day <= today
        && assignment.assigned.is_none_or(|from| day >= from)
        && assignment.due.is_none_or(|due| day <= due)
}

/// Whether `entry` came from the exercise `key` (an exercise done, or a plan made
/// from it).
pub fn is_of(entry: &Entry, key: &ExerciseKey) -> bool {
    entry
        .exercise
        .as_ref()
        .is_some_and(|source| *source.pack == *key.pack && *source.exercise == *key.exercise)
}

/// The exercise entries of `key` among `entries` that count for `assignment` as of
/// `today`, oldest first.
pub fn times_done<'j>(
    entries: impl Iterator<Item = &'j Entry>,
    assignment: &Assignment,
    key: &ExerciseKey,
    today: NaiveDate,
) -> Vec<&'j Entry> {
    let mut done: Vec<&Entry> = entries
        .filter(|entry| entry.kind == Kind::Exercise && is_of(entry, key))
        .filter(|entry| practice_day(entry).is_some_and(|day| in_window(assignment, today, day)))
        .collect();
    done.sort_by_key(|entry| entry.created);
    done
}

/// The progress of `pack`'s assignment as of `today`, if it has one: entries after
/// `today` (a clock set wrong) do not count. The weekly count is for the week of
/// `today`, or of the due day once that has passed.
pub fn homework<'p>(
    pack: &'p Pack,
    catalog: &Catalog,
    journal: &Journal,
    today: NaiveDate,
) -> Option<Homework<'p>> {
    let assignment = pack.assignment.as_ref()?;
    let round = Round::of(pack, catalog)?;
    Some(progress(
        assignment,
        &round.exercises,
        catalog,
        journal,
        today,
    ))
}

/// The progress of a kept round of homework as of `today`, counted in its own window
/// as [`homework`] counts the installed one; its exercises as they were when it was
/// kept (an item's `key` is only there if `catalog` still has the exercise).
pub fn round_homework<'r>(
    round: &'r Round,
    catalog: &Catalog,
    journal: &Journal,
    today: NaiveDate,
) -> Homework<'r> {
    progress(&round.assignment, &round.exercises, catalog, journal, today)
}

fn progress<'p>(
    assignment: &'p Assignment,
    exercises: &[RoundExercise],
    catalog: &Catalog,
    journal: &Journal,
    today: NaiveDate,
) -> Homework<'p> {
    let counted_day = assignment.due.map_or(today, |due| due.min(today));
    let monday = week_start(counted_day);
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    let items = assignment
        .items
        .iter()
        .zip(exercises)
        .map(|(item, exercise)| {
            let key = exercise.key.clone();
            let days: Vec<NaiveDate> = key
                .as_ref()
                .map(|key| times_done(journal.entries(), assignment, key, today))
                .unwrap_or_default()
                .into_iter()
                .filter_map(practice_day)
                .collect();
            let done = match item.per {
                Per::Week => days
                    .iter()
                    .filter(|d| (monday..=sunday).contains(*d))
                    .count(),
                Per::Total => days.len(),
            };
            let key = key.filter(|key| {
                catalog.pack(&key.pack).is_some_and(|loaded| {
                    loaded.pack.exercises.iter().any(|e| e.id == key.exercise)
                })
            });
            ItemProgress {
                item,
                title: exercise.title.clone(),
                key,
                done: u32::try_from(done).unwrap_or(u32::MAX),
                days,
            }
        })
        .collect();
    Homework { assignment, items }
}

/// The installed assignment that exercise `exercise` of `pack` counts for today, if
/// any: its entries then go into that homework's report unless the user leaves them out.
pub fn assigned<'c>(
    catalog: &'c Catalog,
    pack: &str,
    exercise: &str,
    today: NaiveDate,
) -> Option<&'c Assignment> {
    catalog.packs().iter().find_map(|loaded| {
        let assignment = loaded.pack.assignment.as_ref()?;
        let counts = in_window(assignment, today, today)
            && assignment.items.iter().any(|item| {
                resolve(&loaded.pack, &item.exercise)
                    .is_some_and(|key| key.pack == pack && key.exercise == exercise)
            });
        counts.then_some(assignment)
    })
}

/// An installed pack's homework: the pack's id and its assignment's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct PackHomework<'c> {
    /// The id of the pack that holds the assignment.
    pub pack: &'c str,
    /// Its progress.
    pub homework: Homework<'c>,
}

impl PackHomework<'_> {
    /// The heading home and linear mode show, as of `today`, with the round `rounds`
    /// says the pack's homework is in: "Homework from Sam, round 2, due Sun 13 Dec".
    pub fn heading(&self, today: NaiveDate, rounds: &RoundNumbers) -> String {
        let round = rounds.get(self.pack).map(|standing| standing.number);
        self.homework.heading(today, round)
    }
}

/// Every installed pack's assignment with its progress, in the catalog's order.
pub fn all_homework<'c>(
    catalog: &'c Catalog,
    journal: &Journal,
    today: NaiveDate,
) -> Vec<PackHomework<'c>> {
    catalog
        .packs()
        .iter()
        .filter_map(|loaded| {
            let homework = homework(&loaded.pack, catalog, journal, today)?;
            Some(PackHomework {
                pack: &loaded.pack.id,
                homework,
            })
        })
        .collect()
}

/// The note the therapist wrote on the item of today's homework that exercise
/// `exercise` of `pack` is, if it has one (e.g. "Any three days.").
pub fn item_note<'c>(
    catalog: &'c Catalog,
    pack: &str,
    exercise: &str,
    today: NaiveDate,
) -> Option<&'c str> {
    catalog
        .packs()
        .iter()
        .find_map(|loaded| {
            let assignment = loaded.pack.assignment.as_ref()?;
            if !in_window(assignment, today, today) {
                return None;
            }
            // The first assignment that has the exercise, as [`assigned`] finds it, so the
            // note is from whoever the runner says set it.
            let item = assignment.items.iter().find(|item| {
                resolve(&loaded.pack, &item.exercise)
                    .is_some_and(|key| key.pack == pack && key.exercise == exercise)
            })?;
            Some(item.note.as_deref())
        })
        .flatten()
}
