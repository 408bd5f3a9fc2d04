//! The mouse: a click selects the row or option under it, a second click on a
//! selected row opens it, a question's key lines answer it in one click, and windows
//! to read from let go of the mouse so that the terminal's own selection can copy
//! from them. Every click goes the shell's way: the frame drawn at 80×24 says what is
//! under the cell, and that becomes the message.

use between::journal::Kind;
use between::journal::entry::AnswerValue;
use between::journal::practice::{Frequency, PracticeData};
use between::pack::model::Step;
use between::tui::app::home::active_plans;
use between::tui::app::keys::overlay_bindings;
use between::tui::app::runner::Source;
use between::tui::app::{
    Confirm, Effect, HomePane, Msg, Overlay, Screen, State, Target, area, update,
};
use between::tui::hits::Hits;
use between::tui::keymap::Action;
use between::tui::widgets::Spot;
use crossterm::event::KeyCode;
use ratatui::layout::Rect;
use std::time::Duration;

use super::screens::{between_attachment, every_kind_state};
use super::{browsing_state, note, press, screen, state, state_with, step_kind, type_text};
use crate::common::tui::{cell_of, click_at, click_on, drawn, key};

fn answer(state: &State) -> Option<AnswerValue> {
    let runner = state.runner.as_ref().unwrap();
    runner.answers(state.now)[runner.index].clone()
}

#[test]
fn a_click_selects_a_row_of_home_and_a_second_click_opens_it() {
    let mut state = state();
    let third = state.catalog.areas()[2].decl.clone();
    click_on(&mut state, &third.title);
    assert_eq!((state.home.pane, state.home.area), (HomePane::Areas, 2));
    assert_eq!(state.screen, Screen::Home, "the first click only selects");
    click_on(&mut state, &third.title);
    assert!(
        matches!(&state.screen, Screen::Area(view) if view.id == third.id),
        "{:?}",
        state.screen
    );

    // A row of another pane focuses that pane too.
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
    click_on(&mut state, "Gentle start-up");
    assert_eq!((state.home.pane, state.home.recent), (HomePane::Recent, 1));
    click_on(&mut state, "Gentle start-up");
    assert!(
        matches!(state.screen, Screen::Entry { .. }),
        "{:?}",
        state.screen
    );
}

#[test]
fn a_click_selects_an_exercise_and_a_second_click_starts_it() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('3')));
    let Screen::Area(view) = &state.screen else {
        panic!("not an area: {:?}", state.screen);
    };
    let list = area::exercises(&state, &view.id);
    assert!(list.len() >= 3, "the triggers area has three exercises");
    let title = list[2].exercise.title.clone();
    let id = list[2].exercise.id.clone();
    click_on(&mut state, &title);
    assert!(matches!(&state.screen, Screen::Area(view) if view.cursor == 2));
    // A click on the exercise's second line (its time and technique) is on it too.
    let (_, hits) = drawn(&state, 80, 24);
    let (rect, _) = hits
        .regions()
        .iter()
        .find(|(_, target)| *target == Target::Exercise(2))
        .copied()
        .unwrap();
    assert_eq!(rect.height, 2);
    click_at(&mut state, &hits, rect.x + 3, rect.y + 1);
    assert_eq!(state.screen, Screen::Runner);
    assert_eq!(state.runner.as_ref().unwrap().exercise.id, id);
}

#[test]
fn the_journal_strategies_and_packs_take_clicks() {
    let mut state = browsing_state();
    click_on(&mut state, "Gentle start-up");
    assert_eq!(state.browser.cursor, 1);
    assert_eq!(state.screen, Screen::Journal);
    click_on(&mut state, "Gentle start-up");
    assert!(
        matches!(state.screen, Screen::Entry { .. }),
        "{:?}",
        state.screen
    );

    let mut state = super::state();
    update(&mut state, key(KeyCode::Char('K')));
    let second = state.catalog.packs()[1].pack.title.clone();
    click_on(&mut state, &second);
    assert_eq!(state.packs.cursor, 1);
}

