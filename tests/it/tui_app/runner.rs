//! Answering an exercise: steps, review and saving, drafts, the safety answer,
//! quitting, and Ctrl-E's editor.

use std::time::Duration;

use between::journal::{AnswerValue, Kind};
use between::pack::Catalog;
use between::tui::app::{Confirm, Effect, Msg, Overlay, Phase, Screen, State, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{
    journal, press, screen, start_thought_record, state, state_with, step_kind, type_text,
};
use crate::common::tui::{ctrl, key, state_of};

#[test]
fn an_exercise_is_answered_step_by_step_reviewed_and_saved() {
    let mut state = state();
    start_thought_record(&mut state);
    // Step 1 reads; Enter moves on.
    assert_eq!(step_kind(&state), "read");
    update(&mut state, key(KeyCode::Enter));
    // Step 2 is a required text: Tab without an answer is refused with a reason.
    assert_eq!(step_kind(&state), "text");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().index, 1);
    assert!(state.status.as_ref().unwrap().error);
    assert!(state.captures_text());
    // Typing `?`, `!` and `q` goes into the text, not to shortcuts.
    type_text(&mut state, "Saturday night! Late? q");
    assert_eq!(state.overlay, None);
    assert!(!state.quit);
    update(&mut state, Msg::Paste(" 他们迟到了 🙂".into()));
    update(&mut state, key(KeyCode::Tab));
    // Step 3: a break only for a flooded body, so Tab goes on without it.
    assert_eq!(step_kind(&state), "timer");
    update(&mut state, key(KeyCode::Tab));
    // Step 4: the thought; step 5: a scale, where digits choose.
    assert_eq!(step_kind(&state), "text");
    type_text(&mut state, "They never listen.");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "scale");
    update(&mut state, key(KeyCode::Char('8')));
    // Going back keeps the texts, and forward again keeps the rating.
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(
        runner.inputs[1].answer(&runner.exercise.steps[1], state.now),
        Some(AnswerValue::Text {
            text: "Saturday night! Late? q 他们迟到了 🙂".into()
        })
    );
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Enter));
    // Every other step: answer what needs an answer, skip the rest.
    let mut guard = 0;
    while state.runner.as_ref().unwrap().phase == Phase::Steps {
        guard += 1;
        assert!(
            guard < 40,
            "stuck at step {}",
            state.runner.as_ref().unwrap().index
        );
        match step_kind(&state) {
            "text" => {
                type_text(&mut state, "an answer");
                update(&mut state, key(KeyCode::Tab));
            }
            "scale" => {
                update(&mut state, key(KeyCode::Char('3')));
                update(&mut state, key(KeyCode::Tab));
            }
            "timer" => {
                update(&mut state, key(KeyCode::Char('s')));
                update(&mut state, key(KeyCode::Tab));
            }
            _ => {
                update(&mut state, key(KeyCode::Char(' ')));
                update(&mut state, key(KeyCode::Tab));
            }
        }
    }
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    assert!(screen(&state).contains("Review your answers"));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("expected one save, got {effects:?}");
    };
    assert_eq!(entry.kind, Kind::Exercise);
    assert_eq!(entry.area.as_deref(), Some("triggers"));
    let source = entry.exercise.as_ref().unwrap();
    assert_eq!(
        (source.pack.as_str(), source.exercise.as_str()),
        ("triggers", "thought-record")
    );
    let intensity: Vec<i64> = entry
        .answers
        .iter()
        .filter_map(|a| match &a.value {
            AnswerValue::Scale { value, measure, .. }
                if measure.as_deref() == Some("intensity") =>
            {
                Some(*value)
            }
            _ => None,
        })
        .collect();
    assert_eq!(intensity, vec![8, 3], "before and after");
    assert!(entry.answers.iter().all(|a| !a.prompt.is_empty()));

    let effects = update(&mut state, Msg::Saved(Box::new(entry.clone())));
    assert_eq!(
        effects,
        vec![Effect::DiscardDraft("triggers--thought-record".into())]
    );
    assert_eq!(
        state.runner.as_ref().unwrap().phase,
        Phase::Saved(entry.id.clone())
    );
    assert!(screen(&state).contains("Saved to /home/you/.local/share/between/journal.jsonl"));
    // A synced journal's entries go to this device's log in the synced folder.
    state.journal_file = "/home/you/Sync/replicas/01J0/journal.jsonl".into();
    assert!(screen(&state).contains("Saved to /home/you/Sync/replicas/01J0/journal.jsonl"));
    state.journal_file = "/home/you/.local/share/between/journal.jsonl".into();
    assert_eq!(state.journal.len(), 1);
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.screen, Screen::Area(_)));
}

