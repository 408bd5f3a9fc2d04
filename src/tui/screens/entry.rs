//! One journal entry in full: every prompt and answer, the flags, the id; above it,
//! its month and where it stands in that month of the journal list, to read on with
//! `n` and `p`; opened from the journal's search, with the search's matches marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::journal::EntryId;
use crate::journal::export::{
    Shown, belonging_to, markdown_conflict, markdown_entry, markdown_plan_history,
};
use crate::journal::practice::MONTH;
use crate::journal::query::Search;
use crate::tui::app::{State, browser};
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
    let title = match state.journal.get(id) {
        Some(entry) => heading(state, entry),
        None => "Entry".to_owned(),
    };
    let inner = pane(frame, area, &title, true, theme);
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
    markdown_conflict(&mut text, &state.journal, entry);
    markdown_found(frame, inner, &text, (0, scroll), theme, search)
}

/// "November 2025 · 3 of 41": the entry's month, and its place among that month's
/// entries in the journal list (the month alone when the list, as filtered, has not
/// got it).
fn heading(state: &State, entry: &crate::journal::Entry) -> String {
    let month = entry.created.format(MONTH).to_string();
    match browser::place(state, &entry.id) {
        Some(at) => {
            let (first, count) = browser::month_of(state, at);
            format!("{month} · {} of {count}", at - first + 1)
        }
        None => month,
    }
}
