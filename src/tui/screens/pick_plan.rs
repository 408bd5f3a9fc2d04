//! Choosing the plan to log a try of.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::home::active_plans;
use crate::tui::app::{State, Target};
use crate::tui::draw::{popup, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the list of plans over `area`, with `cursor` selected, to try or to review;
/// each plan in sight can be clicked.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    cursor: usize,
    review: bool,
    theme: &Theme,
    hits: &mut Hits,
) {
    let plans = active_plans(state);
    let height = u16::try_from(plans.len() + 4).unwrap_or(u16::MAX).min(16);
    let title = if review {
        "Look back on which plan?"
    } else {
        "Log a try of which plan?"
    };
    let inner = popup(frame, area, 70, height, title, theme);
    let rows = usize::from(inner.height.saturating_sub(2));
    let shown = visible(plans.len(), cursor, rows);
    let list = Rect {
        height: u16::try_from(rows).unwrap_or(u16::MAX),
        ..inner
    };
    hits.rows(list, shown.clone(), 1, Target::Plan);
    let mut lines: Vec<Line> = shown
        .map(|i| {
            let selected = i == cursor;
            let marker = if selected { theme.cursor() } else { "  " };
            let style = if selected { theme.selected } else { theme.text };
            let title = crate::sanitize::text(&plans[i].display_title()).replace('\n', " ");
            Line::styled(truncate(&format!("{marker}{title}"), inner.width), style)
        })
        .collect();
    lines.push(Line::raw(""));
    let action = if review {
        "look back on it"
    } else {
        "log a try of it"
    };
    lines.push(Line::styled(
        format!("Enter: {action} · Esc: cancel"),
        theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
