//! Entries counted per calendar month, in all and by area, tag and kind: how often
//! something came up, month by month ("chores: Apr 18 · Oct 2"). One pure function for
//! `stats --by month`, the progress screen's "By month" and a look back on a year.

use chrono::{Datelike, NaiveDate};

use crate::journal::Entry;
use crate::journal::period::{Period, Unit};

/// One line of the table: a name and its count in each month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The area, tag or kind.
    pub name: String,
    /// Entries in each month of [`ByMonth::months`], in the same order.
    pub counts: Vec<usize>,
}

impl Row {
    /// Entries in every month together.
    pub fn sum(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// Entries per month over a stretch of months, every month present (with 0 when
/// nothing was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByMonth {
    /// The months, oldest first.
    pub months: Vec<Period>,
    /// Every entry.
    pub total: Vec<usize>,
    /// Per area (entries without one are in the total only), most first.
    pub areas: Vec<Row>,
    /// Per tag, most first.
    pub tags: Vec<Row>,
    /// Per kind, most first.
    pub kinds: Vec<Row>,
}

/// How many months are counted when no period is chosen: a year, ending with the
/// month of the day given.
pub const MONTHS_BY_DEFAULT: i32 = 12;

/// The days of the [`MONTHS_BY_DEFAULT`] months that end with `day`'s month.
pub fn months_ending(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let month = Period::containing(day, Unit::Month);
    let first = month.step(1 - MONTHS_BY_DEFAULT).first().unwrap_or(day);
    (first, month.last().unwrap_or(day))
}

/// A month's place counted from year 0.
fn month_index(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Adds one in `month` to `name`'s row, making the row if it is new.
fn add(rows: &mut Vec<Row>, name: &str, month: usize, months: usize) {
    let at = match rows.iter().position(|r| r.name == name) {
        Some(at) => at,
        None => {
            rows.push(Row {
                name: name.to_owned(),
                counts: vec![0; months],
            });
            rows.len() - 1
        }
    };
    rows[at].counts[month] += 1;
}

/// Most entries first, then by name.
fn sorted(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by(|a, b| b.sum().cmp(&a.sum()).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// Counts `entries` created from `first` through `last` (their own local day) in the
/// months these days fall in; entries outside are left out. Private entries are
/// counted: the counts are the user's own.
pub fn by_month<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
    first: NaiveDate,
    last: NaiveDate,
) -> ByMonth {
    let start = month_index(first);
    let span = (month_index(last) - start + 1).max(0) as usize;
    let months: Vec<Period> = (0..span)
        .map(|i| Period::containing(first, Unit::Month).step(i as i32))
        .collect();
    let mut total = vec![0; span];
    let (mut areas, mut tags, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
    for entry in entries {
        let day = entry.created.date_naive();
        if day < first || day > last {
            continue;
        }
        let month = (month_index(day) - start) as usize;
        total[month] += 1;
        if let Some(area) = &entry.area {
            add(&mut areas, area.as_str(), month, span);
        }
        for tag in &entry.tags {
            add(&mut tags, tag.as_str(), month, span);
        }
        add(&mut kinds, entry.kind.name(), month, span);
    }
    ByMonth {
        months,
        total,
        areas: sorted(areas),
        tags: sorted(tags),
        kinds: sorted(kinds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Kind;

    fn entry(on: &str, kind: Kind, area: Option<&str>, tags: &[&str]) -> Entry {
        let mut entry = Entry::new(kind);
        entry.created =
            chrono::DateTime::parse_from_rfc3339(&format!("{on}T12:00:00+00:00")).unwrap();
        entry.area = area.map(Into::into);
        entry.tags = tags.iter().map(|t| (*t).into()).collect();
        entry
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_month_is_counted_and_empty_ones_are_zero() {
        let mut private = entry("2025-04-20", Kind::Note, None, &["chores"]);
        private.private = true;
        let entries = [
            entry("2025-03-31", Kind::Note, None, &["chores"]),
            entry("2025-04-01", Kind::Note, Some("conflict"), &["chores"]),
            entry(
                "2025-04-30",
                Kind::Exercise,
                Some("conflict"),
                &["chores", "money"],
            ),
            private,
            entry("2025-06-01", Kind::Try, Some("repair"), &[]),
            // Outside the stretch: left out.
            entry("2025-02-28", Kind::Note, None, &["chores"]),
            entry("2025-07-01", Kind::Note, None, &["chores"]),
        ];
        let counts = by_month(&entries, day("2025-03-01"), day("2025-06-30"));
        assert_eq!(
            counts.months,
            [3, 4, 5, 6].map(|m| Period::Month(2025, m)).to_vec()
        );
        assert_eq!(counts.total, vec![1, 3, 0, 1]);
        let row = |rows: &[Row], name: &str| {
            rows.iter()
                .find(|r| r.name == name)
                .map(|r| r.counts.clone())
        };
        assert_eq!(row(&counts.tags, "chores"), Some(vec![1, 3, 0, 0]));
        assert_eq!(row(&counts.tags, "money"), Some(vec![0, 1, 0, 0]));
        assert_eq!(row(&counts.areas, "conflict"), Some(vec![0, 2, 0, 0]));
        assert_eq!(row(&counts.kinds, "note"), Some(vec![1, 2, 0, 0]));
        assert_eq!(row(&counts.kinds, "try"), Some(vec![0, 0, 0, 1]));
        // Most first.
        assert_eq!(counts.tags[0].name, "chores");
    }

    #[test]
    fn by_default_a_year_of_months_ends_with_this_one() {
        assert_eq!(
            months_ending(day("2026-11-23")),
            (day("2025-12-01"), day("2026-11-30"))
        );
        assert_eq!(
            months_ending(day("2024-02-10")),
            (day("2023-03-01"), day("2024-02-29"))
        );
    }

    #[test]
    fn a_stretch_across_new_year_runs_december_to_january() {
        let entries = [entry("2025-01-05", Kind::Note, None, &[])];
        let counts = by_month(&entries, day("2024-11-15"), day("2025-01-31"));
        assert_eq!(
            counts.months,
            vec![
                Period::Month(2024, 11),
                Period::Month(2024, 12),
                Period::Month(2025, 1)
            ]
        );
        assert_eq!(counts.total, vec![0, 0, 1]);
    }
}
