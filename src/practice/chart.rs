//! The measure chart as a model, the one picture of how a measure moved that the
//! progress screen draws in the terminal and the reports draw as SVG, so they agree:
//! the days across the whole chosen stretch with their ticks (days, weeks or months),
//! the measure's fixed range up the side, each sitting's rating before the exercise
//! (and, when asked, after it), averaged per day, week or month when there are more
//! than the width can tell apart (never by dropping the oldest), and the cutoff.
//! A pure function over sittings, which `sittings_of` reads from an entry's measure
//! values (`stats::measure_points`).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::due::week_start;
use super::stats::measure_points;
use crate::journal::Entry;
use crate::journal::practice::DAY_SHORT;
use crate::pack::model::Cutoff;

/// One sitting's ratings of a measure: the first is how it stood before the exercise,
/// the last (when it rated it again) how it stood after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sitting {
    /// The day.
    pub date: NaiveDate,
    /// The first rating.
    pub first: f64,
    /// The last rating, when it was rated more than once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<f64>,
}

/// Each measure `entry` rates, with its sitting on `date`, in the order first rated.
pub fn sittings_of(entry: &Entry, date: NaiveDate) -> Vec<(&str, Sitting)> {
    let mut here: Vec<(&str, Sitting)> = Vec::new();
    for (measure, value) in measure_points(entry) {
        match here.iter_mut().find(|(m, _)| *m == measure) {
            Some((_, sitting)) => sitting.last = Some(value),
            None => here.push((
                measure,
                Sitting {
                    date,
                    first: value,
                    last: None,
                },
            )),
        }
    }
    here
}

/// What the person asked the chart to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Choices {
    /// The ratings after each exercise too, not only those before.
    pub after: bool,
    /// Each month's mean, whatever the width.
    pub monthly: bool,
}

/// What one mark of the chart stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One sitting.
    Sitting,
    /// The mean of a day's sittings.
    Day,
    /// The mean of a week's (Monday to Sunday).
    Week,
    /// The mean of a month's.
    Month,
}

impl Bucket {
    /// What a mark is, in words for a legend: "each sitting", "weekly means".
    pub fn said(self) -> &'static str {
        match self {
            Bucket::Sitting => "each sitting",
            Bucket::Day => "daily means",
            Bucket::Week => "weekly means",
            Bucket::Month => "monthly means",
        }
    }

    /// The first day of the bucket `day` falls in.
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Sitting | Bucket::Day => day,
            Bucket::Week => week_start(day),
            Bucket::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The day after the bucket that begins on `start`.
    fn end(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Bucket::Sitting | Bucket::Day => start.checked_add_days(Days::new(1)),
            Bucket::Week => start.checked_add_days(Days::new(7)),
            Bucket::Month => start.checked_add_months(Months::new(1)),
        };
        next.unwrap_or(start)
    }
}

/// One mark: a sitting, or the mean of a day's, week's or month's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// The first day it stands for.
    pub day: NaiveDate,
    /// Where it goes across, in days from the chart's first day: the middle of the
    /// part of its day, week or month that is on the chart.
    pub x: f64,
    /// The rating before (the mean of the sittings' first ratings).
    pub before: f64,
    /// The rating after (the mean of the last ratings of the sittings that have
    /// one), when the chart shows them and there is one.
    pub after: Option<f64>,
    /// How many sittings it stands for.
    pub sittings: usize,
}

/// A label along the bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Where, in days from the chart's first day.
    pub x: f64,
    /// "Jan", "Nov 3", "Mon 3".
    pub label: String,
    /// Which of a run of ticks it is (a month's number from 0 for January), so that
    /// keeping every second or third keeps the same ones at any width.
    rank: u32,
}

/// Which ticks the chart puts along the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickKind {
    /// Each day, by its weekday and its day of the month.
    Days,
    /// Each Monday, by its date.
    Weeks,
    /// Each month's first day, by the month.
    Months,
}

