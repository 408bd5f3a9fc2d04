//! The figures of the progress view, for one area (or all) and one stretch of time,
//! computed together in one pass over the entries.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate};

use super::due::week_start;
use super::stats::{BeforeAfter, Streaks, practice_day, streaks};
use crate::journal::{AnswerValue, EntryId, Journal, Kind};
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
    /// Entries written on this day in earlier months and years, newest first.
    pub on_this_day: Vec<EntryId>,
    /// Entries written on the same day a month ago.
    pub a_month_ago: Vec<EntryId>,
    /// Entries per area in each of the last four weeks (Monday first), in the area and
    /// time chosen.
    pub weeks: Vec<(NaiveDate, Vec<(String, usize)>)>,
}

/// How many weeks of counts per area the view shows.
pub const WEEKS_OF_COUNTS: u64 = 4;

/// Adds one to `name`'s count (a short list: there are few areas).
fn count<'a>(counts: &mut Vec<(&'a str, usize)>, name: &'a str) {
    match counts.iter_mut().find(|(a, _)| *a == name) {
        Some((_, n)) => *n += 1,
        None => counts.push((name, 1)),
    }
}

/// The progress figures of entries in `area` (all areas if `None`) created on or after
/// `since` (all time if `None`), as of `today`: one pass over the journal.
pub fn progress(
    journal: &Journal,
    today: NaiveDate,
    area: Option<&str>,
    since: Option<NaiveDate>,
) -> Progress {
    let month_ago = today.checked_sub_months(Months::new(1));
    // A handful of measures: a short list, sorted at the end.
    let mut series: Vec<(&str, Vec<(NaiveDate, i64)>)> = Vec::new();
    // Few areas, many entries: a short list is faster than hashing every entry's area.
    let mut per_area: Vec<(&str, usize)> = Vec::new();
    let mut changes: BTreeMap<(&str, &str), (i64, usize)> = BTreeMap::new();
    let mut all_days = BTreeSet::new();
    let (mut on_this_day, mut a_month_ago) = (Vec::new(), Vec::new());
    let first_week = week_start(today)
        .checked_sub_days(Days::new(7 * (WEEKS_OF_COUNTS - 1)))
        .unwrap_or(today);
    let mut weeks: Vec<(NaiveDate, Vec<(&str, usize)>)> = (0..WEEKS_OF_COUNTS)
        .filter_map(|w| first_week.checked_add_days(Days::new(7 * w)))
        .map(|monday| (monday, Vec::new()))
        .collect();
    // Per entry: each measure's first and last rating and how many; reused.
    let mut first_last: Vec<(&str, i64, i64, usize)> = Vec::new();
    for entry in journal.entries() {
        let day = entry.created.date_naive();
        all_days.extend(practice_day(entry));
        if day < today && day.day() == today.day() && day.month() == today.month() {
            on_this_day.push(entry.id.clone());
        }
        if Some(day) == month_ago {
            a_month_ago.push(entry.id.clone());
        }
        let within =
            area.is_none_or(|a| entry.area.as_deref() == Some(a)) && since.is_none_or(|s| day >= s);
        if !within {
            continue;
        }
        let name = entry.area.as_deref().unwrap_or("none");
        count(&mut per_area, name);
        if day >= first_week
            && let Some((_, areas)) = weeks.iter_mut().rev().find(|(monday, _)| *monday <= day)
        {
            count(areas, name);
        }
        first_last.clear();
        for answer in &entry.answers {
            if let AnswerValue::Scale {
                value,
                measure: Some(measure),
                ..
            } = &answer.value
            {
                match series.iter_mut().find(|(m, _)| *m == measure.as_str()) {
                    Some((_, points)) => points.push((day, *value)),
                    None => series.push((measure.as_str(), vec![(day, *value)])),
                }
                match first_last.iter_mut().find(|m| m.0 == measure.as_str()) {
                    Some(m) => {
                        m.2 = *value;
                        m.3 += 1;
                    }
                    None => first_last.push((measure.as_str(), *value, *value, 1)),
                }
            }
        }
        if let (Kind::Exercise, Some(title)) = (entry.kind, entry.title.as_deref()) {
            for &(measure, first, last, count) in &first_last {
                if count >= 2 {
                    let change = changes.entry((title, measure)).or_default();
                    change.0 += last - first;
                    change.1 += 1;
                }
            }
        }
    }
    let mut per_area: Vec<(String, usize)> = per_area
        .into_iter()
        .map(|(a, n)| (a.to_owned(), n))
        .collect();
    per_area.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let before_after: Vec<BeforeAfter> = changes
        .into_iter()
        .map(|((exercise, measure), (sum, count))| BeforeAfter {
            exercise: exercise.to_owned(),
            measure: measure.to_owned(),
            entries: count,
            average_change: sum as f64 / count as f64,
        })
        .collect();
    series.sort_by(|a, b| a.0.cmp(b.0));
    let days = all_days
        .iter()
        .filter(|d| since.is_none_or(|s| **d >= s))
        .copied()
        .collect();
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
        before_after,
        streaks: streaks(&all_days, today),
        on_this_day: on_this_day.into_iter().rev().collect(),
        a_month_ago: a_month_ago.into_iter().rev().collect(),
        weeks: weeks
            .into_iter()
            .map(|(monday, areas)| {
                let areas = areas.into_iter().map(|(a, n)| (a.to_owned(), n)).collect();
                (monday, areas)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::stats::practice_days;
    use super::*;
    use crate::journal::record::Record;
    use crate::journal::{Answer, Entry};

    #[test]
    fn one_pass_agrees_with_the_separate_figures() {
        let mut journal = Journal::default();
        for (i, (before, after)) in [(8, 3), (6, 5), (4, 4)].into_iter().enumerate() {
            let mut entry = Entry::new(Kind::Exercise);
            entry.title = Some("Thought record".into());
            entry.area = Some(if i == 2 { "patterns" } else { "triggers" }.into());
            for (step, value) in [("before", before), ("after", after)] {
                entry.answers.push(Answer {
                    step: step.into(),
                    prompt: "How strong?".into(),
                    value: AnswerValue::Scale {
                        value,
                        min: 0,
                        max: 10,
                        min_label: "none".into(),
                        max_label: "most".into(),
                        measure: Some("intensity".into()),
                    },
                });
            }
            journal.apply(Record::put(entry));
        }
        let today = crate::journal::entry::now().date_naive();
        let all = progress(&journal, today, None, None);
        assert_eq!(
            all.before_after,
            super::super::stats::before_after(journal.entries())
        );
        assert_eq!(all.series[0].points.len(), 6);
        assert_eq!(
            all.per_area,
            vec![("triggers".to_owned(), 2), ("patterns".to_owned(), 1)]
        );
        assert_eq!(all.streaks, streaks(&practice_days(&journal), today));
        let triggers = progress(&journal, today, Some("triggers"), None);
        assert_eq!(triggers.before_after[0].average_change, -3.0);
        assert_eq!(triggers.series[0].points.len(), 4);
    }
}
