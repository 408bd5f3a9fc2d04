//! Drawing helpers the screens share: the bordered pane and the popup box, the window
//! of a list that keeps the cursor in sight, and Markdown the app made drawn with
//! styles. Screens use them; this module uses no screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;

/// A centred box of at most `width`×`height` inside `area`, cleared and bordered, for
/// overlays; returns the inner area.
pub fn popup(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A bordered pane, styled as focused or not; returns its inner area.
pub fn pane(frame: &mut Frame, area: Rect, title: &str, focused: bool, theme: &Theme) -> Rect {
    let marker = if focused { "▸ " } else { "" };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.focus } else { theme.border })
        .title(Span::styled(
            format!(" {marker}{title} "),
            if focused { theme.title } else { theme.dim },
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A line of Markdown made by the app (an entry, the session summary), drawn with
/// styles instead of its marks: headings, `_notes_` and `**prompts**`.
pub fn markdown_line(line: &str, theme: &Theme) -> Line<'static> {
    let heading = line.trim_start_matches('#');
    if heading.len() < line.len() && heading.starts_with(' ') {
        return Line::styled(heading.trim_start().to_owned(), theme.title);
    }
    if let Some(marks) = line.strip_prefix('_').and_then(|l| l.strip_suffix('_')) {
        return Line::styled(marks.to_owned(), theme.dim);
    }
    if let Some(prompt) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
        return Line::styled(prompt.to_owned(), theme.key);
    }
    Line::styled(line.to_owned(), theme.text)
}

/// The rows of a list to draw: a window of `height` rows that keeps `cursor` visible.
pub fn visible(len: usize, cursor: usize, height: usize) -> std::ops::Range<usize> {
    if len <= height {
        return 0..len;
    }
    let start = cursor
        .saturating_sub(height.saturating_sub(1))
        .min(len - height);
    let start = if cursor < start { cursor } else { start };
    start..(start + height).min(len)
}

/// Markdown the app made (an entry, the session summary, a report), made safe to
/// show, drawn with styles instead of its marks, wrapped, without its first `skip`
/// lines and scrolled by `scroll` rows.
pub fn markdown(text: &str, skip: usize, scroll: u16, theme: &Theme) -> Paragraph<'static> {
    let lines: Vec<Line> = crate::sanitize::text(text)
        .lines()
        .skip(skip)
        .map(|line| markdown_line(line, theme))
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
}
