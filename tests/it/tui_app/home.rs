//! Home and what starts from it: plans, tries, reviews and sessions, the strategies,
//! since the last session, and progress.

use between::journal::{AnswerValue, Entry, Kind};
use between::tui::app::{Effect, Msg, Overlay, Phase, Screen, update};
use crossterm::event::KeyCode;

use super::{at, note, press, screen, start_thought_record, state, state_with, type_text};
use crate::common::tui::key;

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
    // At 80 columns the footer keeps help and the safety screen; the journal's key
    // shows where there is room.
    assert!(text.contains("? help  ! Ctrl-G safety"), "{text}");
    let wide =
        crate::common::tui::screen_text(&state, 120, 30, &between::tui::theme::Theme::color());
    assert!(wide.contains("J journal"), "{wide}");
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
    use between::journal::practice::PracticeData;
    let mut plan = plan_twice_a_week();
    plan.area = Some("communication".into());
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
    // The four questions, then when it was (left at today).
    for _ in 0..6 {
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
    use between::journal::practice::{Decision, PracticeData};
    let plan = plan_twice_a_week();
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
    // When to look back on the new plan: two weeks, unless changed.
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
            decision: Decision::Adjust,
            next_review_on: None,
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
        "You last invited your partner 30 days ago, on 5 October."
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
    press(&mut state, &[KeyCode::Enter, KeyCode::Enter]);
    type_text(&mut state, "Notice the first second.");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab)); // when: today
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
    // The homework stays in sight: on home, and in "since my last session".
    let home = screen(&state);
    assert!(
        home.contains("Homework from your session on") && home.contains("Two soft"),
        "{home}"
    );
    // Enter on it in "To do" reads it in full, its paragraphs apart.
    press(&mut state, &[KeyCode::Tab, KeyCode::Enter]);
    let full = screen(&state);
    let lines: Vec<&str> = full.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("Two soft start-ups"))
        .unwrap();
    assert!(
        lines[first + 1].trim_matches(['│', ' ']).is_empty(),
        "{full}"
    );
    assert!(
        lines[first + 2].contains("Notice the first second."),
        "{full}"
    );
    press(&mut state, &[KeyCode::Esc, KeyCode::BackTab]);
    update(&mut state, key(KeyCode::Char('L')));
    let prep = screen(&state);
    assert!(
        prep.contains("Homework from it: Two soft start-ups Notice the first second."),
        "{prep}"
    );
}

