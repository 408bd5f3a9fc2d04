//! The TUI through its public interface: `update` fed with message sequences for
//! every flow, and every screen drawn into ratatui's `TestBackend`.

use crate::common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use between::journal::record::Record;
use between::journal::{AnswerValue, Entry, EntryId, Journal, Kind};
use between::pack::Catalog;
use between::tui::app::{Confirm, Effect, Msg, Overlay, Phase, Screen, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use common::tui::{ctrl, key, screen_text, state_of};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// A note with a fixed id and date, so that screens draw the same every time.
fn note(text: &str, when: &str) -> Entry {
    let mut entry = Entry::note(text.into());
    let created = at(when);
    let millis = created.timestamp_millis() as u64;
    entry.id =
        EntryId::parse(&ulid::Ulid::from_parts(millis, u128::from(millis)).to_string()).unwrap();
    entry.created = created;
    entry.updated = entry.created;
    entry
}

fn journal(entries: Vec<Entry>) -> Journal {
    let mut journal = Journal::default();
    for entry in entries {
        journal.apply(Record::put(entry));
    }
    journal
}

fn state_with(entries: Vec<Entry>, drafts: Vec<String>, first_run: bool) -> State {
    state_of(
        Catalog::builtin().unwrap(),
        journal(entries),
        drafts,
        first_run,
    )
}

fn state() -> State {
    state_with(Vec::new(), Vec::new(), false)
}

fn press(state: &mut State, codes: &[KeyCode]) -> Vec<Effect> {
    codes
        .iter()
        .flat_map(|code| update(state, key(*code)))
        .collect()
}

fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(state, key(KeyCode::Char(c))))
        .collect()
}

fn screen(state: &State) -> String {
    screen_text(state, 80, 24, &Theme::color())
}

/// Opens the triggers area (3) and starts its first exercise, the thought record.
fn start_thought_record(state: &mut State) {
    press(state, &[KeyCode::Char('3'), KeyCode::Enter]);
    assert_eq!(state.screen, Screen::Runner);
    assert_eq!(state.runner.as_ref().unwrap().exercise.id, "thought-record");
}

fn step_kind(state: &State) -> &'static str {
    state.runner.as_ref().unwrap().step().kind()
}

#[test]
fn first_run_welcomes_then_goes_home() {
    let mut state = state_with(Vec::new(), Vec::new(), true);
    assert_eq!(state.screen, Screen::Welcome);
    let text = screen(&state);
    assert!(
        text.contains("not therapy, and it is not for emergencies"),
        "{text}"
    );
    assert!(text.contains("/home/you/.local/share/between"));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Home);
}

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
    assert_eq!(state.journal.len(), 1);
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Area);
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
        runner.entries(state.now, &state.journal, state.today)[0]
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
    assert_eq!(state.screen, Screen::Area);
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

/// The id of the newest entry of the browsing journal, the walk.
fn walk_id(state: &State) -> EntryId {
    state.journal.entries().next_back().unwrap().id.clone()
}

fn browsing_state() -> State {
    let mut dishes = note(
        "We argued about the dishes again.",
        "2026-11-20T21:00:00+01:00",
    );
    dishes.area = Some("triggers".into());
    dishes.tags = vec!["home".into()];
    let mut plan = note("Start softly: I feel, I need.", "2026-11-21T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Gentle start-up".into());
    plan.area = Some("communication".into());
    let walk = note(
        "A long walk together, it was good.",
        "2026-11-22T18:30:00+01:00",
    );
    let mut state = state_with(vec![dishes, plan, walk], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('J')));
    assert_eq!(state.screen, Screen::Journal);
    state
}

#[test]
fn the_journal_filters_and_searches_as_you_type() {
    let mut state = browsing_state();
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 3);
    let text = screen(&state);
    let walk = text.find("A long walk").unwrap();
    let dishes = text.find("We argued").unwrap();
    assert!(walk < dishes, "newest first:\n{text}");

    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "DISH");
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 1);
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 3);
    update(&mut state, key(KeyCode::Enter));
    assert!(!state.browser.typing);

    // `c` cycles the kind: exercise (none), then plan (one).
    press(&mut state, &[KeyCode::Char('c')]);
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 0);
    assert!(screen(&state).contains("No entries match"));
    press(&mut state, &[KeyCode::Char('c')]);
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 1);
    press(&mut state, &[KeyCode::Char('0')]);
    // `t` picks the first tag.
    press(&mut state, &[KeyCode::Char('t')]);
    assert_eq!(state.browser.tag.as_deref(), Some("home"));
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 1);
    press(
        &mut state,
        &[
            KeyCode::Char('0'),
            KeyCode::Char('a'),
            KeyCode::Char('a'),
            KeyCode::Char('a'),
        ],
    );
    assert_eq!(state.browser.area.as_deref(), Some("triggers"));
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 1);
}

