//! "Since my last session": the same summary `between prep` writes, to read before
//! a session (private entries left out, as in the written one).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::practice::prep::{markdown, since_last_session};
use crate::tui::app::State;
use crate::tui::theme::Theme;
use crate::tui::view::{markdown_line, pane};

/// Draws the summary since the last session.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let inner = pane(frame, area, "Since my last session", true, theme);
    let shared = crate::practice::Shared::new(&state.journal, false);
    let summary = since_last_session(&shared);
    let text = markdown(&summary);
    let lines: Vec<Line> = crate::sanitize::text(&text)
        .lines()
        .skip(1) // the title is the pane's
        .map(|line| markdown_line(line, theme))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((state.entry_scroll, 0)),
        inner,
    );
}
