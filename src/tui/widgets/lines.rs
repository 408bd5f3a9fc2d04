//! Drawing helpers the step widgets share: wrapping, list rows with a hanging indent,
//! scrolling that keeps the focus in view, and the row of numbers of a scale.
//!
//! Widgets build their whole content as lines for the width they get, then draw the
//! part that fits; so every widget works in any area, however small.

use std::cell::Cell;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use textwrap::core::display_width;

use super::Nav;
use crate::tui::theme::Theme;

/// `text` wrapped to `width` columns. Line breaks in the text are kept, so a blank
/// line between paragraphs stays blank.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    text.split('\n')
        .flat_map(|line| {
            if line.trim().is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(line, width)
                    .into_iter()
                    .map(|part| part.into_owned())
                    .collect()
            }
        })
        .collect()
}

/// `text` wrapped to `width` columns as lines drawn in `style`.
pub(crate) fn paragraph(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    wrap(text, usize::from(width))
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// The first line of `text` that fits in `width` columns, ending in "…" when cut.
pub(crate) fn truncate(text: &str, width: u16) -> String {
    let mut parts = wrap(text, usize::from(width).saturating_sub(1));
    if parts.len() > 1 {
        parts.truncate(1);
        parts[0].push('…');
    }
    parts.pop().unwrap_or_default()
}

/// The marker before a list row: the theme's cursor on the focused row, blanks of
/// the same width elsewhere, so rows line up.
pub(super) fn marker(theme: &Theme, focused: bool) -> String {
    if focused {
        theme.cursor().to_string()
    } else {
        " ".repeat(display_width(theme.cursor()))
    }
}

/// One row of a list: `prefix` (marker and box), then `text` wrapped to the rest of
/// the width, continuation lines indented under the text; every line in `style`.
pub(super) fn list_row(prefix: &str, text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let indent = display_width(prefix);
    let pad = " ".repeat(indent);
    wrap(text, usize::from(width).saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 { prefix } else { &pad };
            Line::styled(format!("{lead}{part}"), style)
        })
        .collect()
}

/// How many rows of an area `height` tall show content when there are `total`
/// lines: when they do not all fit, the last row is kept for the "more" note.
fn content_rows(total: usize, height: u16) -> usize {
    let height = usize::from(height);
    if total > height && height > 1 {
        height - 1
    } else {
        height
    }
}

/// Draws `lines` from line `offset` on into `area`; when some do not fit, the last
/// row says in which direction there is more.
pub(super) fn draw(lines: &[Line], offset: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = content_rows(lines.len(), area.height);
    let offset = offset.min(lines.len().saturating_sub(rows));
    for (y, line) in (area.y..area.bottom()).zip(lines.iter().skip(offset).take(rows)) {
        line.render(Rect::new(area.x, y, area.width, 1), buf);
    }
    if rows < lines.len() && area.height > 1 {
        let note = more_note(offset > 0, offset + rows < lines.len());
        Line::styled(note, theme.dim)
            .render(Rect::new(area.x, area.bottom() - 1, area.width, 1), buf);
    }
}

/// The note that says where the hidden lines are.
fn more_note(above: bool, below: bool) -> &'static str {
    match (above, below) {
        (true, true) => "↑↓ more",
        (true, false) => "↑ more above",
        _ => "↓ more below",
    }
}

/// Draws `lines` scrolled just enough that lines `focus` are in view (their start,
/// when they do not all fit).
pub(super) fn draw_focused(
    lines: &[Line],
    focus: Range<usize>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let shown = focused_window(lines.len(), &focus, area.height);
    draw(lines, shown.start, area, buf, theme);
}

/// Which of `total` lines [`draw_focused`] shows in an area `height` rows tall with
/// lines `focus` in view; the first of them is drawn on the area's top row.
pub(super) fn focused_window(total: usize, focus: &Range<usize>, height: u16) -> Range<usize> {
    let rows = content_rows(total, height);
    let offset = if focus.end <= rows {
        0
    } else {
        (focus.end - rows).min(focus.start)
    };
    let offset = offset.min(total.saturating_sub(rows));
    offset..(offset + rows).min(total)
}

