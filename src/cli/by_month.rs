//! `between stats --by month`: entries per month, in all and by area, tag and kind,
//! as a table that fits 80 columns (twelve months to a block) or as JSON.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::write_json;
use crate::Error;
use crate::journal::Journal;
use crate::journal::query::Filter;
use crate::practice::by_month::{ByMonth, Row, by_month, months_ending};

/// How many months one block of the table holds: 12 columns of 5 beside a 20-column
/// name fit 80 columns.
const MONTHS_PER_BLOCK: usize = 12;
const NAME_WIDTH: usize = 20;

/// The stretch of days the table covers: the filter's, the end defaulting to the end
/// of this month and the start to twelve months before the end.
pub fn stretch(filter: &Filter, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let last = filter.until.unwrap_or_else(|| months_ending(today).1);
    let first = filter.since.unwrap_or_else(|| months_ending(last).0);
    (first, last)
}

#[derive(Serialize)]
struct Json<'c> {
    first: NaiveDate,
    last: NaiveDate,
    /// The months, as YYYY-MM.
    months: Vec<String>,
    total: &'c [usize],
    areas: Vec<JsonRow<'c>>,
    tags: Vec<JsonRow<'c>>,
    kinds: Vec<JsonRow<'c>>,
}

#[derive(Serialize)]
struct JsonRow<'c> {
    name: &'c str,
    counts: &'c [usize],
}

fn json_rows(rows: &[Row]) -> Vec<JsonRow<'_>> {
    rows.iter()
        .map(|r| JsonRow {
            name: &r.name,
            counts: &r.counts,
        })
        .collect()
}

/// Prints the entries `filter` passes per month, from `first` through `last`.
pub fn print(
    journal: &Journal,
    filter: &Filter,
    (first, last): (NaiveDate, NaiveDate),
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if first > last {
        return Err(Error::Usage(format!(
            "`--since` ({}) is after `--until` ({}): there are no months between",
            first.format(crate::journal::practice::DAY),
            last.format(crate::journal::practice::DAY)
        )));
    }
    let counts = by_month(journal.entries().filter(|e| filter.matches(e)), first, last);
    if json {
        return write_json(
            out,
            &Json {
                first,
                last,
                months: counts
                    .months
                    .iter()
                    .filter_map(|m| m.first())
                    .map(|d| d.format("%Y-%m").to_string())
                    .collect(),
                total: &counts.total,
                areas: json_rows(&counts.areas),
                tags: json_rows(&counts.tags),
                kinds: json_rows(&counts.kinds),
            },
        );
    }
    writeln!(
        out,
        "Entries per month, {} to {} (private entries counted)",
        first.format(crate::journal::practice::DAY),
        last.format(crate::journal::practice::DAY)
    )?;
    for text in table(&counts) {
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// `name` cut to the name column, with "…" when it was longer.
fn fitted(name: &str, indent: &str) -> String {
    let room = NAME_WIDTH - 1 - indent.chars().count();
    let name = if name.chars().count() > room {
        let cut: String = name.chars().take(room - 1).collect();
        format!("{cut}…")
    } else {
        name.to_owned()
    };
    format!(
        "{indent}{name:<width$}",
        width = NAME_WIDTH - indent.chars().count()
    )
}

/// The table's lines: for each block of twelve months, a line of years, a line of
/// months, the total, then each area, tag and kind under its heading.
pub fn table(counts: &ByMonth) -> Vec<String> {
    let mut lines = Vec::new();
    let groups: [(&str, &[Row]); 3] = [
        ("by area", &counts.areas),
        ("by tag", &counts.tags),
        ("by kind", &counts.kinds),
    ];
    for (block, months) in counts.months.chunks(MONTHS_PER_BLOCK).enumerate() {
        let from = block * MONTHS_PER_BLOCK;
        let span = from..from + months.len();
        let cells = |counts: &[usize]| -> String {
            counts[span.clone()]
                .iter()
                .map(|n| format!("{n:>5}"))
                .collect()
        };
        let (mut years, mut names) = (" ".repeat(NAME_WIDTH), " ".repeat(NAME_WIDTH));
        for (i, month) in months.iter().enumerate() {
            let first = month.first();
            let starts_year = i == 0 || first.is_some_and(|d| d.month() == 1);
            let year = match (starts_year, first) {
                (true, Some(d)) => d.format("%Y").to_string(),
                _ => String::new(),
            };
            years.push_str(&format!("{year:>5}"));
            let name = first.map_or_else(String::new, |d| d.format("%b").to_string());
            names.push_str(&format!("{name:>5}"));
        }
        if block > 0 {
            lines.push(String::new());
        }
        lines.push(years.trim_end().to_owned());
        lines.push(names);
        lines.push(format!(
            "{}{}",
            fitted("all entries", ""),
            cells(&counts.total)
        ));
        for (heading, rows) in groups {
            if rows.is_empty() {
                continue;
            }
            lines.push(heading.to_owned());
            for row in rows {
                lines.push(format!("{}{}", fitted(&row.name, "  "), cells(&row.counts)));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::period::Period;

    #[test]
    fn long_names_are_cut_to_keep_eighty_columns() {
        let counts = ByMonth {
            months: (1..=12).map(|m| Period::Month(2025, m)).collect(),
            total: vec![1000; 12],
            areas: vec![Row {
                name: "a-very-long-area-name-indeed".into(),
                counts: vec![7; 12],
            }],
            tags: Vec::new(),
            kinds: Vec::new(),
        };
        let lines = table(&counts);
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("  a-very-long-area… ")));
        assert!(lines[0].ends_with(" 2025"));
        assert!(lines[1].ends_with("  Dec"));
    }
}
