//! The questions the app asks before doing something that cannot be undone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::Confirm;
use crate::tui::draw::popup;
use crate::tui::theme::Theme;

/// Draws the question over `area`.
pub fn draw(frame: &mut Frame, area: Rect, question: &Confirm, theme: &Theme) {
    let (title, text, keys): (&str, &str, &[(&str, &str)]) = match question {
        Confirm::LeaveRunner => (
            "Leave this exercise?",
            "Your answers so far can wait for you as a draft.",
            &[
                ("y", "keep a draft and leave"),
                ("d", "discard my answers"),
                ("Esc", "stay"),
            ],
        ),
        Confirm::Delete(_) => (
            "Delete this entry?",
            "It will no longer show in your journal or in any report.",
            &[("y", "delete"), ("n Esc", "keep it")],
        ),
        Confirm::Resume(_) => (
            "You have a draft",
            "You started this exercise before and your answers were kept.",
            &[
                ("r Enter", "go on where I left off"),
                ("n", "start afresh (the draft is removed)"),
                ("Esc", "cancel"),
            ],
        ),
        Confirm::ReplacePack { changes, .. } => (
            "Replace the installed version?",
            changes.as_str(),
            &[("y", "replace it"), ("n Esc", "keep the installed one")],
        ),
        Confirm::Quit => (
            "Quit?",
            "Your answers to this exercise will be kept as a draft.",
            &[("y", "keep a draft and quit"), ("n Esc", "stay")],
        ),
    };
    let height = u16::try_from(keys.len() + 6).unwrap_or(10);
    let inner = popup(frame, area, 54, height, title, theme);
    let mut lines = vec![Line::styled(text, theme.text), Line::raw("")];
    lines.extend(keys.iter().map(|(key, what)| {
        Line::from(vec![
            Span::styled(format!("  {key:<8}"), theme.key),
            Span::styled(*what, theme.text),
        ])
    }));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
