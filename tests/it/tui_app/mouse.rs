//! The mouse: a click selects the row or option under it, a second click on a
//! selected row opens it, and windows to read from let go of the mouse so that the
//! terminal's own selection can copy from them. Every click goes the shell's way:
//! the frame drawn at 80×24 says what is under the cell, and that becomes the message.

use between::journal::entry::AnswerValue;
use between::pack::model::Step;
use between::tui::app::{HomePane, Overlay, Screen, State, Target, area, update};
use between::tui::widgets::Spot;
use crossterm::event::KeyCode;

use super::screens::every_kind_state;
use super::{browsing_state, press, state, step_kind};
use crate::common::tui::{click_at, click_on, drawn, key};

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