#[test]
fn entries_are_flagged_edited_and_deleted_with_confirmation() {
    let mut state = browsing_state();
    // The newest, selected first, is the walk.
    let effects = update(&mut state, key(KeyCode::Char('d')));
    let [Effect::Save(revised)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(revised.discuss);
    assert_eq!(revised.revision, 2);
    update(&mut state, Msg::Saved(Box::new(revised.clone())));
    assert!(state.journal.get(&revised.id).unwrap().discuss);

    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Entry(revised.id.clone()));
    assert!(screen(&state).contains("A long walk together"));
    let effects = update(&mut state, key(KeyCode::Char('e')));
    let [Effect::Edit { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let edited = text.replace("it was good", "it was lovely");
    let effects = update(&mut state, Msg::Edited(Ok(edited)));
    let [Effect::Save(third)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        third.first_text(),
        Some("A long walk together, it was lovely.")
    );
    update(&mut state, Msg::Saved(Box::new(third.clone())));

    let effects = update(&mut state, key(KeyCode::Char('x')));
    assert!(effects.is_empty());
    assert_eq!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::Delete(third.id.clone())))
    );
    assert!(screen(&state).contains("Delete this entry?"));
    update(&mut state, key(KeyCode::Char('n')));
    assert_eq!(state.overlay, None);
    update(&mut state, key(KeyCode::Char('x')));
    let effects = update(&mut state, key(KeyCode::Char('y')));
    assert_eq!(effects, vec![Effect::Delete(third.id.clone())]);
    // Deleted, its kept edit (if an edit failed) goes too.
    assert_eq!(
        update(&mut state, Msg::Deleted(third.id.clone())),
        vec![Effect::ForgetEdit(third.id.clone())]
    );
    assert_eq!(state.journal.len(), 2);
    assert_eq!(state.screen, Screen::Journal);
    // The list follows at once, and the cursor is on a real entry.
    let results = state.browser.results.clone().unwrap();
    assert_eq!(results.len(), 2);
    assert!(!results.contains(&third.id));
    assert!(state.browser.cursor < 2);
    assert!(screen(&state).contains("2 of 2 entries"));
}

#[test]
fn a_failed_save_of_an_edit_keeps_the_edited_text() {
    let mut state = browsing_state();
    let effects = update(&mut state, key(KeyCode::Char('e')));
    let [Effect::Edit { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let edited = text.replace("it was good", "it was wonderful");
    let effects = update(&mut state, Msg::Edited(Ok(edited.clone())));
    assert!(matches!(effects.as_slice(), [Effect::Save(_)]));
    update(
        &mut state,
        Msg::Failed("another between is saving to the journal right now".into()),
    );
    assert_eq!(
        update(&mut state, key(KeyCode::Char('e'))),
        vec![Effect::Edit {
            text: edited,
            entry: Some(walk_id(&state))
        }]
    );
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
fn a_broken_edit_keeps_the_text_to_edit_again() {
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Char('e')));
    update(
        &mut state,
        Msg::Edited(Ok("all headings gone, precious words".into())),
    );
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Your changes were not saved")
    );
    let effects = update(&mut state, key(KeyCode::Char('e')));
    assert_eq!(
        effects,
        vec![Effect::Edit {
            text: "all headings gone, precious words".into(),
            entry: Some(walk_id(&state))
        }]
    );
}

#[test]
fn home_shows_areas_recent_entries_and_entries_to_discuss() {
    let mut flagged = note("Bring up the holidays.", "2026-11-23T10:00:00+01:00");
    flagged.discuss = true;
    let mut done = note("x", "2026-11-24T10:00:00+01:00");
    done.kind = Kind::Exercise;
    done.area = Some("triggers".into());
    done.title = Some("Slow down a strong reaction".into());
    let state = state_with(vec![flagged, done], Vec::new(), false);
    let text = screen(&state);
    for area in [
        "1 Understanding your patterns",
        "3 Managing emotional triggers · 1 done",
        "7 Inviting your partner",
    ] {
        assert!(text.contains(area), "{area} in\n{text}");
    }
    assert!(text.contains("24 Nov  Slow down a strong…"), "{text}");
    assert!(text.contains("23 Nov  note: Bring up the…"), "{text}");
    assert!(text.contains("J journal"));
}

