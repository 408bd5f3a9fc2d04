//! The journal: the browser and its filters, flagging, editing and deleting, the
//! entry view, the mouse wheel, a read-only journal and a reload.

use between::tui::clock::Now;

use between::journal::record::Record;
use between::journal::{EntryId, Kind};
use between::tui::app::{Confirm, Effect, Msg, Overlay, Phase, Screen, State, update};
use crossterm::event::KeyCode;

use super::{
    browsing_state, journal, note, press, screen, start_thought_record, state_with, type_text,
};
use crate::common::tui::key;

/// The id of the newest entry of the browsing journal, the walk.
fn walk_id(state: &State) -> EntryId {
    state.journal.entries().next_back().unwrap().id.clone()
}

#[test]
fn the_journal_filters_and_searches_as_you_type() {
    let mut state = browsing_state();
    assert_eq!(state.browser.results.get().unwrap().len(), 3);
    let text = screen(&state);
    let walk = text.find("A long walk").unwrap();
    let dishes = text.find("We argued").unwrap();
    assert!(walk < dishes, "newest first:\n{text}");

    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "DISH");
    assert_eq!(state.browser.results.get().unwrap().len(), 1);
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(state.browser.results.get().unwrap().len(), 3);
    update(&mut state, key(KeyCode::Enter));
    assert!(!state.browser.typing);

    // `c` cycles the kind: exercise (none), then plan (one).
    press(&mut state, &[KeyCode::Char('c')]);
    assert_eq!(state.browser.results.get().unwrap().len(), 0);
    assert!(screen(&state).contains("No entries match"));
    press(&mut state, &[KeyCode::Char('c')]);
    assert_eq!(state.browser.results.get().unwrap().len(), 1);
    press(&mut state, &[KeyCode::Char('0')]);
    // `t` picks the first tag.
    press(&mut state, &[KeyCode::Char('t')]);
    assert_eq!(state.browser.tag.as_deref(), Some("home"));
    assert_eq!(state.browser.results.get().unwrap().len(), 1);
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
    assert_eq!(state.browser.results.get().unwrap().len(), 1);
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
    assert_eq!(state.screen, Screen::entry(revised.id.clone()));
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
    // Saved, the app offers to erase the old text now; `n` keeps it until a compaction.
    assert_eq!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::EraseOld(third.id.clone())))
    );
    let asked = screen(&state);
    assert!(asked.contains("Erase the old text now?"), "{asked}");
    assert!(asked.contains("Not touched: copies elsewhere"), "{asked}");
    assert!(update(&mut state, key(KeyCode::Char('n'))).is_empty());
    assert_eq!(state.overlay, None);

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
    let deletion = between::journal::record::Tombstone::now(third.id.clone());
    assert_eq!(
        update(&mut state, Msg::Deleted(Box::new(deletion))),
        vec![Effect::ForgetEdit(third.id.clone())]
    );
    assert_eq!(state.journal.len(), 2);
    assert_eq!(state.screen, Screen::Journal);
    // The list follows at once, and the cursor is on a real entry.
    let results = state.browser.results.get().unwrap().clone();
    assert_eq!(results.len(), 2);
    assert!(!results.contains(&third.id));
    assert!(state.browser.cursor < 2);
    assert!(screen(&state).contains("2 of 2 entries"));
}

#[test]
fn the_delete_dialog_offers_to_erase_and_says_what_it_means() {
    let mut state = browsing_state();
    let walk = walk_id(&state);
    update(&mut state, key(KeyCode::Char('x')));
    let shown = screen(&state);
    for words in [
        "y",
        "delete",
        "e",
        "delete and erase now",
        "n Esc",
        "keep it",
        "every revision",
        "Not touched: copies",
        "elsewhere (backups",
    ] {
        assert!(shown.contains(words), "{words:?} not in:\n{shown}");
    }
    let effects = update(&mut state, key(KeyCode::Char('e')));
    assert_eq!(effects, vec![Effect::Erase(walk.clone())]);
    assert_eq!(state.overlay, None);
    assert_eq!(
        update(&mut state, Msg::Erased(walk.clone())),
        vec![Effect::ForgetEdit(walk.clone())]
    );
    assert_eq!(state.journal.len(), 2);
    assert!(state.journal.get(&walk).is_none());
    let shown = screen(&state);
    assert!(shown.contains("erased"), "{shown}");
    assert!(shown.contains("2 of 2 entries"), "{shown}");

    // n keeps it, and erases nothing.
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Char('x')));
    update(&mut state, key(KeyCode::Char('n')));
    assert_eq!(state.overlay, None);
    assert_eq!(state.journal.len(), 3);
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
    update(&mut state, Msg::Tick(Now::system()));
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
    assert_eq!(state.browser.results.get().unwrap().len(), 1);
    assert!(state.status.as_ref().unwrap().error);
    assert!(screen(&state).contains("only this one now"));
}

