//! The three themes (default, monochrome, high contrast): each keeps the selection and
//! the focused pane visible without colour. The snapshots are style maps: each cell
//! drawn as what marks it apart from plain text besides colour (`R` reverse video, `B`
//! bold, `U` underlined, `▶` the cursor, `.` nothing), so they show exactly what is
//! left of a screen for someone who cannot tell its colours apart.

use between::settings::ThemeName;
use between::tui::theme::Theme;
use between::tui::view::draw;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use super::{note, press, state_with};

/// The screen drawn with `theme`, as a style map (see the module's comment).
fn style_map(state: &between::tui::app::State, theme: &Theme) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| {
            draw(frame, state, theme);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut map = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let mark = if cell.symbol() == "▶" {
                '▶'
            } else if cell.modifier.contains(Modifier::REVERSED) {
                'R'
            } else if cell.modifier.contains(Modifier::BOLD) {
                'B'
            } else if cell.modifier.contains(Modifier::UNDERLINED) {
                'U'
            } else {
                '.'
            };
            map.push(mark);
        }
        map.push('\n');
    }
    map
}

fn journal_state() -> between::tui::app::State {
    let mut state = state_with(
        vec![
            note("the first note", "2026-03-02T09:00:00+01:00"),
            note("the second note", "2026-03-03T09:00:00+01:00"),
        ],
        Vec::new(),
        false,
    );
    press(&mut state, &[KeyCode::Char('J'), KeyCode::Down]);
    state
}

#[test]
fn every_theme_keeps_the_selection_visible_without_colour() {
    let state = journal_state();
    for name in [
        ThemeName::Default,
        ThemeName::Monochrome,
        ThemeName::HighContrast,
    ] {
        let theme = Theme::named(name);
        let map = style_map(&state, &theme);
        // The selected row, the second entry: the cursor before it in every theme,
        // and in the themes without colour the whole row in reverse video.
        let row = map
            .lines()
            .find(|line| line.contains('▶'))
            .expect("a cursor");
        if name != ThemeName::Default {
            assert!(row.matches('R').count() > 40, "{name:?}:\n{map}");
        }
        // No other row is marked the same way.
        assert_eq!(map.matches('▶').count(), 1, "{name:?}:\n{map}");
        insta::assert_snapshot!(format!("journal_style_map_{name:?}"), map);
    }
}

#[test]
fn the_theme_is_chosen_by_the_flag_then_no_color_then_the_settings() {
    use ThemeName::*;
    assert_eq!(
        Theme::new(Some(HighContrast), true, Default),
        Theme::high_contrast()
    );
    assert_eq!(Theme::new(None, true, HighContrast), Theme::monochrome());
    assert_eq!(
        Theme::new(None, false, HighContrast),
        Theme::high_contrast()
    );
    assert_eq!(Theme::new(None, false, Default), Theme::color());
    assert_eq!(Theme::new(Some(Default), true, Monochrome), Theme::color());
}
