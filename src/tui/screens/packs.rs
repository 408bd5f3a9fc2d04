//! The Packs screen: built-in and installed packs, and the line to add one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::pack::catalog::Origin;
use crate::tui::app::{State, Target};
use crate::tui::draw::{pane, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the packs and, while adding, the path being typed.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let [list, about, add] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Percentage(35),
        Constraint::Length(4),
    ])
    .areas(area);
    let typing = state.packs.typing.is_some();
    let inner = pane(frame, list, "Your packs", !typing, theme);
    let packs = state.catalog.packs();
    let rows = usize::from(inner.height / 2).max(1);
    let mut lines = Vec::new();
    let shown = visible(packs.len(), state.packs.cursor, rows);
    if !typing {
        hits.rows(inner, shown.clone(), 2, Target::Pack);
    }
    for i in shown {
        let loaded = &packs[i];
        let pack = &loaded.pack;
        let selected = i == state.packs.cursor;
        let marker = if selected { theme.cursor() } else { "  " };
        let style = if selected { theme.selected } else { theme.text };
        lines.push(Line::styled(
            truncate(&format!("{marker}{}", pack.title), inner.width),
            style,
        ));
        let origin = match loaded.origin {
            Origin::Builtin => "built in",
            Origin::Installed(_) => "installed",
        };
        let count = pack.exercises.len();
        let mut about = format!(
            "    {} · version {} · {origin} · {count} exercise{}",
            pack.id,
            pack.version,
            if count == 1 { "" } else { "s" }
        );
        if let Some(assignment) = &pack.assignment {
            about.push_str(&format!(" · homework from {}", assignment.from));
        }
        lines.push(Line::styled(truncate(&about, inner.width), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    draw_about(frame, about, state, theme);

    let inner = pane(frame, add, "Add a pack", typing, theme);
    let text = match &state.packs.typing {
        Some(typed) => Line::styled(format!("Path: {typed}▏"), theme.text),
        None => Line::styled(
            "Press a, then type or paste the path of a pack file (drag it here).",
            theme.dim,
        ),
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}

/// What the selected pack says of itself: its description and introduction.
fn draw_about(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let inner = pane(frame, area, "About this pack", false, theme);
    let Some(loaded) = state.catalog.packs().get(state.packs.cursor) else {
        return;
    };
    let pack = &loaded.pack;
    let mut text = pack.description.clone();
    if let Some(intro) = &pack.intro {
        text.push_str("\n\n");
        text.push_str(intro);
    }
    let lines: Vec<Line> = crate::sanitize::text(&text)
        .lines()
        .map(|line| Line::styled(line.trim().to_owned(), theme.text))
        .collect();
    let lines = crate::tui::draw::fold(lines, inner.width);
    frame.render_widget(Paragraph::new(lines), inner);
}
