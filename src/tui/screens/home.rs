//! Home: the work areas with what you did in each, recent entries, entries to discuss.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::journal::{Entry, EntryId, Journal, Kind};
use crate::tui::app::home::{recent, to_discuss};
use crate::tui::app::{HomePane, State};
use crate::tui::draw::{pane, visible};
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws home.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    draw_areas(frame, left, state, theme);
    let recent_pane = EntryPane {
        title: "Recent entries",
        ids: recent(state),
        journal: &state.journal,
        cursor: state.home.recent,
        focused: state.home.pane == HomePane::Recent,
        empty: "Nothing yet. Open an area and try an exercise.",
    };
    recent_pane.draw(frame, top, theme);
    let discuss_pane = EntryPane {
        title: "To discuss in your next session",
        ids: to_discuss(state),
        journal: &state.journal,
        cursor: state.home.discuss,
        focused: state.home.pane == HomePane::Discuss,
        empty: "Mark an entry with d in the journal to bring it up.",
    };
    discuss_pane.draw(frame, bottom, theme);
}

fn draw_areas(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.home.pane == HomePane::Areas;
    let inner = pane(frame, area, "Areas", focused, theme);
    let areas = state.catalog.areas();
    let mut lines = Vec::new();
    for (i, a) in areas.iter().enumerate() {
        let done = state
            .derived
            .home
            .get()
            .and_then(|f| f.done.get(i).copied())
            .unwrap_or(0);
        let selected = i == state.home.area;
        let marker = if selected && focused {
            theme.cursor()
        } else {
            "  "
        };
        let style = if selected && focused {
            theme.selected
        } else {
            theme.text
        };
        let count = if done == 0 {
            String::new()
        } else {
            format!(" · {done} done")
        };
        let width = inner.width;
        let title = truncate(&format!("{marker}{} {}", i + 1, a.decl.title), width);
        let left = width.saturating_sub(title.chars().count() as u16);
        let count = if count.chars().count() <= usize::from(left) {
            count
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(title, style),
            Span::styled(count, theme.dim),
        ]));
    }
    if let Some(selected) = areas.get(state.home.area) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(selected.decl.summary.clone(), theme.dim));
    }
    let figures = state.derived.home.get();
    let (due, homework) = figures
        .map(|f| (f.due.as_slice(), f.homework.as_slice()))
        .unwrap_or_default();
    if let Some(line) = figures.and_then(|f| f.session_homework.as_ref()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Session homework", theme.title));
        lines.push(Line::styled(line.clone(), theme.key));
    }
    for assignment in homework {
        lines.push(Line::raw(""));
        lines.push(Line::styled(assignment.heading.clone(), theme.title));
        if let Some(note) = &assignment.note {
            lines.push(Line::styled(note.clone(), theme.dim));
        }
        for item in &assignment.items {
            lines.push(Line::styled(format!("• {item}"), theme.key));
        }
    }
    if !due.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Due", theme.title));
        for line in due {
            lines.push(Line::styled(format!("• {line}"), theme.key));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// One line for an entry: its date and title (the kind too, unless it is an exercise,
/// whose title says what it was).
pub fn entry_line(entry: &Entry, width: usize) -> String {
    let title = crate::sanitize::text(&entry.display_title()).replace('\n', " ");
    let line = match entry.kind {
        Kind::Exercise => format!("{}  {title}", entry.created.format("%-d %b")),
        kind => format!(
            "{}  {}: {title}",
            entry.created.format("%-d %b"),
            kind.name()
        ),
    };
    truncate(&line, u16::try_from(width).unwrap_or(u16::MAX))
}

/// A pane listing entries with a cursor.
struct EntryPane<'a> {
    title: &'a str,
    /// The entries listed; only the rows in sight are looked up.
    ids: &'a [EntryId],
    journal: &'a Journal,
    cursor: usize,
    focused: bool,
    empty: &'a str,
}

impl EntryPane<'_> {
    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner = pane(frame, area, self.title, self.focused, theme);
        if self.ids.is_empty() {
            let text = Paragraph::new(self.empty)
                .style(theme.dim)
                .wrap(Wrap { trim: true });
            frame.render_widget(text, inner);
            return;
        }
        let width = usize::from(inner.width.saturating_sub(2));
        let lines: Vec<Line> = visible(self.ids.len(), self.cursor, usize::from(inner.height))
            .filter_map(|i| {
                let entry = self.journal.get(&self.ids[i])?;
                let selected = self.focused && i == self.cursor;
                let marker = if selected { theme.cursor() } else { "  " };
                let style = if selected { theme.selected } else { theme.text };
                Some(Line::styled(
                    format!("{marker}{}", entry_line(entry, width)),
                    style,
                ))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
