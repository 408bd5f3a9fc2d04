//! Drawing: the frame around every screen (title, status, keys) and the dispatch to
//! the screen and overlay being shown. Drawing never changes the state.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::keys::keys;
use super::app::{Overlay, Screen, State};
use super::hits::Hits;
use super::screens;
use super::theme::Theme;

/// The smallest window the app draws in.
pub const MIN_WIDTH: u16 = 60;
/// The smallest window height the app draws in.
pub const MIN_HEIGHT: u16 = 20;

/// Draws the whole screen; returns where it drew what a click can act on.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) -> Hits {
    let mut hits = Hits::default();
    let area = frame.area();
    if state.hidden {
        // Quick hide: a blank screen that shows nothing of the journal or the app.
        let [_, bottom] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        frame.render_widget(Paragraph::new(" Press any key.").style(theme.dim), bottom);
        return hits;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // Safety works at every size: the safety screen fills what there is.
        if state.overlay == Some(Overlay::Safety) {
            screens::safety::draw(frame, area, state, theme);
        } else {
            too_small(frame, area, state, theme);
        }
        return hits;
    }
    // News wraps onto up to three lines rather than being cut.
    let news = state.status.as_ref().map(|news| {
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        (news, status_lines(&news.text, width))
    });
    let news_rows = news.as_ref().map_or(1, |(_, lines)| lines.len().max(1));
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(news_rows).unwrap_or(1)),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" between", theme.title),
            Span::styled(format!("  ·  {}", screen_title(state)), theme.dim),
        ]),
        header,
    );
    match &state.screen {
        Screen::Welcome => screens::welcome::draw(frame, body, state, theme),
        Screen::Home => screens::home::draw(frame, body, state, theme, &mut hits),
        Screen::Area(view) => screens::area::draw(frame, body, state, view, theme, &mut hits),
        Screen::Runner => screens::runner::draw(frame, body, state, theme, &mut hits),
        Screen::Journal => screens::journal::draw(frame, body, state, theme, &mut hits),
        Screen::Entry {
            id,
            scroll,
            from_search,
        } => {
            let search = from_search.then(|| state.browser.search());
            hits.scrolled(
                screens::entry::draw(frame, body, state, theme, (id, search.as_ref()), *scroll),
                *scroll,
            );
        }
        Screen::Progress => screens::progress::draw(frame, body, state, theme),
        Screen::Prep { scroll } => {
            hits.scrolled(
                screens::prep::draw(frame, body, state, *scroll, theme),
                *scroll,
            );
        }
        Screen::LookBack { scroll, .. } => {
            hits.scrolled(
                screens::look_back::draw(frame, body, state, *scroll, theme),
                *scroll,
            );
        }
        Screen::Strategies { cursor } => {
            screens::strategies::draw(frame, body, state, *cursor, theme, &mut hits)
        }
        Screen::Strategy { scroll, .. } => {
            let page = state.derived.strategy_page.get().map(String::as_str);
            hits.scrolled(
                screens::prep::draw_page(frame, body, "A strategy's history", page, *scroll, theme),
                *scroll,
            );
        }
        Screen::Sessions { scroll } => {
            let page = state.derived.sessions.get().map(String::as_str);
            hits.scrolled(
                screens::prep::draw_page(frame, body, "Sessions", page, *scroll, theme),
                *scroll,
            );
        }
        Screen::YearCalendar { year } => {
            screens::year_calendar::draw(frame, body, state, *year, theme)
        }
        Screen::Packs => screens::packs::draw(frame, body, state, theme, &mut hits),
        Screen::Report => hits.scrolled(
            screens::report::draw(frame, body, state, theme),
            state.report.scroll,
        ),
        Screen::Find(view) => screens::find::draw(frame, body, state, view, theme, &mut hits),
    }
    if let Some((news, lines)) = &news {
        let style = if news.error { theme.warning } else { theme.ok };
        let lines: Vec<Line> = lines
            .iter()
            .map(|line| Line::styled(format!(" {line}"), style))
            .collect();
        frame.render_widget(Paragraph::new(lines), status);
    }
    frame.render_widget(footer_line(state, theme, footer.width), footer);
    if state.overlay.is_some() {
        // What the window covers cannot be clicked: only the window's own rows can.
        hits.clear();
    }
    match &state.overlay {
        Some(Overlay::Help) => screens::help::draw(frame, area, state, theme),
        Some(Overlay::Safety) => screens::safety::draw(frame, area, state, theme),
        Some(Overlay::Preview { pack, exercise }) => {
            screens::preview::draw(frame, area, state, pack, exercise, theme)
        }
        Some(Overlay::Read { title, text }) => {
            screens::read::draw(frame, area, state.safety_scroll, title, text, theme)
        }
        Some(Overlay::Confirm(question)) => {
            screens::confirm::draw(frame, area, state, question, theme, &mut hits)
        }
        Some(overlay @ Overlay::PickPeriod { period, .. }) => {
            let keys = crate::tui::app::keys::overlay_bindings(&state.own_keys, overlay);
            screens::pick_period::draw(frame, area, *period, &keys, theme)
        }
        Some(Overlay::PickPlan { cursor, review }) => {
            screens::pick_plan::draw(frame, area, state, *cursor, *review, theme, &mut hits)
        }
        Some(Overlay::Discussed {
            entries,
            ticked,
            cursor,
            ..
        }) => screens::discussed::draw(frame, area, state, entries, ticked, *cursor, theme),
        None => {}
    }
    hits
}