/// The chart of one measure over a stretch of days.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The first day across.
    pub from: NaiveDate,
    /// The last day across.
    pub to: NaiveDate,
    /// How many days across (from `from` to the end of `to`): the x axis is 0..days.
    pub days: f64,
    /// The bottom of the measure's range.
    pub low: f64,
    /// The top of the measure's range.
    pub high: f64,
    /// What each mark stands for.
    pub bucket: Bucket,
    /// The marks, oldest first.
    pub marks: Vec<Mark>,
    /// Whether the ratings after exercises are drawn.
    pub after: bool,
    /// The ticks along the bottom.
    pub ticks: Vec<Tick>,
    /// The kind of those ticks.
    pub tick_kind: TickKind,
    /// The measure's cutoff, drawn across.
    pub cutoff: Option<Cutoff>,
}

/// The chart of `sittings` from `from` to `to` (sittings outside are left out), with
/// the measure's `scale` up the side (or the lowest and highest rating when nothing
/// declares one) and its `cutoff`, in at most `slots` marks: each sitting when they
/// fit, else the mean of each day, week or month, the first of these that fits
/// (months when nothing does, or when `choices` ask for them).
pub fn chart(
    sittings: &[Sitting],
    scale: Option<(i64, i64)>,
    cutoff: Option<Cutoff>,
    (from, to): (NaiveDate, NaiveDate),
    slots: usize,
    choices: Choices,
) -> Chart {
    let (from, to) = (from.min(to), from.max(to));
    let shown: Vec<&Sitting> = sittings
        .iter()
        .filter(|s| (from..=to).contains(&s.date))
        .collect();
    let days = ((to - from).num_days() + 1) as f64;
    let bucket = if choices.monthly {
        Bucket::Month
    } else {
        [Bucket::Sitting, Bucket::Day, Bucket::Week]
            .into_iter()
            .find(|b| marks(&shown, *b, from, to, false).len() <= slots)
            .unwrap_or(Bucket::Month)
    };
    let (low, high) = match scale {
        // A kept round or a received report is not checked as a pack is: a range
        // the wrong way round is drawn the right way.
        Some((a, b)) => (a.min(b) as f64, a.max(b) as f64),
        None => shown.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| {
            let values = std::iter::once(s.first).chain(s.last);
            values.fold((lo, hi), |(lo, hi), v| (lo.min(v), hi.max(v)))
        }),
    };
    // A flat series of one value still needs a span to be drawn in.
    let (low, high) = if high > low {
        (low, high)
    } else if low <= high {
        (low - 1.0, low + 1.0)
    } else {
        (0.0, 1.0)
    };
    let (ticks, tick_kind) = ticks(from, to);
    Chart {
        from,
        to,
        days,
        low,
        high,
        bucket,
        marks: marks(&shown, bucket, from, to, choices.after),
        after: choices.after,
        ticks,
        tick_kind,
        cutoff,
    }
}

/// `sittings` (oldest first) as marks, one for each `bucket` that has any.
fn marks(
    sittings: &[&Sitting],
    bucket: Bucket,
    from: NaiveDate,
    to: NaiveDate,
    after: bool,
) -> Vec<Mark> {
    let at = |day: NaiveDate| (day - from).num_days() as f64;
    let mut marks: Vec<Mark> = Vec::new();
    // Per mark: the sum of the after ratings and how many.
    let mut afters: Vec<(f64, usize)> = Vec::new();
    for sitting in sittings {
        let start = bucket.start(sitting.date);
        let same = bucket != Bucket::Sitting && marks.last().is_some_and(|m| m.day == start);
        if !same {
            // The middle of the part of the bucket on the chart.
            let first = start.max(from);
            let last = bucket.end(start).min(to.succ_opt().unwrap_or(to));
            marks.push(Mark {
                day: start,
                x: (at(first) + at(last)) / 2.0,
                before: 0.0,
                after: None,
                sittings: 0,
            });
            afters.push((0.0, 0));
        }
        let (Some(mark), Some(after)) = (marks.last_mut(), afters.last_mut()) else {
            continue;
        };
        mark.before += sitting.first;
        mark.sittings += 1;
        if let Some(last) = sitting.last {
            after.0 += last;
            after.1 += 1;
        }
    }
    for (mark, (sum, count)) in marks.iter_mut().zip(afters) {
        mark.before /= mark.sittings as f64;
        mark.after = (after && count > 0).then(|| sum / count as f64);
    }
    marks
}