#[test]
fn a_failed_save_keeps_every_answer_and_says_why() {
    let mut state = state();
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "precious words");
    let runner = state.runner.as_mut().unwrap();
    runner.phase = Phase::Review;
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Save(_)]));
    update(
        &mut state,
        Msg::Failed("the disk is full, so the entry was not saved".into()),
    );
    assert!(state.status.as_ref().unwrap().text.contains("disk is full"));
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(runner.phase, Phase::Review);
    assert!(
        runner.entries(
            state.now,
            &state.journal,
            state.today,
            &mut between::journal::mint::SystemMint,
        )[0]
        .answers
        .iter()
        .any(|a| a.value.text() == Some("precious words"))
    );
    // It can be saved again.
    assert!(matches!(
        update(&mut state, key(KeyCode::Enter)).as_slice(),
        [Effect::Save(_)]
    ));
}

#[test]
fn drafts_are_written_after_a_pause_and_on_leaving_and_offered_back() {
    let mut state = state();
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "half a thought");
    let changed = state.now;
    assert_eq!(
        update(&mut state, Msg::Tick(changed + Duration::from_secs(1))),
        vec![]
    );
    let effects = update(&mut state, Msg::Tick(changed + Duration::from_secs(4)));
    let [Effect::SaveDraft(draft)] = effects.as_slice() else {
        panic!("expected a draft, got {effects:?}");
    };
    assert_eq!(
        draft.source,
        between::tui::app::runner::Source::exercise("triggers", "thought-record")
    );
    assert_eq!(draft.index, 1);
    assert_eq!(
        draft.answers[1],
        Some(AnswerValue::Text {
            text: "half a thought".into()
        })
    );
    // Nothing new: no more drafts.
    assert_eq!(
        update(&mut state, Msg::Tick(changed + Duration::from_secs(9))),
        vec![]
    );

    // Leaving asks; `y` keeps a draft.
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.overlay, Some(Overlay::Confirm(Confirm::LeaveRunner)));
    let effects = update(&mut state, key(KeyCode::Char('y')));
    let [Effect::SaveDraft(kept)] = effects.as_slice() else {
        panic!("expected a draft, got {effects:?}");
    };
    let kept = kept.clone();
    update(
        &mut state,
        Msg::DraftSaved("triggers--thought-record".into()),
    );
    assert!(state.runner.is_none());
    assert!(matches!(state.screen, Screen::Area(_)));
    let text = screen(&state);
    assert!(text.contains("(draft saved)"), "{text}");

    // Opening it again offers the draft back.
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(effects.is_empty());
    assert!(matches!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::Resume { .. }))
    ));
    let effects = update(&mut state, key(KeyCode::Char('r')));
    assert_eq!(
        effects,
        vec![Effect::LoadDraft("triggers--thought-record".into())]
    );
    update(&mut state, Msg::DraftLoaded(Box::new(kept)));
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(runner.index, 1);
    assert_eq!(
        runner.inputs[1].answer(&runner.exercise.steps[1], state.now),
        Some(AnswerValue::Text {
            text: "half a thought".into()
        })
    );
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Welcome back.")
    );
}

#[test]
fn a_terminating_signal_writes_the_draft_and_quits() {
    let mut state = state();
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "do not lose me");
    let effects = update(&mut state, Msg::Terminate);
    assert!(matches!(effects.as_slice(), [Effect::SaveDraft(d)] if d.answers[1].is_some()));
    assert!(state.quit);
}

#[test]
fn quitting_asks_only_when_answers_would_be_lost() {
    let mut idle = state();
    update(&mut idle, key(KeyCode::Char('q')));
    assert!(idle.quit);

    let mut state = state();
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "x");
    update(&mut state, ctrl('c'));
    assert_eq!(state.overlay, Some(Overlay::Confirm(Confirm::Quit)));
    assert!(!state.quit);
    let effects = update(&mut state, key(KeyCode::Char('y')));
    assert!(matches!(effects.as_slice(), [Effect::SaveDraft(_)]));
    assert!(state.quit);
}

#[test]
fn safety_is_one_key_away_everywhere() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('!')));
    assert_eq!(state.overlay, Some(Overlay::Safety));
    let text = screen(&state);
    assert!(text.contains("988"), "{text}");
    assert!(text.contains("1-800-799-7233"));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.overlay, None);
    // While typing, `!` is text and Ctrl-G opens safety.
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, key(KeyCode::Char('!')));
    assert_eq!(state.overlay, None);
    update(&mut state, ctrl('g'));
    assert_eq!(state.overlay, Some(Overlay::Safety));
}

