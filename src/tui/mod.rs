//! The full-screen app: terminal set-up and restore, and the loop that turns terminal
//! events into messages, runs `update`, carries out the effects and draws.
//!
//! The terminal is restored on quit, on error, on panic, and on SIGTERM or SIGHUP
//! (after the open exercise is written to a draft). The window title is always the
//! neutral "between", and everything is drawn on the alternate screen, so nothing of
//! the journal stays in the scrollback.

pub mod app;
pub mod clock;
pub mod draw;
pub mod effects;
pub mod hits;
pub mod input;
pub mod key_names;
pub mod keymap;
pub mod own_keys;
pub mod screens;
pub mod scrolled;
pub mod theme;
pub mod unlock;
pub mod view;
pub mod widgets;

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, SetTitle, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::journal::drafts::Drafts;
use crate::journal::log::Form;
use crate::journal::mint::IdMint;
use crate::journal::{Store, StoreError};
use crate::pack::Catalog;
use crate::vault::Vault;
use app::{Effect, Msg, Start, State, update};
use clock::Now;
use effects::Files;
use input::Ready;
use theme::Theme;

/// Set by the SIGTERM/SIGHUP handler; the loop notices within a quarter second.
static TERMINATE: AtomicBool = AtomicBool::new(false);

extern "C" fn on_terminate(_: libc::c_int) {
    TERMINATE.store(true, Ordering::SeqCst);
}

/// Loads what the app starts from: packs, safety text, journal, drafts, settings;
/// with the key of an encrypted journal.
pub fn load(dir: &DataDir, vault: Option<Vault>) -> Result<Start, Error> {
    load_with(dir, vault, crate::settings::load(dir))
}

/// [`load`], with the settings (and their warnings) read already.
fn load_with(
    dir: &DataDir,
    vault: Option<Vault>,
    (settings, settings_warnings): (crate::settings::Settings, Vec<String>),
) -> Result<Start, Error> {
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
    let encrypted = vault.is_some();
    // Files left plain are sealed now.
    let sealing = vault
        .as_ref()
        .map(|vault| crate::journal::leftovers::at_unlock(dir, vault))
        .unwrap_or_default();
    let journal = Store::with_vault(dir.clone(), vault.clone()).load()?;
    let rounds = crate::journal::rounds::current_numbers(dir, &catalog, vault.as_ref());
    let drafts = Drafts::with_vault(dir, vault)
        .for_window(effects::window())
        .list()
        .unwrap_or_default();
    let warnings = catalog
        .warnings
        .iter()
        .cloned()
        .chain(safety_warning)
        .chain(settings_warnings)
        .chain(sealing)
        .collect();
    Ok(Start {
        catalog,
        rounds,
        safety,
        journal,
        data_dir: dir.root().to_path_buf(),
        journal_file: dir.journal(),
        drafts,
        first_run,
        warnings,
        settings,
        encrypted,
        now: Now::system(),
        ids: IdMint::from_system(),
        home_dir: None,
    })
}

/// Runs the app on the terminal until the user quits. An encrypted journal is
/// unlocked on a lock screen first, and again after each lock (quick hide, idle):
/// the whole state, with everything decrypted, is dropped while locked.
pub fn run(dir: &DataDir, env: &Environment) -> Result<(), Error> {
    // Read once: the theme is the settings', and the app starts from them.
    let settings = crate::settings::load(dir);
    let theme = Theme::new(env.theme, env.no_color, settings.0.theme);
    let header = match Store::new(dir.clone()).form()? {
        Form::Plain => None,
        Form::Encrypted(header) => Some(header),
        Form::BadHeader(message) => return Err(StoreError::BadHeader(message).into()),
    };
    let Some(header) = header else {
        // Loaded before the terminal is taken, so a problem prints plainly.
        let mut state = State::new(Start {
            home_dir: env.home.clone(),
            ..load_with(dir, None, settings)?
        });
        install_handlers();
        let mut terminal = enter().map_err(Error::Terminal)?;
        let result = event_loop(
            &mut terminal,
            &mut state,
            &theme,
            &Files::new(dir, None, env),
        );
        leave();
        return result.map(|_| ());
    };
    install_handlers();
    let mut terminal = enter().map_err(Error::Terminal)?;
    let result = locked_loop(&mut terminal, dir, header, &theme, env, settings);
    leave();
    result
}

