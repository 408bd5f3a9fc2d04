//! Help: every key of the screen underneath.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use std::borrow::Cow;

use crate::tui::app::keys::{keys, overlay_bindings};
use crate::tui::app::{Overlay, State};
use crate::tui::draw::popup;
use crate::tui::theme::Theme;

/// Draws the help over `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let keys = keys(state);
    let height = u16::try_from(keys.len() + 4).unwrap_or(u16::MAX);
    let inner = popup(frame, area, 56, height, "Keys", theme);
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                // A long key of one's own keeps a space before its words.
                Span::styled(
                    format!("  {key:<width$}", width = 14.max(key.chars().count() + 1)),
                    theme.key,
                ),
                Span::styled(*what, theme.text),
            ])
        })
        .collect();
    // The key that closes a window, as keys of one's own may have made it.
    let close = overlay_bindings(&state.own_keys, &Overlay::Help)
        .into_iter()
        .find(|binding| binding.go_on)
        .and_then(|binding| binding.shown)
        .map_or(Cow::Borrowed("Esc"), |(key, _)| key);
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("  {close} closes this."), theme.dim));
    frame.render_widget(Paragraph::new(lines), inner);
}