#[test]
fn update_is_a_function_of_the_state_and_the_messages() {
    use between::journal::mint::IdMint;
    use between::tui::app::{Start, State};
    use between::tui::clock::Now;
    // Two apps started at the same moment with the same seed, fed the same messages,
    // save the same entries: ids and times come from the messages, not the clocks.
    let started = Now {
        instant: std::time::Instant::now(),
        wall: super::at("2026-11-30T20:15:00+01:00"),
    };
    let minute = std::time::Duration::from_secs(60);
    let session = |seed: u128| {
        let start = crate::common::tui::start_of(
            between::pack::Catalog::builtin().unwrap(),
            super::journal(Vec::new()),
            Vec::new(),
            false,
        );
        let mut state = State::new(Start {
            now: started,
            ids: IdMint::new(seed),
            ..start
        });
        update(&mut state, Msg::Tick(started + minute));
        update(&mut state, key(KeyCode::Char('s')));
        type_text(&mut state, "The pause");
        update(&mut state, Msg::Tick(started + 3 * minute));
        update(&mut state, key(KeyCode::Tab));
        update(&mut state, key(KeyCode::Tab));
        update(&mut state, key(KeyCode::Tab)); // when: today
        let effects = update(&mut state, key(KeyCode::Enter));
        let [Effect::Save(entry)] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        entry.clone()
    };
    let (one, two) = (session(7), session(7));
    assert_eq!(one, two, "the same start and messages make the same entry");
    assert_eq!(one.created, super::at("2026-11-30T20:18:00+01:00"));
    assert_eq!(one.title.as_deref(), Some("Session on 30 November 2026"));
    let ulid = ulid::Ulid::from_string(one.id.as_str()).unwrap();
    assert_eq!(ulid.timestamp_ms() as i64, one.created.timestamp_millis());
    assert_ne!(session(8).id, one.id, "another seed, another id");
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
    // Before each exercise by default; every rating with the ones after (b).
    assert!(
        text.contains("first 8 → latest 6 · 2 ratings before"),
        "{text}"
    );
    update(&mut state, key(KeyCode::Char('b')));
    let both = screen(&state);
    assert!(both.contains("first 8 → latest 3 · 4 ratings"), "{both}");
    update(&mut state, key(KeyCode::Char('b')));
    assert!(text.contains("-3.5 intensity"), "{text}");
    assert!(text.contains("Thought record (2×)"), "{text}");
    assert!(
        text.contains("Nov 16 Nov 23"),
        "dates no one misreads: {text}"
    );
    assert!(
        text.contains("Managing emoti…       2      ·"),
        "area titles: {text}"
    );
    assert!(text.contains("Days practiced: 2"), "{text}");
    assert!(
        text.contains("streak: 1 day now, 1 day at the longest"),
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
    assert!(matches!(state.screen, Screen::Prep { .. }));
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
fn my_strategies_lists_every_chain_best_first_and_opens_its_history() {
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
        next_review_on: None,
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
    assert!(matches!(state.screen, Screen::Strategies { .. }));
    let text = screen(&state);
    let best = text.find("Pause when flooded").unwrap();
    let worst = text.find("Soft start-up").unwrap();
    assert!(best < worst, "{text}");
    assert!(text.contains("1 try · 5.0/5 on average"), "{text}");
    assert!(
        text.contains("1 try · 2.0/5 on average · dropped"),
        "{text}"
    );
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        state.screen,
        Screen::Strategy {
            plan: pause.id.clone(),
            scroll: 0
        }
    );
}

#[test]
fn news_belongs_to_the_screen_it_was_told_on_and_is_never_cut() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('t')));
    let told = "No plans yet: finish an exercise and press p, or use `between plan add`.";
    assert_eq!(state.status.as_ref().map(|s| s.text.as_str()), Some(told));
    // At 60 columns the whole message is there, wrapped.
    let narrow =
        crate::common::tui::screen_text(&state, 60, 20, &between::tui::theme::Theme::color());
    let flat = narrow.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(told), "{narrow}");
    // On the next screen it is gone.
    update(&mut state, key(KeyCode::Char('3')));
    assert_eq!(state.status, None);
    assert!(!screen(&state).contains("No plans yet"));
}

#[test]
fn n_writes_a_note_with_its_area_tags_and_flags_from_home_and_the_journal() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('n')));
    assert!(screen(&state).contains("What do you want to write down?"));
    // The words are needed before going on.
    update(&mut state, key(KeyCode::Tab));
    assert!(state.status.as_ref().is_some_and(|s| s.error));
    type_text(&mut state, "He slammed the door. I did not follow.");
    update(&mut state, key(KeyCode::Tab));
    // The area: the second one.
    press(
        &mut state,
        &[KeyCode::Down, KeyCode::Char(' '), KeyCode::Tab],
    );
    type_text(&mut state, "door, evening");
    update(&mut state, key(KeyCode::Tab));
    // Bring it to the next session.
    press(&mut state, &[KeyCode::Char(' '), KeyCode::Tab]);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(entry)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(entry.kind, Kind::Note);
    assert_eq!(
        entry.first_text(),
        Some("He slammed the door. I did not follow.")
    );
    assert_eq!(entry.area.as_deref(), Some("communication"));
    let tags: Vec<String> = entry.tags.iter().map(|t| t.to_string()).collect();
    assert_eq!(tags, ["door", "evening"]);
    assert!(entry.discuss && !entry.private);
    update(&mut state, Msg::Saved(Box::new(entry.clone())));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Home);
    // From the journal too; a note left half-written is a draft like any.
    press(&mut state, &[KeyCode::Char('J'), KeyCode::Char('n')]);
    assert!(screen(&state).contains("What do you want to write down?"));
    type_text(&mut state, "later");
    let effects = press(&mut state, &[KeyCode::Esc, KeyCode::Char('y')]);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveDraft(_))),
        "{effects:?}"
    );
    assert_eq!(
        state.screen,
        Screen::Journal,
        "back where it was written from"
    );
}

