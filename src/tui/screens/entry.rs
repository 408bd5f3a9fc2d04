//! One journal entry in full: every prompt and answer, the flags, the id.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::journal::EntryId;
use crate::journal::export::{Shown, belonging_to, markdown_entry, markdown_plan_history};
use crate::tui::app::State;
use crate::tui::draw::{markdown, pane};
use crate::tui::theme::Theme;

/// Draws the entry `id`; returns how far it scrolls (see [`markdown`]).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
    id: &EntryId,
    scroll: u16,
) -> u16 {
    let inner = pane(frame, area, "Entry", true, theme);
    let Some(entry) = state.journal.get(id) else {
        frame.render_widget(
            Paragraph::new("This entry is no longer in the journal.").style(theme.dim),
            inner,
        );
        return 0;
    };
    let mut text = String::new();
    markdown_entry(&mut text, entry, Shown::ALONE);
    let belonging = belonging_to(&state.journal, entry);
    markdown_plan_history(&mut text, entry, &belonging);
    markdown(frame, inner, &text, (0, scroll), theme)
}
