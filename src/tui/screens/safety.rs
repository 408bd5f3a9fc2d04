//! Safety: the plain statement that this is not therapy or emergency help, and the
//! crisis resources from the safety data file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::safety::Safety;
use crate::tui::app::State;
use crate::tui::draw::popup;
use crate::tui::theme::Theme;

/// Draws the safety screen over `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    draw_text(frame, area, &state.safety, state.safety_scroll, theme);
}

/// Draws `safety` over `area`, scrolled by `scroll` lines; also for the lock screen,
/// where there is no app state.
pub fn draw_text(frame: &mut Frame, area: Rect, safety: &Safety, scroll: u16, theme: &Theme) {
    let inner = popup(frame, area, area.width, area.height, &safety.title, theme);
    // Where to get help comes first, so it shows even on the smallest screen.
    let mut lines = Vec::new();
    for resource in &safety.resources {
        lines.push(Line::from(vec![
            Span::styled(resource.name.clone(), theme.title),
            Span::raw(": "),
            Span::styled(resource.contact.clone(), theme.key),
        ]));
        lines.push(Line::styled(format!("  {}", resource.note), theme.dim));
    }
    // The app lets go of the mouse while this is open (`State::mouse_captured`).
    lines.push(Line::styled(
        "Select text with the mouse to copy it.",
        theme.dim,
    ));
    lines.push(Line::raw(""));
    lines.extend(
        safety
            .text
            .lines()
            .map(|l| Line::styled(l.to_owned(), theme.text)),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ scroll · Esc closes this. It is always one key away: ! or Ctrl-G.",
        theme.dim,
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