/// Where the rows of a list drawn by [`draw_focused`] landed, for clicks: one
/// full-width rect per line of a row that is in view, with what the row is.
pub(super) fn placed<T: Copy>(
    rows: &[(Range<usize>, T)],
    shown: &Range<usize>,
    area: Rect,
) -> Vec<(Rect, T)> {
    rows.iter()
        .flat_map(|(lines, what)| lines.clone().map(move |line| (line, *what)))
        .filter(|(line, _)| shown.contains(line))
        .map(|(line, what)| {
            let y = area.y + u16::try_from(line - shown.start).unwrap_or(u16::MAX);
            (Rect::new(area.x, y, area.width, 1), what)
        })
        .collect()
}

/// Where the rows of a list of options (a choice, a checklist) drawn by
/// [`draw_focused`] with row `cursor` in view landed, each as [`Spot::Row`] of its
/// index: the same window the drawing used, so a click hits what is shown.
pub(super) fn option_spots(
    total: usize,
    rows: Vec<Range<usize>>,
    cursor: usize,
    area: Rect,
) -> Vec<(Rect, super::Spot)> {
    let focus = rows.get(cursor).cloned().unwrap_or(0..0);
    let shown = focused_window(total, &focus, area.height);
    let rows: Vec<_> = rows
        .into_iter()
        .enumerate()
        .map(|(i, lines)| (lines, super::Spot::Row(i)))
        .collect();
    placed(&rows, &shown, area)
}

/// A scroll position the user moves with keys, for content read top to bottom.
///
/// How far it can go depends on the area it was last drawn in, which drawing
/// records (drawing only borrows the widget).
#[derive(Debug, Default)]
pub(super) struct Scroller {
    offset: usize,
    max: Cell<usize>,
    page: Cell<usize>,
}

impl Scroller {
    /// Scrolls for Up, Down, PageUp, PageDown, Home and End; false for other keys.
    pub(super) fn handle(&mut self, nav: Nav) -> bool {
        let (max, page) = (self.max.get(), self.page.get().max(1));
        let offset = self.offset.min(max);
        self.offset = match nav {
            Nav::Up => offset.saturating_sub(1),
            Nav::Down => (offset + 1).min(max),
            Nav::PageUp => offset.saturating_sub(page),
            Nav::PageDown => (offset + page).min(max),
            Nav::Home => 0,
            Nav::End => max,
            _ => return false,
        };
        true
    }

    /// Back to the top.
    pub(super) fn reset(&mut self) {
        self.offset = 0;
    }

    /// Draws `lines` at the scroll position and records how far it can go.
    pub(super) fn draw(&self, lines: &[Line], area: Rect, buf: &mut Buffer, theme: &Theme) {
        let rows = content_rows(lines.len(), area.height);
        self.max.set(lines.len().saturating_sub(rows));
        self.page.set(rows.saturating_sub(1));
        draw(lines, self.offset, area, buf, theme);
    }
}

/// The value in the middle of a scale, where the first arrow key starts.
pub(super) fn middle(min: i64, max: i64) -> i64 {
    min.midpoint(max)
}

/// Which values [`value_row`] shows, and how wide each is drawn.
pub(super) struct ValueWindow {
    /// The first value shown; a "…" one column wide comes before it when it is not
    /// `min`.
    pub first: i64,
    /// The last value shown.
    pub last: i64,
    /// The digits of the widest value.
    pub digits: usize,
    /// The columns each value takes: its digits and a space or bracket each side.
    pub cell: usize,
}

/// The values of a scale's row that fit in `width`: all of them, or those around the
/// chosen one (else the middle).
pub(super) fn value_window(min: i64, max: i64, chosen: Option<i64>, width: u16) -> ValueWindow {
    let digits = min.to_string().len().max(max.to_string().len());
    let cell = digits + 2;
    let count = usize::try_from(max.saturating_sub(min)).map_or(0, |span| span + 1);
    let (first, last) = if count.saturating_mul(cell) <= usize::from(width) {
        (min, max)
    } else {
        let fit = i64::try_from(usize::from(width).saturating_sub(2) / cell)
            .unwrap_or(1)
            .max(1);
        let center = chosen.unwrap_or_else(|| middle(min, max));
        let last_start = max.saturating_sub(fit - 1).max(min);
        let first = center.saturating_sub(fit / 2).clamp(min, last_start);
        (first, first.saturating_add(fit - 1).min(max))
    };
    ValueWindow {
        first,
        last,
        digits,
        cell,
    }
}

