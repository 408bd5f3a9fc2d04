//! Recording a session: afterwards the app offers the entries flagged to discuss, to
//! unflag the ones talked about.

use between::journal::{Entry, Journal};
use between::tui::app::{Effect, Msg, Overlay, Screen, State, update};
use crossterm::event::KeyCode;

use super::{note, press, screen, state_with, type_text};
use crate::common::tui::{key, screen_text};

/// Two entries flagged to discuss (the newer one private) and one not.
fn flagged() -> (Entry, Entry, Entry) {
    let mut holidays = note("Bring up the holidays.", "2026-11-23T10:00:00+01:00");
    holidays.discuss = true;
    let mut father = note("What my father said.", "2026-11-24T10:00:00+01:00");
    father.discuss = true;
    father.private = true;
    let walk = note("A long walk.", "2026-11-25T10:00:00+01:00");
    (holidays, father, walk)
}

/// Records a session from home, saves it, and carries out every save it leads to.
fn record_session(state: &mut State) {
    update(state, key(KeyCode::Char('s')));
    type_text(state, "The holidays");
    press(state, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    let effects = update(state, key(KeyCode::Enter));
    let [Effect::Save(session)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let effects = update(state, Msg::Saved(Box::new(session.clone())));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "{effects:?}"
    );
}

/// Carries out the saves among `effects`, as the shell would.
fn carry_out(state: &mut State, effects: Vec<Effect>) -> usize {
    let mut saved = 0;
    for effect in effects {
        if let Effect::Save(entry) = effect {
            update(state, Msg::Saved(Box::new(entry)));
            saved += 1;
        }
    }
    saved
}

fn discuss(journal: &Journal, entry: &Entry) -> bool {
    journal.get(&entry.id).unwrap().discuss
}

#[test]
fn after_a_session_the_entries_talked_about_are_unflagged_and_the_others_stay() {
    let (holidays, father, walk) = flagged();
    let mut state = state_with(
        vec![holidays.clone(), father.clone(), walk],
        Vec::new(),
        false,
    );
    record_session(&mut state);
    assert!(
        matches!(state.overlay, Some(Overlay::Discussed { .. })),
        "{:?}",
        state.overlay
    );
    // Both flagged entries are offered, the private one too (this is the user's own
    // screen), newest first; at 60×20 as well.
    for (width, height) in [(80, 24), (60, 20)] {
        let text = screen_text(
            &state,
            width,
            height,
            &between::tui::theme::Theme::monochrome(),
        );
        assert!(
            text.contains("Which of these did you talk about?"),
            "{text}"
        );
        assert!(text.contains("[ ] 24 Nov  note: What my father"), "{text}");
        assert!(text.contains("[ ] 23 Nov  note: Bring up the"), "{text}");
        assert!(!text.contains("A long walk"), "{text}");
    }
    // Tick the second (the holidays) and unflag it.
    press(&mut state, &[KeyCode::Down, KeyCode::Char(' ')]);
    assert!(screen(&state).contains("[x] 23 Nov  note: Bring up the"));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.overlay, None);
    assert_eq!(
        carry_out(&mut state, effects),
        2,
        "one revision, and the session's"
    );
    assert!(!discuss(&state.journal, &holidays));
    assert_eq!(state.journal.get(&holidays.id).unwrap().revision, 2);
    assert!(
        discuss(&state.journal, &father),
        "not ticked: still flagged"
    );
    assert_eq!(state.screen, Screen::Runner, "the session's saved page");
}

#[test]
fn skipping_the_question_after_a_session_changes_nothing() {
    let (holidays, father, walk) = flagged();
    let mut state = state_with(
        vec![holidays.clone(), father.clone(), walk],
        Vec::new(),
        false,
    );
    record_session(&mut state);
    // Ticked, then skipped with Esc: nothing is saved.
    press(&mut state, &[KeyCode::Char(' ')]);
    let effects = update(&mut state, key(KeyCode::Esc));
    assert_eq!(effects, vec![]);
    assert_eq!(state.overlay, None);
    assert!(discuss(&state.journal, &holidays) && discuss(&state.journal, &father));
    // Nothing flagged: nothing is asked.
    let mut state = state_with(
        vec![note("x", "2026-11-23T10:00:00+01:00")],
        Vec::new(),
        false,
    );
    record_session(&mut state);
    assert_eq!(state.overlay, None);
}