#[test]
fn a_safety_answer_leads_to_the_safety_screen() {
    let mut state = state();
    // Boundaries (4) starts with a safety check.
    press(&mut state, &[KeyCode::Char('4'), KeyCode::Enter]);
    let runner = state.runner.as_ref().unwrap();
    let between::pack::model::Step::Choice(check) = runner.step() else {
        panic!("the boundaries exercise should start with a safety check");
    };
    let fear = check
        .options
        .iter()
        .position(|o| o.safety)
        .expect("a safety option");
    for _ in 0..fear {
        update(&mut state, key(KeyCode::Down));
    }
    update(&mut state, key(KeyCode::Char(' ')));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.overlay, Some(Overlay::Safety));
    assert!(state.runner.as_ref().unwrap().safety_mode());
    update(&mut state, key(KeyCode::Esc));
    assert!(screen(&state).contains("Safety first: the steps with your partner are skipped"));
}

#[test]
fn starting_afresh_forgets_the_draft() {
    let mut state = state_with(Vec::new(), vec!["triggers--thought-record".into()], false);
    press(&mut state, &[KeyCode::Char('3'), KeyCode::Enter]);
    assert!(matches!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::Resume { .. }))
    ));
    let effects = update(&mut state, key(KeyCode::Char('n')));
    assert_eq!(
        effects,
        vec![Effect::DiscardOfferedDraft(
            "triggers--thought-record".into()
        )]
    );
    assert!(state.drafts.is_empty());
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        state.overlay, None,
        "no resume offered for a discarded draft"
    );
    assert_eq!(state.screen, Screen::Runner);
}

#[test]
fn ctrl_e_edits_a_written_answer_in_the_editor() {
    let mut state = state();
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "first draft");
    let effects = update(&mut state, ctrl('e'));
    assert_eq!(
        effects,
        vec![Effect::Edit {
            text: "first draft".into(),
            entry: None
        }]
    );
    update(
        &mut state,
        Msg::Edited(Ok("written in vim\nwith two lines".into())),
    );
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(
        runner.inputs[1].answer(runner.step(), state.now),
        Some(AnswerValue::Text {
            text: "written in vim\nwith two lines".into()
        })
    );
    // A failed editor keeps the text and says why.
    update(
        &mut state,
        Msg::Edited(Err("the editor `nano` exited with an error".into())),
    );
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("exited with an error")
    );
    let runner = state.runner.as_ref().unwrap();
    assert!(runner.inputs[1].answer(runner.step(), state.now).is_some());
    // Ctrl-E on a step without text does nothing.
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(update(&mut state, ctrl('e')), vec![]);
}

#[test]
fn an_installed_exercise_with_a_built_in_id_opens_and_drafts_as_its_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    let minimal = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/packs/good/minimal.json"),
    )
    .unwrap()
    .replace("\"minimal\"", "\"dr-lee\"")
    .replace(
        "\"id\": \"breathe\",\n      \"area\"",
        "\"id\": \"thought-record\",\n      \"area\"",
    )
    .replace("Take three slow breaths", "Dr Lee: three breaths");
    std::fs::write(dir.path().join("packs/dr-lee.json"), minimal).unwrap();
    let data = between::data_dir::DataDir::resolve(Some(dir.path())).unwrap();
    let mut state = State::new(between::tui::load(&data, None).unwrap());
    update(&mut state, key(KeyCode::Enter)); // past the welcome
    press(&mut state, &[KeyCode::Char('3')]);
    // The installed one comes after the built-in triggers exercises.
    let built_in = Catalog::builtin()
        .unwrap()
        .exercises()
        .filter(|f| f.exercise.area == "triggers")
        .count();
    press(&mut state, &vec![KeyCode::Down; built_in]);
    let rows = screen(&state);
    assert!(rows.contains("▶ Dr Lee: three breaths"), "{rows}");
    update(&mut state, key(KeyCode::Enter));
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(
        (runner.source.pack(), runner.exercise.title.as_str()),
        (Some("dr-lee"), "Dr Lee: three breaths")
    );
    assert_eq!(runner.draft_key(), "dr-lee--thought-record");
}

