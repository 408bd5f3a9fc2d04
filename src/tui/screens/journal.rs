//! The journal browser: the filter bar, the search as you type, and one line per entry
//! under a heading for each month. Only the visible rows are formatted, however long
//! the journal.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::journal::practice::MONTH;
use crate::journal::query::Search;
use crate::tui::app::{State, Target};
use crate::tui::draw::{marked, pane, visible};
use crate::tui::hits::Hits;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;

/// Draws the journal browser.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let browser = &state.browser;
    let [bar, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let results = crate::tui::app::browser::results(state);
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
    let filters = [
        browser.area.as_deref().unwrap_or("any"),
        browser.kind.map_or("any", |k| k.name()),
        browser.tag.as_deref().unwrap_or("any"),
        &browser.range.label(),
    ];
    frame.render_widget(
        Line::styled(filter_line(filters, second.width), theme.dim),
        second,
    );
    let search = browser.search();
    let order = if browser.oldest_first {
        "oldest first"
    } else {
        "newest first"
    };
    let title = if search.is_empty() {
        format!("Entries, {order}")
    } else {
        format!("{}, {order}", crate::words::entries_match(results.len()))
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
    let width = inner.width;
    let rows = Rows {
        starts: &browser.month_starts,
        len: results.len(),
    };
    let shown = visible(
        rows.len(),
        rows.row_of(browser.cursor),
        usize::from(inner.height),
    );
    let mut lines = Vec::with_capacity(shown.len());
    for (y, row) in (inner.y..).zip(shown) {
        match rows.at(row) {
            Row::Month(first) => {
                let Some(entry) = state.journal.get(&results[first]) else {
                    continue;
                };
                let heading = entry.created.format(MONTH).to_string();
                lines.push(Line::styled(format!(" {heading}"), theme.title));
            }
            Row::Entry(i) => {
                let Some(entry) = state.journal.get(&results[i]) else {
                    continue;
                };
                hits.add(Rect::new(inner.x, y, inner.width, 1), Target::Entry(i));
                let selected = i == browser.cursor;
                let two = state.journal.conflict(&entry.id).is_some();
                lines.push(entry_line(entry, selected, two, &search, width, theme));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One entry's row: its day, flags, kind and area, its title and tags, then as much
/// of its words (or of where the search matched) as the row has room for.
fn entry_line(
    entry: &crate::journal::Entry,
    selected: bool,
    two_versions: bool,
    search: &Search,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let one_line = |text: &str| {
        crate::sanitize::text(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let marker = if selected { theme.cursor() } else { "  " };
    let style = if selected { theme.selected } else { theme.text };
    let flags = format!(
        "{}{}",
        if entry.discuss { "◆" } else { " " },
        if entry.private { "🔒" } else { "  " }
    );
    // Where the search matched, in context; else the start of the text.
    let matched = in_context(entry, search).map(|snippet| one_line(&snippet));
    // A note's title is its first words: the words themselves take its place.
    let (title, words) = match (matched, &entry.title) {
        (Some(snippet), None) => (String::new(), Some(snippet)),
        (Some(snippet), Some(_)) => (one_line(&entry.display_title()), Some(snippet)),
        (None, None) => (String::new(), entry.first_text().map(one_line)),
        (None, Some(_)) => (
            one_line(&entry.display_title()),
            entry.first_text().map(one_line),
        ),
    };
    // Changed on two devices at once (a synced journal): said first, so it is seen.
    // On a narrow row the words would leave no room for the entry's own: a short mark.
    let mark = if width >= 70 { "two versions:" } else { "×2" };
    // A note has no title: its words follow the mark as they would the title.
    let only_mark = two_versions && title.is_empty();
    let title = match two_versions {
        true if title.is_empty() => mark.to_owned(),
        true => format!("{mark} {title}"),
        false => title,
    };
    let mut text = format!(
        "{marker}{} {flags} {:<8} {:<16} {title}",
        entry.created.format("%a %b %e"),
        entry.kind.name(),
        entry.area.as_deref().unwrap_or("-"),
    );
    for (n, tag) in entry.tags.iter().enumerate() {
        text.push_str(if n == 0 && title.is_empty() {
            "#"
        } else {
            " #"
        });
        text.push_str(&one_line(tag));
    }
    let used = Line::raw(text.as_str()).width();
    let room = usize::from(width).saturating_sub(used);
    if let Some(words) = words.filter(|w| !w.is_empty()) {
        let lead = if entry.tags.is_empty() && (title.is_empty() || only_mark) {
            if only_mark { " " } else { "" }
        } else {
            " — "
        };
        let room = room.saturating_sub(lead.chars().count());
        if room > 1 {
            text.push_str(lead);
            text.push_str(&truncate(&words, u16::try_from(room).unwrap_or(u16::MAX)));
        }
    }
    let text: String = text.chars().take(usize::from(width)).collect();
    marked(Line::styled(text, style), search, theme)
}

/// The rows of the list: each month's heading, then its entries.
struct Rows<'a> {
    /// Where in the results each month begins.
    starts: &'a [usize],
    /// How many results.
    len: usize,
}

/// A row of the list: a month's heading (with its first result), or a result.
enum Row {
    Month(usize),
    Entry(usize),
}

impl Rows<'_> {
    fn len(&self) -> usize {
        self.len + self.starts.len()
    }

    /// The row of result `at`: after its month's heading and those before it.
    fn row_of(&self, at: usize) -> usize {
        at + self.starts.partition_point(|&start| start <= at)
    }

    /// What row `row` is: heading k stands at row `starts[k] + k`.
    fn at(&self, row: usize) -> Row {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.starts[mid] + mid <= row {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        // `low` headings stand at or above `row`.
        match low.checked_sub(1) {
            Some(k) if self.starts[k] + k == row => Row::Month(self.starts[k]),
            _ => Row::Entry(row - low),
        }
    }
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

/// The line of the journal's filters (`[area, kind, tag, date]`, each as shown), with
/// their keys, as wide as `width` allows: on a narrow terminal the same words closer
/// together, then without the keys, rather than the last filter cut off.
fn filter_line([area, kind, tag, date]: [&str; 4], width: u16) -> String {
    let forms = [
        format!(" area (a): {area}   kind (c): {kind}   tag (t): {tag}   date (r): {date}"),
        format!(" area(a) {area}  kind(c) {kind}  tag(t) {tag}  date(r) {date}"),
        format!(" area {area} · kind {kind} · tag {tag} · date {date}"),
    ];
    let fits = |line: &String| Line::raw(line.as_str()).width() <= usize::from(width);
    let [full, keyed, bare] = forms;
    [full, keyed].into_iter().find(fits).unwrap_or(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_month_heading_stands_above_its_entries() {
        // Five results: months begin at 0 and 3.
        let rows = Rows {
            starts: &[0, 3],
            len: 5,
        };
        let drawn: Vec<String> = (0..rows.len())
            .map(|row| match rows.at(row) {
                Row::Month(first) => format!("month {first}"),
                Row::Entry(i) => format!("{i}"),
            })
            .collect();
        assert_eq!(drawn, ["month 0", "0", "1", "2", "month 3", "3", "4"]);
        for i in 0..5 {
            assert!(matches!(rows.at(rows.row_of(i)), Row::Entry(at) if at == i));
        }
    }

    #[test]
    fn a_note_changed_on_two_devices_reads_mark_then_words() {
        let entry = crate::journal::Entry::note("the words of it".into());
        let row = |two, width| {
            let line = entry_line(&entry, false, two, &Search::new(""), width, &Theme::color());
            line.to_string()
        };
        assert!(
            row(true, 80).contains("two versions: the words of it"),
            "{}",
            row(true, 80)
        );
        assert!(row(true, 60).contains("×2 the words"), "{}", row(true, 60));
        assert!(
            row(false, 80).contains("-                the words of it"),
            "{}",
            row(false, 80)
        );
    }
}
