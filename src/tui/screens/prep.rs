//! "Since my last session": the same summary `between prep` writes, to read before
//! a session (private entries left out, as in the written one); and the other pages
//! the app reads as Markdown the command line prints too (a strategy's history, the
//! sessions), drawn the same way.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::State;
use crate::tui::draw::{markdown, pane};
use crate::tui::theme::Theme;

/// Draws the summary since the last session; returns how far it scrolls.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16, theme: &Theme) -> u16 {
    let text = state.derived.prep.get().map(String::as_str);
    draw_page(frame, area, "Since my last session", text, scroll, theme)
}

/// Draws a Markdown `page` scrolled by `scroll`, its heading (its first line) as the
/// pane's title, `title` until the page is ready; returns how far it scrolls.
pub fn draw_page(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    page: Option<&str>,
    scroll: u16,
    theme: &Theme,
) -> u16 {
    let page = page.unwrap_or_default();
    let heading = page
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# "))
        .map_or(std::borrow::Cow::Borrowed(title), crate::sanitize::text);
    let inner = pane(frame, area, &heading, true, theme);
    markdown(frame, inner, page, (1, scroll), theme)
}
