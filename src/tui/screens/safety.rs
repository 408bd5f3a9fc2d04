//! Safety: the plain statement that this is not therapy or emergency help, and the
//! crisis resources from the safety data file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::State;
use crate::tui::theme::Theme;
use crate::tui::view::popup;

/// Draws the safety screen over `area`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let safety = &state.safety;
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
            .scroll((state.safety_scroll, 0)),
        inner,
    );
}
