//! Several reports side by side: a row per client and exercise, a column per report
//! (its client and round, and its dates), each cell what was done of what was asked,
//! and a row per measure with its change; padded by display width, and cut into
//! several tables of fewer columns when one would not fit the page.

use chrono::Datelike;
use textwrap::core::display_width;

use super::layout::{Line, Page, bold, plain, wrap};
use crate::pack::model::Per;
use crate::report::markdown::number;
use crate::report::{MeasureSummary, Report, ReportItem};

/// Between columns.
const GAP: &str = "  ";

/// What a cell shows in a report of the row's client without the row's exercise or
/// measure.
const NONE: &str = "–";

/// The table of `reports`, with a heading and a line saying how to read it.
pub fn side_by_side(page: &mut Page, reports: &[Report]) {
    page.heading(1, &format!("{} reports side by side", reports.len()));
    page.paragraph(&[plain(
        "Each exercise: times done/times asked (for a weekly one, its times a week × the \
         weeks). Each measure: within, the mean before→after in a sitting; wk, the mean \
         of each sitting's first rating, first week→last.",
    )]);
    page.lines(lay_out(&table(reports), page.width()));
}

/// A table before it is laid out: the header of each column, then the rows, by
/// client.
#[derive(Debug, PartialEq)]
struct Table {
    columns: Vec<Cell>,
    groups: Vec<Group>,
}

/// A cell's lines.
type Cell = Vec<String>;

/// One client's rows, under the client's name when the table has several clients
/// (else none).
#[derive(Debug, PartialEq)]
struct Group {
    client: Cell,
    rows: Vec<Row>,
}

/// A label and a cell per column, empty in other clients' columns.
#[derive(Debug, PartialEq)]
struct Row {
    label: Cell,
    cells: Vec<Cell>,
}

fn client(report: &Report) -> &str {
    report.for_whom.as_deref().unwrap_or("(no name)")
}

fn table(reports: &[Report]) -> Table {
    let packs = distinct(reports.iter().map(|r| r.pack.id.as_str()));
    let clients = distinct(reports.iter().map(client));
    let columns = reports
        .iter()
        .map(|report| {
            let mut header = vec![match report.round {
                Some(round) => format!("{} r{round}", client(report)),
                None => client(report).to_owned(),
            }];
            header.push(dates(report));
            if packs.len() > 1 {
                header.push(report.pack.id.clone());
            }
            header
        })
        .collect();
    let groups = clients
        .iter()
        .map(|name| {
            let theirs = |report: &Report| client(report) == *name;
            let mine: Vec<&Report> = reports.iter().filter(|r| theirs(r)).collect();
            let row = |label: Option<&String>, cell: &dyn Fn(&Report) -> Option<Cell>| Row {
                label: label.cloned().into_iter().collect(),
                cells: reports
                    .iter()
                    .map(|report| match theirs(report) {
                        true => cell(report).unwrap_or_else(|| vec![NONE.to_owned()]),
                        false => Vec::new(),
                    })
                    .collect(),
            };
            let mut rows = Vec::new();
            let items = mine.iter().flat_map(|r| &r.items);
            for exercise in distinct(items.map(|i| i.exercise.as_str())) {
                let title = mine
                    .iter()
                    .find_map(|r| item(r, exercise))
                    .map(|i| &i.title);
                rows.push(row(title, &|r| {
                    item(r, exercise).map(|i| vec![done_of_asked(r, i)])
                }));
            }
            let measures = mine.iter().flat_map(|r| &r.measures);
            for id in distinct(measures.map(|m| m.id.as_str())) {
                let title = mine.iter().find_map(|r| measure(r, id)).map(|m| &m.title);
                rows.push(row(title, &|r| measure(r, id).map(change)));
            }
            Group {
                client: (clients.len() > 1)
                    .then(|| (*name).to_owned())
                    .into_iter()
                    .collect(),
                rows,
            }
        })
        .collect();
    Table { columns, groups }
}

fn item<'a>(report: &'a Report, exercise: &str) -> Option<&'a ReportItem> {
    report.items.iter().find(|i| i.exercise == exercise)
}

fn measure<'a>(report: &'a Report, id: &str) -> Option<&'a MeasureSummary> {
    report.measures.iter().find(|m| m.id == id)
}

/// Each value once, in the order first seen.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// The days the report's round ran ("26 Oct–8 Nov", "9–22 Nov"): from the day it was
/// set to the day it was due, else its weeks', else the day it was written.
fn dates(report: &Report) -> String {
    let (from, to) = match (report.assigned, report.due) {
        (Some(from), Some(to)) => (from, to),
        _ => match (report.weeks.first(), report.weeks.last()) {
            (Some(first), Some(last)) => (first.from, last.to),
            _ => return format!("written {}", report.written.format("%-d %b")),
        },
    };
    if from == to {
        from.format("%-d %b").to_string()
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("{}–{}", from.format("%-d"), to.format("%-d %b"))
    } else {
        format!("{}–{}", from.format("%-d %b"), to.format("%-d %b"))
    }
}