#[test]
fn every_screen_draws_at_80x24_and_60x20_and_too_small_says_so() {
    let mut state = browsing_state();
    // Home, an area, the runner, the help over it.
    let keys = [
        KeyCode::Esc,
        KeyCode::Char('2'),
        KeyCode::Enter,
        KeyCode::Char('?'),
    ];
    for code in keys {
        update(&mut state, key(code));
        for (w, h) in [(80, 24), (60, 20)] {
            let text = screen_text(&state, w, h, &Theme::color());
            assert!(!text.contains("too small"), "{w}x{h}");
        }
    }
    let text = screen_text(&state, 59, 20, &Theme::color());
    assert!(text.contains("The window is too small."), "{text}");
    assert!(text.contains("at least 60×20"));
}

#[test]
fn without_colour_the_selection_is_still_visible() {
    let state = state();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| draw(frame, &state, &Theme::monochrome()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|y| {
            let line: String = (0..80)
                .map(|x| buffer[(x, *y)].symbol().to_owned())
                .collect();
            line.contains("1 Understanding your patterns")
        })
        .unwrap();
    let x = (0..80).find(|x| buffer[(*x, row)].symbol() == "1").unwrap();
    let cell = &buffer[(x, row)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    assert!(screen_text(&state, 80, 24, &Theme::monochrome()).contains("▶ 1 Understanding"));
}

#[test]
fn snapshots_of_the_main_screens() {
    let mut state = browsing_state();
    insta::assert_snapshot!("journal_80x24", screen(&state));
    update(&mut state, key(KeyCode::Enter));
    insta::assert_snapshot!("entry_80x24", screen(&state));
    let mut home = state_with(Vec::new(), Vec::new(), false);
    insta::assert_snapshot!("home_80x24", screen(&home));
    insta::assert_snapshot!("home_60x20", screen_text(&home, 60, 20, &Theme::color()));
    insta::assert_snapshot!(
        "home_no_color",
        screen_text(&home, 80, 24, &Theme::monochrome())
    );
    update(&mut home, key(KeyCode::Char('3')));
    insta::assert_snapshot!("area_80x24", screen(&home));
    update(&mut home, key(KeyCode::Enter));
    insta::assert_snapshot!("runner_read_80x24", screen(&home));
    update(&mut home, key(KeyCode::Enter));
    type_text(&mut home, "他们迟到了 🙂 and didn't text");
    insta::assert_snapshot!("runner_text_cjk_emoji_80x24", screen(&home));
    update(&mut home, key(KeyCode::Esc));
    update(&mut home, key(KeyCode::Char('d')));
    update(&mut home, key(KeyCode::Char('?')));
    insta::assert_snapshot!("help_area_80x24", screen(&home));
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
fn the_mouse_wheel_scrolls_the_journal() {
    let mut state = browsing_state();
    assert_eq!(state.browser.cursor, 0);
    update(&mut state, Msg::Scroll(1));
    assert_eq!(state.browser.cursor, 1);
    update(&mut state, Msg::Scroll(5));
    assert_eq!(state.browser.cursor, 2, "stops at the last entry");
    update(&mut state, Msg::Scroll(-1));
    assert_eq!(state.browser.cursor, 1);
}

#[test]
fn snapshots_of_every_step_kind_and_the_dialogs() {
    let mut welcome = state_with(Vec::new(), Vec::new(), true);
    insta::assert_snapshot!("welcome_80x24", screen(&welcome));
    update(&mut welcome, key(KeyCode::Enter));
    update(&mut welcome, key(KeyCode::Char('!')));
    insta::assert_snapshot!("safety_80x24", screen(&welcome));

    // The step kinds from a fixture pack, so the pictures change only when the
    // widgets do, not when the built-in exercises are rewritten.
    let (mut state, _packs) = every_kind_state();
    update(&mut state, key(KeyCode::Char('8')));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(step_kind(&state), "read");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char('2')));
    insta::assert_snapshot!("step_scale_80x24", screen(&state));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char(' ')));
    update(&mut state, key(KeyCode::Down));
    insta::assert_snapshot!("step_checklist_80x24", screen(&state));
    update(&mut state, key(KeyCode::Tab));
    insta::assert_snapshot!("step_timer_80x24", screen(&state));
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "Can we talk about Sunday?");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char('3')));
    let (mut choice, _packs) = every_kind_state();
    update(&mut choice, key(KeyCode::Char('5')));
    let built_in = between::tui::app::area::exercises(&choice, "attachment").len();
    press(&mut choice, &vec![KeyCode::Down; built_in - 1]);
    update(&mut choice, key(KeyCode::Enter));
    assert_eq!(step_kind(&choice), "choice");
    update(&mut choice, key(KeyCode::Char(' ')));
    insta::assert_snapshot!("step_choice_80x24", screen(&choice));
    update(&mut state, key(KeyCode::Esc));
    insta::assert_snapshot!("confirm_leave_80x24", screen(&state));
    update(&mut state, key(KeyCode::Esc));
    let runner = state.runner.as_mut().unwrap();
    runner.phase = Phase::Review;
    insta::assert_snapshot!("review_80x24", screen(&state));

    let mut attachment = between_attachment();
    insta::assert_snapshot!("step_questionnaire_80x24", screen(&attachment));
    for _ in 0..12 {
        update(&mut attachment, key(KeyCode::Char('4')));
    }
    update(&mut attachment, key(KeyCode::Enter));
    insta::assert_snapshot!("questionnaire_result_80x24", screen(&attachment));
    insta::assert_snapshot!(
        "questionnaire_result_60x20",
        screen_text(&attachment, 60, 20, &Theme::color())
    );
}

