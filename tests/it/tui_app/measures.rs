//! A measure a therapist declares in their own pack (the made-up weekly strain check of
//! `docs/pack-format.md`: five items 0–3 summed, cutoff 8 at or above, reliable change
//! 4): the questionnaire saves its total as the measure, and the progress screen charts
//! it with its cutoff line and says where the latest total stands.

use between::journal::entry::RatedItem;
use between::journal::{Answer, AnswerValue, Entry, Kind};
use between::pack::Catalog;
use between::pack::questionnaire::{DimensionScore, Scores};
use between::tui::app::{Effect, Msg, Screen, State, update};
use between::tui::theme::Theme;
use crossterm::event::KeyCode;

use super::{journal, key, note, press, screen, type_text};
use crate::common;
use crate::common::tui::{screen_text, state_of};

/// The built-in packs and the weekly strain check, installed.
fn catalog() -> Catalog {
    let packs = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("packs/good/weekly-strain.json"),
        packs.path().join("weekly-strain.json"),
    )
    .unwrap();
    Catalog::load(packs.path()).unwrap()
}

/// A strain check done on `day` with `total` as its score.
fn strain_check(day: &str, total: f64) -> Entry {
    let mut entry = note("x", &format!("{day}T20:00:00+01:00"));
    entry.kind = Kind::Exercise;
    entry.area = Some("check-ins".into());
    entry.title = Some("Answer the weekly strain check".into());
    entry.answers = vec![Answer {
        step: "check".into(),
        prompt: "Over the past week, how often was each of these true for you?".into(),
        value: AnswerValue::Questionnaire {
            items: vec![RatedItem {
                text: "I felt tense around my partner.".into(),
                answer: 2,
            }],
            scores: Box::new(Scores {
                dimensions: vec![DimensionScore {
                    id: "strain".into(),
                    title: "Strain this week".into(),
                    score: total,
                    measure: Some("weekly-strain".into()),
                    band: "heavier".into(),
                    band_title: "heavier".into(),
                    band_text: "Words.".into(),
                }],
                region: None,
            }),
        },
    }];
    entry
}

/// The progress screen over `totals`, one check a week from 2 November, on 23 November.
fn progress_of(totals: &[f64]) -> State {
    let entries = totals
        .iter()
        .enumerate()
        .map(|(week, total)| strain_check(&format!("2026-11-{:02}", 2 + 7 * week), *total))
        .collect();
    let mut state = state_of(catalog(), journal(entries), Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    update(&mut state, key(KeyCode::Char('P')));
    assert_eq!(state.screen, Screen::Progress);
    state
}

/// The line of `text` that holds `label`, which must be drawn once.
fn line_with<'t>(text: &'t str, label: &str) -> &'t str {
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(label)).collect();
    let [line] = lines[..] else {
        panic!("`{label}` is not drawn once: {text}");
    };
    line
}

#[test]
fn the_strain_check_saves_its_total_as_the_therapists_measure() {
    let mut state = state_of(catalog(), journal(Vec::new()), Vec::new(), false);
    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "weekly strain check");
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Runner, "{}", screen(&state));
    assert_eq!(state.runner.as_ref().unwrap().exercise.id, "strain-check");
    for digit in ['3', '3', '2', '2', '2'] {
        update(&mut state, key(KeyCode::Char(digit)));
    }
    update(&mut state, key(KeyCode::Enter));
    let text = screen(&state);
    assert!(text.contains("Strain this week: 12"), "{text}");
    let effects = press(&mut state, &[KeyCode::Enter, KeyCode::Enter]);
    let saved: Vec<&Entry> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save(entry) => Some(entry),
            _ => None,
        })
        .collect();
    let [entry] = saved[..] else {
        panic!("{effects:?}");
    };
    let points: Vec<(&str, f64)> = between::practice::stats::measure_points(entry).collect();
    assert_eq!(points, vec![("weekly-strain", 12.0)]);
}

