//! The questions the app asks before doing something that cannot be undone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::keys::confirm_bindings;
use crate::tui::app::{Confirm, State, Target};
use crate::tui::draw::popup;
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;

/// Draws the question over `area`, with a line for each key of its table: a click on
/// the line does what the key does.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    question: &Confirm,
    theme: &Theme,
    hits: &mut Hits,
) {
    let (title, text) = match question {
        Confirm::LeaveRunner => (
            "Leave this exercise?",
            "Your answers so far can wait for you as a draft.",
        ),
        Confirm::Delete(_) => (
            "Delete this entry?",
            "It will no longer show in your journal or in any report. Erase now also \
             removes its text, every revision of it, from the journal's files in \
             between's data directory at once (a plain delete leaves it in the journal \
             file until it is compacted). Not touched: copies elsewhere (backups, synced \
             copies, exported files), reports already written, and quarantine/.",
        ),
        Confirm::EraseOld(_) => (
            "Erase the old text now?",
            "Your edit is saved. What the entry said before is still in the journal's \
             files in between's data directory until they are compacted. Erasing now \
             rewrites them with only the newest text of each entry. Not touched: copies \
             elsewhere (backups, synced copies, exported files) and reports already \
             written.",
        ),
        Confirm::Resume(_) => (
            "You have a draft",
            "You started this exercise before and your answers were kept.",
        ),
        Confirm::ReplacePack { changes, .. } => {
            ("Replace the installed version?", changes.as_str())
        }
        Confirm::Quit => (
            "Quit?",
            "Your answers to this exercise will be kept as a draft.",
        ),
    };
    // The text is wrapped to the popup's width, and the popup is as tall as it needs.
    let width = 54.min(area.width);
    let mut lines =
        crate::tui::widgets::lines::paragraph(text, width.saturating_sub(2), theme.text);
    let keys: Vec<_> = confirm_bindings(&state.own_keys, question)
        .into_iter()
        .filter_map(|binding| Some((binding.shown?, binding.action?)))
        .collect();
    let height = u16::try_from(lines.len() + keys.len() + 5).unwrap_or(u16::MAX);
    let inner = popup(frame, area, width, height, title, theme);
    lines.push(Line::raw(""));
    // Each key's line, one row each (they are short), is its answer, and only it: the
    // text above is not, however it reads.
    for (y, (_, action)) in (inner.y..).skip(lines.len()).zip(&keys) {
        let line = Rect::new(inner.x, y, inner.width, 1).intersection(inner);
        hits.add(line, Target::Answer(*action));
    }
    lines.extend(keys.iter().map(|((key, what), _)| {
        Line::from(vec![
            Span::styled(format!("  {key:<8}"), theme.key),
            Span::styled(*what, theme.text),
        ])
    }));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
