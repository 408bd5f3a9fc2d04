//! Every screen drawn: at both sizes and too small, without colour, and the
//! snapshots of the main screens, the step kinds, the dialogs and the practice screens.

use between::tui::clock::Now;
use std::path::PathBuf;

use between::journal::Kind;
use between::tui::app::{Msg, Phase, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use super::{at, browsing_state, note, press, screen, state, state_with, step_kind, type_text};
use crate::common::tui::{key, screen_text};

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
        .draw(|frame| {
            draw(frame, &state, &Theme::monochrome());
        })
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
    insta::assert_snapshot!("step_read_80x24", screen(&state));
    insta::assert_snapshot!(
        "step_read_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char('2')));
    insta::assert_snapshot!("step_scale_80x24", screen(&state));
    insta::assert_snapshot!(
        "step_scale_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Char(' ')));
    update(&mut state, key(KeyCode::Down));
    insta::assert_snapshot!("step_checklist_80x24", screen(&state));
    insta::assert_snapshot!(
        "step_checklist_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
    update(&mut state, key(KeyCode::Tab));
    insta::assert_snapshot!("step_timer_80x24", screen(&state));
    insta::assert_snapshot!(
        "step_timer_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "Can we talk about Sunday?");
    insta::assert_snapshot!("step_text_80x24", screen(&state));
    insta::assert_snapshot!(
        "step_text_60x20",
        screen_text(&state, 60, 20, &Theme::color())
    );
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
    insta::assert_snapshot!(
        "step_choice_60x20",
        screen_text(&choice, 60, 20, &Theme::color())
    );
    update(&mut state, key(KeyCode::Esc));
    insta::assert_snapshot!("confirm_leave_80x24", screen(&state));
    update(&mut state, key(KeyCode::Esc));
    let runner = state.runner.as_mut().unwrap();
    runner.phase = Phase::Review;
    insta::assert_snapshot!("review_80x24", screen(&state));
    insta::assert_snapshot!("review_60x20", screen_text(&state, 60, 20, &Theme::color()));

    let mut attachment = between_attachment();
    insta::assert_snapshot!("step_questionnaire_80x24", screen(&attachment));
    insta::assert_snapshot!(
        "step_questionnaire_60x20",
        screen_text(&attachment, 60, 20, &Theme::color())
    );
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
pub(super) fn every_kind_state() -> (State, tempfile::TempDir) {
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
    update(&mut state, Msg::Tick(Now::system()));
    update(&mut state, key(KeyCode::Enter)); // past the welcome
    (state, dir)
}

/// The attachment questionnaire, reached through its first two steps.
pub(super) fn between_attachment() -> State {
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
fn snapshots_of_finding_an_exercise() {
    let mut state = state();
    update(&mut state, key(KeyCode::Char('/')));
    type_text(&mut state, "partner");
    update(&mut state, key(KeyCode::Down));
    insta::assert_snapshot!("find_80x24", screen(&state));
    insta::assert_snapshot!("find_60x20", screen_text(&state, 60, 20, &Theme::color()));
}
