//! Drawing helpers the screens share: the bordered pane and the popup box, the window
//! of a list that keeps the cursor in sight, and Markdown the app made drawn with
//! styles. Screens use them; this module uses no screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::journal::query::Search;

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

/// A line of Markdown made by the app (an entry, the session summary, a report),
/// drawn with styles instead of its marks: headings, `_notes_`, `**prompts**`, list
/// dashes as bullets and `**bold**` inside a line.
pub fn markdown_line(line: &str, theme: &Theme) -> Line<'static> {
    let heading = line.trim_start_matches('#');
    if heading.len() < line.len() && heading.starts_with(' ') {
        return Line::styled(heading.trim_start().to_owned(), theme.title);
    }
    if let Some(marks) = line.strip_prefix('_').and_then(|l| l.strip_suffix('_')) {
        return Line::styled(marks.to_owned(), theme.dim);
    }
    if let Some(prompt) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**"))
        && !prompt.contains("**")
    {
        return Line::styled(prompt.to_owned(), theme.key);
    }
    // A list item's dash drawn as a bullet; the report's page one is a list.
    let (bullet, rest) = match line.strip_prefix("- ") {
        Some(rest) => ("• ", rest),
        None => ("", line),
    };
    let marks = rest.matches("**").count();
    if marks < 2 {
        return Line::styled(format!("{bullet}{rest}"), theme.text);
    }
    // `**bold**` inside a line, as the report writes each item's title: every other
    // part between marks is bold; an unpaired last mark stays as it is.
    let mut spans = vec![Span::styled(bullet.to_owned(), theme.text)];
    let paired = marks - marks % 2;
    let mut parts = rest.splitn(paired + 1, "**");
    let mut bold = false;
    for part in parts.by_ref() {
        let style = if bold {
            theme.text.add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            theme.text
        };
        spans.push(Span::styled(part.to_owned(), style));
        bold = !bold;
    }
    Line::from(spans)
}

/// `line` with the places `search` matches drawn in the theme's match style (a
/// match may run over several spans); marked before wrapping, so a phrase that
/// wraps stays marked.
pub fn marked(line: Line<'static>, search: &Search, theme: &Theme) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let hits = search.highlights(&text);
    if hits.is_empty() {
        return line;
    }
    let Line {
        spans: old,
        style,
        alignment,
    } = line;
    let mut spans = Vec::with_capacity(old.len() + 2 * hits.len());
    let mut start = 0;
    for span in old {
        let end = start + span.content.len();
        let mut at = start;
        for hit in hits.iter().filter(|h| h.start < end && h.end > start) {
            let (from, to) = (hit.start.max(start), hit.end.min(end));
            if from > at {
                spans.push(Span::styled(text[at..from].to_owned(), span.style));
            }
            spans.push(Span::styled(text[from..to].to_owned(), theme.matched));
            at = to;
        }
        if end > at {
            spans.push(Span::styled(text[at..end].to_owned(), span.style));
        }
        start = end;
    }
    Line {
        spans,
        style,
        alignment,
    }
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
/// show, drawn in `inner` with styles instead of its marks, wrapped, without its
/// first `skip` lines and scrolled by `scroll` rows, but never past the row that puts
/// its last line at the bottom. Returns how many rows the text is taller than
/// `inner` (how far it can scroll), which the shell hands back to `update` so a
/// scroll past the end stops there (see [`Hits::scrolled`](super::hits::Hits::scrolled)).
pub fn markdown(
    frame: &mut Frame,
    inner: Rect,
    text: &str,
    at: (usize, u16),
    theme: &Theme,
) -> u16 {
    markdown_found(frame, inner, text, at, theme, None)
}

/// [`markdown`], with the places `search` matches marked, if there is a search.
pub fn markdown_found(
    frame: &mut Frame,
    inner: Rect,
    text: &str,
    (skip, scroll): (usize, u16),
    theme: &Theme,
    search: Option<&Search>,
) -> u16 {
    let text = crate::sanitize::text(text);
    // The blank lines that end a Markdown text are no rows to scroll to.
    let lines: Vec<Line> = text
        .trim_end()
        .lines()
        .skip(skip)
        .map(|line| markdown_line(line, theme))
        .map(|line| match search {
            Some(search) => marked(line, search, theme),
            None => line,
        })
        .collect();
    let lines = fold(lines, inner.width);
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let overflow = rows.saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(overflow), 0)),
        inner,
    );
    overflow
}

/// Whether a hanging indent leaves room for words after `indent` in `width`.
fn rest_fits(width: usize, indent: &str) -> bool {
    (indent.len() + 2) * 2 < width
}