/// The ticks from `from` to `to`: each day over a fortnight or less, each Monday over
/// three months or less, else each month's first day.
fn ticks(from: NaiveDate, to: NaiveDate) -> (Vec<Tick>, TickKind) {
    let span = (to - from).num_days() + 1;
    let at = |day: NaiveDate| (day - from).num_days() as f64;
    let (kind, first, step): (TickKind, NaiveDate, fn(NaiveDate) -> Option<NaiveDate>) =
        if span <= 14 {
            (TickKind::Days, from, |d| d.succ_opt())
        } else if span <= 92 {
            let monday = week_start(from);
            let first = if monday < from {
                monday.checked_add_days(Days::new(7)).unwrap_or(from)
            } else {
                monday
            };
            (TickKind::Weeks, first, |d| d.checked_add_days(Days::new(7)))
        } else {
            let first_of = from.with_day(1).unwrap_or(from);
            let first = if first_of < from {
                first_of.checked_add_months(Months::new(1)).unwrap_or(from)
            } else {
                first_of
            };
            (TickKind::Months, first, |d| {
                d.checked_add_months(Months::new(1))
            })
        };
    let mut ticks = Vec::new();
    let mut day = Some(first);
    let mut index = 0;
    while let Some(d) = day.filter(|d| *d <= to) {
        let (label, rank) = match kind {
            TickKind::Days => (d.format("%a %-d").to_string(), index),
            TickKind::Weeks => (d.format(DAY_SHORT).to_string(), index),
            TickKind::Months => (d.format("%b").to_string(), d.month0()),
        };
        ticks.push(Tick {
            x: at(d),
            label,
            rank,
        });
        index += 1;
        day = step(d);
    }
    (ticks, kind)
}

impl Chart {
    /// The ticks that fit `room` columns (or units) when a label takes `each` (its
    /// width and a gap): all of them, else every second, third, fourth, sixth or
    /// twelfth, the same ones at any width (for months: January, April, July and
    /// October by threes).
    pub fn ticks_fitting(&self, room: f64, each: f64) -> Vec<&Tick> {
        let mut kept = Vec::new();
        for step in [1, 2, 3, 4, 6, 12] {
            kept = self
                .ticks
                .iter()
                .filter(|t| t.rank % step == 0)
                .collect::<Vec<_>>();
            if kept.len() as f64 * each <= room {
                break;
            }
        }
        kept
    }

    /// The values up the side, evenly spaced from `low` to `high`, at most `most`
    /// (and at least the two ends): whole steps when the range allows.
    pub fn y_ticks(&self, most: usize) -> Vec<f64> {
        let span = self.high - self.low;
        let count = (2..=most.max(2))
            .rev()
            .find(|n| {
                let step = span / (*n - 1) as f64;
                step.fract() == 0.0
            })
            .unwrap_or(2);
        (0..count)
            .map(|i| self.low + span * i as f64 / (count - 1) as f64)
            .collect()
    }