/// The built-in packs and the every-kind fixture (an area of its own, the eighth,
/// and one attachment exercise), on a fresh data directory past the welcome.
fn every_kind_state() -> (State, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/packs/good/every-kind.json"),
        dir.path().join("packs/every-kind.json"),
    )
    .unwrap();
    let data = between::data_dir::DataDir::resolve(Some(dir.path())).unwrap();
    let mut start = between::tui::load(&data, None).unwrap();
    start.data_dir = PathBuf::from("/home/you/.local/share/between");
    let mut state = State::new(start);
    update(&mut state, Msg::Tick(Instant::now()));
    update(&mut state, key(KeyCode::Enter)); // past the welcome
    (state, dir)
}

/// The attachment questionnaire, reached through its first two steps.
fn between_attachment() -> State {
    let mut state = state();
    press(
        &mut state,
        &[KeyCode::Char('5'), KeyCode::Enter, KeyCode::Enter],
    );
    type_text(&mut state, "We drifted apart on the trip.");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(step_kind(&state), "questionnaire");
    state
}

#[test]
fn a_read_only_journal_is_shown_but_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for (text, when) in [
        ("one", "2026-11-20T21:00:00+01:00"),
        ("two", "2026-11-21T21:00:00+01:00"),
        ("three", "2026-11-22T21:00:00+01:00"),
    ] {
        bytes.extend(Record::put(note(text, when)).to_line());
    }
    let at = bytes.windows(3).position(|w| w == b"two").unwrap();
    bytes[at] = b'T'; // a damaged middle line
    std::fs::write(dir.path().join("journal.jsonl"), &bytes).unwrap();
    let data = between::data_dir::DataDir::resolve(Some(dir.path())).unwrap();
    let mut state = State::new(between::tui::load(&data, None).unwrap());
    update(&mut state, Msg::Tick(Instant::now()));
    assert!(state.status.as_ref().unwrap().text.contains("read-only"));
    update(&mut state, key(KeyCode::Char('J')));
    assert_eq!(state.journal.len(), 2);
    assert_eq!(update(&mut state, key(KeyCode::Char('d'))), vec![]);
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Nothing can be changed")
    );
    update(&mut state, key(KeyCode::Char('x')));
    assert_eq!(update(&mut state, key(KeyCode::Char('y'))), vec![]);
    // An exercise can be done, but saving is refused and the answers kept.
    update(&mut state, key(KeyCode::Esc));
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "kept words");
    state.runner.as_mut().unwrap().phase = Phase::Review;
    assert_eq!(update(&mut state, key(KeyCode::Enter)), vec![]);
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Your answers are kept")
    );
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
fn a_reloaded_journal_replaces_the_view_and_says_why() {
    let mut state = browsing_state();
    let fresh = journal(vec![note("only this one now", "2026-11-25T08:00:00+01:00")]);
    update(
        &mut state,
        Msg::Reloaded {
            journal: Box::new(fresh),
            refused: Some("The journal was changed by another between meanwhile".into()),
        },
    );
    assert_eq!(state.browser.results.as_ref().unwrap().len(), 1);
    assert!(state.status.as_ref().unwrap().error);
    assert!(screen(&state).contains("only this one now"));
}