/// "5/6": the times done (private and left-out ones counted in) of the times asked, a
/// weekly item's times for each of the report's weeks; the times done alone when a
/// report of an older version gives no weeks.
fn done_of_asked(report: &Report, item: &ReportItem) -> String {
    let weeks = report.weeks.len().max(item.per_week.len());
    match item.per {
        Per::Total => format!("{}/{}", item.done(), item.times),
        Per::Week if weeks == 0 => item.done().to_string(),
        Per::Week => format!("{}/{}", item.done(), item.times as usize * weeks),
    }
}

/// "2.5→4 within" and "wk1 1.5→wk2 3.5": a measure's change within sittings and over
/// the round, or its one rating.
fn change(measure: &MeasureSummary) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(within) = measure.within {
        lines.push(format!(
            "{}→{} within",
            number(within.before),
            number(within.after)
        ));
    }
    if let Some(((first_week, first), (last_week, last))) = measure.trend() {
        lines.push(format!(
            "wk{} {}→wk{} {}",
            first_week + 1,
            number(first),
            last_week + 1,
            number(last)
        ));
    } else if let [only] = measure.sittings.as_slice() {
        lines.push(format!("once: {}", number(only.first)));
    }
    if lines.is_empty() {
        lines.push(NONE.to_owned());
    }
    lines
}

/// The table as lines at most `width` wide: as many columns in each table as fit,
/// and in each only the rows with a cell in its columns.
fn lay_out(table: &Table, width: usize) -> Vec<Line> {
    let (fitted, label_width, widths) = fit(table, width);
    let mut out = Vec::new();
    let mut start = 0;
    while start < widths.len() {
        let mut end = start + 1;
        let mut used = label_width + GAP.len() + widths[start];
        while end < widths.len() && used + GAP.len() + widths[end] <= width {
            used += GAP.len() + widths[end];
            end += 1;
        }
        if start > 0 {
            out.push(Vec::new());
        }
        let part = start..end;
        let widths = &widths[part.clone()];
        let header = &fitted.columns[part.clone()];
        for i in 0..header.iter().map(Vec::len).max().unwrap_or(0) {
            out.push(vec![bold(row_line(&[], header, i, widths, label_width))]);
        }
        out.push(vec![plain("─".repeat(used))]);
        for group in &fitted.groups {
            let shown: Vec<&Row> = group
                .rows
                .iter()
                .filter(|row| row.cells[part.clone()].iter().any(|c| !c.is_empty()))
                .collect();
            if shown.is_empty() {
                continue;
            }
            out.extend(group.client.iter().map(|line| vec![bold(line)]));
            for row in shown {
                let cells = &row.cells[part.clone()];
                let height = cells.iter().map(Vec::len).chain([row.label.len()]).max();
                for i in 0..height.unwrap_or(1) {
                    let line = row_line(&row.label, cells, i, widths, label_width);
                    out.push(vec![plain(line)]);
                }
            }
        }
        start = end;
    }
    out
}

