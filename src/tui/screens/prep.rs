//! "Since my last session": the same summary `between prep` writes, to read before
//! a session (private entries left out, as in the written one).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::State;
use crate::tui::draw::{markdown, pane};
use crate::tui::theme::Theme;

/// Draws the summary since the last session; returns how far it scrolls.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16, theme: &Theme) -> u16 {
    let inner = pane(frame, area, "Since my last session", true, theme);
    let text = state.derived.prep.get().map(String::as_str);
    // The title is the pane's.
    markdown(frame, inner, text.unwrap_or_default(), (1, scroll), theme)
}
