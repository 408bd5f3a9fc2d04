//! The figures of the progress view, for one area (or all) and one stretch of time,
//! computed together in one pass over the entries.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate};

use super::chart::{Sitting, sittings_of};
use super::due::week_start;
use super::standing;
use super::stats::{BeforeAfter, Streaks, measure_points, practice_day, streaks};
use crate::journal::{EntryId, Journal, Kind};
use crate::pack::Catalog;
use crate::pack::model::Measure;

/// Every rating of one measure, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The measure's id.
    pub measure: String,
    /// The measure as the app or a pack declares it (title, direction, range, cutoff,
    /// reliable change); none when no pack in the catalog does any more.
    pub declared: Option<Measure>,
    /// (day, value), oldest first: every rating.
    pub points: Vec<(NaiveDate, f64)>,
    /// Each entry's first rating and its last, oldest first: what the chart draws.
    pub sittings: Vec<Sitting>,
}

impl Series {
    /// The measure's title, or its id when nothing declares it.
    pub fn title(&self) -> &str {
        self.declared.as_ref().map_or(&self.measure, |m| &m.title)
    }

    /// The latest value against the measure's cutoff, in words, if it has one.
    pub fn against_cutoff(&self) -> Option<String> {
        let cutoff = self.declared.as_ref()?.cutoff.as_ref()?;
        let (_, latest) = self.points.last()?;
        Some(standing::against_cutoff(cutoff, *latest))
    }

    /// The change from the first value to the latest against the measure's reliable
    /// change, in words, if it has one and there are two values to compare.
    pub fn against_reliable_change(&self) -> Option<String> {
        let reliable = self.declared.as_ref()?.reliable_change?;
        match self.points.as_slice() {
            [(_, first), .., (_, latest)] => {
                Some(standing::against_reliable_change(*first, *latest, reliable))
            }
            _ => None,
        }
    }
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

/// The progress figures of entries in `area` (all areas if `None`) created from
/// `since` through `until` (either open if `None`), as of `today`: one pass over the journal. `catalog`
/// says what each measure is (the built-in ones and those packs declare).
pub fn progress(
    journal: &Journal,
    catalog: &Catalog,
    today: NaiveDate,
    area: Option<&str>,
    (since, until): (Option<NaiveDate>, Option<NaiveDate>),
) -> Progress {
    let month_ago = today.checked_sub_months(Months::new(1));
    // A handful of measures: a short list, sorted at the end.
    // What each measure declares is looked up at the end.
    let mut series: Vec<Series> = Vec::new();
    // Few areas, many entries: a short list is faster than hashing every entry's area.
    let mut per_area: Vec<(&str, usize)> = Vec::new();
    let mut changes: BTreeMap<(&str, &str), (f64, usize)> = BTreeMap::new();
    let mut all_days = BTreeSet::new();
    let (mut on_this_day, mut a_month_ago) = (Vec::new(), Vec::new());
    let first_week = week_start(today)
        .checked_sub_days(Days::new(7 * (WEEKS_OF_COUNTS - 1)))
        .unwrap_or(today);
    let mut weeks: Vec<(NaiveDate, Vec<(&str, usize)>)> = (0..WEEKS_OF_COUNTS)
        .filter_map(|w| first_week.checked_add_days(Days::new(7 * w)))
        .map(|monday| (monday, Vec::new()))
        .collect();
    for entry in journal.entries() {
        let day = entry.created.date_naive();
        all_days.extend(practice_day(entry));
        if day < today && day.day() == today.day() && day.month() == today.month() {
            on_this_day.push(entry.id.clone());
        }
        if Some(day) == month_ago {
            a_month_ago.push(entry.id.clone());
        }
        let within = area.is_none_or(|a| entry.area.as_deref() == Some(a))
            && since.is_none_or(|s| day >= s)
            && until.is_none_or(|u| day <= u);
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
        for (measure, value) in measure_points(entry) {
            match series.iter_mut().find(|s| s.measure == measure) {
                Some(series) => series.points.push((day, value)),
                None => series.push(Series {
                    measure: measure.to_owned(),
                    declared: None,
                    points: vec![(day, value)],
                    sittings: Vec::new(),
                }),
            }
        }
        for (measure, sitting) in sittings_of(entry, day) {
            if let Some(series) = series.iter_mut().find(|s| s.measure == measure) {
                series.sittings.push(sitting);
            }
            if let (Kind::Exercise, Some(title), Some(last)) =
                (entry.kind, entry.title.as_deref(), sitting.last)
            {
                let change = changes.entry((title, measure)).or_default();
                change.0 += last - sitting.first;
                change.1 += 1;
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
            average_change: sum / count as f64,
        })
        .collect();
    series.sort_by(|a, b| a.measure.cmp(&b.measure));
    for one in &mut series {
        one.declared = catalog.measure(&one.measure).cloned();
    }
    let days = all_days
        .iter()
        .filter(|d| since.is_none_or(|s| **d >= s) && until.is_none_or(|u| **d <= u))
        .copied()
        .collect();
    Progress {
        series,
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
    use crate::journal::{Answer, AnswerValue, Entry};

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
        let catalog = Catalog::builtin().unwrap();
        let all = progress(&journal, &catalog, today, None, (None, None));
        assert_eq!(
            all.before_after,
            super::super::stats::before_after(journal.entries())
        );
        assert_eq!(all.series[0].points.len(), 6);
        // Each entry a sitting: its first rating before, its last after.
        let sittings: Vec<(f64, Option<f64>)> = all.series[0]
            .sittings
            .iter()
            .map(|s| (s.first, s.last))
            .collect();
        assert_eq!(
            sittings,
            [(8.0, Some(3.0)), (6.0, Some(5.0)), (4.0, Some(4.0))]
        );
        assert_eq!(
            all.per_area,
            vec![("triggers".to_owned(), 2), ("patterns".to_owned(), 1)]
        );
        assert_eq!(all.streaks, streaks(&practice_days(&journal), today));
        let triggers = progress(&journal, &catalog, today, Some("triggers"), (None, None));
        assert_eq!(triggers.before_after[0].average_change, -3.0);
        assert_eq!(triggers.series[0].points.len(), 4);
    }
}
