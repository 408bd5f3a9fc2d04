//! The figures of the progress view, for one area (or all) and one stretch of time,
//! computed together in one pass over the entries.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::stats::{BeforeAfter, Streaks, before_after, practice_days, streaks};
use crate::journal::{AnswerValue, Entry, Journal};
use crate::pack::builtin;

/// Every rating of one measure, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The measure's id.
    pub measure: String,
    /// Its title, if it is a built-in measure.
    pub title: Option<String>,
    /// Whether higher is the better direction, if known.
    pub higher_is_better: Option<bool>,
    /// (day, value), oldest first.
    pub points: Vec<(NaiveDate, i64)>,
}

/// What the progress view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Each measure rated in the stretch, by id.
    pub series: Vec<Series>,
    /// Days with practice in the stretch.
    pub days: BTreeSet<NaiveDate>,
    /// Entries per area in the stretch, most first.
    pub per_area: Vec<(String, usize)>,
    /// Before/after changes in the stretch.
    pub before_after: Vec<BeforeAfter>,
    /// Streaks over the whole journal.
    pub streaks: Streaks,
    /// Entries written on this day in earlier months and years.
    pub on_this_day: usize,
    /// Entries written on the same day a month ago.
    pub a_month_ago: usize,
}

/// The progress figures of entries in `area` (all areas if `None`) created on or after
/// `since` (all time if `None`), as of `today`.
pub fn progress(
    journal: &Journal,
    today: NaiveDate,
    area: Option<&str>,
    since: Option<NaiveDate>,
) -> Progress {
    let within = |e: &&Entry| {
        area.is_none_or(|a| e.area.as_deref() == Some(a))
            && since.is_none_or(|s| e.created.date_naive() >= s)
    };
    let mut series: BTreeMap<&str, Vec<(NaiveDate, i64)>> = BTreeMap::new();
    let mut per_area: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in journal.entries().filter(within) {
        *per_area
            .entry(entry.area.as_deref().unwrap_or("none"))
            .or_default() += 1;
        for answer in &entry.answers {
            if let AnswerValue::Scale {
                value,
                measure: Some(measure),
                ..
            } = &answer.value
            {
                series
                    .entry(measure.as_str())
                    .or_default()
                    .push((entry.created.date_naive(), *value));
            }
        }
    }
    let mut per_area: Vec<(String, usize)> = per_area
        .into_iter()
        .map(|(a, n)| (a.to_owned(), n))
        .collect();
    per_area.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let all_days = practice_days(journal);
    let days = all_days
        .iter()
        .filter(|d| since.is_none_or(|s| **d >= s))
        .copied()
        .collect();
    let (earlier, month_ago) = super::stats::on_this_day(journal, today);
    Progress {
        series: series
            .into_iter()
            .map(|(measure, points)| {
                let known = builtin::MEASURES.iter().find(|m| m.id == measure);
                Series {
                    measure: measure.to_owned(),
                    title: known.map(|m| m.title.clone()),
                    higher_is_better: known.map(|m| m.higher_is_better),
                    points,
                }
            })
            .collect(),
        days,
        per_area,
        before_after: before_after(journal.entries().filter(within)),
        streaks: streaks(&all_days, today),
        on_this_day: earlier.len(),
        a_month_ago: month_ago.len(),
    }
}
