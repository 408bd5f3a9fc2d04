//! Progress figures: measures over time, activity, streaks, before/after changes,
//! "on this day", and when the partner was last invited.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::chains::chains;
use crate::journal::practice::PracticeData;
use crate::journal::{AnswerValue, Entry, Journal, Kind};

/// How one measure moved over some entries.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct MeasureMove {
    /// The measure's id.
    pub measure: String,
    /// The first rating.
    pub first: i64,
    /// The last rating.
    pub last: i64,
    /// How many ratings.
    pub count: usize,
}

/// Every rating of a measure that `entry` records, in the order of its answers: the
/// one place that says which answers count as a measure's values, so the report, the
/// progress view and the statistics agree. A scale with a measure gives its value; a
/// questionnaire gives the score of each dimension that records a measure (a
/// validated instrument's total, say), in the questionnaire's order.
pub fn measure_points(entry: &Entry) -> impl Iterator<Item = (&str, f64)> {
    entry.answers.iter().flat_map(|answer| {
        let (scale, dimensions) = match &answer.value {
            AnswerValue::Scale {
                value,
                measure: Some(measure),
                ..
            } => (Some((measure.as_str(), *value as f64)), &[][..]),
            AnswerValue::Questionnaire { scores, .. } => (None, scores.dimensions.as_slice()),
            _ => (None, &[][..]),
        };
        let scored = dimensions
            .iter()
            .filter_map(|d| Some((d.measure.as_deref()?, d.score)));
        scale.into_iter().chain(scored)
    })
}

/// How each measure moved from its first to its last rating in `entries`.
pub fn measure_moves<'e>(entries: impl Iterator<Item = &'e Entry>) -> Vec<MeasureMove> {
    let mut moves: std::collections::HashMap<&'e str, MeasureMove> =
        std::collections::HashMap::new();
    for entry in entries {
        for answer in &entry.answers {
            if let AnswerValue::Scale {
                value,
                measure: Some(measure),
                ..
            } = &answer.value
            {
                moves
                    .entry(measure.as_str())
                    .and_modify(|m| {
                        m.last = *value;
                        m.count += 1;
                    })
                    .or_insert_with(|| MeasureMove {
                        measure: measure.to_string(),
                        first: *value,
                        last: *value,
                        count: 1,
                    });
            }
        }
    }
    let mut moves: Vec<MeasureMove> = moves.into_values().collect();
    moves.sort_by(|a, b| a.measure.cmp(&b.measure));
    moves
}

/// The change within one exercise entry that rates a measure twice (before and after).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeforeAfter {
    /// The exercise's title.
    pub exercise: String,
    /// The measure.
    pub measure: String,
    /// How many entries rated it twice.
    pub entries: usize,
    /// The mean of (after − before).
    pub average_change: f64,
}

/// For each exercise and measure rated twice in one of `entries`, the mean change.
pub fn before_after<'e>(entries: impl Iterator<Item = &'e Entry>) -> Vec<BeforeAfter> {
    let mut changes: std::collections::HashMap<(&str, &str), Vec<f64>> =
        std::collections::HashMap::new();
    for entry in entries.filter(|e| e.kind == Kind::Exercise) {
        let mut by_measure: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for (measure, value) in measure_points(entry) {
            by_measure.entry(measure).or_default().push(value);
        }
        for (measure, values) in by_measure {
            if let ([first, .., last], Some(title)) = (values.as_slice(), entry.title.as_deref()) {
                changes
                    .entry((title, measure))
                    .or_default()
                    .push(last - first);
            }
        }
    }
    let mut changes: Vec<_> = changes.into_iter().collect();
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    changes
        .into_iter()
        .map(|((exercise, measure), deltas)| BeforeAfter {
            exercise: exercise.to_owned(),
            measure: measure.to_owned(),
            entries: deltas.len(),
            average_change: deltas.iter().sum::<f64>() / deltas.len() as f64,
        })
        .collect()
}

/// The day of practice an entry stands for: the day an exercise was done, or the day a
/// try happened (in its own time zone); none for other entries.
pub fn practice_day(entry: &Entry) -> Option<NaiveDate> {
    match (&entry.kind, &entry.practice) {
        (Kind::Try, Some(PracticeData::Try { at, .. })) => Some(at.date_naive()),
        (Kind::Exercise | Kind::Try, _) => Some(entry.created.date_naive()),
        _ => None,
    }
}

/// Days with practice (an exercise done or a plan tried), each once.
pub fn practice_days(journal: &Journal) -> BTreeSet<NaiveDate> {
    journal.entries().filter_map(practice_day).collect()
}

/// Runs of consecutive practice days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Streaks {
    /// Days in a row up to today (or yesterday, if today has no practice yet).
    pub current: u32,
    /// The longest run ever.
    pub longest: u32,
}