#[test]
fn a_look_back_asks_for_the_new_plan_only_when_adjusting_and_needs_it_then() {
    let plan = plan_twice_a_week();
    let look_back = |decision_downs: usize| {
        let mut state = state_with(vec![plan.clone()], Vec::new(), false);
        press(
            &mut state,
            &[
                KeyCode::Char('r'),
                KeyCode::Enter,
                KeyCode::Tab,
                KeyCode::Tab,
            ],
        );
        press(&mut state, &vec![KeyCode::Down; decision_downs]);
        update(&mut state, key(KeyCode::Enter));
        state
    };
    // Keep asks only when to look back again; drop goes straight to the review of
    // the answers.
    for (downs, steps) in [(0, 4), (2, 3)] {
        let mut state = look_back(downs);
        if downs == 0 {
            update(&mut state, key(KeyCode::Tab));
        }
        let runner = state.runner.as_ref().unwrap();
        assert_eq!(runner.phase, Phase::Review, "{downs}: {}", screen(&state));
        assert!(!screen(&state).contains("What will you try instead?"));
        assert_eq!(runner.progress().1, steps, "steps on the path");
    }
    // Adjust asks for the new plan, and an empty one does not go through.
    let mut state = look_back(1);
    assert!(screen(&state).contains("What will you try instead?"));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.runner.as_ref().unwrap().phase, Phase::Steps);
    assert!(state.status.as_ref().is_some_and(|s| s.error));
    type_text(&mut state, "After dinner");
    update(&mut state, key(KeyCode::Tab));
    assert!(screen(&state).contains("Look back on it again in how many weeks?"));
}

#[test]
fn progress_keeps_the_measure_chosen_in_an_area_without_its_ratings_and_says_so() {
    use between::journal::Answer;
    let rated = |day: &str, area: &str, measure: &str| {
        let mut entry = note("x", &format!("{day}T20:00:00+01:00"));
        entry.kind = Kind::Exercise;
        entry.area = Some(area.into());
        entry.answers = vec![Answer {
            step: "before".into(),
            prompt: "How strong?".into(),
            value: AnswerValue::Scale {
                value: 5,
                min: 0,
                max: 10,
                min_label: "none".into(),
                max_label: "most".into(),
                measure: Some(measure.into()),
            },
        }];
        entry
    };
    let entries = vec![
        rated("2026-11-20", "triggers", "intensity"),
        rated("2026-11-21", "communication", "connection"),
    ];
    let mut state = state_with(entries, Vec::new(), false);
    update(
        &mut state,
        Msg::Today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    );
    update(&mut state, key(KeyCode::Char('P')));
    // The second measure of all areas, then an area with only one.
    update(&mut state, key(KeyCode::Char('m')));
    assert_eq!(state.progress.measure.as_deref(), Some("intensity"));
    while state.progress.area.as_deref() != Some("communication") {
        update(&mut state, key(KeyCode::Char('a')));
    }
    // The chosen measure stays chosen, and the chart says it has no ratings here
    // rather than showing another in its place (issue 18).
    let text = screen(&state);
    assert!(text.contains("measure (m): intensity"), "{text}");
    assert!(text.contains("area (a): Improving communication"), "{text}");
    assert!(text.contains("No ratings of"), "{text}");
    // m shows the one this area has.
    update(&mut state, key(KeyCode::Char('m')));
    let text = screen(&state);
    assert!(text.contains("How connected you feel"), "{text}");
    assert!(!text.contains("No ratings of"), "{text}");
}

