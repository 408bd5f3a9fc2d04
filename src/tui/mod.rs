//! The full-screen app: terminal set-up and restore, and the loop that turns terminal
//! events into messages, runs `update`, carries out the effects and draws.
//!
//! The terminal is restored on quit, on error, on panic, and on SIGTERM or SIGHUP
//! (after the open exercise is written to a draft). The window title is always the
//! neutral "between", and everything is drawn on the alternate screen, so nothing of
//! the journal stays in the scrollback.

pub mod app;
pub mod effects;
pub mod keys;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, SetTitle, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::Store;
use crate::journal::drafts::Drafts;
use crate::pack::Catalog;
use app::{Effect, Msg, Start, State, update};
use effects::Files;
use theme::Theme;

/// Set by the SIGTERM/SIGHUP handler; the loop notices within a quarter second.
static TERMINATE: AtomicBool = AtomicBool::new(false);

extern "C" fn on_terminate(_: libc::c_int) {
    TERMINATE.store(true, Ordering::SeqCst);
}

/// Loads what the app starts from: packs, safety text, journal, drafts.
pub fn load(dir: &DataDir) -> Result<Start, Error> {
    // Until something is saved, the welcome is shown again: it is short and it says
    // where the data lives and what this app is not.
    let first_run = !dir.journal().exists();
    crate::secure_fs::private_dir(dir.root()).map_err(|source| crate::journal::StoreError::Io {
        action: "create the data directory",
        path: dir.root().to_path_buf(),
        source,
    })?;
    let catalog = Catalog::load(&dir.packs())?;
    let (safety, safety_warning) = crate::safety::load(dir.root());
    let journal = Store::new(dir.clone()).load()?;
    let drafts = Drafts::new(dir).list().unwrap_or_default();
    let (settings, settings_warning) = crate::settings::load(dir);
    let warnings = catalog
        .warnings
        .iter()
        .cloned()
        .chain(safety_warning)
        .chain(settings_warning)
        .collect();
    Ok(Start {
        catalog,
        safety,
        journal,
        data_dir: dir.root().to_path_buf(),
        drafts,
        first_run,
        warnings,
        settings,
    })
}

/// Runs the app on the terminal until the user quits.
pub fn run(dir: &DataDir, no_color: bool) -> Result<(), Error> {
    let mut state = State::new(load(dir)?);
    let theme = Theme::from_env(no_color);
    let files = Files::new(dir);
    install_handlers();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut state, &theme, &files);
    leave();
    result
}

type Term = Terminal<CrosstermBackend<Stdout>>;

fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        SetTitle("between")
    )?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Gives the terminal back as it was. Safe to call more than once.
fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_handlers() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        let handler = on_terminate as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGTERM, handler);
        libc::signal(libc::SIGHUP, handler);
    }
}

fn event_loop(
    terminal: &mut Term,
    state: &mut State,
    theme: &Theme,
    files: &Files,
) -> Result<(), Error> {
    loop {
        let today = crate::journal::dates::today();
        if today != state.today {
            dispatch(terminal, state, files, Msg::Today(today))?;
        }
        dispatch(terminal, state, files, Msg::Tick(Instant::now()))?;
        if state.quit {
            return Ok(());
        }
        terminal.draw(|frame| view::draw(frame, state, theme))?;
        if TERMINATE.load(Ordering::SeqCst) {
            dispatch(terminal, state, files, Msg::Terminate)?;
            return Ok(());
        }
        match wait_for_input(Duration::from_millis(250))? {
            Input::None => continue,
            Input::HungUp => {
                // The terminal is gone (its window closed): keep the typed text.
                dispatch(terminal, state, files, Msg::Terminate)?;
                return Ok(());
            }
            Input::Ready => {}
        }
        while event::poll(Duration::ZERO)? {
            let msg = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => Msg::Key(key),
                Event::Paste(text) => Msg::Paste(text),
                Event::Mouse(mouse) => match app::mouse_msg(mouse.kind) {
                    Some(msg) => msg,
                    None => continue,
                },
                _ => continue, // a resize is drawn on the next turn
            };
            dispatch(terminal, state, files, Msg::Tick(Instant::now()))?;
            dispatch(terminal, state, files, msg)?;
        }
    }
}

/// What the terminal has for us.
enum Input {
    /// Nothing yet.
    None,
    /// Bytes to read.
    Ready,
    /// The terminal hung up.
    HungUp,
}

/// Waits up to `timeout` for input on the terminal (standard input).
///
/// This is checked before crossterm reads, because on a terminal that has hung up
/// crossterm's reader spins on end-of-file without returning, ignoring its timeout.
fn wait_for_input(timeout: Duration) -> io::Result<Input> {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut fd, 1, millis) };
    if ready < 0 {
        let error = io::Error::last_os_error();
        return match error.kind() {
            io::ErrorKind::Interrupted => Ok(Input::None),
            _ => Err(error),
        };
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(Input::HungUp);
    }
    Ok(if ready > 0 { Input::Ready } else { Input::None })
}

/// Runs a message through `update` and carries out its effects, and theirs, in order.
fn dispatch(terminal: &mut Term, state: &mut State, files: &Files, msg: Msg) -> Result<(), Error> {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(state, msg) {
            let reply = match effect {
                Effect::Edit { text, entry } => {
                    leave();
                    let reply = files.edit(&text, entry.as_ref());
                    *terminal = enter()?;
                    terminal.clear()?;
                    vec![reply]
                }
                other => files.perform(other),
            };
            queue.extend(reply);
        }
    }
    Ok(())
}
