//! TUI benchmarks with a generated journal of 100k entries (issue 4):
//!
//! - `tui/first_frame`: everything from reading the data directory to the first frame
//!   drawn (into a `TestBackend`, so the terminal's own speed is left out), with the
//!   journal's snapshot in place as after any earlier start.
//! - `tui/scroll_key`: one key (↓) in the journal browser, handled and redrawn.
//! - `tui/search_key`: one typed search character in the journal browser, handled
//!   (the results are recomputed) and redrawn.
//!
//! `cargo bench --bench tui`

use std::hint::black_box;
use std::time::{Duration, Instant};

use between::data_dir::DataDir;
use between::tui::app::{Msg, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/generate.rs"]
mod generate;

const ENTRIES: usize = 100_000;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journal.jsonl"),
        generate::generate(ENTRIES, 1),
    )
    .unwrap();
    let data = DataDir::resolve(Some(dir.path())).unwrap();
    let theme = Theme::color();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();

    let mut group = c.benchmark_group("tui");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    // The first start writes the snapshot; every later one reads it.
    between::tui::load(&data, None).unwrap();
    assert!(data.snapshot().exists());
    group.bench_function("first_frame", |b| {
        // Dropping the state is not part of starting.
        b.iter_with_large_drop(|| {
            let mut state = State::new(between::tui::load(&data, None).unwrap());
            update(&mut state, Msg::Tick(Instant::now()));
            terminal.draw(|frame| draw(frame, &state, &theme)).unwrap();
            black_box(state)
        })
    });

    let mut state = State::new(between::tui::load(&data, None).unwrap());
    update(&mut state, key(KeyCode::Char('J')));
    group.bench_function("scroll_key", |b| {
        b.iter(|| {
            update(&mut state, key(KeyCode::Down));
            terminal.draw(|frame| draw(frame, &state, &theme)).unwrap();
        })
    });

    update(&mut state, key(KeyCode::Char('/')));
    let mut letters = "lighthouse".chars().cycle();
    group.bench_function("search_key", |b| {
        b.iter(|| {
            if state.browser.search.len() >= 10 {
                state.browser.search.clear();
            }
            update(
                &mut state,
                key(KeyCode::Char(letters.next().unwrap_or('l'))),
            );
            terminal.draw(|frame| draw(frame, &state, &theme)).unwrap();
        })
    });
    group.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
