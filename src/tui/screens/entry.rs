//! One journal entry in full: every prompt and answer, the flags, the id; opened
//! from the journal's search, with the search's matches marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::journal::EntryId;
use crate::journal::export::{When, markdown_entry, markdown_plan_history};
use crate::journal::query::Search;
use crate::tui::app::State;
use crate::tui::draw::{markdown_found, pane};
use crate::tui::theme::Theme;

/// Draws the entry `id`, marking where `search` matches if there is one; returns
/// how far it scrolls (see [`markdown_found`]).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
    (id, search): (&EntryId, Option<&Search>),
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
    markdown_entry(&mut text, entry, When::DayAndTime);
    markdown_plan_history(&mut text, &state.journal, entry);
    markdown_found(frame, inner, &text, (0, scroll), theme, search)
}
