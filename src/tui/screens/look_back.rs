//! Looking back on a year: the page `between look-back` writes (private entries left
//! out and counted), to read a year of one's own history; `[` and `]` go a year back
//! and forward.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::State;
use crate::tui::draw::{markdown, pane};
use crate::tui::theme::Theme;

/// Draws the look back; returns how far it scrolls.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16, theme: &Theme) -> u16 {
    let (title, text) = state
        .derived
        .look_back
        .get()
        .map_or(("Looking back", ""), |(title, text)| {
            (title.as_str(), text.as_str())
        });
    let inner = pane(frame, area, title, true, theme);
    // The title is the pane's.
    markdown(frame, inner, text, (1, scroll), theme)
}