#[test]
fn a_click_on_an_option_chooses_it_as_space_does() {
    let (mut state, _packs) = every_kind_state();
    update(&mut state, key(KeyCode::Char('5')));
    let built_in = area::exercises(&state, "attachment").len();
    press(&mut state, &vec![KeyCode::Down; built_in - 1]);
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(step_kind(&state), "choice");
    let labels: Vec<String> = match state.runner.as_ref().unwrap().step() {
        Step::Choice(choice) => choice.options.iter().map(|o| o.label.clone()).collect(),
        other => panic!("{other:?}"),
    };
    let index = state.runner.as_ref().unwrap().index;
    click_on(&mut state, &labels[1]);
    let chosen = |state: &State| match answer(state) {
        Some(AnswerValue::Choice { chosen, .. }) => {
            chosen.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(chosen(&state), [labels[1].clone()]);
    assert_eq!(state.runner.as_ref().unwrap().index, index, "a click stays");
    // By its box: "Safe" alone is in "Safety" too.
    click_on(&mut state, &format!("( ) {}", labels[0]));
    assert_eq!(
        chosen(&state),
        [labels[0].clone()],
        "one choice: the new one"
    );
}

#[test]
fn a_click_ticks_an_item_and_chooses_a_point_of_a_scale() {
    let (mut state, _packs) = every_kind_state();
    update(&mut state, key(KeyCode::Char('8')));
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "scale");
    let (buffer, hits) = drawn(&state, 80, 24);
    let (rect, _) = hits
        .regions()
        .iter()
        .find(|(_, target)| *target == Target::Step(Spot::Point(3)))
        .copied()
        .expect("the point 3 can be clicked");
    let drawn: String = (rect.x..rect.right())
        .map(|x| buffer[(x, rect.y)].symbol().to_owned())
        .collect();
    assert_eq!(drawn.trim(), "3", "the region is where 3 is drawn");
    click_at(&mut state, &hits, rect.x + 1, rect.y);
    assert!(
        matches!(answer(&state), Some(AnswerValue::Scale { value: 3, .. })),
        "{:?}",
        answer(&state)
    );

    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "checklist");
    let items = match state.runner.as_ref().unwrap().step() {
        Step::Checklist(checklist) => checklist.items.clone(),
        other => panic!("{other:?}"),
    };
    let ticked = |state: &State| match answer(state) {
        Some(AnswerValue::Checklist { items }) => {
            items.iter().map(|item| item.checked).collect::<Vec<_>>()
        }
        None => Vec::new(),
        other => panic!("{other:?}"),
    };
    click_on(&mut state, &items[1]);
    assert_eq!(ticked(&state)[..2], [false, true]);
    click_on(&mut state, &items[1]);
    assert_eq!(
        ticked(&state)[..2],
        [false, false],
        "a second click unticks"
    );
}

#[test]
fn windows_to_read_let_go_of_the_mouse_so_text_can_be_copied() {
    let mut state = state();
    assert!(state.mouse_captured());
    update(&mut state, key(KeyCode::Char('!')));
    assert_eq!(state.overlay, Some(Overlay::Safety));
    assert!(!state.mouse_captured(), "the terminal selects the hotline");
    let (buffer, hits) = drawn(&state, 80, 24);
    assert!(
        crate::common::tui::cell_of(&buffer, "Select text with the mouse to copy it.").is_some()
    );
    assert!(
        hits.regions().is_empty(),
        "nothing under the window is clicked"
    );
    update(&mut state, key(KeyCode::Esc));
    assert!(state.mouse_captured());
    update(&mut state, key(KeyCode::Char('?')));
    assert!(!state.mouse_captured(), "help too");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.mouse_captured());
}

/// Where the frame drew `target`, as one rect per region.
fn regions_of(hits: &Hits, target: Target) -> Vec<Rect> {
    hits.regions()
        .iter()
        .filter(|(_, t)| *t == target)
        .map(|(rect, _)| *rect)
        .collect()
}

#[test]
fn a_click_selects_a_found_exercise_and_a_second_click_starts_it() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "partner");
    let Screen::Find(view) = &state.screen else {
        panic!("not the search: {:?}", state.screen);
    };
    let (pack, id) = view.results[2].clone();
    let title = state
        .catalog
        .exercises()
        .find(|f| f.pack.pack.id == pack && f.exercise.id == id)
        .unwrap()
        .exercise
        .title
        .clone();
    click_on(&mut state, &title);
    let cursor = match &state.screen {
        Screen::Find(view) => view.cursor,
        _ => panic!("not the search any more"),
    };
    assert_eq!(cursor, 2);
    // Its second line (time, area, summary) is the same result.
    let (buffer, hits) = drawn(&state, 80, 24);
    let (x, y) = cell_of(&buffer, &title).unwrap();
    assert_eq!(regions_of(&hits, Target::Found(2)).len(), 2, "two lines");
    click_at(&mut state, &hits, x, y + 1);
    assert_eq!(state.screen, Screen::Runner);
    assert_eq!(state.runner.as_ref().unwrap().exercise.id, id);
}

