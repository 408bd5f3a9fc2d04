//! Home: the work areas with what you did in each, what there is to do (unfinished
//! work, homework, what is due), recent entries, entries to discuss.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::journal::{Entry, EntryId, Journal, Kind};
use crate::tui::app::home::{recent, to_discuss, todo_rows};
use crate::tui::app::todo::Look;
use crate::tui::app::{HomePane, State, Target};
use crate::tui::draw::pane;
use crate::tui::hits::Hits;
use crate::tui::scrolled;
use crate::tui::theme::Theme;
use crate::tui::widgets::lines::truncate;
use textwrap::wrap;

/// Draws home.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    draw_left(frame, left, state, theme, hits);
    let recent_pane = EntryPane {
        pane: HomePane::Recent,
        title: "Recent entries",
        ids: recent(state),
        journal: &state.journal,
        cursor: state.home.recent,
        focused: state.home.pane == HomePane::Recent,
        empty: "Nothing yet. Open an area and try an exercise.",
    };
    recent_pane.draw(frame, top, theme, hits);
    let discuss_pane = EntryPane {
        pane: HomePane::Discuss,
        title: if top.width >= 38 {
            "To discuss in your next session"
        } else {
            "To discuss next time"
        },
        ids: to_discuss(state),
        journal: &state.journal,
        cursor: state.home.discuss,
        focused: state.home.pane == HomePane::Discuss,
        empty: "Mark an entry with d in the journal to bring it up.",
    };
    discuss_pane.draw(frame, bottom, theme, hits);
}

/// The areas on top, and "To do" below them with the rest of the height. The selected
/// area's summary is shown only when "To do" still fits whole.
fn draw_left(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let width = usize::from(area.width.saturating_sub(2));
    let todo = todo_lines(state, width, theme);
    let todo_height: usize = todo.iter().map(Vec::len).sum::<usize>().max(1);
    let areas = state.catalog.areas();
    let summary: Vec<String> = areas
        .get(state.home.area)
        .map(|a| wrap(&a.decl.summary, width.max(1)))
        .unwrap_or_default()
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    let listed = areas.len() + 2;
    let with_summary = listed + 1 + summary.len();
    let room = usize::from(area.height);
    let areas_height = if with_summary + todo_height + 2 <= room {
        with_summary
    } else {
        listed
    };
    let areas_height = u16::try_from(areas_height).unwrap_or(u16::MAX);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(areas_height), Constraint::Min(3)]).areas(area);
    draw_areas(frame, top, state, &summary, theme, hits);
    draw_todo(frame, bottom, state, todo, theme, hits);
}