/// The window is smaller than the app draws in: say so, and keep the main crisis line
/// and the keys for safety and quick hide in sight.
fn too_small(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // The crisis line and the keys come before the explanation, so that they stay in
    // sight however small the window is.
    let mut lines = vec![Line::styled("The window is too small.", theme.text)];
    if let Some(line) = state.safety.resources.first() {
        lines.push(Line::styled(
            format!("{}: {}", line.name, line.contact),
            theme.key,
        ));
    }
    lines.push(Line::styled("Ctrl-G safety · Ctrl-L hide", theme.dim));
    lines.push(Line::styled(
        format!(
            "Make it at least {MIN_WIDTH}×{MIN_HEIGHT} (it is {}×{}).",
            area.width, area.height
        ),
        theme.text,
    ));
    let width = usize::from(area.width.max(1));
    let rows: usize = lines
        .iter()
        .map(|line| textwrap::wrap(&line.to_string(), width).len().max(1))
        .sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}

fn screen_title(state: &State) -> String {
    match &state.screen {
        Screen::Welcome => "Welcome".into(),
        Screen::Home => "Home".into(),
        Screen::Area(view) => state
            .catalog
            .areas()
            .into_iter()
            .find(|x| x.decl.id == view.id)
            .map_or_else(|| "Area".into(), |a| a.decl.title),
        Screen::Runner => {
            use crate::tui::app::runner::Source;
            let what = match state.runner.as_ref().map(|r| &r.source) {
                Some(Source::Plan { .. }) => "A plan",
                Some(Source::Try { .. }) => "A try",
                Some(Source::Review { .. }) => "A look back",
                Some(Source::Session) => "A session",
                Some(Source::Note) => "A note",
                Some(Source::ReportNote { .. }) => "A note for your therapist",
                Some(Source::Exercise { .. }) | None => "Exercise",
            };
            what.into()
        }
        Screen::Journal => with_period("Journal", state.browser.range),
        Screen::Entry { .. } => "Journal entry".into(),
        Screen::Progress => with_period("Progress", state.progress.range),
        Screen::Prep { .. } => "Since my last session".into(),
        Screen::LookBack { .. } => "Looking back".into(),
        Screen::Strategies { .. } => "My strategies".into(),
        Screen::Strategy { .. } => "A strategy".into(),
        Screen::Sessions { .. } => "Sessions".into(),
        Screen::YearCalendar { .. } => "The whole year".into(),
        Screen::Packs => "Packs".into(),
        Screen::Report => "Report".into(),
        Screen::Find(_) => "Find an exercise".into(),
    }
}

/// `text` wrapped to `width`, on at most three lines; when it needs more, the third
/// ends in "…", so that a message cut short is seen to be.
fn status_lines(text: &str, width: usize) -> Vec<String> {
    const MOST: usize = 3;
    let mut lines: Vec<String> = textwrap::wrap(text, width)
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    if lines.len() > MOST {
        lines.truncate(MOST);
        let last = &mut lines[MOST - 1];
        while !last.is_empty() && Line::raw(last.as_str()).width() + 2 > width {
            last.pop();
        }
        last.push_str(" …");
    }
    lines
}

/// The keys of the screen on one line, as many as fit, in their order; help and the
/// safety screen are kept at the end whatever else has to give way.
fn footer_line(state: &State, theme: &Theme, width: u16) -> Line<'static> {
    let len =
        |(key, what): &(Cow<'static, str>, &str)| key.chars().count() + what.chars().count() + 3;
    let kept = crate::tui::app::keys::kept_in_footer(state);
    let mut room = usize::from(width).saturating_sub(1 + kept.iter().map(len).sum::<usize>());
    let mut shown = Vec::new();
    for pair in keys(state).into_iter().filter(|pair| !kept.contains(pair)) {
        if len(&pair) > room {
            break;
        }
        room -= len(&pair);
        shown.push(pair);
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for pair in shown.into_iter().chain(kept) {
        used += len(&pair);
        let (key, what) = pair;
        if used > usize::from(width) {
            break;
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    Line::from(spans)
}

/// A screen's title with the month, season or year picked for it: "Journal · April
/// 2025".
fn with_period(title: &str, range: crate::tui::app::browser::DateRange) -> String {
    match range {
        crate::tui::app::browser::DateRange::Within(period) => {
            format!("{title} · {}", period.label())
        }
        _ => title.to_owned(),
    }
}
