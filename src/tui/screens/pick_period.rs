//! The period picker: the month, season or year chosen, and how to step.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::journal::period::{Period, Unit};
use crate::tui::draw::popup;
use crate::tui::keymap::{Action, Binding};
use crate::tui::theme::Theme;

/// Draws the picker over `area` with `period` chosen; `keys` are its keys (with the
/// user's own), which it names.
pub fn draw(frame: &mut Frame, area: Rect, period: Period, keys: &[Binding], theme: &Theme) {
    let inner = popup(frame, area, 46, 8, "Show which period?", theme);
    let unit = period.unit();
    let units: Vec<String> = [Unit::Month, Unit::Season, Unit::Year]
        .into_iter()
        .map(|u| {
            if u == unit {
                format!("[{}]", u.name())
            } else {
                u.name().to_owned()
            }
        })
        .collect();
    let days = match (period.first(), period.last()) {
        (Some(first), Some(last)) => format!(
            "{} to {}",
            first.format(crate::journal::practice::DAY),
            last.format(crate::journal::practice::DAY)
        ),
        _ => String::new(),
    };
    let said = |actions: &[Action]| crate::tui::keymap::said_of(keys, actions);
    let lines = vec![
        Line::styled(format!("◀  {}  ▶", period.label()), theme.selected),
        Line::styled(days, theme.dim),
        Line::styled(format!("by {}", units.join(" ")), theme.text),
        Line::styled(
            said(&[Action::EarlierPeriod, Action::LaterPeriod]),
            theme.dim,
        ),
        Line::styled(said(&[Action::PeriodUnit]), theme.dim),
        Line::styled(said(&[Action::Open, Action::Back]), theme.dim),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}