#[test]
fn a_try_and_a_session_can_be_given_an_earlier_day_in_the_app() {
    use between::journal::practice::PracticeData;
    let plan = plan_twice_a_week();
    let mut state = state_with(vec![plan], Vec::new(), false);
    let now = state.now.wall;
    // A try: rated, its questions skipped, then "Yesterday".
    press(
        &mut state,
        &[KeyCode::Char('t'), KeyCode::Enter, KeyCode::Char('4')],
    );
    press(&mut state, &[KeyCode::Tab; 6]);
    assert!(
        screen(&state).contains("When was it?"),
        "{}",
        screen(&state)
    );
    press(&mut state, &[KeyCode::Down, KeyCode::Enter]);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(attempt)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let Some(PracticeData::Try { at, .. }) = attempt.practice else {
        panic!("{attempt:?}");
    };
    assert_eq!(at.date_naive(), now.date_naive() - chrono::Days::new(1));
    update(&mut state, Msg::Saved(Box::new(attempt.clone())));
    update(&mut state, key(KeyCode::Enter));
    // A session two days ago.
    press(
        &mut state,
        &[KeyCode::Char('s'), KeyCode::Tab, KeyCode::Tab],
    );
    assert!(screen(&state).contains("When was the session?"));
    press(&mut state, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Save(session)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        session.practice,
        Some(PracticeData::Session {
            on: state.today - chrono::Days::new(2),
            discussed: Vec::new(),
        })
    );
}

/// A plan, "Start with how I feel", to try twice a week, with no review date.
fn plan_twice_a_week() -> Entry {
    use between::journal::practice::{Frequency, PracticeData};
    let mut plan = note("Start with how I feel", "2026-11-20T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Start with how I feel".into());
    plan.practice = Some(PracticeData::Plan {
        frequency: Frequency::Week { times: 2 },
        review_on: None,
    });
    plan
}

#[test]
fn home_lists_unfinished_work_and_enter_goes_on_with_it() {
    let plan = plan_twice_a_week();
    let plan_id = plan.id.clone();
    let drafts = vec![
        "communication--gentle-start-up".to_owned(),
        "_note".to_owned(),
        between::tui::app::runner::Source::Try { plan: plan_id }.draft_key(),
        // A draft of an exercise that is no longer there is not offered.
        "gone--nowhere".to_owned(),
    ];
    let mut state = state_with(vec![plan], drafts, false);
    let text = screen(&state);
    assert!(text.contains("Unfinished"), "{text}");
    assert!(text.contains("• Rewrite a complaint as a gentle"), "{text}");
    assert!(text.contains("• A note you began"), "{text}");
    assert!(
        text.contains("• A try of \"Start with how I feel\""),
        "{text}"
    );
    assert!(!text.contains("gone"), "{text}");
    // Tab to "To do"; Enter on the first row goes on with that draft, at once.
    update(&mut state, key(KeyCode::Tab));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::LoadDraft("communication--gentle-start-up".into())]
    );
    update(&mut state, key(KeyCode::Down));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(effects, vec![Effect::LoadDraft("_note".into())]);
}

