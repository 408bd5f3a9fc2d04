//! The report screen: the entries it can hold, each in or left out, and the report
//! exactly as it will be written.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::State;

use crate::tui::draw::pane;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the list of entries and the preview; returns how far the preview scrolls.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> u16 {
    let [list, preview] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Min(4)]).areas(area);
    let inner = pane(
        frame,
        list,
        "What goes in (x leaves out or adds, n a note)",
        true,
        theme,
    );
    let (all, markdown) = state
        .report
        .shown
        .get()
        .map(|s| (s.candidates.as_slice(), s.markdown.as_str()))
        .unwrap_or_default();
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing of this homework is in your journal yet.").style(theme.dim),
            inner,
        );
    }
    let rows: Vec<Vec<Line<'static>>> = all
        .iter()
        .enumerate()
        .map(|(i, candidate)| {
            let selected = i == state.report.cursor;
            let marker = if selected { theme.cursor() } else { "  " };
            let left_out = !candidate.is_in(&state.report);
            let mark = match (left_out, candidate.extra) {
                (false, _) => "[x] ",
                (true, true) => "[ ] ",
                (true, false) => "[ ] left out · ",
            };
            let style = if selected {
                theme.selected
            } else if left_out {
                theme.dim
            } else {
                theme.text
            };
            vec![Line::styled(
                truncate(&format!("{marker}{mark}{}", candidate.label), inner.width),
                style,
            )]
        })
        .collect();
    // More entries than the pane holds: "↓ 2 more" says so, as home's panes do.
    let counted = vec![true; rows.len()];
    let lines = crate::tui::scrolled::fit(
        rows,
        &counted,
        state.report.cursor,
        usize::from(inner.height),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);

    let title = if state.report.summary_only {
        "The report, counts only (w writes it)"
    } else {
        "The report (w writes it)"
    };
    let inner = pane(frame, preview, title, false, theme);
    crate::tui::draw::markdown(frame, inner, markdown, (0, state.report.scroll), theme)
}
