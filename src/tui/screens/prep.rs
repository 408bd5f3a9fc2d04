//! "Since my last session": the same summary `between prep` writes, to read before
//! a session (private entries left out, as in the written one).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::practice::prep::since_last_session;
use crate::tui::app::State;
use crate::tui::draw::{markdown, pane};
use crate::tui::theme::Theme;

/// Draws the summary since the last session.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let inner = pane(frame, area, "Since my last session", true, theme);
    let shared = crate::practice::Shared::new(&state.journal, false);
    let summary = since_last_session(&shared);
    let text = crate::practice::prep::markdown(&summary);
    // The title is the pane's.
    frame.render_widget(markdown(&text, 1, state.entry_scroll, theme), inner);
}