#[test]
fn progress_draws_the_cutoff_and_says_where_the_latest_total_stands() {
    // Strain falling from 12 to 6: below the cutoff now, by more than the reliable change.
    let state = progress_of(&[12.0, 9.0, 6.0]);
    let wide = screen(&state);
    assert!(
        wide.contains("Weekly strain check · lower is better"),
        "{wide}"
    );
    assert!(wide.contains("first 12 → latest 6 · 3 ratings"), "{wide}");
    // At 60 columns the chart's pane is narrow, but the words under it fit whole.
    for text in [wide, screen_text(&state, 60, 20, &Theme::color())] {
        assert!(text.contains("Weekly strain check"), "{text}");
        assert!(text.contains(" latest 6: below the cutoff of 8"), "{text}");
        assert!(
            text.contains(" down 6 since the first, more than the reliable change of 4"),
            "{text}"
        );
        // The line is drawn across the chart where the ratings do not cross it,
        // labelled at its right end.
        let cutoff = line_with(&text, "cutoff 8");
        assert!(cutoff.contains("┄ cutoff 8"), "{text}");
        assert!(cutoff.matches('┄').count() >= 4, "{text}");
    }
    insta::assert_snapshot!("strain_falling_80x24", screen(&state));
    insta::assert_snapshot!(
        "strain_falling_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
}

#[test]
fn progress_says_a_total_at_the_cutoff_and_a_change_smaller_than_the_reliable_one() {
    let state = progress_of(&[6.0, 8.0]);
    let text = screen(&state);
    assert!(
        text.contains(" latest 8: at or above the cutoff of 8"),
        "{text}"
    );
    assert!(
        text.contains(" up 2 since the first, a change smaller than the reliable change of 4"),
        "{text}"
    );
    assert!(line_with(&text, "cutoff 8").contains('┄'), "{text}");
    insta::assert_snapshot!("strain_rising_80x24", text);
}

/// An exercise entry that rates the built-in intensity measure 7 of 10.
fn rated_intensity() -> between::journal::Entry {
    let mut rated = note("x", "2026-11-20T20:00:00+01:00");
    rated.kind = Kind::Exercise;
    rated.answers = vec![Answer {
        step: "before".into(),
        prompt: "How strong?".into(),
        value: AnswerValue::Scale {
            value: 7,
            min: 0,
            max: 10,
            min_label: "none".into(),
            max_label: "most".into(),
            measure: Some("intensity".into()),
        },
    }];
    rated
}

#[test]
fn a_built_in_measure_says_nothing_of_a_cutoff_it_does_not_have() {
    let rated = rated_intensity();
    let mut state = state_of(catalog(), journal(vec![rated]), Vec::new(), false);
    update(&mut state, key(KeyCode::Char('P')));
    let text = screen(&state);
    assert!(text.contains("How strong the feeling is"), "{text}");
    assert!(!text.contains("cutoff"), "{text}");
    assert!(!text.contains("reliable change"), "{text}");
}

#[test]
fn the_chosen_measure_is_kept_across_time_ranges_and_said_when_it_has_no_ratings() {
    let rated = rated_intensity();
    // The strain check was answered in October only: in the last 3 months, not the
    // last 7 days or 4 weeks.
    let entries = vec![strain_check("2026-10-01", 9.0), rated];
    let mut state = state_of(catalog(), journal(entries), Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    press(&mut state, &[KeyCode::Char('P'), KeyCode::Char('m')]);
    let chosen = |state: &State| line_with(&screen(state), "measure (m):").to_owned();
    assert!(
        chosen(&state).contains("weekly-strain"),
        "{}",
        screen(&state)
    );
    for range in ["last 7 days", "last 4 weeks"] {
        update(&mut state, key(KeyCode::Char('r')));
        let text = screen(&state);
        assert!(chosen(&state).contains(range), "{text}");
        assert!(chosen(&state).contains("weekly-strain"), "{text}");
        assert!(text.contains("No ratings of"), "{text}");
        assert!(!text.contains("How strong the feeling is"), "{text}");
    }
    // Back in range, it is shown again.
    update(&mut state, key(KeyCode::Char('r')));
    let text = screen(&state);
    assert!(chosen(&state).contains("last 3 months"), "{text}");
    assert!(chosen(&state).contains("weekly-strain"), "{text}");
    assert!(!text.contains("No ratings of"), "{text}");
    assert!(text.contains("1 rating") || text.contains("9"), "{text}");
}