#[test]
fn a_click_selects_a_plan_in_the_picker_and_a_second_click_chooses_it() {
    let mut first = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    first.kind = Kind::Plan;
    first.title = Some("Start with how I feel".into());
    let mut second = note("Take a break at ten", "2026-11-21T09:00:00+01:00");
    second.kind = Kind::Plan;
    second.title = Some("Take a break at ten".into());
    for plan in [&mut first, &mut second] {
        plan.practice = Some(PracticeData::Plan {
            frequency: Frequency::Week { times: 2 },
            review_on: None,
        });
    }
    let mut state = state_with(vec![first, second.clone()], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('t')));
    let Some(Overlay::PickPlan { cursor, .. }) = state.overlay else {
        panic!("{:?}", state.overlay);
    };
    let other = if cursor == 0 { 1 } else { 0 };
    let (buffer, hits) = drawn(&state, 80, 24);
    let [rect] = regions_of(&hits, Target::Plan(other))[..] else {
        panic!("{:?}", hits.regions());
    };
    // The screen under the window takes no click.
    assert!(
        hits.regions()
            .iter()
            .all(|(_, t)| matches!(t, Target::Plan(_) | Target::Answer(_))),
        "{:?}",
        hits.regions()
    );
    let area = state.catalog.areas()[1].decl.title.clone();
    let (x, y) = cell_of(&buffer, &area).expect("home shows beside the window");
    click_at(&mut state, &hits, x, y);
    assert_eq!(state.home.area, 0);
    click_at(&mut state, &hits, rect.x + 4, rect.y);
    assert!(
        matches!(state.overlay, Some(Overlay::PickPlan { cursor, review: false }) if cursor == other),
        "{:?}",
        state.overlay
    );
    assert_eq!(state.screen, Screen::Home, "the first click only selects");
    let plan = active_plans(&state)[other].id.clone();
    let (_, hits) = drawn(&state, 80, 24);
    click_at(&mut state, &hits, rect.x + 4, rect.y);
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen, Screen::Runner);
    assert_eq!(
        state.runner.as_ref().unwrap().source,
        Source::Try { plan },
        "the plan clicked"
    );
}

#[test]
fn a_click_on_a_key_line_of_a_question_does_what_the_key_does() {
    let mut state = browsing_state();
    let walk = state.browser.cursor;
    update(&mut state, key(KeyCode::Char('x')));
    let overlay = state.overlay.clone().unwrap();
    let Overlay::Confirm(Confirm::Delete(id)) = &overlay else {
        panic!("{overlay:?}");
    };
    let id = id.clone();
    // Every key line shown is the table's own binding, and nothing else is clicked.
    let (buffer, hits) = drawn(&state, 80, 24);
    let shown: Vec<_> = overlay_bindings(&state.own_keys, &overlay)
        .into_iter()
        .filter_map(|b| b.shown.map(|(key, what)| (key, what, b.action.unwrap())))
        .collect();
    assert_eq!(hits.regions().len(), shown.len(), "{:?}", hits.regions());
    for (key, what, action) in shown {
        let (x, y) = cell_of(&buffer, &format!("{key:<8}{what}"))
            .unwrap_or_else(|| panic!("{key} {what} is drawn"));
        assert_eq!(hits.at(x, y), Some(Target::Answer(action)), "{key} {what}");
    }
    // "delete" in the explanation is no answer; nor is the journal beside the window.
    let in_text: Vec<(u16, u16)> = (0..24)
        .filter_map(|y| {
            let line: String = (0..80)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            line.find("plain delete")
                .or_else(|| line.find("delete leaves"))
                .map(|at| (u16::try_from(line[..at].chars().count()).unwrap(), y))
        })
        .collect();
    let [(x, y)] = in_text[..] else {
        panic!("the explanation says 'a plain delete': {in_text:?}");
    };
    assert!(click_at(&mut state, &hits, x + 6, y).is_empty());
    assert!(
        hits.regions()
            .iter()
            .all(|(_, t)| matches!(t, Target::Answer(_)))
    );
    let other = if walk == 0 { 1 } else { 0 };
    assert!(update(&mut state, Msg::Click(Target::Entry(other))).is_empty());
    assert_eq!(state.overlay, Some(overlay.clone()));
    assert_eq!(state.browser.cursor, walk);
    // One click on an answer is the answer, as its key is.
    assert!(click_on(&mut state, "keep it").is_empty());
    assert_eq!(state.overlay, None);
    update(&mut state, key(KeyCode::Char('x')));
    assert_eq!(
        click_on(&mut state, "delete and erase now"),
        vec![Effect::Erase(id.clone())]
    );
    update(&mut state, key(KeyCode::Char('x')));
    assert_eq!(
        click_on(&mut state, "y       delete"),
        vec![Effect::Delete(id)]
    );
    assert_eq!(state.overlay, None);
    // A stale answer, from a window no longer open, does nothing.
    assert!(update(&mut state, Msg::Click(Target::Answer(Action::Yes))).is_empty());
}

