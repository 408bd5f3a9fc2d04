//! A text in full over the screen, e.g. a therapist's note that home folds to a line:
//! its paragraphs as written, wrapped, scrolled with the arrows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::draw::popup;
use crate::tui::theme::Theme;

/// Draws `text` under `title` over `area`, scrolled by `scroll` rows.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, title: &str, text: &str, theme: &Theme) {
    let inner = popup(frame, area, area.width, area.height, title, theme);
    let mut lines: Vec<Line> = crate::sanitize::text(text)
        .lines()
        .map(|line| Line::styled(line.to_owned(), theme.text))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("↑↓ scroll · Esc closes this", theme.dim));
    let lines = crate::tui::draw::fold(lines, inner.width);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