#[test]
fn a_pack_named_like_one_of_the_app_s_forms_is_a_pack_like_any() {
    // Packs called `session`, `try`, `plan` and `review`, each with an exercise whose
    // id is what the forms used to be told apart by.
    let packs = tempfile::tempdir().unwrap();
    let plan_id = between::journal::EntryId::generate();
    let exercise_ids = [
        ("session", "new".to_owned()),
        ("try", plan_id.as_str().to_ascii_lowercase()),
        ("plan", "communication--gentle-start-up".to_owned()),
        ("review", plan_id.as_str().to_ascii_lowercase()),
    ];
    for (pack, exercise) in &exercise_ids {
        let text = serde_json::json!({
            "format": 1, "id": pack, "version": 1, "title": format!("Pack {pack}"),
            "description": "A pack with a form's name.",
            "exercises": [{
                "id": exercise, "area": "communication",
                "title": format!("The {pack} pack's exercise"),
                "summary": "Only an exercise.", "minutes": 2, "technique": "Reflection",
                "steps": [{ "kind": "text", "id": "words", "prompt": "Write a few words." }]
            }]
        });
        std::fs::write(packs.path().join(format!("{pack}.json")), text.to_string()).unwrap();
    }
    let catalog = Catalog::load(packs.path()).unwrap();
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    for (pack, exercise) in &exercise_ids {
        let mut state = state_of(catalog.clone(), journal(Vec::new()), Vec::new(), false);
        update(&mut state, key(KeyCode::Char('2')));
        let list = between::tui::app::area::exercises(&state, "communication");
        let at = list.iter().position(|f| f.pack.pack.id == *pack).unwrap();
        press(&mut state, &vec![KeyCode::Down; at]);
        update(&mut state, key(KeyCode::Enter));
        let runner = state.runner.as_ref().unwrap();
        assert_eq!(
            runner.exercise.title,
            format!("The {pack} pack's exercise"),
            "{pack}: another form opened"
        );
        assert_eq!(runner.draft_key(), format!("{pack}--{exercise}"));
        type_text(&mut state, "my words");
        update(&mut state, key(KeyCode::Tab));
        let effects = update(&mut state, key(KeyCode::Enter));
        let [Effect::Save(entry)] = effects.as_slice() else {
            panic!("{pack}: {effects:?}");
        };
        assert_eq!(entry.kind, Kind::Exercise, "{pack}");
        assert_eq!(entry.link, None, "{pack}");
        let source = entry.exercise.as_ref().unwrap();
        assert_eq!(
            (source.pack.as_str(), source.exercise.as_str()),
            (*pack, exercise.as_str())
        );
    }
}

#[test]
fn leaving_an_exercise_goes_back_to_the_area_as_it_was_and_a_form_to_home() {
    let mut state = state();
    press(
        &mut state,
        &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Down],
    );
    let Screen::Area(before) = state.screen.clone() else {
        panic!("{:?}", state.screen);
    };
    assert_eq!(before.cursor, 2);
    press(&mut state, &[KeyCode::Enter, KeyCode::Esc]);
    assert_eq!(
        state.screen,
        Screen::Area(before),
        "the same exercise selected"
    );
    // A form opened from home goes back home.
    press(
        &mut state,
        &[KeyCode::Esc, KeyCode::Char('s'), KeyCode::Esc],
    );
    assert_eq!(state.screen, Screen::Home);
}

#[test]
fn a_running_break_stays_until_it_ends_and_rings_when_the_time_is_up() {
    let minutes = |m: u64| Duration::from_secs(m * 60);
    let mut state = state();
    let start = state.now;
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "the fight about the car");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "timer");
    update(&mut state, key(KeyCode::Char(' ')));
    // Tab does not leave a running break behind.
    update(&mut state, Msg::Tick(start + minutes(1)));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "timer");
    let told = state.status.as_ref().unwrap();
    assert!(
        told.error && told.text.contains("still running"),
        "{told:?}"
    );
    // The time is up: the bell rings once.
    let effects = update(&mut state, Msg::Tick(start + minutes(21)));
    assert!(effects.contains(&Effect::Bell), "{effects:?}");
    let effects = update(&mut state, Msg::Tick(start + minutes(22)));
    assert!(!effects.contains(&Effect::Bell), "once: {effects:?}");
    update(&mut state, key(KeyCode::Tab));
    assert_ne!(step_kind(&state), "timer", "over: Tab goes on");
}

#[test]
fn v_shows_an_exercise_s_steps_and_time_before_it_is_started() {
    let mut state = state();
    press(&mut state, &[KeyCode::Char('3'), KeyCode::Char('v')]);
    let shown = screen(&state);
    // The same words `between show` prints, over the area.
    let found = between::pack::Catalog::builtin().unwrap();
    let first = between::tui::app::area::exercises(&state, "triggers")[0]
        .exercise
        .id
        .clone();
    let text = between::pack::describe::exercise_text(
        found.exercises().find(|f| f.exercise.id == first).unwrap(),
    );
    let header = text.lines().next().unwrap().trim().to_owned();
    assert!(
        shown.contains(&header[..header.len().min(40)]),
        "{header}\n{shown}"
    );
    assert!(shown.contains("1 of 10 · read"), "{shown}");
    assert!(state.runner.is_none(), "nothing started");
    // Esc closes it, on the area as it was; Enter then starts the exercise.
    press(&mut state, &[KeyCode::Esc, KeyCode::Enter]);
    assert_eq!(state.screen, Screen::Runner);
}
