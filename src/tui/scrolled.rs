//! A list taller than its pane: which lines are in sight, so that the selected row is
//! shown whole, and a "↑ 2 more" or "↓ 3 more" line wherever rows are out of sight, so
//! that nothing is cut off without a sign.

use std::ops::Range;

use ratatui::text::Line;

use super::theme::Theme;

/// What a pane of `height` lines shows of rows `heights` lines tall, with row
/// `selected` in sight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The lines in sight, counted over all the rows' lines.
    pub lines: Range<usize>,
    /// Whether a line above them says there is more above.
    pub above: bool,
    /// Whether a line below them says there is more below.
    pub below: bool,
}

/// The window that shows as much as fits from the top while keeping `selected` whole
/// (or, when it is taller than the pane, its first lines). It begins and ends at the
/// edges of rows, so no row is shown cut in half beside a "more" line.
pub fn window(heights: &[usize], selected: usize, height: usize) -> Window {
    let total: usize = heights.iter().sum();
    let selected = selected.min(heights.len().saturating_sub(1));
    let starts: Vec<usize> = heights
        .iter()
        .scan(0, |at, h| {
            let start = *at;
            *at += h;
            Some(start)
        })
        .collect();
    let first = starts.get(selected).copied().unwrap_or(0);
    let last = first + heights.get(selected).copied().unwrap_or(0);
    if total <= height || height < 3 {
        let start = if total <= height { 0 } else { first };
        return Window {
            lines: start..(start + height).min(total),
            above: false,
            below: false,
        };
    }
    let layout = |start: usize| {
        let above = start > 0;
        let room = height - usize::from(above);
        let below = start + room < total;
        (above, below, room - usize::from(below))
    };
    let start = starts[..=selected]
        .iter()
        .copied()
        .find(|&start| {
            let (_, _, room) = layout(start);
            last <= start + room
        })
        .unwrap_or(first);
    let (above, below, room) = layout(start);
    let mut end = (start + room).min(total);
    if below {
        // End at the last row that is shown whole, if that keeps the selected one.
        let edge = starts
            .iter()
            .copied()
            .chain([total])
            .filter(|&edge| edge <= end && edge >= last)
            .max();
        if let Some(edge) = edge {
            end = edge;
        }
    }
    Window {
        lines: start..end,
        above,
        below,
    }
}

/// Which of the rows' lines each line of the pane shows, as [`fit`] draws them (the
/// window of [`window`]): None for a "more" line or a blank one. For clicks.
pub fn shown_lines(heights: &[usize], selected: usize, height: usize) -> Vec<Option<usize>> {
    let shown = window(heights, selected, height);
    let mut lines = Vec::with_capacity(height);
    if shown.above {
        lines.push(None);
    }
    lines.extend(shown.lines.map(Some));
    if shown.below {
        lines.resize(height.saturating_sub(1), None);
        lines.push(None);
    }
    lines
}

/// The lines to draw for `rows` in a pane of `height` lines: the window around row
/// `selected`, with a dim "more" line above or below naming how many of the rows that
/// `counted` says are worth counting are out of sight; the line below is the pane's
/// last.
pub fn fit(
    rows: Vec<Vec<Line<'static>>>,
    counted: &[bool],
    selected: usize,
    height: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let heights: Vec<usize> = rows.iter().map(Vec::len).collect();
    let shown = window(&heights, selected, height);
    let mut start_of = 0;
    let (mut hidden_above, mut hidden_below) = (0, 0);
    for (i, rows_height) in heights.iter().enumerate() {
        let end_of = start_of + rows_height;
        if counted.get(i).copied().unwrap_or(true) {
            if start_of < shown.lines.start {
                hidden_above += 1;
            } else if end_of > shown.lines.end {
                hidden_below += 1;
            }
        }
        start_of = end_of;
    }
    let more = |arrow: &str, count: usize| {
        let text = if count == 0 {
            format!("  {arrow} more")
        } else {
            format!("  {arrow} {count} more")
        };
        Line::styled(text, theme.dim)
    };
    let mut lines = Vec::with_capacity(height);
    if shown.above {
        lines.push(more("↑", hidden_above));
    }
    let all = rows.into_iter().flatten();
    lines.extend(
        all.skip(shown.lines.start)
            .take(shown.lines.end - shown.lines.start),
    );
    if shown.below {
        // The marker sits on the pane's last line, where a cut-off list would end.
        lines.resize(height.saturating_sub(1), Line::raw(""));
        lines.push(more("↓", hidden_below));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_fits_without_markers() {
        let shown = window(&[1, 2, 1], 2, 4);
        assert_eq!(
            (shown.lines, shown.above, shown.below),
            (0..4, false, false)
        );
    }

    #[test]
    fn the_selected_row_stays_whole_with_markers_for_the_rest() {
        // Ten one-line rows in five lines: at the top, four rows and "more below".
        let heights = [1; 10];
        let top = window(&heights, 0, 5);
        assert_eq!((top.lines, top.above, top.below), (0..4, false, true));
        // In the middle: a marker each side and three rows.
        let middle = window(&heights, 5, 5);
        assert_eq!(
            (middle.lines, middle.above, middle.below),
            (3..6, true, true)
        );
        // At the bottom: "more above" and the last four rows.
        let bottom = window(&heights, 9, 5);
        assert_eq!(
            (bottom.lines, bottom.above, bottom.below),
            (6..10, true, false)
        );
        // A two-line row is never cut when selected.
        let tall = window(&[1, 1, 1, 2, 1], 3, 4);
        assert!(tall.lines.start <= 3 && tall.lines.end >= 5, "{tall:?}");
        // Nor is any other row cut beside a marker: the window ends at a row's edge.
        let rows = window(&[2, 2, 2, 2], 0, 6);
        assert_eq!((rows.lines, rows.below), (0..4, true));
    }

    #[test]
    fn the_lines_shown_match_what_fit_draws() {
        let theme = Theme::monochrome();
        let heights = [1, 2, 1, 1, 2, 1, 1, 1];
        let rows: Vec<Vec<Line<'static>>> = heights
            .iter()
            .scan(0, |n, &h| {
                let row = (0..h)
                    .map(|k| Line::raw(format!("line {}", *n + k)))
                    .collect();
                *n += h;
                Some(row)
            })
            .collect();
        for selected in 0..heights.len() {
            let drawn = fit(rows.clone(), &[true; 8], selected, 5, &theme);
            let shown = shown_lines(&heights, selected, 5);
            assert_eq!(drawn.len(), shown.len(), "{selected}");
            for (line, at) in drawn.iter().zip(&shown) {
                match at {
                    Some(n) => assert_eq!(line.to_string(), format!("line {n}")),
                    None => assert!(!line.to_string().starts_with("line"), "{line}"),
                }
            }
        }
    }

    #[test]
    fn the_markers_count_the_rows_out_of_sight() {
        let theme = Theme::monochrome();
        let rows: Vec<Vec<Line<'static>>> = (0..10)
            .map(|i| vec![Line::raw(format!("row {i}"))])
            .collect();
        let counted = [true; 10];
        let lines = fit(rows, &counted, 5, 5, &theme);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["  ↑ 3 more", "row 3", "row 4", "row 5", "  ↓ 4 more"]
        );
    }
}