/// The streaks of `days` as of `today`.
pub fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> Streaks {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for day in days {
        run = match previous {
            Some(p) if p.checked_add_days(Days::new(1)) == Some(*day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let mut current = 0;
    let mut day = if days.contains(&today) {
        Some(today)
    } else {
        today.pred_opt()
    };
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    Streaks { current, longest }
}

/// Entries from this day of the month in earlier months and years ("on this day"),
/// and from the same day one month ago, newest first.
pub fn on_this_day(journal: &Journal, today: NaiveDate) -> (Vec<&Entry>, Vec<&Entry>) {
    let earlier = journal
        .entries()
        .rev()
        .filter(|e| {
            let day = e.created.date_naive();
            day < today && day.day() == today.day() && day.month() == today.month()
        })
        .collect();
    let month_ago = today.checked_sub_months(Months::new(1));
    let last_month = journal
        .entries()
        .rev()
        .filter(|e| Some(e.created.date_naive()) == month_ago)
        .collect();
    (earlier, last_month)
}

/// The day of the last invitation: the latest try of a plan in the inviting-partner area.
pub fn last_invitation(journal: &Journal) -> Option<NaiveDate> {
    chains(journal)
        .iter()
        .filter(|c| {
            c.plans
                .iter()
                .any(|p| p.area.as_deref() == Some("inviting-partner"))
        })
        .flat_map(|c| c.tries.iter())
        .map(|t| match &t.practice {
            Some(PracticeData::Try { at, .. }) => at.date_naive(),
            _ => t.created.date_naive(),
        })
        .max()
}

/// Entries per area per week (Monday), for the activity view.
pub fn weekly_by_area(journal: &Journal) -> BTreeMap<NaiveDate, BTreeMap<&str, usize>> {
    let mut weeks: BTreeMap<NaiveDate, BTreeMap<&str, usize>> = BTreeMap::new();
    for entry in journal.entries() {
        let week = super::due::week_start(entry.created.date_naive());
        let area = entry.area.as_deref().unwrap_or("none");
        *weeks.entry(week).or_default().entry(area).or_default() += 1;
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn streaks_count_runs_and_allow_today_to_be_empty_yet() {
        let days: BTreeSet<NaiveDate> = [
            "2026-11-01",
            "2026-11-02",
            "2026-11-03",
            "2026-11-10",
            "2026-11-24",
            "2026-11-25",
        ]
        .into_iter()
        .map(day)
        .collect();
        assert_eq!(
            streaks(&days, day("2026-11-25")),
            Streaks {
                current: 2,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&days, day("2026-11-26")),
            Streaks {
                current: 2,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&days, day("2026-11-27")),
            Streaks {
                current: 0,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&BTreeSet::new(), day("2026-11-27")),
            Streaks {
                current: 0,
                longest: 0
            }
        );
    }

    #[test]
    fn measure_points_are_the_scales_and_the_questionnaire_dimensions_with_a_measure() {
        use crate::journal::Answer;
        use crate::journal::entry::RatedItem;
        use crate::pack::questionnaire::{DimensionScore, Scores};
        let dimension = |id: &str, score: f64, measure: Option<&str>| DimensionScore {
            id: id.into(),
            title: id.into(),
            score,
            measure: measure.map(Into::into),
            band: "b".into(),
            band_title: "B".into(),
            band_text: "Words".into(),
        };
        let mut entry = Entry::new(Kind::Exercise);
        for (step, value) in [
            (
                "before",
                AnswerValue::Scale {
                    value: 7,
                    min: 0,
                    max: 10,
                    min_label: "none".into(),
                    max_label: "most".into(),
                    measure: Some("intensity".into()),
                },
            ),
            (
                "check",
                AnswerValue::Questionnaire {
                    items: vec![RatedItem {
                        text: "I felt tense.".into(),
                        answer: 3,
                    }],
                    scores: Box::new(Scores {
                        dimensions: vec![
                            dimension("strain", 12.0, Some("weekly-strain")),
                            dimension("lean", 2.5, None),
                        ],
                        region: None,
                    }),
                },
            ),
        ] {
            entry.answers.push(Answer {
                step: step.into(),
                prompt: "?".into(),
                value,
            });
        }
        let points: Vec<(&str, f64)> = measure_points(&entry).collect();
        assert_eq!(points, vec![("intensity", 7.0), ("weekly-strain", 12.0)]);
    }

    #[test]
    fn before_after_averages_the_change_per_exercise_and_measure() {
        use crate::journal::Answer;
        use crate::journal::record::Record;
        let scale = |value: i64| AnswerValue::Scale {
            value,
            min: 0,
            max: 10,
            min_label: "none".into(),
            max_label: "most".into(),
            measure: Some("intensity".into()),
        };
        let mut journal = Journal::default();
        for (before, after) in [(8, 3), (6, 5)] {
            let mut entry = Entry::new(Kind::Exercise);
            entry.title = Some("Thought record".into());
            for (step, value) in [("before", before), ("after", after)] {
                entry.answers.push(Answer {
                    step: step.into(),
                    prompt: "How strong?".into(),
                    value: scale(value),
                });
            }
            journal.apply(Record::put(entry));
        }
        let changes = before_after(journal.entries());
        assert_eq!(
            changes,
            vec![BeforeAfter {
                exercise: "Thought record".into(),
                measure: "intensity".into(),
                entries: 2,
                average_change: -3.0, // ((3 - 8) + (5 - 6)) / 2
            }]
        );
    }
}
