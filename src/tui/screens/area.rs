//! An area: what it is about, and its exercises with time, technique and your history.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::area::exercises;
use crate::tui::app::{AreaView, State, Target};
use crate::tui::draw::{pane, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// What the area is about: its own pack's introduction (or its summary), then what
/// each other pack with exercises here says of itself, e.g. a therapist's homework.
fn about(state: &State, id: &str) -> String {
    let own = state
        .catalog
        .pack(id)
        .map(|p| {
            p.pack
                .intro
                .clone()
                .unwrap_or_else(|| p.pack.description.clone())
        })
        .or_else(|| {
            state
                .catalog
                .areas()
                .into_iter()
                .find(|a| a.decl.id == id)
                .map(|a| a.decl.summary)
        })
        .unwrap_or_default();
    let others = state.catalog.packs().iter().filter(|loaded| {
        loaded.pack.id != id && loaded.pack.exercises.iter().any(|e| e.area == id)
    });
    let mut about = own;
    for loaded in others {
        let pack = &loaded.pack;
        about.push_str(&format!(
            "\n\nFrom \"{}\": {}",
            pack.title, pack.description
        ));
        if let Some(intro) = &pack.intro {
            about.push_str(&format!("\n\n{intro}"));
        }
    }
    about
}

/// Draws the open area.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    view: &AreaView,
    theme: &Theme,
    hits: &mut Hits,
) {
    let about = about(state, &view.id);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Min(6)]).areas(area);
    let inner = pane(frame, top, "About this area", false, theme);
    let about: Vec<Line> = crate::sanitize::text(&about)
        .lines()
        .map(|line| Line::styled(line.trim().to_owned(), theme.text))
        .collect();
    let about = crate::tui::draw::fold(about, inner.width);
    frame.render_widget(Paragraph::new(about).scroll((view.scroll, 0)), inner);
    let list = exercises(state, &view.id);
    let inner = pane(frame, bottom, "Exercises", true, theme);
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new("No exercises in this area yet.").style(theme.dim),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height / 2).max(1);
    let mut lines = Vec::new();
    let shown = visible(list.len(), view.cursor, rows);
    hits.rows(inner, shown.clone(), 2, Target::Exercise);
    for i in shown {
        let found = list[i];
        let exercise_key = (found.pack.pack.id.clone(), found.exercise.id.clone());
        let done = state
            .derived
            .done
            .get()
            .and_then(|done| done.get(&exercise_key));
        let history = match done {
            None => "not done yet".to_owned(),
            Some(done) => format!(
                "done {} {}, last on {}",
                done.times,
                if done.times == 1 { "time" } else { "times" },
                done.last.format("%-d %b %Y")
            ),
        };
        let selected = i == view.cursor;
        let marker = if selected { theme.cursor() } else { "  " };
        let style = if selected { theme.selected } else { theme.text };
        let key = crate::tui::app::runner::draft_key(&found.pack.pack.id, &found.exercise.id);
        let draft = if state.drafts.contains(&key) {
            "  (draft saved)"
        } else {
            ""
        };
        let homework = state
            .derived
            .homework_from
            .get()
            .and_then(|from| from.get(&exercise_key))
            .map(|from| {
                // Who set it, if the row has room; else just that it is homework.
                let long = format!("  (homework from {from})");
                let room = usize::from(inner.width)
                    .saturating_sub(found.exercise.title.chars().count() + 2 + draft.len());
                if long.chars().count() <= room {
                    long
                } else {
                    "  (homework)".to_owned()
                }
            })
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", found.exercise.title), style),
            Span::styled(draft, theme.key),
            Span::styled(crate::sanitize::text(&homework).into_owned(), theme.key),
        ]));
        let detail = format!(
            "    {} min · {} · {history}",
            found.exercise.minutes, found.exercise.technique
        );
        lines.push(Line::styled(truncate(&detail, inner.width), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
