//! Find an exercise: the search line, then each exercise that matches with its area,
//! time and technique, the selected one with its summary.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::find::FindView;
use crate::tui::app::{State, Target};
use crate::tui::draw::pane;
use crate::tui::hits::Hits;
use crate::tui::scrolled;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the search; each result in sight, both its lines, can be clicked.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    view: &FindView,
    theme: &Theme,
    hits: &mut Hits,
) {
    let [search, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let inner = pane(frame, search, "Find an exercise", true, theme);
    let query = Line::from(vec![
        Span::styled("Words: ", theme.dim),
        Span::styled(crate::sanitize::text(&view.query).into_owned(), theme.text),
        Span::styled("▏", theme.key),
    ]);
    frame.render_widget(Paragraph::new(query), inner);
    let title = match view.results.len() {
        0 => "No exercise has these words".to_owned(),
        n => crate::words::count(n, "exercise", "exercises"),
    };
    let inner = pane(frame, list, &title, false, theme);
    if view.results.is_empty() {
        let hint = "Try fewer words, or other ones: a feeling, a method (\"Gottman\"), an area.";
        let hint = Paragraph::new(hint)
            .style(theme.dim)
            .wrap(Wrap { trim: true });
        frame.render_widget(hint, inner);
        return;
    }
    let width = inner.width.saturating_sub(2);
    let areas = state.catalog.areas();
    let near = view.cursor.saturating_sub(usize::from(inner.height))
        ..view.cursor + usize::from(inner.height);
    let rows: Vec<Vec<Line<'static>>> = view
        .results
        .iter()
        .enumerate()
        .map(|(i, (pack, exercise))| {
            let found = near.contains(&i).then(|| {
                state
                    .catalog
                    .exercises()
                    .find(|f| &f.pack.pack.id == pack && &f.exercise.id == exercise)
            });
            let Some(Some(found)) = found else {
                return vec![Line::raw(""), Line::raw("")];
            };
            let selected = i == view.cursor;
            let marker = if selected { theme.cursor() } else { "  " };
            let style = if selected { theme.selected } else { theme.text };
            let area = areas
                .iter()
                .find(|a| a.decl.id == found.exercise.area)
                .map_or(found.exercise.area.as_str(), |a| a.decl.title.as_str());
            let about = if selected {
                found.exercise.summary.as_str()
            } else {
                found.exercise.technique.as_str()
            };
            let first = format!("{marker}{}", crate::sanitize::text(&found.exercise.title));
            let second = format!(
                "    {} min · {} · {}",
                found.exercise.minutes,
                crate::sanitize::text(area),
                crate::sanitize::text(about)
            );
            vec![
                Line::styled(truncate(&first, inner.width), style),
                Line::styled(truncate(&second, width + 2), theme.dim),
            ]
        })
        .collect();
    let counted = vec![true; rows.len()];
    let heights = vec![2; rows.len()];
    let height = usize::from(inner.height);
    for (y, line) in (inner.y..).zip(scrolled::shown_lines(&heights, view.cursor, height)) {
        if let Some(line) = line {
            hits.add(
                Rect::new(inner.x, y, inner.width, 1),
                Target::Found(line / 2),
            );
        }
    }
    let lines = scrolled::fit(
        rows,
        &counted,
        view.cursor,
        usize::from(inner.height),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
