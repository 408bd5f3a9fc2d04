//! TUI benchmarks with a generated journal of 100k entries (issue 4):
//!
//! - `tui/first_frame`: a fresh process, from before it is started to its first frame
//!   drawn (into a `TestBackend`, so the terminal's own speed is left out), with the
//!   journal's snapshot in place as after any earlier start. A new process each time,
//!   because a start gets all its memory fresh from the system, and that is a large
//!   part of its cost: repeating the start inside one process, which reuses freed
//!   memory, measured a third less than real starts.
//! - `tui/scroll_key`: one key (↓) in the journal browser, handled and redrawn.
//! - `tui/search_key`: one typed search character in the journal browser, handled
//!   (the results are recomputed) and redrawn.
//!
//! `cargo bench --bench tui`

use std::time::Duration;

use between::data_dir::DataDir;
use between::tui::app::{Msg, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use criterion::{Criterion, criterion_group};
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
        b.iter_custom(|starts| {
            (0..starts)
                .map(|_| {
                    let before = monotonic();
                    let child = std::process::Command::new(std::env::current_exe().unwrap())
                        .env(CHILD, dir.path())
                        .output()
                        .unwrap();
                    assert!(child.status.success(), "{child:?}");
                    let drawn: u128 = String::from_utf8_lossy(&child.stdout)
                        .trim()
                        .parse()
                        .unwrap();
                    Duration::from_nanos((drawn - before) as u64)
                })
                .sum()
        })
    });

    let mut state = State::new(between::tui::load(&data, None).unwrap());
    update(&mut state, key(KeyCode::Char('J')));
    group.bench_function("scroll_key", |b| {
        b.iter(|| {
            update(&mut state, key(KeyCode::Down));
            terminal
                .draw(|frame| {
                    draw(frame, &state, &theme);
                })
                .unwrap();
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
            terminal
                .draw(|frame| {
                    draw(frame, &state, &theme);
                })
                .unwrap();
        })
    });
    group.finish();
}

/// Set in the environment of the process `first_frame` starts, to the data directory.
const CHILD: &str = "BETWEEN_BENCH_FIRST_FRAME";

/// The system's monotonic clock in nanoseconds, the same in every process.
fn monotonic() -> u128 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    assert_eq!(
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) },
        0
    );
    now.tv_sec as u128 * 1_000_000_000 + now.tv_nsec as u128
}

/// The start `first_frame` measures: load, first update, first frame; then the clock
/// is printed and the process ends without tearing anything down.
fn first_frame(dir: &std::path::Path) -> ! {
    let data = DataDir::resolve(Some(dir)).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut state = State::new(between::tui::load(&data, None).unwrap());
    update(&mut state, Msg::Tick(between::tui::clock::Now::system()));
    terminal
        .draw(|frame| {
            draw(frame, &state, &Theme::color());
        })
        .unwrap();
    println!("{}", monotonic());
    std::process::exit(0)
}

criterion_group!(tui, benches);

fn main() {
    match std::env::var_os(CHILD) {
        Some(dir) => first_frame(std::path::Path::new(&dir)),
        None => {
            tui();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
