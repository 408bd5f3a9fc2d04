//! Looking back on a plan in the app: keeping it sets when to look back again, which
//! home's due items and the plan's entry view follow.

use between::journal::practice::{Decision, Frequency, PracticeData};
use between::journal::{Entry, Kind};
use between::practice::due::{Due, due};
use between::tui::app::{Effect, Msg, Phase, Screen, update};
use chrono::{Days, NaiveDate};
use crossterm::event::KeyCode;

use super::{note, press, screen, state_with};
use crate::common::tui::{key, screen_text};

/// A plan made on 20 November 2026, to look back on three weeks later.
fn plan_for_three_weeks() -> Entry {
    let mut plan = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Start with how I feel".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: NaiveDate::from_ymd_opt(2026, 12, 11),
    });
    plan
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn reviews_due(journal: &between::journal::Journal, today: NaiveDate) -> Vec<NaiveDate> {
    due(journal, today)
        .iter()
        .filter_map(|d| match d {
            Due::Review { on, .. } => Some(*on),
            _ => None,
        })
        .collect()
}

#[test]
fn keeping_a_plan_asks_when_to_look_again_as_often_as_before_and_it_comes_due_then() {
    let plan = plan_for_three_weeks();
    let mut state = state_with(vec![plan.clone()], Vec::new(), false);
    update(&mut state, Msg::Today(day(2026, 12, 11)));
    assert_eq!(
        reviews_due(&state.journal, state.today),
        [day(2026, 12, 11)]
    );
    // r, the plan, nothing said of what worked, "Keep it as it is".
    press(
        &mut state,
        &[
            KeyCode::Char('r'),
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Enter,
        ],
    );
    let text = screen(&state);
    assert!(
        text.contains("Look back on it again in how many weeks?"),
        "{text}"
    );
    // As often as before: the plan was looked back on three weeks after it was made.
    let runner = state.runner.as_ref().unwrap();
    let answers = runner.answers(state.now);
    assert!(
        matches!(
            answers[runner.index],
            Some(between::journal::AnswerValue::Scale { value: 3, .. })
        ),
        "{answers:?}"
    );
    assert_eq!(runner.progress(), (4, 4), "keep asks four steps");
    // Four weeks, this time.
    update(&mut state, key(KeyCode::Right));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(review)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let next = day(2026, 12, 11) + Days::new(28);
    assert_eq!(
        review.practice,
        Some(PracticeData::Review {
            decision: Decision::Keep,
            next_review_on: Some(next),
        })
    );
    update(&mut state, Msg::Saved(Box::new(review.clone())));
    assert_eq!(
        state.status.as_ref().map(|s| s.text.as_str()),
        Some("Kept: look back on it again on 8 January. Home shows what is due.")
    );
    // Not due the day after; due again on the day set.
    assert_eq!(reviews_due(&state.journal, day(2026, 12, 12)), []);
    assert_eq!(reviews_due(&state.journal, next), [next]);
    // The plan shows when it is looked back on next, at 60 columns too.
    update(&mut state, key(KeyCode::Enter));
    state.screen = Screen::entry(plan.id.clone());
    update(&mut state, Msg::Today(day(2026, 12, 11)));
    for (width, height) in [(80, 24), (60, 20)] {
        let text = screen_text(
            &state,
            width,
            height,
            &between::tui::theme::Theme::monochrome(),
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Next look back: Fri Jan 8 2027"),
            "{width}: {text}"
        );
    }
}

#[test]
fn the_new_plan_of_an_adjustment_gets_its_look_back_day_and_a_drop_asks_none() {
    let plan = plan_for_three_weeks();
    let look_back = |downs: usize| {
        let mut state = state_with(vec![plan.clone()], Vec::new(), false);
        update(&mut state, Msg::Today(day(2026, 12, 11)));
        press(
            &mut state,
            &[
                KeyCode::Char('r'),
                KeyCode::Enter,
                KeyCode::Tab,
                KeyCode::Tab,
            ],
        );
        press(&mut state, &vec![KeyCode::Down; downs]);
        update(&mut state, key(KeyCode::Enter));
        state
    };
    // Drop: straight to the answers.
    let state = look_back(2);
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    assert!(!screen(&state).contains("how many weeks"));
    // Adjust: the new plan, then when to look back on it (three weeks unless changed).
    let mut state = look_back(1);
    super::type_text(&mut state, "After dinner");
    update(&mut state, key(KeyCode::Tab));
    assert!(screen(&state).contains("Look back on it again in how many weeks?"));
    update(&mut state, key(KeyCode::Tab));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(review), Effect::Save(next)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        review.practice,
        Some(PracticeData::Review {
            decision: Decision::Adjust,
            next_review_on: None,
        })
    );
    assert_eq!(
        next.practice,
        Some(PracticeData::Plan {
            frequency: Frequency::Week { times: 2 },
            review_on: Some(day(2026, 12, 11) + Days::new(21)),
        })
    );
}

#[test]
fn leaving_a_look_back_with_nothing_said_asks_nothing() {
    let mut state = state_with(vec![plan_for_three_weeks()], Vec::new(), false);
    press(&mut state, &[KeyCode::Char('r'), KeyCode::Enter]);
    assert_eq!(state.screen, Screen::Runner);
    let effects = update(&mut state, key(KeyCode::Esc));
    assert_eq!(effects, vec![]);
    assert_eq!(
        state.overlay, None,
        "the preset weeks are not an answer to keep"
    );
    assert_eq!(state.screen, Screen::Home);
}