#[test]
fn slash_finds_an_exercise_by_its_words_and_enter_starts_it() {
    use between::tui::app::find::{index, matches};
    use between::tui::app::runner::Source;
    let mut state = state();
    update(&mut state, key(KeyCode::Char('/')));
    assert!(matches!(state.screen, Screen::Find(_)));
    // Every letter goes into the search, `q` and `?` too: nothing quits or opens.
    type_text(&mut state, "self-compassion xyzzy? q");
    assert!(!state.quit && state.overlay.is_none());
    let Screen::Find(view) = &state.screen else {
        panic!()
    };
    assert_eq!(view.query, "self-compassion xyzzy? q");
    assert!(view.results.is_empty(), "{:?}", view.results);
    assert!(screen(&state).contains("No exercise has these words"));
    for _ in 0.." xyzzy? q".len() {
        update(&mut state, key(KeyCode::Backspace));
    }
    // The technique matches; the words need not be in the title.
    let found = match &state.screen {
        Screen::Find(view) => view.results.clone(),
        _ => panic!(),
    };
    assert_eq!(found, matches(&index(&state.catalog), "SELF-COMPASSION"));
    assert!(found.len() >= 3, "{found:?}");
    for (pack, exercise) in &found {
        let f = state
            .catalog
            .exercises()
            .find(|f| &f.pack.pack.id == pack && &f.exercise.id == exercise)
            .unwrap();
        let words = format!(
            "{} {} {}",
            f.exercise.title, f.exercise.summary, f.exercise.technique
        );
        assert!(words.to_lowercase().contains("self-compassion"), "{words}");
    }
    // Words in the title come first.
    let flooded = matches(&index(&state.catalog), "break");
    let first = state
        .catalog
        .exercises()
        .find(|f| (f.pack.pack.id.clone(), f.exercise.id.clone()) == flooded[0])
        .unwrap();
    assert!(first.exercise.title.to_lowercase().contains("break"));
    // Tab shows the steps; Enter starts the selected one; leaving it comes back here.
    update(&mut state, key(KeyCode::Down));
    update(&mut state, key(KeyCode::Tab));
    assert!(matches!(state.overlay, Some(Overlay::Preview { .. })));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.screen, Screen::Runner);
    let started = state.runner.as_ref().unwrap().source.clone();
    assert_eq!(started, Source::exercise(&found[1].0, &found[1].1));
    update(&mut state, key(KeyCode::Esc));
    assert!(
        matches!(state.screen, Screen::Find(_)),
        "{:?}",
        state.screen
    );
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.screen, Screen::Home);
    // From an area, `/` too, and Esc goes back to the area.
    press(&mut state, &[KeyCode::Char('3'), KeyCode::Char('/')]);
    type_text(&mut state, "thought record");
    update(&mut state, key(KeyCode::Esc));
    assert!(
        matches!(state.screen, Screen::Area(_)),
        "{:?}",
        state.screen
    );
}

#[test]
fn a_title_that_names_its_kind_is_not_labelled_twice() {
    use between::tui::screens::home::entry_line;
    let mut review = note("It helped.", "2026-11-23T10:00:00+01:00");
    review.kind = Kind::Review;
    review.title = Some("Review: Soothe yourself first".into());
    let mut tried = note("At dinner.", "2026-11-23T10:00:00+01:00");
    tried.kind = Kind::Try;
    tried.title = Some("A try: When he goes quiet".into());
    assert_eq!(
        entry_line(&review, 60),
        "23 Nov  review: Soothe yourself first"
    );
    assert_eq!(entry_line(&tried, 60), "23 Nov  try: When he goes quiet");
    // A note may say what it likes.
    let mut plain = note("x", "2026-11-23T10:00:00+01:00");
    plain.title = Some("Review: what I noticed".into());
    assert_eq!(
        entry_line(&plain, 60),
        "23 Nov  note: Review: what I noticed"
    );
}

#[test]
fn s_on_home_offers_a_kept_session_draft_first() {
    let mut state = state_with(Vec::new(), vec!["_session".to_owned()], false);
    update(&mut state, key(KeyCode::Char('s')));
    assert!(
        matches!(
            state.overlay,
            Some(Overlay::Confirm(between::tui::app::Confirm::Resume(_)))
        ),
        "{:?}",
        state.overlay
    );
}

#[test]
fn an_area_counts_only_the_exercise_entries_as_times_done_not_a_plan_made_from_one() {
    use between::journal::entry::ExerciseSource;
    let catalog = between::pack::Catalog::builtin().unwrap();
    let found = catalog
        .exercises()
        .find(|f| f.exercise.id == "thought-record")
        .unwrap();
    let source = ExerciseSource {
        pack: found.pack.pack.id.as_str().into(),
        pack_version: 1,
        exercise: "thought-record".into(),
        title: found.exercise.title.as_str().into(),
    };
    let mut done = note("x", "2026-11-20T20:00:00+01:00");
    done.kind = Kind::Exercise;
    done.exercise = Some(source.clone());
    let mut plan = note("Take a break when flooded", "2026-11-21T20:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.exercise = Some(source);
    let mut state = state_with(vec![done, plan], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('3')));
    let text = screen(&state);
    assert!(text.contains("done 1 time,"), "{text}");
    assert!(!text.contains("done 2 times"), "{text}");
}