/// The app on an encrypted journal: unlock, run until locked, and again.
fn locked_loop(
    terminal: &mut Term,
    dir: &DataDir,
    mut header: crate::vault::Header,
    theme: &Theme,
    env: &Environment,
    settings: (crate::settings::Settings, Vec<String>),
) -> Result<(), Error> {
    let (safety, _) = crate::safety::load(dir.root());
    // The settings read at start, then as they are at each unlock (the app may have
    // changed them before it locked).
    let mut settings = Some(settings);
    loop {
        let settings = settings
            .take()
            .unwrap_or_else(|| crate::settings::load(dir));
        // The lock screen's keys are the user's too (a problem with them is said once
        // the app is open).
        let keys = app::keys::lock_bindings(&app::keys::own_keys(&settings.0.keys).0);
        let Some(vault) = unlock_screen(terminal, dir, &header, &safety, theme, keys)? else {
            return Ok(());
        };
        let mut state = State::new(Start {
            home_dir: env.home.clone(),
            ..load_with(dir, Some(vault.clone()), settings)?
        });
        let files = Files::new(dir, Some(vault), env);
        if event_loop(terminal, &mut state, theme, &files)? == Exit::Quit {
            return Ok(());
        }
        drop(state);
        drop(files);
        // The passphrase may have been changed meanwhile: read the header again.
        header = match Store::new(dir.clone()).form()? {
            Form::Encrypted(header) => header,
            Form::Plain => return Ok(()),
            Form::BadHeader(message) => return Err(StoreError::BadHeader(message).into()),
        };
    }
}

