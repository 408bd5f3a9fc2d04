//! The first-run welcome: what this is, what it is not, where the data lives.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::State;
use crate::tui::draw::pane;
use crate::tui::theme::Theme;

/// Draws the welcome.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let inner = pane(frame, area, "Welcome", true, theme);
    let dir = crate::sanitize::text(&state.data_dir.display().to_string()).into_owned();
    let text = Text::from(vec![
        Line::styled(
            "This is a quiet place to work on your relationship between sessions.",
            theme.title,
        ),
        Line::raw(""),
        Line::raw(
            "You will find guided exercises in seven areas, a private journal of what you tried and what happened, and a way to bring a summary to your therapist.",
        ),
        Line::raw(""),
        Line::styled(
            "between is not therapy, and it is not for emergencies.",
            theme.warning,
        ),
        Line::raw(
            "If you are in danger or in crisis, press ! at any time for people who can help right now.",
        ),
        Line::raw(""),
        Line::raw("Everything you write stays on this computer, in:"),
        Line::from(Span::styled(format!("  {dir}"), theme.key)),
        Line::raw("Nothing is ever sent anywhere."),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Press Enter", theme.key),
            Span::raw(" to begin."),
        ]),
    ]);
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.text)
            .wrap(Wrap { trim: false }),
        inner,
    );
}
