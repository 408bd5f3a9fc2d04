//! The progress screen's measure chart over a year of rated sittings: month ticks
//! across the whole year, the measure's fixed range up the side, the ratings before
//! each exercise (and after, with `b`), means when the sittings do not fit the width
//! (monthly on request, with `M`), each said in the legend.

use between::pack::Catalog;
use between::tui::app::{Msg, Screen, State, update};
use between::tui::theme::Theme;
use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::{journal, key, press};
use crate::common;
use crate::common::report::sitting;
use crate::common::tui::{screen_text, state_of};

/// A pack that declares steadiness, 1 to 5, rated before and after its exercise.
fn catalog() -> Catalog {
    let packs = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("packs/good/every-kind.json"),
        packs.path().join("every-kind.json"),
    )
    .unwrap();
    Catalog::load(packs.path()).unwrap()
}

/// The Monday the year's sittings start from.
fn first_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 2).unwrap()
}

/// A sitting every third day from December 2024 to November 2025: shaky (1–2) in
/// spring, steadier (4) by autumn, one steadier after each sitting than before.
fn a_year() -> Vec<between::journal::Entry> {
    (0..120)
        .map(|i| {
            let day = i * 3;
            let date = first_monday() + chrono::Duration::days(day);
            let before = match chrono::Datelike::month(&date) {
                3..=5 => 1 + i % 2,
                6..=8 => 3,
                9..=11 => 4,
                _ => 2,
            };
            sitting(first_monday(), day, before, (before + 1).min(5), "I feel")
        })
        .collect()
}

/// The progress screen over `a_year`, on Sun 30 Nov 2025, over the last year.
fn year_state() -> State {
    let mut state = state_of(catalog(), journal(a_year()), Vec::new(), false);
    update(
        &mut state,
        Msg::Today(NaiveDate::from_ymd_opt(2025, 11, 30).unwrap()),
    );
    update(&mut state, key(KeyCode::Char('P')));
    assert_eq!(state.screen, Screen::Progress);
    // any time → 7 days → 4 weeks → 3 months → last year
    press(&mut state, &[KeyCode::Char('r'); 4]);
    assert!(screen(&state).contains("time (r): last year"));
    state
}

fn screen(state: &State) -> String {
    screen_text(state, 80, 24, &Theme::monochrome())
}

/// The rows of the chart's pane: those from its title to the line along its bottom.
fn chart_rows(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.contains("▸"))
        .take_while(|l| !l.starts_with('└'))
        .collect()
}

#[test]
fn a_year_is_charted_with_month_ticks_and_the_measures_range() {
    let state = year_state();
    for (width, height) in [(80, 24), (100, 30)] {
        let text = screen_text(&state, width, height, &Theme::monochrome());
        let rows = chart_rows(&text);
        // The whole year, with its years, in the pane's title.
        assert!(rows[0].contains("Nov 30 2024 – Nov 30 2025"), "{text}");
        // Month ticks across the whole year, every second month where all do not fit.
        let ticks = rows.iter().find(|r| r.contains("Jan")).expect(&text);
        for month in ["Jan", "Mar", "May", "Jul", "Sep", "Nov"] {
            assert!(ticks.contains(month), "{month} in {ticks}");
        }
        assert!(ticks.find("Jan") < ticks.find("Jul"), "in order: {ticks}");
        // The range up the side is the measure's, 1 to 5, whatever was rated.
        let axis: Vec<&str> = rows.iter().filter(|r| r.contains('│')).copied().collect();
        assert!(
            axis.iter()
                .any(|r| r.starts_with("│5│") || r.starts_with("│5 ")),
            "{text}"
        );
        assert!(axis.iter().any(|r| r.starts_with("│1")), "{text}");
        assert!(text.contains("⣀ ratings before"), "{text}");
        // The figures are those of the line drawn: the ratings before, one a sitting.
        assert!(
            text.contains("first 2 → latest 4 · 120 ratings before"),
            "{text}"
        );
    }
    insta::assert_snapshot!("year_80x24", screen(&state));
    insta::assert_snapshot!(
        "year_100x30",
        screen_text(&state, 100, 30, &Theme::monochrome())
    );
}

#[test]
fn the_sittings_that_do_not_fit_are_averaged_and_the_legend_says_how() {
    let state = year_state();
    // 120 sittings in 45 columns: monthly means; in 65, weekly.
    assert!(
        screen(&state).contains("monthly means"),
        "{}",
        screen(&state)
    );
    let wide = screen_text(&state, 100, 30, &Theme::monochrome());
    assert!(wide.contains("weekly means"), "{wide}");
}

#[test]
fn b_adds_the_ratings_after_and_m_asks_for_monthly_means() {
    let mut state = year_state();
    let wide = |state: &State| screen_text(state, 100, 30, &Theme::monochrome());
    assert!(!wide(&state).contains("○"), "before only by default");
    press(&mut state, &[KeyCode::Char('b')]);
    assert!(state.progress.chart.after);
    let both = wide(&state);
    assert!(both.contains("⣀ before · ○ after"), "{both}");
    assert!(both.contains("first 2 → latest 5 · 240 ratings"), "{both}");
    assert!(
        chart_rows(&both).iter().skip(3).any(|r| r.contains('○')),
        "the rings are drawn: {both}"
    );
    press(&mut state, &[KeyCode::Char('M')]);
    assert!(state.progress.chart.monthly);
    assert!(wide(&state).contains("monthly means"), "{}", wide(&state));
    press(&mut state, &[KeyCode::Char('M'), KeyCode::Char('b')]);
    assert_eq!(state.progress.chart, Default::default());
    assert!(wide(&state).contains("weekly means"));
}