#[test]
fn a_finished_exercise_s_practice_becomes_a_plan_that_home_shows_as_due() {
    let mut state = state();
    start_thought_record(&mut state);
    let practice = state
        .runner
        .as_ref()
        .unwrap()
        .exercise
        .practice
        .clone()
        .unwrap();
    state.runner.as_mut().unwrap().phase = Phase::Saved(Entry::note("x".into()).id);
    assert!(screen(&state).contains("Press p to make it a plan"));
    assert_eq!(update(&mut state, key(KeyCode::Char('p'))), vec![]);
    // A short form, filled in from the suggestion: what, how often, when to look back.
    let text = screen(&state);
    assert!(text.contains("What will you try?"), "{text}");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char('3'))); // three times a week
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab)); // look back in two weeks
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(plan)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(plan.kind, Kind::Plan);
    assert_eq!(plan.title.as_deref(), Some(practice.attempt.as_str()));
    assert_eq!(plan.answers[1].value.text(), Some(practice.notice.as_str()));
    assert_eq!(plan.exercise.as_ref().unwrap().exercise, "thought-record");
    let Some(between::journal::practice::PracticeData::Plan {
        frequency,
        review_on,
    }) = &plan.practice
    else {
        panic!("{:?}", plan.practice);
    };
    assert_eq!(
        *frequency,
        between::journal::practice::Frequency::Week { times: 3 }
    );
    assert_eq!(
        *review_on,
        plan.created
            .date_naive()
            .checked_add_days(chrono::Days::new(14))
    );
    update(&mut state, Msg::Saved(Box::new(plan.clone())));
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Planned: try it 3 times a week")
    );
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Home);
    let home = screen(&state);
    assert!(home.contains("Due"), "{home}");
    assert!(home.contains("0 of 3 this week"), "{home}");
}

#[test]
fn after_a_fear_answer_no_plan_involving_the_partner_is_offered() {
    let mut state = state();
    press(&mut state, &[KeyCode::Char('4'), KeyCode::Enter]);
    let runner = state.runner.as_ref().unwrap();
    let between::pack::model::Step::Choice(check) = runner.step() else {
        panic!("a safety check first");
    };
    let fear = check.options.iter().position(|o| o.safety).unwrap();
    press(&mut state, &vec![KeyCode::Down; fear]);
    press(
        &mut state,
        &[KeyCode::Char(' '), KeyCode::Tab, KeyCode::Esc],
    );
    state.runner.as_mut().unwrap().phase = Phase::Saved(Entry::note("x".into()).id);
    assert!(!screen(&state).contains("Press p"));
    assert_eq!(update(&mut state, key(KeyCode::Char('p'))), vec![]);
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no plan is made")
    );
}

#[test]
fn a_try_is_logged_from_home_in_two_keys() {
    use between::journal::practice::{Frequency, PracticeData};
    let mut plan = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Start with how I feel".into());
    plan.area = Some("communication".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    let mut state = state_with(vec![plan.clone()], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('t')));
    assert!(matches!(
        state.overlay,
        Some(Overlay::PickPlan {
            cursor: 0,
            review: false
        })
    ));
    assert!(screen(&state).contains("Log a try of which plan?"));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Runner);
    assert!(screen(&state).contains("How did it go?"));
    update(&mut state, key(KeyCode::Char('4')));
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "At dinner, both tired");
    for _ in 0..5 {
        update(&mut state, key(KeyCode::Tab));
    }
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(entry.kind, Kind::Try);
    assert_eq!(entry.link, Some(plan.id.clone()));
    assert!(matches!(
        entry.practice,
        Some(PracticeData::Try { rating: 4, .. })
    ));
    // The rating is the try's own data; the answers are what was written, asked as
    // `between try` asks them.
    assert_eq!(entry.answers[0].value.text(), Some("At dinner, both tired"));
    assert_eq!(entry.answers[0].prompt.as_str(), "What was the situation?");
    let effects = update(&mut state, Msg::Saved(Box::new(entry.clone())));
    assert_eq!(
        effects,
        vec![Effect::DiscardDraft(format!(
            "_try--{}",
            plan.id.as_str().to_ascii_lowercase()
        ))]
    );
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Home);
    assert!(screen(&state).contains("1 of 2 this week") || screen(&state).contains("Due"));
}

#[test]
fn without_plans_t_says_how_to_make_one() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('t')));
    assert_eq!(state.overlay, None);
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("No plans yet")
    );
}

#[test]
fn a_plan_is_reviewed_from_home_and_adjusting_continues_the_strategy() {
    use between::journal::practice::{Decision, Frequency, PracticeData};
    let mut plan = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Start with how I feel".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    let mut state = state_with(vec![plan.clone()], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('r')));
    assert!(screen(&state).contains("Look back on which plan?"));
    update(&mut state, key(KeyCode::Enter));
    assert!(screen(&state).contains("What worked?"));
    type_text(&mut state, "Calm evenings");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Down));
    update(&mut state, key(KeyCode::Enter)); // "Adjust it", and on
    type_text(&mut state, "Start with how I feel, after dinner");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Review);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(review), Effect::Save(next)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(review.kind, Kind::Review);
    assert_eq!(review.link, Some(plan.id.clone()));
    assert_eq!(
        review.practice,
        Some(PracticeData::Review {
            decision: Decision::Adjust
        })
    );
    assert_eq!(next.kind, Kind::Plan);
    assert_eq!(next.link, Some(plan.id.clone()));
    assert_eq!(
        next.title.as_deref(),
        Some("Start with how I feel, after dinner")
    );
    update(&mut state, Msg::Saved(Box::new(review.clone())));
    update(&mut state, Msg::Saved(Box::new(next.clone())));
    let chains = between::practice::chains(&state.journal);
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].plans.len(), 2);
}