/// Every value from `min` to `max` in a row, the chosen one as `[7]` in `mark`
/// (brackets, so it shows without colour). When the row is wider than `width`,
/// only the values around the chosen one (else the middle) are shown, with "…" at a
/// cut end.
pub(super) fn value_row(
    min: i64,
    max: i64,
    chosen: Option<i64>,
    width: u16,
    mark: Style,
    theme: &Theme,
) -> Line<'static> {
    let ValueWindow {
        first,
        last,
        digits,
        ..
    } = value_window(min, max, chosen, width);
    let mut spans = Vec::new();
    if first > min {
        spans.push(Span::styled("…", theme.dim));
    }
    for value in first..=last {
        spans.push(if chosen == Some(value) {
            Span::styled(format!("[{value:>digits$}]"), mark)
        } else {
            Span::styled(format!(" {value:>digits$} "), theme.text)
        });
    }
    if last < max {
        spans.push(Span::styled("…", theme.dim));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use super::*;
    use crate::tui::widgets::testing::rows;

    #[test]
    fn wrapping_keeps_blank_lines_between_paragraphs() {
        let lines = wrap("one two three\n\nfour", 8);
        assert_eq!(lines, ["one two", "three", "", "four"]);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("short", 20), "short");
        assert_eq!(truncate("a rather long sentence", 10), "a rather…");
        assert_eq!(truncate("abc", 0), "a…");
    }

    #[test]
    fn a_list_row_hangs_under_its_text() {
        let lines = list_row("▶ [x] ", "one two three four", 14, Style::new());
        let texts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(texts, ["▶ [x] one two", "      three", "      four"]);
    }

    #[test]
    fn a_wide_value_row_shows_a_window_around_the_choice() {
        let theme = Theme::monochrome();
        let full = value_row(0, 10, Some(7), 80, theme.selected, &theme).to_string();
        assert_eq!(full, "  0   1   2   3   4   5   6 [ 7]  8   9  10 ");
        let cut = value_row(0, 100, Some(90), 30, theme.selected, &theme).to_string();
        assert!(cut.contains("[ 90]"), "{cut}");
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        let end = value_row(0, 100, Some(100), 30, theme.selected, &theme).to_string();
        assert!(end.contains("[100]") && !end.ends_with('…'), "{end}");
        let chosen = value_row(1, 7, Some(4), 80, theme.selected, &theme);
        let span = chosen.spans.iter().find(|s| s.content == "[4]").unwrap();
        assert!(span.style.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn scrolling_stops_at_the_last_page_and_says_where_more_is() {
        let theme = Theme::color();
        let lines: Vec<Line> = (0..10).map(|i| Line::raw(format!("line {i}"))).collect();
        let mut scroller = Scroller::default();
        let area = Rect::new(0, 0, 20, 4);
        let mut buf = Buffer::empty(area);
        scroller.draw(&lines, area, &mut buf, &theme);
        assert_eq!(rows(&buf)[3].trim(), "↓ more below");
        for _ in 0..20 {
            assert!(scroller.handle(Nav::Down));
        }
        let mut buf = Buffer::empty(area);
        scroller.draw(&lines, area, &mut buf, &theme);
        assert_eq!(rows(&buf)[0].trim(), "line 7");
        assert_eq!(rows(&buf)[3].trim(), "↑ more above");
        assert!(scroller.handle(Nav::Up));
        assert!(!scroller.handle(Nav::Enter));
        let mut buf = Buffer::empty(area);
        scroller.draw(&lines, area, &mut buf, &theme);
        assert_eq!(rows(&buf)[0].trim(), "line 6");
        assert_eq!(rows(&buf)[3].trim(), "↑↓ more");
    }

    #[test]
    fn the_focus_stays_in_view() {
        let theme = Theme::color();
        let lines: Vec<Line> = (0..10).map(|i| Line::raw(format!("line {i}"))).collect();
        let area = Rect::new(0, 0, 20, 4);
        let mut buf = Buffer::empty(area);
        draw_focused(&lines, 8..9, area, &mut buf, &theme);
        assert_eq!(rows(&buf)[2].trim(), "line 8");
        let mut buf = Buffer::empty(area);
        draw_focused(&lines, 1..2, area, &mut buf, &theme);
        assert_eq!(rows(&buf)[0].trim(), "line 0");
    }
}
