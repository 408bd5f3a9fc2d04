//! The journal browser: the filter bar, the search as you type, and one line per entry.
//! Only the visible rows are formatted, however long the journal.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::journal::entry::first_words;
use crate::journal::query::Search;
use crate::tui::app::{State, Target};
use crate::tui::draw::{pane, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;

/// Draws the journal browser.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let browser = &state.browser;
    let [bar, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let results = browser.results.get().map(Vec::as_slice).unwrap_or_default();
    let cursor = if browser.typing { "█" } else { "" };
    let search_style = if browser.typing {
        theme.selected
    } else {
        theme.text
    };
    let [first, second] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(bar);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" Search (/): ", theme.dim),
            Span::styled(format!("{}{cursor}", browser.search), search_style),
            Span::styled(
                format!("   {} of {} entries", results.len(), state.journal.len()),
                theme.dim,
            ),
        ]),
        first,
    );
    frame.render_widget(
        Line::styled(
            format!(
                " area (a): {}   kind (c): {}   tag (t): {}   date (r): {}",
                browser.area.as_deref().unwrap_or("any"),
                browser.kind.map_or("any", |k| k.name()),
                browser.tag.as_deref().unwrap_or("any"),
                browser.range.label()
            ),
            theme.dim,
        ),
        second,
    );
    let inner = pane(frame, list, "Entries, newest first", !browser.typing, theme);
    if results.is_empty() {
        let text = if state.journal.is_empty() {
            "Your journal is empty. Entries appear here when you finish an exercise."
        } else {
            "No entries match. Press 0 to clear the filters, Esc to clear the search."
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim), inner);
        return;
    }
    let search = Search::new(&browser.search);
    let width = usize::from(inner.width);
    let shown = visible(results.len(), browser.cursor, usize::from(inner.height));
    hits.rows(inner, shown.clone(), 1, Target::Entry);
    let lines: Vec<Line> = shown
        .filter_map(|i| {
            let entry = state.journal.get(&results[i])?;
            let selected = i == browser.cursor;
            let marker = if selected { theme.cursor() } else { "  " };
            let style = if selected { theme.selected } else { theme.text };
            let flags = format!(
                "{}{}",
                if entry.discuss { "◆" } else { " " },
                if entry.private { "🔒" } else { "  " }
            );
            // Where the search matched, in context; else the start of the text.
            let matched = search
                .words()
                .first()
                .and_then(|word| in_context(entry, word))
                .map(|snippet| crate::sanitize::text(&snippet).replace('\n', " "));
            // A note's title is its first words: the match in context takes its place.
            let title = match (&matched, &entry.title) {
                (Some(snippet), None) => snippet.clone(),
                _ => crate::sanitize::text(&entry.display_title()).replace('\n', " "),
            };
            let mut text = format!(
                "{marker}{} {flags} {:<8} {:<16} {title}",
                entry.created.format("%Y-%m-%d"),
                entry.kind.name(),
                entry.area.as_deref().unwrap_or("-"),
            );
            if let (Some(snippet), Some(_)) = (&matched, &entry.title) {
                text.push_str(" — ");
                text.push_str(snippet);
            } else if matched.is_none()
                && entry.title.is_some()
                && let Some(words) = entry.first_text()
            {
                text.push_str(" — ");
                text.push_str(&crate::sanitize::text(&first_words(words, 8)).replace('\n', " "));
            }
            let text: String = text.chars().take(width).collect();
            Some(highlighted(&text, &search, style, theme))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The words around the first place `word` (lower case) occurs in the entry's texts:
/// a few words before it, then the rest; None when the title already shows it or no
/// text has it.
fn in_context(entry: &crate::journal::Entry, word: &str) -> Option<String> {
    if entry.display_title().to_lowercase().contains(word) {
        return None;
    }
    crate::journal::query::texts(entry)
        .into_iter()
        .find_map(|text| {
            let words: Vec<&str> = text.split_whitespace().collect();
            let at = words.iter().position(|w| w.to_lowercase().contains(word))?;
            let from = at.saturating_sub(4);
            let lead = if from > 0 { "…" } else { "" };
            Some(format!("{lead}{}", words[from..].join(" ")))
        })
}

/// The line with the search's matches marked.
fn highlighted(
    text: &str,
    search: &Search,
    style: ratatui::style::Style,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::new();
    let mut at = 0;
    for hit in search.highlights(text) {
        spans.push(Span::styled(text[at..hit.start].to_owned(), style));
        spans.push(Span::styled(text[hit.clone()].to_owned(), theme.matched));
        at = hit.end;
    }
    spans.push(Span::styled(text[at..].to_owned(), style));
    Line::from(spans)
}