#[test]
fn inviting_partner_exercises_say_when_you_last_asked() {
    use between::journal::practice::{Frequency, PracticeData};
    let mut plan = note("Invite them, once, calmly", "2026-10-01T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.area = Some("inviting-partner".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 1 },
        review_on: None,
    });
    let mut asked = note("Asked after dinner", "2026-10-05T21:00:00+01:00");
    asked.kind = Kind::Try;
    asked.link = Some(plan.id.clone());
    asked.practice = Some(PracticeData::Try {
        at: at("2026-10-05T21:00:00+01:00"),
        rating: 3,
    });
    let mut state = state_with(vec![plan, asked], Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 4).unwrap()),
    );
    press(&mut state, &[KeyCode::Char('7'), KeyCode::Enter]);
    assert_eq!(
        state.status.as_ref().unwrap().text,
        "You last invited your partner 30 day(s) ago, on 5 October."
    );
}

#[test]
fn a_session_is_recorded_from_home() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('s')));
    assert!(screen(&state).contains("What did you talk about in the session?"));
    type_text(&mut state, "The pause, and my father");
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "Two soft start-ups");
    update(&mut state, key(KeyCode::Tab));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(entry.kind, Kind::Session);
    assert!(matches!(
        entry.practice,
        Some(between::journal::practice::PracticeData::Session { .. })
    ));
    assert!(entry.title.as_deref().unwrap().starts_with("Session on "));
    assert_eq!(entry.area, None);
    update(&mut state, Msg::Saved(Box::new(entry.clone())));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Home);
}

#[test]
fn progress_shows_how_measures_moved_and_streaks_can_be_hidden() {
    use between::journal::Answer;
    let mut entries = Vec::new();
    for (day, before, after) in [("2026-11-20", 8, 4), ("2026-11-22", 6, 3)] {
        let mut entry = note("x", &format!("{day}T20:00:00+01:00"));
        entry.kind = Kind::Exercise;
        entry.area = Some("triggers".into());
        entry.title = Some("Thought record".into());
        entry.answers = [("before", before), ("after", after)]
            .into_iter()
            .map(|(step, value)| Answer {
                step: step.into(),
                prompt: "How strong?".into(),
                value: AnswerValue::Scale {
                    value,
                    min: 0,
                    max: 10,
                    min_label: "none".into(),
                    max_label: "most".into(),
                    measure: Some("intensity".into()),
                },
            })
            .collect();
        entries.push(entry);
    }
    let mut state = state_with(entries, Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    update(&mut state, key(KeyCode::Char('P')));
    assert_eq!(state.screen, Screen::Progress);
    let text = screen(&state);
    assert!(
        text.contains("How strong the feeling is · lower is better"),
        "{text}"
    );
    assert!(text.contains("first 8 → latest 3 · 4 ratings"), "{text}");
    assert!(text.contains("-3.5 intensity"), "{text}");
    assert!(text.contains("Thought record (2×)"), "{text}");
    assert!(text.contains("triggers      ·     ·     2     ·"), "{text}");
    assert!(text.contains("Days practiced: 2"), "{text}");
    assert!(
        text.contains("streak: 1 day(s) now, 1 at the longest"),
        "{text}"
    );
    let effects = update(&mut state, key(KeyCode::Char('S')));
    assert_eq!(
        effects,
        vec![Effect::SaveSettings(between::settings::Settings {
            show_streaks: false,
            ..Default::default()
        })]
    );
    assert!(!screen(&state).contains("streak:"));
    // Filters: another area has nothing.
    update(&mut state, key(KeyCode::Char('a')));
    assert_eq!(state.progress.area.as_deref(), Some("patterns"));
    assert!(screen(&state).contains("Ratings you give in exercises"));
    insta::assert_snapshot!("progress_empty_area_80x24", screen(&state));
}

#[test]
fn since_the_last_session_is_one_key_from_home() {
    let mut flagged = note("Bring up the holidays", "2026-11-23T10:00:00+01:00");
    flagged.discuss = true;
    let mut secret = note("Not for anyone", "2026-11-24T10:00:00+01:00");
    secret.private = true;
    secret.discuss = true;
    let mut state = state_with(vec![flagged, secret], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('L')));
    assert_eq!(state.screen, Screen::Prep);
    assert!(screen(&state).contains("No session is recorded yet"));
    update(&mut state, key(KeyCode::PageDown));
    let text = screen(&state);
    assert!(text.contains("To discuss (1)"), "{text}");
    assert!(text.contains("Bring up the holidays"), "{text}");
    assert!(!text.contains("Not for anyone"), "{text}");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
}