fn draw_areas(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    summary: &[String],
    theme: &Theme,
    hits: &mut Hits,
) {
    let focused = state.home.pane == HomePane::Areas;
    let inner = pane(frame, area, "Areas", focused, theme);
    let areas = state.catalog.areas();
    let mut lines = Vec::new();
    for (i, a) in areas.iter().enumerate() {
        let done = state
            .derived
            .home
            .get()
            .and_then(|f| f.done.get(i).copied())
            .unwrap_or(0);
        let selected = i == state.home.area;
        let marker = if selected && focused {
            theme.cursor()
        } else {
            "  "
        };
        let style = if selected && focused {
            theme.selected
        } else {
            theme.text
        };
        let count = if done == 0 {
            String::new()
        } else {
            format!(" · {done} done")
        };
        let width = inner.width;
        let title = truncate(&format!("{marker}{} {}", i + 1, a.decl.title), width);
        let left = width.saturating_sub(title.chars().count() as u16);
        let count = if count.chars().count() <= usize::from(left) {
            count
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(title, style),
            Span::styled(count, theme.dim),
        ]));
        if let Some(y) = row_y(inner, i) {
            let target = Target::Home {
                pane: HomePane::Areas,
                row: i,
            };
            hits.add(Rect::new(inner.x, y, inner.width, 1), target);
        }
    }
    if usize::from(inner.height) > areas.len() {
        lines.push(Line::raw(""));
        for line in summary {
            lines.push(Line::styled(line.clone(), theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Each row of "To do" as the lines it takes at `width`: a heading (with a blank line
/// before it, but the first), an item wrapped under its bullet, a folded note on one
/// line. The focused pane's selected row is highlighted.
fn todo_lines(state: &State, width: usize, theme: &Theme) -> Vec<Vec<Line<'static>>> {
    let focused = state.home.pane == HomePane::Todo;
    let mut selectable = 0;
    let text_width = width.saturating_sub(2).max(1);
    todo_rows(state)
        .iter()
        .enumerate()
        .map(|(i, row)| {
            if row.look == Look::Heading {
                let mut lines = Vec::new();
                if i > 0 {
                    lines.push(Line::raw(""));
                }
                for line in wrap(&row.text, width.max(1)) {
                    lines.push(Line::styled(line.into_owned(), theme.title));
                }
                return lines;
            }
            let selected = focused && selectable == state.home.todo;
            selectable += 1;
            let marker = if selected { theme.cursor() } else { "  " };
            let style = match (selected, row.look) {
                (true, _) => theme.selected,
                (false, Look::Folded | Look::Done) => theme.dim,
                (false, _) => theme.key,
            };
            let parts: Vec<String> = if row.look == Look::Folded {
                vec![truncate(
                    &row.text,
                    u16::try_from(text_width).unwrap_or(u16::MAX),
                )]
            } else {
                let options = textwrap::Options::new(text_width).subsequent_indent("  ");
                wrap(&row.text, options)
                    .into_iter()
                    .map(|line| line.into_owned())
                    .collect()
            };
            parts
                .into_iter()
                .enumerate()
                .map(|(n, part)| {
                    let lead = if n == 0 { marker } else { "  " };
                    Line::styled(format!("{lead}{part}"), style)
                })
                .collect()
        })
        .collect()
}

fn draw_todo(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    rows: Vec<Vec<Line<'static>>>,
    theme: &Theme,
    hits: &mut Hits,
) {
    let focused = state.home.pane == HomePane::Todo;
    let inner = pane(frame, area, "To do", focused, theme);
    let all = todo_rows(state);
    if all.is_empty() {
        let text = Paragraph::new("Nothing due. Choose an area, or press n to write a note.")
            .style(theme.dim)
            .wrap(Wrap { trim: true });
        frame.render_widget(text, inner);
        return;
    }
    let counted: Vec<bool> = all.iter().map(|row| row.act.is_some()).collect();
    let selected = all
        .iter()
        .enumerate()
        .filter(|(_, row)| row.act.is_some())
        .nth(state.home.todo)
        .map_or(0, |(i, _)| i);
    // A heading goes with the row under it: keep it in sight with the first item.
    let anchor = if selected > 0 && all[selected - 1].look == Look::Heading {
        selected - 1
    } else {
        selected
    };
    // Which selectable row each line belongs to; joining a heading to its row below
    // keeps the lines in order, so this holds after it too.
    let mut owners = Vec::new();
    let mut selectable = 0;
    for (row, lines) in all.iter().zip(&rows) {
        let owner = row.act.is_some().then_some(selectable);
        selectable += usize::from(owner.is_some());
        owners.extend(std::iter::repeat_n(owner, lines.len()));
    }
    let (rows, counted, around) = if anchor == 0 {
        (rows, counted, 0)
    } else {
        let rows = join_with_heading(rows, anchor, selected);
        let counted = join_counted(&counted, anchor, selected);
        (rows, counted, anchor)
    };
    let height = usize::from(inner.height);
    let heights: Vec<usize> = rows.iter().map(Vec::len).collect();
    for (y, line) in (inner.y..).zip(scrolled::shown_lines(&heights, around, height)) {
        if let Some(row) = line.and_then(|line| owners.get(line).copied().flatten()) {
            let target = Target::Home {
                pane: HomePane::Todo,
                row,
            };
            hits.add(Rect::new(inner.x, y, inner.width, 1), target);
        }
    }
    let lines = scrolled::fit(rows, &counted, around, height, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rows with the heading at `anchor` joined to the selected row after it, so the
/// window keeps both whole.
fn join_with_heading(
    mut rows: Vec<Vec<Line<'static>>>,
    anchor: usize,
    selected: usize,
) -> Vec<Vec<Line<'static>>> {
    if anchor < selected {
        let item = rows.remove(selected);
        rows[anchor].extend(item);
    }
    rows
}

fn join_counted(counted: &[bool], anchor: usize, selected: usize) -> Vec<bool> {
    let mut counted = counted.to_vec();
    if anchor < selected {
        counted.remove(selected);
        counted[anchor] = true;
    }
    counted
}

/// The screen row of line `line` of a list drawn from the top of `inner`, if it is
/// in sight.
fn row_y(inner: Rect, line: usize) -> Option<u16> {
    let line = u16::try_from(line).ok()?;
    (line < inner.height).then(|| inner.y + line)
}

/// One line for an entry: its date and title (the kind too, unless it is an exercise,
/// whose title says what it was).
pub fn entry_line(entry: &Entry, width: usize) -> String {
    let title = crate::sanitize::text(&entry.display_title()).replace('\n', " ");
    let line = match entry.kind {
        Kind::Exercise => format!("{}  {title}", entry.created.format("%-d %b")),
        kind => format!(
            "{}  {}: {title}",
            entry.created.format("%-d %b"),
            kind.name()
        ),
    };
    truncate(&line, u16::try_from(width).unwrap_or(u16::MAX))
}

/// A pane listing entries with a cursor.
struct EntryPane<'a> {
    pane: HomePane,
    title: &'a str,
    /// The entries listed; only the rows in sight are looked up.
    ids: &'a [EntryId],
    journal: &'a Journal,
    cursor: usize,
    focused: bool,
    empty: &'a str,
}

impl EntryPane<'_> {
    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, hits: &mut Hits) {
        let inner = pane(frame, area, self.title, self.focused, theme);
        if self.ids.is_empty() {
            let text = Paragraph::new(self.empty)
                .style(theme.dim)
                .wrap(Wrap { trim: true });
            frame.render_widget(text, inner);
            return;
        }
        let width = usize::from(inner.width.saturating_sub(2));
        let height = usize::from(inner.height);
        // Only the rows that can come into sight are looked up and drawn.
        let near = self.cursor.saturating_sub(height)..self.cursor + height;
        let rows: Vec<Vec<Line<'static>>> = (0..self.ids.len())
            .map(|i| {
                if !near.contains(&i) {
                    return vec![Line::raw("")];
                }
                let Some(entry) = self.journal.get(&self.ids[i]) else {
                    return vec![Line::raw("")];
                };
                let selected = self.focused && i == self.cursor;
                let marker = if selected { theme.cursor() } else { "  " };
                let style = if selected { theme.selected } else { theme.text };
                vec![Line::styled(
                    format!("{marker}{}", entry_line(entry, width)),
                    style,
                )]
            })
            .collect();
        let counted = vec![true; rows.len()];
        let heights = vec![1; rows.len()];
        for (y, row) in (inner.y..).zip(scrolled::shown_lines(&heights, self.cursor, height)) {
            if let Some(row) = row {
                let target = Target::Home {
                    pane: self.pane,
                    row,
                };
                hits.add(Rect::new(inner.x, y, inner.width, 1), target);
            }
        }
        let lines = scrolled::fit(rows, &counted, self.cursor, height, theme);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