/// Shows the lock screen until the right passphrase is typed (`Some`) or the user
/// leaves (`None`). A wrong passphrase changes nothing and can be tried again.
fn unlock_screen(
    terminal: &mut Term,
    dir: &DataDir,
    header: &crate::vault::Header,
    safety: &crate::safety::Safety,
    theme: &Theme,
    keys: Vec<keymap::Binding>,
) -> Result<Option<crate::vault::Vault>, Error> {
    let mut header = header.clone();
    let mut screen = unlock::LockScreen::new(keys);
    if let Some(notice) = Store::new(dir.clone()).unlock_notice() {
        screen.message = Some(notice.to_owned());
    }
    // The lock screen has no use for the mouse: the terminal's selection works on it.
    Mouse::default().set(false).map_err(Error::Terminal)?;
    loop {
        terminal
            .draw(|frame| screen.draw(frame, safety, theme))
            .map_err(Error::Terminal)?;
        if TERMINATE.load(Ordering::SeqCst) {
            return Ok(None);
        }
        match input::wait(Duration::from_millis(250)).map_err(Error::Terminal)? {
            Ready::Nothing => continue,
            Ready::HungUp => return Ok(None),
            Ready::Input => {}
        }
        while let Some(events) = input::next_ready().map_err(Error::Terminal)? {
            for event in events {
                let action = match event {
                    Event::Key(key) if key.kind != KeyEventKind::Release => screen.key(key),
                    Event::Paste(text) => {
                        screen.paste(&text);
                        unlock::LockAction::None
                    }
                    _ => unlock::LockAction::None,
                };
                match action {
                    unlock::LockAction::None => {}
                    unlock::LockAction::Quit => return Ok(None),
                    unlock::LockAction::Try(words) => {
                        screen.checking = true;
                        terminal
                            .draw(|frame| screen.draw(frame, safety, theme))
                            .map_err(Error::Terminal)?;
                        screen.checking = false;
                        // The passphrase may have been changed in another terminal meanwhile.
                        if let Form::Encrypted(fresh) = Store::new(dir.clone()).form()? {
                            header = fresh;
                        }
                        match header.unlock(&words) {
                            Ok(vault) => return Ok(Some(vault)),
                            Err(e) => {
                                screen.message = Some(crate::words::capitalised(&e.to_string()))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How the event loop ended.
#[derive(Debug, PartialEq, Eq)]
enum Exit {
    /// The user quit (or the terminal closed).
    Quit,
    /// The app locked itself; the open work was written to a draft.
    Lock,
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Takes the terminal: raw mode, the alternate screen, bracketed paste. The mouse is
/// reported only once the app asks for it ([`Mouse`]).
fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        SetTitle("between")
    )?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Whether the terminal reports the mouse to the app, as last set. The app wants it
/// off while a text is open to read ([`State::mouse_captured`]), so that the
/// terminal's own selection copies from it; this follows after every message.
#[derive(Debug, Default)]
struct Mouse {
    /// What was last sent to the terminal; None when unknown (the editor ran).
    captured: Option<bool>,
}

impl Mouse {
    /// Turns capture on or off, writing to the terminal only when it changes.
    fn set(&mut self, captured: bool) -> io::Result<()> {
        if self.captured != Some(captured) {
            if captured {
                execute!(io::stdout(), EnableMouseCapture)?;
            } else {
                execute!(io::stdout(), DisableMouseCapture)?;
            }
            self.captured = Some(captured);
        }
        Ok(())
    }
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

/// How often the app looks whether the journal was written elsewhere: a few file
/// sizes and times, so it costs nothing while nothing changes.
const LOOK_AGAIN_EVERY: Duration = Duration::from_secs(2);

fn event_loop(
    terminal: &mut Term,
    state: &mut State,
    theme: &Theme,
    files: &Files,
) -> Result<Exit, Error> {
    // Where the last frame drew what a click acts on.
    let mut shown = hits::Hits::default();
    let mut mouse = Mouse::default();
    let mut looked = std::time::Instant::now();
    loop {
        mouse.set(state.mouse_captured()).map_err(Error::Terminal)?;
        let now = Now::system();
        let today = now.wall.date_naive();
        if today != state.today {
            dispatch(terminal, &mut mouse, state, files, Msg::Today(today))?;
        }
        dispatch(terminal, &mut mouse, state, files, Msg::Tick(now))?;
        // What another between here or another device wrote shows without a restart.
        if looked.elapsed() >= LOOK_AGAIN_EVERY {
            looked = std::time::Instant::now();
            if let Some(msg) = files.look_again() {
                dispatch(terminal, &mut mouse, state, files, msg)?;
            }
        }
        if state.quit {
            return Ok(Exit::Quit);
        }
        if state.locked {
            return Ok(Exit::Lock);
        }
        terminal
            .draw(|frame| shown = view::draw(frame, state, theme))
            .map_err(Error::Terminal)?;
        if let Some(msg) = shown.after_drawing() {
            dispatch(terminal, &mut mouse, state, files, msg)?;
        }
        if TERMINATE.load(Ordering::SeqCst) {
            dispatch(terminal, &mut mouse, state, files, Msg::Terminate)?;
            return Ok(Exit::Quit);
        }
        match input::wait(Duration::from_millis(250)).map_err(Error::Terminal)? {
            Ready::Nothing => continue,
            Ready::HungUp => {
                // The terminal is gone (its window closed): keep the typed text.
                dispatch(terminal, &mut mouse, state, files, Msg::Terminate)?;
                return Ok(Exit::Quit);
            }
            Ready::Input => {}
        }
        'read: while let Some(events) = input::next_ready().map_err(Error::Terminal)? {
            for event in events {
                // An Alt key comes as Esc and the key (see `input::unfold`): if the Esc
                // opened a question or brought the app back from quick hide, the key
                // that came with it must not answer that question unseen.
                let (asked, hidden) = (state.overlay.is_some(), state.hidden);
                let msg = match event {
                    Event::Key(key) if key.kind != KeyEventKind::Release => Msg::Key(key),
                    Event::Paste(text) => Msg::Paste(text),
                    Event::Mouse(event) => match shown.msg(event) {
                        Some(msg) => msg,
                        None => continue,
                    },
                    _ => continue, // a resize is drawn on the next turn
                };
                dispatch(terminal, &mut mouse, state, files, Msg::Tick(Now::system()))?;
                dispatch(terminal, &mut mouse, state, files, msg)?;
                mouse.set(state.mouse_captured()).map_err(Error::Terminal)?;
                if state.locked || state.quit {
                    break 'read;
                }
                if (!asked && state.overlay.is_some()) || (hidden && !state.hidden) {
                    break;
                }
            }
        }
    }
}

/// Runs a message through `update` and carries out its effects, and theirs, in order.
fn dispatch(
    terminal: &mut Term,
    mouse: &mut Mouse,
    state: &mut State,
    files: &Files,
    msg: Msg,
) -> Result<(), Error> {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(state, msg) {
            let reply = match effect {
                Effect::Edit { text, entry } => {
                    leave();
                    let reply = files.edit(&text, entry.as_ref());
                    *terminal = enter().map_err(Error::Terminal)?;
                    terminal.clear().map_err(Error::Terminal)?;
                    // `leave` turned the mouse off; the loop sets it again.
                    mouse.captured = None;
                    vec![Msg::Active(Now::system()), reply]
                }
                Effect::Bell => {
                    use std::io::Write as _;
                    let mut out = io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                    Vec::new()
                }
                other => files.perform(other),
            };
            queue.extend(reply);
        }
    }
    Ok(())
}
