//! After a session is recorded: which of the entries flagged to discuss were talked
//! about.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::journal::EntryId;
use crate::tui::app::{State, keys};
use crate::tui::draw::{popup, visible};
use crate::tui::screens::home::entry_line;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::{paragraph, truncate};

/// Draws the flagged `entries` over `area`, each ticked or not, with `cursor` selected.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    entries: &[EntryId],
    ticked: &[bool],
    cursor: usize,
    theme: &Theme,
) {
    let width = area.width.min(70).saturating_sub(2);
    let mut head = paragraph("Which of these did you talk about?", width, theme.title);
    head.extend(paragraph(
        "Ticked ones lose their flag; the others stay flagged for next time.",
        width,
        theme.dim,
    ));
    head.push(Line::raw(""));
    // The window drawn is the state's.
    let bindings = state.overlay.as_ref().map_or_else(Vec::new, |overlay| {
        keys::overlay_bindings(&state.own_keys, overlay)
    });
    let hint = bindings
        .iter()
        .filter_map(|binding| binding.shown.clone())
        .map(|(key, what)| format!("{key} {what}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let hint = paragraph(&hint, width, theme.dim);
    let wanted = head.len() + entries.len() + 1 + hint.len() + 2;
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height);
    let inner = popup(frame, area, 70, height, "After the session", theme);
    let rows = usize::from(inner.height)
        .saturating_sub(head.len() + 1 + hint.len())
        .max(1);
    let mut lines = head;
    for i in visible(entries.len(), cursor, rows) {
        let selected = i == cursor;
        let marker = if selected { theme.cursor() } else { "  " };
        let style = if selected { theme.selected } else { theme.text };
        let mark = if ticked.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let what = state
            .journal
            .get(&entries[i])
            .map(|entry| entry_line(entry, usize::from(inner.width)))
            .unwrap_or_else(|| "(no longer in the journal)".to_owned());
        lines.push(Line::styled(
            truncate(&format!("{marker}{mark} {what}"), inner.width),
            style,
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(hint);
    frame.render_widget(Paragraph::new(lines), inner);
}