#[test]
fn my_strategies_lists_every_chain_best_first_and_opens_the_plan() {
    use between::journal::practice::{Decision, Frequency, PracticeData};
    let plan = |text: &str, when: &str| {
        let mut entry = note(text, when);
        entry.kind = Kind::Plan;
        entry.title = Some(text.into());
        entry.practice = Some(PracticeData::Plan {
            frequency: Frequency::Week { times: 2 },
            review_on: None,
        });
        entry
    };
    let attempt = |of: &Entry, rating: u8, when: &str| {
        let mut entry = note("tried", when);
        entry.kind = Kind::Try;
        entry.link = Some(of.id.clone());
        entry.practice = Some(PracticeData::Try {
            at: at(when),
            rating,
        });
        entry
    };
    let soft = plan("Soft start-up", "2026-11-01T09:00:00+01:00");
    let pause = plan("Pause when flooded", "2026-11-02T09:00:00+01:00");
    let mut dropped = note("Not for us", "2026-11-10T09:00:00+01:00");
    dropped.kind = Kind::Review;
    dropped.link = Some(soft.id.clone());
    dropped.practice = Some(PracticeData::Review {
        decision: Decision::Drop,
    });
    let entries = vec![
        attempt(&soft, 2, "2026-11-03T20:00:00+01:00"),
        attempt(&pause, 5, "2026-11-04T20:00:00+01:00"),
        dropped,
        soft.clone(),
        pause.clone(),
    ];
    let mut state = state_with(entries, Vec::new(), false);
    update(&mut state, key(KeyCode::Char('M')));
    assert_eq!(state.screen, Screen::Strategies);
    let text = screen(&state);
    let best = text.find("Pause when flooded").unwrap();
    let worst = text.find("Soft start-up").unwrap();
    assert!(best < worst, "{text}");
    assert!(text.contains("1 tries · 5.0/5 on average"), "{text}");
    assert!(
        text.contains("1 tries · 2.0/5 on average · dropped"),
        "{text}"
    );
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Entry(pause.id.clone()));
}

#[test]
fn snapshots_of_the_practice_screens() {
    use between::journal::practice::{Frequency, PracticeData};
    let mut plan = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Start with how I feel".into());
    plan.area = Some("communication".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
    });
    let mut tried = note("At dinner", "2026-11-21T20:00:00+01:00");
    tried.kind = Kind::Try;
    tried.link = Some(plan.id.clone());
    tried.title = plan.title.clone();
    tried.practice = Some(PracticeData::Try {
        at: at("2026-11-21T20:00:00+01:00"),
        rating: 4,
    });
    let mut state = state_with(vec![plan, tried], Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    insta::assert_snapshot!("home_with_due_80x24", screen(&state));
    update(&mut state, key(KeyCode::Char('t')));
    insta::assert_snapshot!("pick_plan_80x24", screen(&state));
    update(&mut state, key(KeyCode::Enter));
    insta::assert_snapshot!("try_form_80x24", screen(&state));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Char('M')));
    insta::assert_snapshot!("strategies_80x24", screen(&state));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Char('L')));
    insta::assert_snapshot!("since_last_session_80x24", screen(&state));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Char('P')));
    insta::assert_snapshot!("progress_80x24", screen(&state));
    insta::assert_snapshot!(
        "progress_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
}

#[test]
fn quick_hide_blanks_the_screen_from_anywhere_and_the_next_key_only_brings_it_back() {
    let mut state = state_with(
        vec![note(
            "Talked to Jordan's sister",
            "2026-11-20T10:00:00+01:00",
        )],
        Vec::new(),
        false,
    );
    assert!(screen(&state).contains("Talked to Jordan"));
    update(&mut state, ctrl('l'));
    let hidden = screen(&state);
    assert_eq!(hidden.trim(), "Press any key.", "{hidden}");
    // Scrolling while hidden changes nothing; `q` only brings the app back.
    update(&mut state, Msg::Scroll(3));
    update(&mut state, key(KeyCode::Char('q')));
    assert!(!state.quit && !state.hidden);
    assert_eq!(state.home, between::tui::app::home::Home::default());
    assert!(screen(&state).contains("Talked to Jordan"));

    // While typing an answer: F12 hides, and the text is exactly as typed.
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "what I really think");
    update(&mut state, key(KeyCode::F(12)));
    assert!(!screen(&state).contains("what I really think"));
    update(&mut state, key(KeyCode::Char('x')));
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(
        runner.inputs[1].answer(&runner.exercise.steps[1], state.now),
        Some(AnswerValue::Text {
            text: "what I really think".into()
        })
    );
    assert!(screen(&state).contains("what I really think"));
}

