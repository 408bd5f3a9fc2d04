//! Progress: how a measure moved (with the cutoff a therapist's measure declares drawn
//! across the chart, and under it, in words, where the latest rating stands against
//! the cutoff and how far it moved against the reliable change), the days you
//! practised (a calendar of the last twelve weeks, and how many), entries per area in
//! the last four weeks, changes before and after exercises, what you wrote on this day
//! before, and streaks (unless hidden). Drawn without colour too: the calendar marks
//! days with █ and ·, the cutoff is dashes (┄) beside dots (⠒) and says "cutoff 8".

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart as ChartWidget, Dataset, GraphType, Paragraph};

use crate::journal::practice::DAY_YEAR;
use crate::practice::by_month::ByMonth;
use crate::practice::chart::{self, Chart};
use crate::practice::due::week_start;
use crate::practice::progress::Series;
use crate::tui::app::State;
use crate::tui::app::browser::DateRange;
use crate::tui::app::progress::Shown;
use crate::tui::draw::pane;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;
use crate::words::number;

/// Weeks shown in the practice calendar.
const WEEKS: u64 = 12;

/// What a measure's cutoff line is drawn with: dashes, unlike the ratings' dots.
const CUTOFF_MARK: char = '┄';

/// Draws the progress view.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let view = &state.progress;
    let Some((figures, months)) = view.figures.get() else {
        return;
    };
    let shown = view.shown(figures);
    let series = match shown {
        Shown::Series(series) => Some(series),
        _ => None,
    };
    // Where the latest rating stands, in words, on the full width under the chart so
    // that it fits unwrapped at 60 columns.
    let standing: Vec<String> = series.map_or_else(Vec::new, |s| {
        [s.against_cutoff(), s.against_reliable_change()]
            .into_iter()
            .flatten()
            .collect()
    });
    // The chart takes what the panes under it leave, nine rows at least.
    let [bar, top, said, bottom, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(9),
        Constraint::Length(standing.len() as u16),
        Constraint::Percentage(35),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Line::styled(
            format!(
                " area (a): {}   time (r): {}   measure (m): {}",
                view.area.as_deref().map_or_else(
                    || "all".to_owned(),
                    |id| area_title(&state.catalog.areas(), id)
                ),
                view.range.label(),
                match shown {
                    Shown::Series(series) => series.measure.as_str(),
                    Shown::NotRated(id) => id,
                    Shown::Nothing => "none yet",
                }
            ),
            theme.dim,
        ),
        bar,
    );
    let [chart, calendar] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(30)]).areas(top);
    draw_measure(
        frame,
        chart,
        state,
        series.ok_or_else(|| none_shown(state, shown)),
        theme,
    );
    draw_calendar(frame, calendar, &figures.days, state.today, theme);
    let said_lines: Vec<Line> = standing
        .into_iter()
        .map(|words| Line::styled(format!(" {words}"), theme.text))
        .collect();
    frame.render_widget(Paragraph::new(said_lines), said);
    if view.by_month {
        draw_months(frame, bottom, months, state, theme);
        return draw_streaks(frame, foot, state, figures, theme);
    }
    let [weeks, changes, earlier] = Layout::horizontal([
        Constraint::Percentage(44),
        Constraint::Percentage(28),
        Constraint::Percentage(28),
    ])
    .areas(bottom);
    draw_weeks(frame, weeks, &figures.weeks, state, theme);
    let inner = pane(frame, changes, "Before and after", false, theme);
    let mut lines: Vec<Line> = figures
        .before_after
        .iter()
        .map(|c| {
            let text = format!(
                "{:+.1} {} · {} ({}×)",
                c.average_change, c.measure, c.exercise, c.entries
            );
            Line::styled(text, theme.text)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "Ratings before and after an exercise show here.",
            theme.dim,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
    let inner = pane(frame, earlier, "On this day before", false, theme);
    let mut lines: Vec<Line> = Vec::new();
    for (label, ids) in [
        ("", &figures.on_this_day),
        ("a month ago: ", &figures.a_month_ago),
    ] {
        for entry in ids.iter().filter_map(|id| state.journal.get(id)) {
            let text = format!(
                "{label}{} {}",
                entry.created.format("%Y"),
                crate::sanitize::text(&entry.display_title()).replace('\n', " ")
            );
            lines.push(Line::styled(truncate(&text, inner.width), theme.text));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing yet from this day.", theme.dim));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
    draw_streaks(frame, foot, state, figures, theme);
}

/// The streaks on the foot line, unless they are hidden.
fn draw_streaks(
    frame: &mut Frame,
    foot: Rect,
    state: &State,
    figures: &crate::practice::progress::Progress,
    theme: &Theme,
) {
    if state.settings.show_streaks {
        let text = format!(
            " streak: {} now, {} at the longest",
            crate::words::count(figures.streaks.current as usize, "day", "days"),
            crate::words::count(figures.streaks.longest as usize, "day", "days")
        );
        frame.render_widget(Line::styled(text, theme.dim), foot);
    }
}

/// Entries per month, in all and per area: one column a month, as many of the latest
/// as fit.
fn draw_months(frame: &mut Frame, area: Rect, months: &ByMonth, state: &State, theme: &Theme) {
    const NAME: usize = 16;
    const COLUMN: usize = 5;
    let inner = pane(frame, area, "Entries per month (b: per week)", false, theme);
    let fit = (usize::from(inner.width).saturating_sub(NAME) / COLUMN).max(1);
    let from = months.months.len().saturating_sub(fit);
    let mut header = format!("{:<NAME$}", "");
    for (i, month) in months.months.iter().enumerate().skip(from) {
        // The year over its first month shown and over each January.
        let label = month.first().map_or_else(String::new, |d| {
            if i == from || d.month() == 1 {
                d.format("%b%y").to_string()
            } else {
                d.format("%b").to_string()
            }
        });
        header.push_str(&format!("{label:>COLUMN$}"));
    }
    let row = |name: &str, counts: &[usize]| -> String {
        let mut row = name_cell(name, NAME);
        for n in &counts[from..] {
            row.push_str(&format!("{n:>COLUMN$}"));
        }
        row
    };
    let areas = state.catalog.areas();
    let mut lines = vec![
        Line::styled(header, theme.dim),
        Line::styled(row("all entries", &months.total), theme.text),
    ];
    for r in &months.areas {
        lines.push(Line::styled(
            row(&area_title(&areas, &r.name), &r.counts),
            theme.text,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `name` in a column `width` wide, a space to its right: cut by letters, not words,
/// so "Your attachment style" is "Your attachmen…".
fn name_cell(name: &str, width: usize) -> String {
    let name = if name.chars().count() > width - 1 {
        let kept: String = name.chars().take(width - 2).collect();
        format!("{kept}…")
    } else {
        name.to_owned()
    };
    format!("{name:<width$}")
}

/// The title of the area `id` among `areas`, or the id when no pack names it.
fn area_title(areas: &[crate::pack::catalog::Area], id: &str) -> String {
    areas
        .iter()
        .find(|area| area.decl.id == id)
        .map_or_else(|| id.to_owned(), |area| area.decl.title.clone())
}

/// Entries per area in each of the last weeks, one column a week.
fn draw_weeks(
    frame: &mut Frame,
    area: Rect,
    weeks: &[(NaiveDate, Vec<(String, usize)>)],
    state: &State,
    theme: &Theme,
) {
    const NAME: usize = 16;
    const COLUMN: usize = 7;
    let inner = pane(frame, area, "Entries per week", false, theme);
    // As many of the latest weeks as fit beside the area names.
    let fit = (usize::from(inner.width).saturating_sub(NAME) / COLUMN).max(1);
    let weeks = &weeks[weeks.len().saturating_sub(fit)..];
    let mut names: Vec<&str> = weeks
        .iter()
        .flat_map(|(_, areas)| areas.iter().map(|(a, _)| a.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let areas = state.catalog.areas();
    let mut header = format!("{:<NAME$}", "");
    for (monday, _) in weeks {
        // "Nov 9", which no reader takes for the 11th of September.
        let day = monday
            .format(crate::journal::practice::DAY_SHORT)
            .to_string();
        header.push_str(&format!("{day:>COLUMN$}"));
    }
    let mut lines = vec![Line::styled(header, theme.dim)];
    for name in names {
        let mut row = name_cell(&area_title(&areas, name), NAME);
        for (_, areas) in weeks {
            let n = areas.iter().find(|(a, _)| a == name).map_or(0, |(_, n)| *n);
            row.push_str(&format!(
                "{:>COLUMN$}",
                if n == 0 {
                    "·".to_owned()
                } else {
                    n.to_string()
                }
            ));
        }
        lines.push(Line::styled(row, theme.text));
    }
    if lines.len() == 1 {
        lines.push(Line::styled("No entries in these weeks.", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the chart's pane says when it has no measure to draw: that the chosen one
/// has no ratings here (rather than silently showing another), or what will show.
fn none_shown(state: &State, shown: Shown) -> String {
    let Shown::NotRated(id) = shown else {
        return "Ratings you give in exercises (how strong a feeling is, how close you feel) will show here.".to_owned();
    };
    let view = &state.progress;
    let title = state.catalog.measure(id).map_or(id, |m| m.title.as_str());
    let area = view.area.as_deref().map_or_else(String::new, |area| {
        format!(" in {}", area_title(&state.catalog.areas(), area))
    });
    let time = match view.range {
        DateRange::All => "at any time".to_owned(),
        DateRange::Within(period) => format!("in {}", period.label()),
        range => format!("in the {}", range.label()),
    };
    format!("No ratings of “{title}”{area} {time}. m shows a measure that has some.")
}

/// The chosen measure's chart, or the words `none_shown` gives when there is none.
fn draw_measure(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    shown: Result<&Series, String>,
    theme: &Theme,
) {
    let series = match shown {
        Ok(series) => series,
        Err(words) => {
            let inner = pane(frame, area, "How a measure moved", true, theme);
            frame.render_widget(
                Paragraph::new(words)
                    .style(theme.dim)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
    };
    let (from, to) = state.progress.stretch(series, state.today);
    // The stretch as the title, with its years: the ticks say only months or days.
    let title = format!("{} – {}", from.format(DAY_YEAR), to.format(DAY_YEAR));
    let inner = pane(frame, area, &title, true, theme);
    let [head, legend, plot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let direction = match series.declared.as_ref().map(|m| m.higher_is_better) {
        Some(true) => " · higher is better",
        Some(false) => " · lower is better",
        None => "",
    };
    // The figures of what the chart draws: the ratings before each exercise, or
    // every rating when those after are drawn too.
    let (first, last, count, which) = if state.progress.chart.after {
        let values = || series.points.iter().map(|p| p.1);
        (
            values().next(),
            values().next_back(),
            series.points.len(),
            "",
        )
    } else {
        let values = || series.sittings.iter().map(|s| s.first);
        (
            values().next(),
            values().next_back(),
            series.sittings.len(),
            " before",
        )
    };
    let (first, last) = (first.unwrap_or_default(), last.unwrap_or_default());
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(series.title().to_owned(), theme.title),
                Span::styled(direction, theme.dim),
            ]),
            Line::styled(
                format!(
                    "first {} → latest {} · {} ratings{which}",
                    number(first),
                    number(last),
                    count
                ),
                theme.text,
            ),
        ]),
        head,
    );
    let scale = series.declared.as_ref().map(|m| (m.min, m.max));
    let cutoff = series.declared.as_ref().and_then(|m| m.cutoff);
    let chart = {
        // A first model to learn the labels up the side, whose width the marks'
        // room depends on.
        let sized = |slots| {
            chart::chart(
                &series.sittings,
                scale,
                cutoff,
                (from, to),
                slots,
                state.progress.chart,
            )
        };
        let probe = sized(usize::from(plot.width));
        let room = graph_width(&probe, plot);
        sized(usize::from(room))
    };
    frame.render_widget(legend_line(&chart, legend.width, theme), legend);
    draw_chart(frame, plot, &chart, theme);
}

/// What the chart's marks and lines are, in one line: "⣀ before · ○ after ·
/// ┄ cutoff · weekly means" (the cutoff's value is said at the end of its line).
fn legend_line(chart: &Chart, width: u16, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        if chart.after {
            "⣀ before"
        } else {
            "⣀ ratings before"
        },
        theme.focus,
    )];
    if chart.after {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(format!("{AFTER_MARK} after"), theme.title));
    }
    if chart.cutoff.is_some() {
        spans.push(Span::styled(format!(" · {CUTOFF_MARK} cutoff"), theme.dim));
    }
    spans.push(Span::styled(
        format!(" · {}", chart.bucket.said()),
        theme.dim,
    ));
    let mut line = Line::from(spans);
    if line.width() > usize::from(width) {
        // Narrow: the words alone, cut to fit.
        let words: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        line = Line::styled(truncate(&words, width), theme.dim);
    }
    line
}

/// What the ratings after exercises are drawn with: rings, unlike the line before.
const AFTER_MARK: char = '○';

/// The labels up the chart's side in `plot`: as many whole steps of the measure's
/// range as fit every other row.
fn y_labels(chart: &Chart, plot: Rect) -> Vec<String> {
    let rows = usize::from(plot.height.saturating_sub(2));
    chart
        .y_ticks(rows / 2 + 1)
        .into_iter()
        .map(number)
        .collect()
}

/// How wide the chart's plot is inside `plot`, beside its labels up the side and
/// their axis, as ratatui's `Chart` lays it out (the labels at most a third).
fn graph_width(chart: &Chart, plot: Rect) -> u16 {
    let labels = y_labels(chart, plot);
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16;
    plot.width
        .saturating_sub(widest.min(plot.width / 3))
        .saturating_sub(1)
}

/// The chart in `area`, drawn by ratatui's `Chart`: the measure's range up the side
/// with its labels, the ratings before (a braille line) and after (rings), the cutoff
/// as a dim dashed line labelled at its right end. The ticks along the bottom are set
/// here rather than by `Chart`, which spaces its labels evenly and cannot put one at a
/// date (months are not all as long); `Chart` is given two empty ones so that it draws
/// the axis and keeps the row.
fn draw_chart(frame: &mut Frame, area: Rect, chart: &Chart, theme: &Theme) {
    let label = chart.cutoff.map(|c| format!(" cutoff {}", number(c.at)));
    let label_width = label.as_ref().map_or(0, |l| l.chars().count() as u16);
    let [plot, labels] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(label_width)]).areas(area);
    let cutoff: Vec<(f64, f64)> = chart
        .cutoff
        .map(|c| vec![(0.0, c.at), (chart.days, c.at)])
        .unwrap_or_default();
    let before: Vec<(f64, f64)> = chart
        .marks
        .iter()
        .map(|m| (m.x, chart.clamped(m.before)))
        .collect();
    let after: Vec<(f64, f64)> = chart
        .marks
        .iter()
        .filter_map(|m| Some((m.x, chart.clamped(m.after?))))
        .collect();
    let datasets = vec![
        Dataset::default()
            .marker(Marker::Custom(CUTOFF_MARK))
            .graph_type(GraphType::Line)
            .style(theme.dim)
            .data(&cutoff),
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.focus)
            .data(&before),
        Dataset::default()
            .marker(Marker::Custom(AFTER_MARK))
            .graph_type(GraphType::Scatter)
            .style(theme.title)
            .data(&after),
    ];
    let y_labels: Vec<Line> = y_labels(chart, plot)
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
    let widget = ChartWidget::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, chart.days])
                .labels(["", ""])
                .style(theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([chart.low, chart.high])
                .labels(y_labels)
                .style(theme.dim),
        );
    frame.render_widget(widget, plot);
    let room = graph_width(chart, plot);
    let left = plot.right().saturating_sub(room);
    draw_ticks(
        frame,
        (left, plot.bottom().saturating_sub(1), room),
        chart,
        theme,
    );
    let rows = plot.height.saturating_sub(2);
    if let (Some(cutoff), Some(label)) = (chart.cutoff, label) {
        let row = cutoff_row(cutoff.at, chart.low, chart.high, rows);
        let at = Rect {
            y: labels.y + row,
            height: 1,
            ..labels
        };
        frame.render_widget(Line::styled(label, theme.dim), at);
    }
}

/// The ticks along the bottom row `y`, from column `left`, `room` wide: each label
/// starting at its day's column, as many as fit with a space between.
fn draw_ticks(frame: &mut Frame, (left, y, room): (u16, u16, u16), chart: &Chart, theme: &Theme) {
    let widest = chart
        .ticks
        .iter()
        .map(|t| t.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let mut free = left;
    for tick in chart.ticks_fitting(f64::from(room), widest + 1.0) {
        let column = left + (tick.x / chart.days * f64::from(room)) as u16;
        let width = tick.label.chars().count() as u16;
        if column < free || column + width > left + room {
            continue;
        }
        let at = Rect::new(column, y, width, 1);
        frame.render_widget(Line::styled(tick.label.clone(), theme.dim), at);
        free = column + width + 1;
    }
}

/// The row of a chart `height` rows tall, from the top, that the value `at` is drawn
/// on between `low` and `high`: as the chart's one-mark-a-cell layer places it, so
/// the label sits on its line.
fn cutoff_row(at: f64, low: f64, high: f64, height: u16) -> u16 {
    let span = f64::from(height.saturating_sub(1));
    ((high - at) * span / (high - low)).round().clamp(0.0, span) as u16
}

fn draw_calendar(
    frame: &mut Frame,
    area: Rect,
    days: &std::collections::BTreeSet<NaiveDate>,
    today: NaiveDate,
    theme: &Theme,
) {
    let first_monday = week_start(today)
        .checked_sub_days(Days::new(7 * (WEEKS - 1)))
        .unwrap_or(today);
    let practiced = days.iter().filter(|d| **d >= first_monday).count();
    let title = format!("Days practiced: {practiced}");
    let inner = pane(frame, area, &title, false, theme);
    let mut lines = Vec::new();
    for (row, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        .iter()
        .enumerate()
    {
        let mut text = format!("{name} ");
        for week in 0..WEEKS {
            let day = first_monday.checked_add_days(Days::new(week * 7 + row as u64));
            let mark = match day {
                Some(d) if d > today => ' ',
                Some(d) if days.contains(&d) => '█',
                _ => '·',
            };
            text.push(mark);
            text.push(' ');
        }
        lines.push(Line::styled(text, theme.text));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
