//! The journal browser: the filter bar, the search as you type, and one line per entry.
//! Only the visible rows are formatted, however long the journal.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::journal::entry::first_words;
use crate::journal::query::Search;
use crate::tui::app::{State, Target};
use crate::tui::draw::{marked, pane, visible};
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
                format!(
                    "   {} of {} entries{}",
                    results.len(),
                    state.journal.len(),
                    if browser.own_words {
                        "   in your own words only (w)"
                    } else {
                        ""
                    }
                ),
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
    let search = browser.search();
    let title = if search.is_empty() {
        "Entries, newest first".to_owned()
    } else {
        format!(
            "{}, newest first",
            crate::words::entries_match(results.len())
        )
    };
    let inner = pane(frame, list, &title, !browser.typing, theme);
    if results.is_empty() {
        let text = if state.journal.is_empty() {
            "Your journal is empty. Entries appear here when you finish an exercise."
        } else {
            "No entries match. Press 0 to clear the filters, Esc to clear the search."
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim), inner);
        return;
    }
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
            let matched = in_context(entry, &search)
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
            Some(marked(Line::styled(text, style), &search, theme))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The words around the first place `search` matches in the entry's texts: a few
/// words before it, then the rest; None when the title already shows a match or no
/// text has one.
fn in_context(entry: &crate::journal::Entry, search: &Search) -> Option<String> {
    if search.is_empty() || !search.highlights(&entry.display_title()).is_empty() {
        return None;
    }
    search.texts_of(entry).into_iter().find_map(|text| {
        let hit = search.highlights(text).first()?.start;
        // Where each word starts, up to the one the match is in.
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|&(at, c)| {
                at <= hit
                    && !c.is_whitespace()
                    && text[..at]
                        .chars()
                        .next_back()
                        .is_none_or(char::is_whitespace)
            })
            .map(|(at, _)| at)
            .collect();
        let from = starts.len().saturating_sub(5);
        let lead = if from > 0 { "…" } else { "" };
        let rest: Vec<&str> = text[starts.get(from).copied().unwrap_or(0)..]
            .split_whitespace()
            .collect();
        Some(format!("{lead}{}", rest.join(" ")))
    })
}