#[test]
fn a_question_opened_by_a_click_ignores_the_rest_of_that_double_click() {
    let mut state = state_with(Vec::new(), vec!["triggers--thought-record".into()], false);
    update(&mut state, key(KeyCode::Char('3')));
    let title = {
        let Screen::Area(view) = &state.screen else {
            panic!("{:?}", state.screen);
        };
        area::exercises(&state, &view.id)[0].exercise.title.clone()
    };
    // The exercise is selected already: one click opens it, and it has a draft.
    click_on(&mut state, &title);
    assert!(matches!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::Resume(_)))
    ));
    // The second press of a double click lands on the question: it is not an answer.
    let later = state.now + Duration::from_millis(200);
    update(&mut state, Msg::Tick(later));
    assert!(click_on(&mut state, "start afresh").is_empty());
    assert!(state.overlay.is_some(), "the draft is not thrown away");
    let later = state.now + Duration::from_secs(1);
    update(&mut state, Msg::Tick(later));
    assert_eq!(
        click_on(&mut state, "start afresh"),
        vec![Effect::DiscardOfferedDraft(
            "triggers--thought-record".into()
        )]
    );
    assert_eq!(state.screen, Screen::Runner);
}

#[test]
fn a_click_on_a_number_answers_that_statement_of_a_questionnaire() {
    let mut state = between_attachment();
    let value_of = |state: &State, row: usize, value: i64| {
        let (_, hits) = drawn(state, 80, 24);
        let [rect] = regions_of(&hits, Target::Step(Spot::Rated { row, value }))[..] else {
            panic!("{row}: {value} is not drawn once: {:?}", hits.regions());
        };
        (hits, rect)
    };
    // The statement with the cursor shows its numbers: a click on 5 answers it.
    let (hits, rect) = value_of(&state, 0, 5);
    let (buffer, _) = drawn(&state, 80, 24);
    let five: String = (rect.x..rect.right())
        .map(|x| buffer[(x, rect.y)].symbol().to_owned())
        .collect();
    assert_eq!(five.trim(), "5", "the region is where 5 is drawn");
    click_at(&mut state, &hits, rect.x + 1, rect.y);
    let text = screen(&state);
    assert!(text.contains("1 of 12 answered"), "{text}");
    assert!(text.contains("[5]"), "{text}");
    // As a digit does, the cursor goes on to the next statement, which shows its own.
    let (hits, rect) = value_of(&state, 1, 2);
    click_at(&mut state, &hits, rect.x + 1, rect.y);
    assert!(screen(&state).contains("2 of 12 answered"));
    // An answered statement's numbers change its answer.
    let (hits, rect) = value_of(&state, 0, 7);
    click_at(&mut state, &hits, rect.x, rect.y);
    let text = screen(&state);
    assert!(text.contains("2 of 12 answered"), "{text}");
    assert!(text.contains("[7]") && !text.contains("[5]"), "{text}");
    // A click on a statement without an answer moves the cursor to it.
    click_on(&mut state, "I let my partner see me");
    let (hits, rect) = value_of(&state, 3, 1);
    click_at(&mut state, &hits, rect.x + 1, rect.y);
    assert!(screen(&state).contains("3 of 12 answered"));
    // Twelve answered, the answer has each clicked.
    for _ in 0..8 {
        update(&mut state, key(KeyCode::Char('4')));
    }
    press(&mut state, &[KeyCode::Up; 9]);
    update(&mut state, key(KeyCode::Char('4')));
    let values: Vec<i64> = match answer(&state) {
        Some(AnswerValue::Questionnaire { items, .. }) => items.iter().map(|i| i.answer).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(values[..4], [7, 2, 4, 1]);
}
