//! An exercise before it is started: its steps and time, the same text as `between
//! show`, over the area screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::pack::describe::exercise_text;
use crate::tui::app::State;
use crate::tui::draw::popup;
use crate::tui::theme::Theme;

/// Draws exercise `exercise` of `pack` over `area`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    pack: &str,
    exercise: &str,
    theme: &Theme,
) {
    let found = state
        .catalog
        .exercises()
        .find(|f| f.pack.pack.id == pack && f.exercise.id == exercise);
    let title = found.map_or_else(|| "Exercise".to_owned(), |f| f.exercise.title.clone());
    let inner = popup(frame, area, area.width, area.height, &title, theme);
    let mut lines: Vec<Line> = match found {
        Some(found) => exercise_text(found)
            .lines()
            .map(|line| Line::styled(line.to_owned(), theme.text))
            .collect(),
        None => vec![Line::styled("This exercise is no longer there.", theme.dim)],
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ scroll · Esc closes this · Enter in the list starts it.",
        theme.dim,
    ));
    let lines = crate::tui::draw::fold(lines, inner.width);
    frame.render_widget(
        Paragraph::new(lines).scroll((state.safety_scroll, 0)),
        inner,
    );
}