#[test]
fn marking_a_plan_private_says_so_not_planned() {
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
    // What changed is said, so a key pressed by mistake is seen.
    assert!(news.starts_with("Marked private"), "{news}");
    // And again, back.
    let effects = update(&mut state, key(KeyCode::Char('p')));
    let Some(Effect::Save(back)) = effects.into_iter().next() else {
        panic!("p saves the entry again");
    };
    assert!(!back.private);
    update(&mut state, Msg::Saved(Box::new(back)));
    let news = &state.status.as_ref().unwrap().text;
    assert!(news.starts_with("No longer private"), "{news}");
}

#[test]
fn a_search_shows_where_each_entry_matched() {
    let long = "We drove to his parents and the whole way there he talked about work, \
                then at dinner his mother asked about the wedding and I froze";
    let mut state = super::state_with(
        vec![super::note(long, "2026-11-20T21:00:00+01:00")],
        Vec::new(),
        false,
    );
    update(&mut state, key(KeyCode::Char('J')));
    update(&mut state, key(KeyCode::Char('/')));
    super::type_text(&mut state, "wedding");
    let shown = super::screen(&state);
    // The title is the note's first words; the match is far after them.
    assert!(shown.contains("…mother asked about the wedding"), "{shown}");
}

#[test]
fn an_entry_wraps_without_a_line_that_starts_with_a_space_or_a_closing_mark() {
    use crate::common::tui::screen_text;
    use between::tui::theme::Theme;
    // At 60 columns the text is 58 wide: the first sentence ends at column 57, and
    // 29 wide characters fill a line just before the "。".
    let sentence = "We talked and then he went very quiet.".to_owned();
    let sentence = format!("{sentence}{}", " and".repeat((57 - sentence.len()) / 4));
    let text = format!(
        "{sentence}.  Then we went to bed.\n{}。とても良いです。",
        "あ".repeat(29)
    );
    let entry = super::note(&text, "2026-11-23T10:00:00+01:00");
    let id = entry.id.clone();
    let mut state = super::state_with(vec![entry], Vec::new(), false);
    state.screen = Screen::entry(id);
    update(&mut state, Msg::Tick(Now::system()));
    for (width, height) in [(60, 20), (47, 20), (80, 24)] {
        let shown = screen_text(&state, width, height, &Theme::color());
        for row in shown.lines().filter(|row| row.starts_with('│')) {
            let inside = row.trim_start_matches('│');
            assert!(
                !inside.starts_with(' ') || inside.trim().is_empty() || inside.starts_with("  "),
                "a line starts with a space at {width}:\n{shown}"
            );
            assert!(
                !inside.starts_with('。'),
                "a line starts with 。 at {width}:\n{shown}"
            );
        }
    }
}

