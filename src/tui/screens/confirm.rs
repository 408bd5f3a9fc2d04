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
            "It will no longer show in your journal or in any report. Erase now also \
             removes its text, every revision of it, from the journal's files in \
             between's data directory at once (a plain delete leaves it in the journal \
             file until it is compacted). Not touched: copies elsewhere (backups, synced \
             copies, exported files), reports already written, and quarantine/.",
            &[
                ("y", "delete"),
                ("e", "delete and erase now"),
                ("n Esc", "keep it"),
            ],
        ),
        Confirm::EraseOld(_) => (
            "Erase the old text now?",
            "Your edit is saved. What the entry said before is still in the journal's \
             files in between's data directory until they are compacted. Erasing now \
             rewrites them with only the newest text of each entry. Not touched: copies \
             elsewhere (backups, synced copies, exported files) and reports already \
             written.",
            &[("y", "erase the old text now"), ("n Esc", "not now")],
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
    // The text is wrapped to the popup's width, and the popup is as tall as it needs.
    let width = 54.min(area.width);
    let mut lines =
        crate::tui::widgets::lines::paragraph(text, width.saturating_sub(2), theme.text);
    let height = u16::try_from(lines.len() + keys.len() + 5).unwrap_or(u16::MAX);
    let inner = popup(frame, area, width, height, title, theme);
    lines.push(Line::raw(""));
    lines.extend(keys.iter().map(|(key, what)| {
        Line::from(vec![
            Span::styled(format!("  {key:<8}"), theme.key),
            Span::styled(*what, theme.text),
        ])
    }));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
