//! The whole year's practice days, beside progress's twelve weeks: a month a row and a
//! day a column (53 weeks of 7 days do not fit 80 columns; 12 months of 31 days do),
//! each month labelled and its practice days counted at its end. `[` and `]` go a
//! year back and forward. Drawn without colour too: practice days are █, other days ·,
//! days still to come blank.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::State;
use crate::tui::draw::pane;
use crate::tui::theme::Theme;

/// The month labels, as every date the app shows writes them.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The width of a month's label and of its count, with their spaces.
const LABEL: usize = 4;
const COUNT: usize = 4;

/// Draws `year`'s calendar over `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, year: i32, theme: &Theme) {
    let empty = BTreeSet::new();
    let days = state.derived.practice_days.get().unwrap_or(&empty);
    let in_year = days.iter().filter(|d| d.year() == year).count();
    let title = format!(
        "{year}: {}",
        crate::words::count(in_year, "day practiced", "days practiced")
    );
    let inner = pane(frame, area, &title, true, theme);
    // A day two columns wide when that fits, else one.
    let cell = if usize::from(inner.width) >= LABEL + 31 * 2 + COUNT {
        2
    } else {
        1
    };
    let mut lines = vec![Line::styled(day_numbers(cell), theme.dim)];
    for (index, name) in MONTHS.iter().enumerate() {
        let month = u32::try_from(index + 1).unwrap_or(1);
        let mut text = format!("{name:<LABEL$}");
        let mut practiced = 0;
        for day in 1..=31 {
            let mark = match NaiveDate::from_ymd_opt(year, month, day) {
                Some(d) if d > state.today => ' ',
                Some(d) if days.contains(&d) => {
                    practiced += 1;
                    '█'
                }
                Some(_) => '·',
                None => ' ',
            };
            text.push(mark);
            if cell == 2 {
                text.push(' ');
            }
        }
        let future = NaiveDate::from_ymd_opt(year, month, 1).is_none_or(|d| d > state.today);
        if !future {
            text.push_str(&format!("{practiced:>3}"));
        }
        lines.push(Line::styled(text.trim_end().to_owned(), theme.text));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "█ practiced (an exercise or a try)   · not practiced",
        theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The row of day numbers over the days, each starting at its day's column: every
/// fifth day when a day is two columns wide, every tenth when one.
fn day_numbers(cell: usize) -> String {
    let step = if cell == 2 { 5 } else { 10 };
    let mut row = " ".repeat(LABEL);
    for day in 1..=31usize {
        let column = LABEL + (day - 1) * cell;
        if (day == 1 || day % step == 0) && row.len() <= column {
            row.push_str(&" ".repeat(column - row.len()));
            row.push_str(&day.to_string());
        }
    }
    row
}
