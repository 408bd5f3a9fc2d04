//! My strategies: every plan chain with its tries, average rating and latest
//! decision, what has worked best first — the living list a client and therapist
//! refine together.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::journal::practice::Decision;
use crate::tui::app::{State, Target};
use crate::tui::draw::{pane, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the strategies.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    cursor: usize,
    theme: &Theme,
    hits: &mut Hits,
) {
    let inner = pane(frame, area, "What has worked best first", true, theme);
    let all = state.derived.strategies.get().map(Vec::as_slice);
    let all = all.unwrap_or_default();
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No plans yet. Finish an exercise and press p to make its suggestion a plan.",
            )
            .style(theme.dim),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height / 2).max(1);
    let mut lines = Vec::new();
    let shown = visible(all.len(), cursor, rows);
    hits.rows(inner, shown.clone(), 2, Target::Strategy);
    for i in shown {
        let row = &all[i];
        let selected = i == cursor;
        let marker = if selected { theme.cursor() } else { "  " };
        let style = if selected { theme.selected } else { theme.text };
        lines.push(Line::styled(
            truncate(&format!("{marker}{}", row.title), inner.width),
            style,
        ));
        let rating = match (row.rating, row.tries) {
            (Some(r), _) => format!("{r:.1}/5 on average"),
            (None, 0) => "not tried yet".to_owned(),
            (None, _) => "no ratings".to_owned(),
        };
        let decision = match row.decision {
            Some(Decision::Drop) => " · dropped",
            Some(Decision::Adjust) => " · adjusted",
            Some(Decision::Keep) => " · kept",
            None => "",
        };
        let plans = if row.versions > 1 {
            format!(" · {} versions", row.versions)
        } else {
            String::new()
        };
        lines.push(Line::from(vec![Span::styled(
            format!(
                "    {} · {rating}{decision}{plans}",
                crate::words::count(row.tries, "try", "tries")
            ),
            theme.dim,
        )]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
