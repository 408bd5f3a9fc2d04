//! Page one of a report: the round's weeks, each measure within sittings and across
//! the round, and the entries flagged to discuss. Built from the entries the report
//! already holds, so nothing private or left out can reach it.

use chrono::{Days, NaiveDate};

use super::{MeasureSummary, Sitting, Week, Within};
use crate::journal::Entry;
use crate::pack::Catalog;
use crate::pack::builtin;
use crate::pack::model::Measure;
use crate::pack::rounds::Round;
use crate::practice::chart::sittings_of;
use crate::practice::due::week_start;
use crate::practice::stats::practice_day;

/// The calendar weeks from `from` to `to`, Monday to Sunday, the first and last cut to
/// those days; none when `to` is before `from`.
pub fn weeks(from: NaiveDate, to: NaiveDate) -> Vec<Week> {
    let mut weeks = Vec::new();
    let mut start = from;
    while start <= to {
        let sunday = week_start(start)
            .checked_add_days(Days::new(6))
            .unwrap_or(to);
        let end = sunday.min(to);
        weeks.push(Week {
            from: start,
            to: end,
        });
        match end.checked_add_days(Days::new(1)) {
            Some(next) => start = next,
            None => break,
        }
    }
    weeks
}

/// Which of `weeks` holds `day`.
pub fn week_of(weeks: &[Week], day: NaiveDate) -> Option<usize> {
    weeks.iter().position(|w| (w.from..=w.to).contains(&day))
}

/// The measure `id` as the round kept it, else as an installed pack or the built-in
/// list declares it; none for a measure nothing declares any more.
fn definition(round: &Round, catalog: &Catalog, id: &str) -> Option<Measure> {
    round
        .measures
        .iter()
        .chain(catalog.packs().iter().flat_map(|l| &l.pack.measures))
        .chain(builtin::MEASURES.iter())
        .find(|m| m.id == id)
        .cloned()
}

/// Each measure rated in `sittings` (exercise entries, oldest first), in the order
/// first rated.
pub fn measures(
    sittings: &[&Entry],
    weeks: &[Week],
    round: &Round,
    catalog: &Catalog,
) -> Vec<MeasureSummary> {
    let mut found: Vec<(String, Vec<Sitting>)> = Vec::new();
    for entry in sittings {
        let Some(date) = practice_day(entry) else {
            continue;
        };
        for (measure, sitting) in sittings_of(entry, date) {
            match found.iter_mut().find(|(m, _)| m == measure) {
                Some((_, list)) => list.push(sitting),
                None => found.push((measure.to_owned(), vec![sitting])),
            }
        }
    }
    found
        .into_iter()
        .map(|(id, sittings)| {
            let declared = definition(round, catalog, &id);
            summarise(id, declared, sittings, weeks)
        })
        .collect()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / count as f64)
}

fn summarise(
    id: String,
    declared: Option<Measure>,
    sittings: Vec<Sitting>,
    weeks: &[Week],
) -> MeasureSummary {
    let twice: Vec<(f64, f64)> = sittings
        .iter()
        .filter_map(|s| s.last.map(|last| (s.first, last)))
        .collect();
    let within = (!twice.is_empty()).then(|| Within {
        sittings: twice.len(),
        before: mean(twice.iter().map(|t| t.0)).unwrap_or_default(),
        after: mean(twice.iter().map(|t| t.1)).unwrap_or_default(),
    });
    let per_week = (0..weeks.len())
        .map(|week| {
            mean(
                sittings
                    .iter()
                    .filter(|s| week_of(weeks, s.date) == Some(week))
                    .map(|s| s.first),
            )
        })
        .collect();
    let (title, min, max, higher_is_better, cutoff, reliable_change) = match declared {
        Some(m) => (
            m.title,
            m.min,
            m.max,
            m.higher_is_better,
            m.cutoff,
            m.reliable_change,
        ),
        None => {
            let (min, max) = sittings.iter().fold((i64::MAX, i64::MIN), |(lo, hi), s| {
                let v = s.first as i64;
                (lo.min(v), hi.max(v))
            });
            (id.clone(), min, max, true, None, None)
        }
    };
    MeasureSummary {
        id,
        title,
        min,
        max,
        higher_is_better,
        cutoff,
        reliable_change,
        sittings,
        within,
        per_week,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_cut_to_the_round() {
        // Wed 18 Nov 2026 to Tue 1 Dec 2026.
        let weeks = weeks(day("2026-11-18"), day("2026-12-01"));
        let spans: Vec<(NaiveDate, NaiveDate)> = weeks.iter().map(|w| (w.from, w.to)).collect();
        assert_eq!(
            spans,
            [
                (day("2026-11-18"), day("2026-11-22")),
                (day("2026-11-23"), day("2026-11-29")),
                (day("2026-11-30"), day("2026-12-01")),
            ]
        );
        assert_eq!(week_of(&weeks, day("2026-11-29")), Some(1));
        assert_eq!(week_of(&weeks, day("2026-11-17")), None);
        assert!(super::weeks(day("2026-11-18"), day("2026-11-17")).is_empty());
    }
}