#[test]
fn after_an_edit_the_old_text_can_be_erased_at_once() {
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Enter));
    let effects = update(&mut state, key(KeyCode::Char('e')));
    let [Effect::Edit { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let edited = text.replace("it was good", "it was fine");
    let effects = update(&mut state, Msg::Edited(Ok(edited)));
    let [Effect::Save(revised)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    update(&mut state, Msg::Saved(Box::new(revised.clone())));
    // `e` (edit again) is not an answer: nothing irreversible is done on it.
    assert!(update(&mut state, key(KeyCode::Char('e'))).is_empty());
    assert!(matches!(
        state.overlay,
        Some(Overlay::Confirm(Confirm::EraseOld(_)))
    ));
    let effects = update(&mut state, key(KeyCode::Char('y')));
    assert_eq!(effects, vec![Effect::EraseOld(revised.id.clone())]);
    assert_eq!(state.overlay, None);
    update(&mut state, Msg::ErasedOld(revised.id.clone()));
    let told = state.status.as_ref().unwrap().text.clone();
    assert!(told.contains("old text was erased"), "{told}");
    // The entry itself stays, as edited.
    assert_eq!(
        state.journal.get(&revised.id).unwrap().first_text(),
        Some("A long walk together, it was fine.")
    );
}

#[test]
fn another_change_to_an_entry_whose_edit_failed_keeps_the_edit() {
    let mut state = browsing_state();
    update(&mut state, key(KeyCode::Enter));
    let effects = update(&mut state, key(KeyCode::Char('e')));
    let [Effect::Edit { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let edited = text.replace("it was good", "it was KEPTEDIT");
    update(&mut state, Msg::Edited(Ok(edited)));
    update(&mut state, Msg::Failed("The disk is full.".into()));
    // Flagged to discuss meanwhile: that save is not the edit's.
    let effects = update(&mut state, key(KeyCode::Char('d')));
    let [Effect::Save(flagged)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let effects = update(&mut state, Msg::Saved(Box::new(flagged.clone())));
    assert!(
        !effects.contains(&Effect::ForgetEdit(flagged.id.clone())),
        "{effects:?}"
    );
    assert_eq!(state.overlay, None, "no word of an edit that was not saved");
    let (_, kept) = state
        .browser
        .pending_edit
        .clone()
        .expect("the edit is kept");
    assert!(kept.contains("KEPTEDIT"));
}

#[test]
fn the_entry_view_stops_scrolling_when_its_last_line_is_at_the_bottom() {
    let lines: Vec<String> = (1..=40).map(|n| format!("line {n} of the entry")).collect();
    let long = note(&lines.join("\n\n"), "2026-11-22T18:30:00+01:00");
    let mut state = state_with(vec![long], Vec::new(), false);
    press(&mut state, &[KeyCode::Char('J'), KeyCode::Enter]);
    assert!(matches!(state.screen, Screen::Entry { .. }));
    // Far past the end, as keys between two frames can go, then drawn as the shell does.
    for _ in 0..200 {
        update(&mut state, key(KeyCode::Down));
    }
    let shown = drawn_as_the_shell_does(&mut state);
    assert!(shown.contains("line 40 of the entry"), "{shown}");
    let last = shown.lines().position(|l| l.contains("line 40")).unwrap();
    let rows: Vec<&str> = shown.lines().collect();
    let bottom = rows.iter().rposition(|l| l.starts_with('└')).unwrap();
    assert!(
        last + 3 >= bottom,
        "the last line is near the box's bottom:\n{shown}"
    );
    // More Down keys do not move it, and one Up moves it at once.
    update(&mut state, key(KeyCode::Down));
    assert_eq!(drawn_as_the_shell_does(&mut state), shown);
    update(&mut state, key(KeyCode::Up));
    let up = drawn_as_the_shell_does(&mut state);
    assert!(!up.contains("line 40 of the entry"), "{up}");
    assert!(up.contains("line 39 of the entry"), "{up}");
}

/// The screen at 80×24 after a frame, with what the frame tells `update` (how far its
/// text scrolls), as the shell sends it.
fn drawn_as_the_shell_does(state: &mut State) -> String {
    let (_, hits) = crate::common::tui::drawn(state, 80, 24);
    if let Some(msg) = hits.after_drawing() {
        update(state, msg);
    }
    screen(state)
}

#[test]
fn a_reloaded_journal_tells_what_is_new_about_it_once() {
    // Another device's log turned out damaged while the app was open: the journal the
    // app reads again says so, and the app tells it (once: the next reload with the
    // same word says nothing more).
    let mut state = browsing_state();
    let damaged = "the log of desktop is damaged at line 3; its other entries still show";
    let put_back = "the log of phone is older than the one read before";
    let reread = |warnings: &[&str]| {
        let mut fresh = journal(vec![note("only this one now", "2026-11-25T08:00:00+01:00")]);
        fresh.warnings = warnings.iter().map(|w| w.to_string()).collect();
        Msg::Reloaded {
            journal: Box::new(fresh),
            refused: None,
        }
    };
    update(&mut state, reread(&[damaged]));
    let told = state.status.clone().expect("told");
    assert!(told.error && told.text.contains(damaged), "{told:?}");
    state.status = None;
    update(&mut state, reread(&[damaged]));
    assert_eq!(state.status, None);
    // Two new ones: the first, and how many more.
    update(&mut state, reread(&[damaged, put_back, "a third thing"]));
    let told = state.status.clone().expect("told");
    assert!(told.text.contains(put_back), "{told:?}");
    assert!(told.text.contains("1 more"), "{told:?}");
    assert!(screen(&state).contains("older than the one read before"));
}

#[test]
fn the_app_opened_on_a_journal_with_several_warnings_says_how_many_more() {
    let mut loaded = journal(vec![note("a note", "2026-11-25T08:00:00+01:00")]);
    loaded.warnings = vec!["the first thing".into(), "the second thing".into()];
    let state = crate::common::tui::state_of(
        between::pack::Catalog::builtin().unwrap(),
        loaded,
        Vec::new(),
        false,
    );
    let told = state.status.clone().expect("told");
    assert!(told.text.starts_with("the first thing"), "{told:?}");
    assert!(told.text.contains("(and 1 more)"), "{told:?}");
}

#[test]
fn a_warning_too_long_for_three_lines_is_seen_to_be_cut() {
    let mut loaded = journal(vec![note("a note", "2026-11-25T08:00:00+01:00")]);
    loaded.warnings = vec![format!(
        "the start of it {} the end of it",
        "and on ".repeat(60)
    )];
    let state = crate::common::tui::state_of(
        between::pack::Catalog::builtin().unwrap(),
        loaded,
        Vec::new(),
        false,
    );
    let theme = between::tui::theme::Theme::monochrome();
    for (width, height) in [(80, 24), (60, 20)] {
        let text = crate::common::tui::screen_text(&state, width, height, &theme);
        let lines: Vec<&str> = text.lines().collect();
        // Three lines of it above the footer, the last ending in "…".
        let status = &lines[lines.len() - 4..lines.len() - 1];
        assert!(status[0].contains("the start of it"), "{text}");
        assert!(status[2].ends_with('…'), "{width}: {status:?}");
        assert!(!text.contains("the end of it"), "{text}");
    }
}