#[test]
fn an_encrypted_journal_locks_after_the_idle_time_or_at_once_on_quick_hide() {
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    let start = Instant::now();
    let encrypted = |auto_lock_minutes| {
        let mut state = state();
        state.encrypted = true;
        state.settings.auto_lock_minutes = auto_lock_minutes;
        update(&mut state, Msg::Tick(start));
        update(&mut state, key(KeyCode::Char('j')));
        state
    };

    // Idle for the set time, with an exercise open: locked, the answers in a draft.
    let mut state = encrypted(5);
    start_thought_record(&mut state);
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "what I really think");
    update(&mut state, Msg::Tick(start + minutes(4))); // the draft's autosave, no lock
    assert!(!state.locked);
    let effects = update(&mut state, Msg::Tick(start + minutes(5)));
    // Blank at once; locked only once the draft is written.
    assert!(state.hidden && !state.locked);
    let draft_key = match effects.as_slice() {
        [Effect::SaveDraft(draft)] => {
            let saved = serde_json::to_string(draft).unwrap();
            assert!(saved.contains("what I really think"), "{saved}");
            draft.key()
        }
        other => panic!("expected the draft, got {other:?}"),
    };
    // A draft that cannot be written: no lock (the answers would be lost), and why.
    update(
        &mut state,
        Msg::Failed("Your draft could not be written: disk full".into()),
    );
    assert!(!state.locked);
    // The screen stays blank until a key; then the answer is there as typed.
    update(&mut state, key(KeyCode::Char('x')));
    let shown = screen(&state);
    assert!(shown.contains("did not lock"), "{shown}");
    assert!(
        shown.contains("what I really think") && !shown.contains("thinkx"),
        "{shown}"
    );
    // Next time it can be written: locked.
    let effects = update(&mut state, Msg::Tick(start + minutes(11)));
    assert!(matches!(effects.as_slice(), [Effect::SaveDraft(_)]));
    update(&mut state, Msg::DraftSaved(draft_key));
    assert!(state.locked);
    // What was typed is wiped from the state the lock drops (it is in the draft).
    let runner = state.runner.as_ref().unwrap();
    assert_eq!(runner.inputs[1].text().as_deref(), Some(""));
    assert_eq!(runner.inputs[1].answer(runner.step(), state.now), None);

    // Time in the editor counts as activity.
    let mut state = encrypted(5);
    update(&mut state, Msg::Active(start + minutes(30)));
    update(&mut state, Msg::Tick(start + minutes(31)));
    assert!(!state.locked);

    // A key resets the idle time.
    let mut state = encrypted(2);
    update(&mut state, Msg::Tick(start + minutes(1)));
    update(&mut state, key(KeyCode::Char('j')));
    update(&mut state, Msg::Tick(start + minutes(2)));
    assert!(!state.locked);
    update(&mut state, Msg::Tick(start + minutes(3) + minutes(1)));
    assert!(state.locked);

    // 0 minutes: never by time; quick hide still locks at once.
    let mut state = encrypted(0);
    update(&mut state, Msg::Tick(start + minutes(600)));
    assert!(!state.locked);
    update(&mut state, ctrl('l'));
    assert!(state.locked && state.hidden);

    // A plain journal has nothing to lock: quick hide only hides.
    let mut plain = self::state();
    update(&mut plain, Msg::Tick(start + minutes(600)));
    update(&mut plain, ctrl('l'));
    assert!(plain.hidden && !plain.locked);
}

#[test]
fn marking_a_plan_private_says_saved_not_planned() {
    use between::journal::practice::{Frequency, PracticeData};
    let mut plan = note("Walk it off", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    let mut state = state_with(vec![plan], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('J')));
    let effects = update(&mut state, key(KeyCode::Char('p')));
    let [Effect::Save(revised)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(revised.private);
    update(&mut state, Msg::Saved(Box::new(revised.clone())));
    let news = &state.status.as_ref().unwrap().text;
    assert_eq!(news, "Saved.");
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