    /// Where `value` stands up the chart, clamped to the measure's range.
    pub fn clamped(&self, value: f64) -> f64 {
        value.clamp(self.low, self.high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn sitting(date: &str, first: f64, last: Option<f64>) -> Sitting {
        Sitting {
            date: day(date),
            first,
            last,
        }
    }

    /// A sitting on every day of 2025, rated `first` before and one less after.
    fn a_year() -> Vec<Sitting> {
        let mut sittings = Vec::new();
        let mut date = day("2025-01-01");
        while date.year() == 2025 {
            let first = f64::from(date.month());
            sittings.push(Sitting {
                date,
                first,
                last: Some(first - 1.0),
            });
            date = date.succ_opt().unwrap();
        }
        sittings
    }

    const YEAR: (&str, &str) = ("2025-01-01", "2025-12-31");

    fn year_chart(slots: usize, choices: Choices) -> Chart {
        chart(
            &a_year(),
            Some((0, 12)),
            None,
            (day(YEAR.0), day(YEAR.1)),
            slots,
            choices,
        )
    }

    #[test]
    fn points_that_fit_are_each_a_sitting_at_its_day() {
        let sittings = [
            sitting("2025-03-03", 8.0, Some(5.0)),
            sitting("2025-03-03", 6.0, None),
            sitting("2025-03-10", 4.0, None),
        ];
        let chart = chart(
            &sittings,
            Some((0, 10)),
            None,
            (day("2025-03-01"), day("2025-03-31")),
            40,
            Choices::default(),
        );
        assert_eq!(chart.bucket, Bucket::Sitting);
        let marks: Vec<(f64, f64, usize)> = chart
            .marks
            .iter()
            .map(|m| (m.x, m.before, m.sittings))
            .collect();
        assert_eq!(marks, vec![(2.5, 8.0, 1), (2.5, 6.0, 1), (9.5, 4.0, 1)]);
        assert!(chart.marks.iter().all(|m| m.after.is_none()), "before only");
        assert_eq!((chart.low, chart.high, chart.days), (0.0, 10.0, 31.0));
    }

    #[test]
    fn too_many_points_are_averaged_and_the_oldest_kept() {
        // 365 sittings in 60 columns: weekly means, the first week's still there.
        let chart = year_chart(60, Choices::default());
        assert_eq!(chart.bucket, Bucket::Week);
        assert!(chart.marks.len() <= 60, "{}", chart.marks.len());
        let first = chart.marks[0];
        // 2025 began on a Wednesday: its first week is Mon Dec 30 … Sun Jan 5, of
        // which the chart holds Jan 1 … 5, rated 1.
        assert_eq!(first.day, day("2024-12-30"));
        assert_eq!((first.x, first.before, first.sittings), (2.5, 1.0, 5));
        let last = chart.marks.last().unwrap();
        assert_eq!(last.before, 12.0);
        let counted: usize = chart.marks.iter().map(|m| m.sittings).sum();
        assert_eq!(counted, 365, "every sitting is in a mark");
        // With room for each day, each sitting is its own mark.
        assert_eq!(year_chart(400, Choices::default()).bucket, Bucket::Sitting);
        // With room for neither days nor weeks: months.
        assert_eq!(year_chart(20, Choices::default()).bucket, Bucket::Month);
    }

    #[test]
    fn a_day_with_several_sittings_is_their_mean_when_they_do_not_fit() {
        let sittings = [
            sitting("2025-03-03", 8.0, None),
            sitting("2025-03-03", 6.0, None),
            sitting("2025-03-04", 3.0, None),
        ];
        let chart = chart(
            &sittings,
            Some((0, 10)),
            None,
            (day("2025-03-01"), day("2025-03-31")),
            2,
            Choices::default(),
        );
        assert_eq!(chart.bucket, Bucket::Day);
        let means: Vec<f64> = chart.marks.iter().map(|m| m.before).collect();
        assert_eq!(means, vec![7.0, 3.0]);
    }

    #[test]
    fn a_year_has_a_tick_at_each_months_first_day() {
        let chart = year_chart(60, Choices::default());
        assert_eq!(chart.tick_kind, TickKind::Months);
        let labels: Vec<&str> = chart.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
            ]
        );
        assert_eq!(chart.ticks[1].x, 31.0, "Feb 1 is 31 days in");
        // Where four letters each do not fit twelve, every second month, then quarters.
        let fitting = |room| -> Vec<String> {
            let ticks = chart.ticks_fitting(room, 4.0);
            ticks.iter().map(|t| t.label.clone()).collect()
        };
        assert_eq!(fitting(48.0).len(), 12);
        assert_eq!(fitting(30.0), ["Jan", "Mar", "May", "Jul", "Sep", "Nov"]);
        assert_eq!(fitting(20.0), ["Jan", "Apr", "Jul", "Oct"]);
    }