/// `lines` wrapped to `width` columns, each span keeping its style. Lines break where
/// Unicode allows (never before "。" or "、"), a wrapped line never starts with the
/// space it broke at, and a line's own indent is kept under it (and a bullet's "• "
/// too), so a list's second line stays under its first word. Draw the result without
/// ratatui's own wrapping.
pub fn fold(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).max(1);
    let mut folded = Vec::with_capacity(lines.len());
    for line in lines {
        let text: String = line
            .spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect();
        if textwrap::core::display_width(&text) <= width {
            folded.push(line);
            continue;
        }
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        let indent = if indent.len() * 2 >= width {
            String::new()
        } else {
            indent
        };
        // A bulleted line's later lines stand under its first word, not its bullet.
        let hang = if text[indent.len()..].starts_with("• ") && rest_fits(width, &indent) {
            "  "
        } else {
            ""
        };
        let rest = width - indent.len() - hang.len();
        let body = &text[indent.len()..];
        for (n, part) in textwrap::wrap(body, rest.max(1)).into_iter().enumerate() {
            let lead = if n == 0 {
                indent.clone()
            } else {
                format!("{indent}{hang}")
            };
            // Where the part is in the line, when textwrap lent it from there (an
            // empty part may point anywhere).
            let (base, at) = (body.as_ptr() as usize, part.as_ptr() as usize);
            let inside = at >= base && at + part.len() <= base + body.len();
            let start = match part {
                std::borrow::Cow::Borrowed(_) if inside => indent.len() + (at - base),
                _ => usize::MAX,
            };
            let mut spans = vec![Span::raw(lead)];
            if start == usize::MAX {
                let style = line.spans.first().map(|s| s.style).unwrap_or_default();
                spans.push(Span::styled(part.into_owned(), style));
            } else {
                spans.extend(styled_slice(&line, start, start + part.len()));
            }
            folded.push(Line::from(spans).style(line.style));
        }
    }
    folded
}

/// The spans of `line` cut to the bytes `start..end` of its text.
fn styled_slice(line: &Line<'static>, start: usize, end: usize) -> Vec<Span<'static>> {
    let mut at = 0;
    let mut spans = Vec::new();
    for span in &line.spans {
        let content = span.content.as_ref();
        let (from, to) = (at, at + content.len());
        at = to;
        let (cut_from, cut_to) = (start.max(from), end.min(to));
        if cut_from < cut_to {
            let piece = &content[cut_from - from..cut_to - from];
            spans.push(Span::styled(piece.to_owned(), span.style));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_report_line_shows_its_bold_title_and_a_bullet_without_the_marks() {
        let theme = Theme::color();
        let line = markdown_line("- **Calm your body**: asked 3 times a week.", &theme);
        assert_eq!(line.to_string(), "• Calm your body: asked 3 times a week.");
        let bold: Vec<&str> = line
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::BOLD))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(bold, ["Calm your body"]);
        // Wrapped, its later lines stand under its first word.
        let folded = fold(
            vec![markdown_line(
                "- **Calm**: asked three times a week",
                &theme,
            )],
            16,
        );
        assert_eq!(
            texts(&folded),
            ["• Calm: asked", "  three times a", "  week"]
        );
        // An unpaired mark is left as written.
        assert_eq!(
            markdown_line("a **b** c **d", &theme).to_string(),
            "a b c **d"
        );
    }

    #[test]
    fn folding_never_starts_a_line_with_a_space_or_a_closing_mark() {
        let lines = vec![Line::raw(
            "One sentence.  Two spaces after it, then more words.",
        )];
        for line in texts(&fold(lines, 16)) {
            assert!(!line.starts_with(' '), "{line:?}");
        }
        let japanese = vec![Line::raw("今日はいい天気ですね。とても良いです。")];
        let folded = texts(&fold(japanese, 20));
        assert!(folded.len() > 1, "{folded:?}");
        for line in &folded {
            assert!(!line.starts_with('。'), "{folded:?}");
            assert!(textwrap::core::display_width(line) <= 20, "{folded:?}");
        }
    }

    #[test]
    fn folding_a_line_of_spaces_or_a_long_word_is_safe() {
        for text in [
            " ".repeat(50),
            "x".repeat(50),
            format!("{}y", " ".repeat(30)),
        ] {
            let folded = fold(vec![Line::raw(text.clone())], 10);
            for line in texts(&folded) {
                assert!(
                    textwrap::core::display_width(&line) <= 10,
                    "{text:?}: {line:?}"
                );
            }
        }
        // No room at all: a character a line, never a panic.
        assert_eq!(fold(vec![Line::raw("abc")], 0).len(), 3);
    }

    #[test]
    fn folding_keeps_each_span_style_and_the_indent() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::raw("   2 "),
            Span::styled("(of 1 = shaky to 5 = steady)", bold),
        ]);
        let folded = fold(vec![line], 20);
        assert_eq!(texts(&folded), ["   2 (of 1 = shaky", "   to 5 = steady)"]);
        let styled: Vec<&Span> = folded[1].spans.iter().filter(|s| s.style == bold).collect();
        assert_eq!(styled.len(), 1);
        assert_eq!(styled[0].content, "to 5 = steady)");
    }
}
