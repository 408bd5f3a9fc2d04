//! One journal entry in full: every prompt and answer, the flags, the id.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::journal::EntryId;
use crate::journal::export::markdown_entry;
use crate::tui::app::State;
use crate::tui::theme::Theme;
use crate::tui::view::{markdown_line, pane};

/// Draws the entry `id`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, id: &EntryId) {
    let inner = pane(frame, area, "Entry", true, theme);
    let Some(entry) = state.journal.get(id) else {
        frame.render_widget(
            Paragraph::new("This entry is no longer in the journal.").style(theme.dim),
            inner,
        );
        return;
    };
    let mut text = String::new();
    markdown_entry(&mut text, entry);
    let lines: Vec<Line> = crate::sanitize::text(&text)
        .lines()
        .map(|line| markdown_line(line, theme))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((state.entry_scroll, 0)),
        inner,
    );
}