    #[test]
    fn a_year_that_starts_mid_month_ticks_from_the_next_month() {
        let chart = chart(
            &[],
            Some((0, 10)),
            None,
            (day("2025-12-01"), day("2026-12-01")),
            60,
            Choices::default(),
        );
        let labels: Vec<&str> = chart.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"Dec"));
        assert_eq!(labels.len(), 13, "{labels:?}");
        let chart = super::chart(
            &[],
            None,
            None,
            (day("2025-11-20"), day("2026-11-19")),
            60,
            Choices::default(),
        );
        assert_eq!(chart.ticks[0].label, "Dec");
        assert_eq!(chart.ticks[0].x, 11.0);
    }

    #[test]
    fn a_week_has_its_days_and_a_quarter_its_mondays() {
        let week = chart(
            &[],
            Some((0, 10)),
            None,
            (day("2025-11-03"), day("2025-11-09")),
            60,
            Choices::default(),
        );
        let labels: Vec<&str> = week.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Mon 3", "Tue 4", "Wed 5", "Thu 6", "Fri 7", "Sat 8", "Sun 9"
            ]
        );
        let weeks = chart(
            &[],
            Some((0, 10)),
            None,
            (day("2025-11-01"), day("2025-11-28")),
            60,
            Choices::default(),
        );
        let labels: Vec<&str> = weeks.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Nov 3", "Nov 10", "Nov 17", "Nov 24"]);
    }

    #[test]
    fn after_ratings_are_a_second_series_only_when_asked() {
        let before_only = year_chart(400, Choices::default());
        assert!(before_only.marks.iter().all(|m| m.after.is_none()));
        let both = year_chart(
            400,
            Choices {
                after: true,
                monthly: false,
            },
        );
        assert!(both.after);
        assert!(both.marks.iter().all(|m| m.after == Some(m.before - 1.0)));
        // A sitting rated once has no after rating, and a mean counts only those that do.
        let sittings = [
            sitting("2025-03-03", 8.0, Some(4.0)),
            sitting("2025-03-03", 6.0, None),
        ];
        let chart = chart(
            &sittings,
            Some((0, 10)),
            None,
            (day("2025-03-01"), day("2025-03-31")),
            1,
            Choices {
                after: true,
                monthly: false,
            },
        );
        assert_eq!(
            (chart.marks[0].before, chart.marks[0].after),
            (7.0, Some(4.0))
        );
    }

    #[test]
    fn monthly_means_on_request_whatever_the_width() {
        let chart = year_chart(
            400,
            Choices {
                after: false,
                monthly: true,
            },
        );
        assert_eq!(chart.bucket, Bucket::Month);
        let means: Vec<f64> = chart.marks.iter().map(|m| m.before).collect();
        let expected: Vec<f64> = (1..=12).map(f64::from).collect();
        assert_eq!(means, expected);
        assert_eq!(chart.marks[0].sittings, 31);
        // January's mark sits in the middle of January.
        assert_eq!(chart.marks[0].x, 15.5);
    }

    #[test]
    fn the_y_range_is_the_measures_scale_with_whole_steps() {
        let chart = year_chart(60, Choices::default());
        assert_eq!((chart.low, chart.high), (0.0, 12.0));
        assert_eq!(chart.y_ticks(5), [0.0, 3.0, 6.0, 9.0, 12.0]);
        assert_eq!(chart.y_ticks(3), [0.0, 6.0, 12.0]);
        assert_eq!(chart.y_ticks(1), [0.0, 12.0]);
        // Without a declared scale, the ratings' own range; one value gets a span.
        let flat = chart_of_one(None);
        assert_eq!((flat.low, flat.high), (4.0, 6.0));
        let backwards = chart_of_one(Some((5, 1)));
        assert_eq!((backwards.low, backwards.high), (1.0, 5.0));
    }

    fn chart_of_one(scale: Option<(i64, i64)>) -> Chart {
        chart(
            &[sitting("2025-03-03", 5.0, None)],
            scale,
            None,
            (day("2025-03-01"), day("2025-03-31")),
            10,
            Choices::default(),
        )
    }
}