/// The table with its text wrapped to its columns, the labels' width and each
/// column's: the labels get at most a third of `width` (more when every column fits
/// beside them), a column as much as its widest line up to what is left.
fn fit(table: &Table, width: usize) -> (Table, usize, Vec<usize>) {
    let indent = if table.groups.iter().any(|g| !g.client.is_empty()) {
        2
    } else {
        0
    };
    let widest_label = table
        .groups
        .iter()
        .flat_map(|group| {
            let names = group.client.iter().map(|line| display_width(line));
            let labels = group.rows.iter().flat_map(|row| &row.label);
            names.chain(labels.map(|line| indent + display_width(line)))
        })
        .max()
        .unwrap_or(0);
    let mut label_width = widest_label.min((width / 3).max(indent + 8));
    let room = width.saturating_sub(label_width + GAP.len()).max(4);
    let cell = |lines: &Cell| -> Cell { lines.iter().flat_map(|l| wrapped(l, room, 0)).collect() };
    let columns: Vec<Cell> = table.columns.iter().map(cell).collect();
    let groups: Vec<Vec<Vec<Cell>>> = table
        .groups
        .iter()
        .map(|group| {
            group
                .rows
                .iter()
                .map(|row| row.cells.iter().map(cell).collect())
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            let cells = groups.iter().flatten().map(|cells| &cells[i]);
            std::iter::once(&columns[i])
                .chain(cells)
                .flatten()
                .map(|line| display_width(line))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let columns_width: usize = widths.iter().map(|w| GAP.len() + w).sum();
    if label_width + columns_width <= width {
        label_width = widest_label.min(width - columns_width);
    }
    let label = |lines: &Cell, indent: usize| -> Cell {
        lines
            .iter()
            .flat_map(|l| wrapped(l, label_width, indent))
            .collect()
    };
    let groups = table
        .groups
        .iter()
        .zip(groups)
        .map(|(group, cells)| Group {
            client: label(&group.client, 0),
            rows: group
                .rows
                .iter()
                .zip(cells)
                .map(|(row, cells)| Row {
                    label: label(&row.label, indent),
                    cells,
                })
                .collect(),
        })
        .collect();
    (Table { columns, groups }, label_width, widths)
}

/// A line of text wrapped to `width` columns, `indent` in.
fn wrapped(label: &str, width: usize, indent: usize) -> Cell {
    let first = " ".repeat(indent);
    wrap(&[plain(label)], width, &first, &first)
        .into_iter()
        .map(|line| line.into_iter().map(|s| s.text).collect())
        .collect()
}

/// Line `i` of a table's row: its label's, padded to `label_width`, then each cell's
/// padded to its column's width, with no spaces at the end.
fn row_line(
    label: &[String],
    cells: &[Cell],
    i: usize,
    widths: &[usize],
    label_width: usize,
) -> String {
    let line_of = |lines: &[String]| lines.get(i).map_or("", String::as_str).to_owned();
    let mut line = padded(&line_of(label), label_width);
    for (cell, width) in cells.iter().zip(widths) {
        line.push_str(GAP);
        line.push_str(&padded(&line_of(cell), *width));
    }
    line.trim_end().to_owned()
}

/// `text` and as many spaces as make it `width` columns wide on screen.
fn padded(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, cells: &[&str]) -> Row {
        Row {
            label: vec![label.to_owned()],
            cells: cells.iter().map(|c| vec![(*c).to_owned()]).collect(),
        }
    }

    fn one_client(rows: Vec<Row>) -> Vec<Group> {
        vec![Group {
            client: Vec::new(),
            rows,
        }]
    }

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    /// Where `what` starts in `line`, in columns on screen.
    fn column(line: &str, what: &str) -> usize {
        display_width(&line[..line.find(what).unwrap()])
    }

    #[test]
    fn columns_line_up_on_screen_with_wide_characters_in_a_title() {
        let table = Table {
            columns: vec![vec!["Alex r1".into()], vec!["Alex r2".into()]],
            groups: one_client(vec![
                row("家族の時間 🙂", &["5/6", "4/6"]),
                row("Bids", &["1/2", "2/2"]),
            ]),
        };
        let lines = text(&lay_out(&table, 80));
        assert_eq!(
            lines,
            [
                "               Alex r1  Alex r2",
                &"─".repeat(31),
                "家族の時間 🙂  5/6      4/6",
                "Bids           1/2      2/2",
            ]
        );
        for (line, cell) in [(&lines[2], "5/6"), (&lines[3], "1/2")] {
            assert_eq!(column(line, cell), column(&lines[0], "Alex r1"));
        }
        assert_eq!(column(&lines[2], "4/6"), column(&lines[0], "Alex r2"));
    }

    #[test]
    fn a_long_title_wraps_and_too_many_columns_make_a_second_table() {
        let header = |n: usize| vec![format!("Client {n} r1"), "Mon 6 – Sun 19 Oct".to_owned()];
        let title = "聞く練習: listening without fixing, every evening";
        let table = Table {
            columns: (1..=5).map(header).collect(),
            groups: one_client(vec![row(title, &["5/6"; 5])]),
        };
        let lines = text(&lay_out(&table, 80));
        assert!(
            lines.iter().all(|line| display_width(line) <= 80),
            "{lines:#?}"
        );
        let tables: Vec<&[String]> = lines.split(String::is_empty).collect();
        // A label column of a third of 80 and two columns of 18 fill 66 of them.
        assert_eq!(tables.len(), 3, "{lines:#?}");
        assert!(tables[0][0].contains("Client 2 r1") && !tables[0][0].contains("Client 3"));
        assert!(tables[1][0].contains("Client 3 r1") && tables[1][0].contains("Client 4 r1"));
        assert!(tables[2][0].contains("Client 5 r1"));
        // The title on its own lines in the label column, the cells beside its first.
        let rows: Vec<&String> = tables[0].iter().skip(3).collect();
        assert!(rows.len() > 1, "{lines:#?}");
        assert!(rows[0].starts_with("聞く練習:") && rows[0].ends_with("5/6"));
        assert!(rows.iter().all(|line| display_width(line) <= 80));
    }
}
