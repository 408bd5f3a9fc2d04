//! The app's state and its one `update` function (The Elm Architecture): every input
//! becomes a [`Msg`], `update` changes the [`State`] and returns [`Effect`]s for the
//! shell to carry out (saving, drafts, the editor). No I/O happens here, so every flow
//! is tested by feeding messages.

pub mod area;
pub mod browser;
pub mod home;
pub mod overlay;
pub mod packs;
pub mod plan_form;
pub mod progress;
pub mod report;
pub mod review_form;
pub mod runner;
pub mod session_form;
pub mod source;
pub mod try_form;

use std::path::PathBuf;
use std::time::Instant;

use crate::journal::mint::IdMint;
use crate::tui::clock::Now;
use crate::tui::keymap::{self, Action, Key};
use crate::tui::keys;

use crossterm::event::{KeyEvent, MouseEventKind};

pub use area::AreaView;
pub use browser::{Browser, DateRange};
pub use home::{Home, HomePane};
pub use runner::{Phase, Runner, RunnerDraft};

use crate::journal::record::Record;
use crate::journal::{Entry, EntryId, Journal};
use crate::pack::Catalog;
use crate::safety::Safety;

/// Where the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The first-run welcome.
    Welcome,
    /// The seven areas, recent entries, entries to discuss.
    Home,
    /// One area and its exercises.
    Area,
    /// An exercise in progress.
    Runner,
    /// The journal browser.
    Journal,
    /// One journal entry in full.
    Entry(EntryId),
    /// Progress: measures over time, practice days, areas, before and after.
    Progress,
    /// What happened since the last session, to bring to the next one.
    Prep,
    /// Every strategy, what worked best first.
    Strategies,
    /// Built-in and installed packs; add one from a file.
    Packs,
    /// What a homework report will hold, before it is written.
    Report,
}

/// A window over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key of the current screen.
    Help,
    /// The safety text and crisis resources.
    Safety,
    /// A question that needs an answer before anything else happens.
    Confirm(Confirm),
    /// Choose the plan to log a try of, or to review.
    PickPlan {
        /// The selected plan in the list of active strategies.
        cursor: usize,
        /// Review the plan (else log a try of it).
        review: bool,
    },
}

/// The questions the app asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Leaving an exercise that has answers: keep a draft, discard, or stay?
    LeaveRunner,
    /// Delete this entry?
    Delete(EntryId),
    /// A draft exists for this exercise or form: resume it or start afresh?
    Resume(runner::Source),
    /// Quit while an exercise is open: keep a draft and quit?
    Quit,
    /// This pack file is a newer version of an installed pack: replace it?
    ReplacePack {
        /// The file.
        path: PathBuf,
        /// What changes, in words.
        changes: String,
    },
}

/// A line of news at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// Whether it is a problem.
    pub error: bool,
}

/// What the app starts from, as the shell loaded it.
#[derive(Debug)]
pub struct Start {
    /// Every pack and exercise.
    pub catalog: Catalog,
    /// The safety text.
    pub safety: Safety,
    /// The journal.
    pub journal: Journal,
    /// The data directory.
    pub data_dir: PathBuf,
    /// Exercises with a saved draft.
    pub drafts: Vec<String>,
    /// Whether this is the first run (show the welcome).
    pub first_run: bool,
    /// Problems found while loading, to show at once.
    pub warnings: Vec<String>,
    /// The user's settings.
    pub settings: crate::settings::Settings,
    /// Whether the journal is encrypted: quick hide and idle time then lock the app.
    pub encrypted: bool,
    /// The moment the app starts; today is its date.
    pub now: Now,
    /// Where new entries get their ids ([`IdMint::from_system`] in the shell).
    pub ids: IdMint,
    /// The home folder, for a pack's path typed as `~/…`.
    pub home_dir: Option<PathBuf>,
}

/// Everything the app knows.
#[derive(Debug)]
pub struct State {
    /// Every pack and exercise.
    pub catalog: Catalog,
    /// The safety text and crisis resources.
    pub safety: Safety,
    /// The journal as loaded, kept current as entries are saved.
    pub journal: Journal,
    /// The data directory, shown on the welcome screen and after saving.
    pub data_dir: PathBuf,
    /// The current screen.
    pub screen: Screen,
    /// A window over the screen, if one is open.
    pub overlay: Option<Overlay>,
    /// Home's selection.
    pub home: Home,
    /// What home shows from the journal, computed once per change.
    pub home_figures: Option<home::HomeFigures>,
    /// The open area, if any.
    pub area: Option<AreaView>,
    /// The exercise in progress, if any.
    pub runner: Option<Runner>,
    /// The journal browser.
    pub browser: Browser,
    /// The progress view.
    pub progress: progress::ProgressView,
    /// The user's settings.
    pub settings: crate::settings::Settings,
    /// Scroll offset of the entry view.
    pub entry_scroll: u16,
    /// Scroll offset of the safety screen.
    pub safety_scroll: u16,
    /// The selected strategy.
    pub strategy: usize,
    /// The Packs screen.
    pub packs: packs::PacksView,
    /// The report screen.
    pub report: report::ReportView,
    /// Exercises with a saved draft, by exercise id.
    pub drafts: Vec<String>,
    /// The latest news.
    pub status: Option<Status>,
    /// The moment of the latest message, as the shell saw it.
    pub now: Now,
    /// Where new entries get their ids, so that update reads no clock or randomness.
    pub ids: IdMint,
    /// The home folder (see [`Start::home_dir`]).
    pub home_dir: Option<PathBuf>,
    /// Today's date in the local time zone, as of the latest tick.
    pub today: chrono::NaiveDate,
    /// Quick hide: the screen shows nothing until a key is pressed.
    pub hidden: bool,
    /// Whether the journal is encrypted (see [`Start::encrypted`]).
    pub encrypted: bool,
    /// Set when the app should lock: the open work is in a draft, and the shell
    /// drops this state for the lock screen.
    pub locked: bool,
    /// Set while the app waits for the open work's draft to be written before it
    /// locks; if the draft fails, it does not lock (the text stays) and says why.
    pub locking: bool,
    /// The moment of the latest key, paste or scroll, for the idle lock.
    pub last_input: Instant,
    /// Set when the app should end.
    pub quit: bool,
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// Text was pasted (bracketed paste).
    Paste(String),
    /// The mouse wheel turned: positive is down.
    Scroll(i16),
    /// Time passed; sent before every other message and at least once a second.
    Tick(Now),
    /// The local date changed (or is first known).
    Today(chrono::NaiveDate),
    /// The entry was saved to the journal.
    Saved(Box<Entry>),
    /// The entry was deleted.
    Deleted(EntryId),
    /// A store operation failed; the message says why, in plain words.
    Failed(String),
    /// The draft of this exercise was written.
    DraftSaved(String),
    /// The draft loaded for resuming.
    DraftLoaded(Box<RunnerDraft>),
    /// A draft of this name is on disk (another window's copy, after this window's
    /// own was removed).
    DraftFound(String),
    /// A report was written to these files.
    ReportWritten(Vec<PathBuf>),
    /// This pack file would replace an installed version; ask first.
    PackNeedsConfirm {
        /// The file.
        path: PathBuf,
        /// What changes, in words.
        changes: String,
    },
    /// A pack was installed: the packs as they are now, and what to tell the user.
    PacksChanged {
        /// Every pack.
        catalog: Box<Catalog>,
        /// What happened.
        message: String,
    },
    /// The editor closed: the new text, or why it failed.
    Edited(Result<String, String>),
    /// Another process changed the journal, so it was loaded again; `refused` says
    /// why a change of the app's was not saved, if one was not.
    Reloaded {
        /// The journal as it is now.
        journal: Box<Journal>,
        /// Why a change was not saved, for the user.
        refused: Option<String>,
    },
    /// The terminal is closing (SIGTERM, SIGHUP): save what is open.
    Terminate,
    /// The user was busy outside the app until this moment (in the editor): the idle
    /// time starts again.
    Active(Now),
}

/// Something for the shell to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append this entry (new or a revision) to the journal.
    Save(Entry),
    /// Delete this entry.
    Delete(EntryId),
    /// Write the draft of the running exercise.
    SaveDraft(RunnerDraft),
    /// Load the draft with this name (see `runner::draft_key`) for resuming.
    LoadDraft(String),
    /// Remove this window's copy of the draft with this name.
    DiscardDraft(String),
    /// Remove the copy of the draft with this name that was offered (the user starts the
    /// exercise afresh instead).
    DiscardOfferedDraft(String),
    /// Open the editor on this text; for an entry's text, in the entry's kept-edit
    /// file, which outlives a failed save or a quit (see `edit_text::kept_file`).
    Edit {
        /// The text to edit.
        text: String,
        /// The entry whose text it is, if any.
        entry: Option<EntryId>,
    },
    /// The edit of this entry is saved or was not needed: remove its kept file.
    ForgetEdit(EntryId),
    /// Write the settings.
    SaveSettings(crate::settings::Settings),
    /// Write these files (name in the reports directory, bytes) of a report.
    WriteReport(Vec<(String, Vec<u8>)>),
    /// Install the pack in this file; `replace` once the user agreed to replace an
    /// installed older version.
    AddPack {
        /// The file.
        path: PathBuf,
        /// Whether replacing an installed version was agreed to.
        replace: bool,
    },
}

impl State {
    /// The state at start: home, or the welcome screen on the first run.
    pub fn new(start: Start) -> Self {
        let Start {
            catalog,
            safety,
            journal,
            data_dir,
            drafts,
            first_run,
            warnings,
            settings,
            encrypted,
            now,
            ids,
            home_dir,
        } = start;
        let status = warnings
            .into_iter()
            .chain(journal.warnings.clone())
            .next()
            .map(|w| Status {
                text: w,
                error: true,
            });
        Self {
            catalog,
            safety,
            journal,
            data_dir,
            screen: if first_run {
                Screen::Welcome
            } else {
                Screen::Home
            },
            overlay: None,
            home: Home::default(),
            home_figures: None,
            area: None,
            runner: None,
            browser: Browser::default(),
            progress: progress::ProgressView::default(),
            settings,
            entry_scroll: 0,
            safety_scroll: 0,
            strategy: 0,
            packs: packs::PacksView::default(),
            report: report::ReportView::default(),
            drafts,
            status,
            now,
            ids,
            home_dir,
            today: now.wall.date_naive(),
            hidden: false,
            encrypted,
            locked: false,
            locking: false,
            last_input: now.instant,
            quit: false,
        }
    }

    /// Locks the app: the open exercise goes to a draft (sealed), and once it is
    /// written the shell drops the state. The screen is blank meanwhile. Only for an
    /// encrypted journal; a plain one has nothing to lock.
    fn lock(&mut self) -> Vec<Effect> {
        self.hidden = true;
        let draft: Vec<Effect> = runner::draft_now(self).into_iter().collect();
        if draft.is_empty() {
            self.locked = true;
            self.wipe();
        } else {
            self.locking = true;
        }
        draft
    }

    /// Overwrites the text the user typed (answers, the search, a path being typed)
    /// with zeros, when the app locks and the state is about to be dropped. What the
    /// journal holds in memory is dropped without being overwritten.
    fn wipe(&mut self) {
        use zeroize::Zeroize;
        if let Some(runner) = &mut self.runner {
            runner
                .inputs
                .iter_mut()
                .for_each(crate::tui::widgets::StepInput::wipe);
        }
        self.browser.search.zeroize();
        if let Some(path) = &mut self.packs.typing {
            path.zeroize();
        }
    }

    /// Shows news at the bottom of the screen.
    pub fn tell(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    /// Shows a problem at the bottom of the screen.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    /// Whether typed letters go into a text field now, so single-letter keys must not
    /// act as shortcuts.
    pub fn captures_text(&self) -> bool {
        match self.screen {
            Screen::Runner => self.runner.as_ref().is_some_and(Runner::captures_text),
            Screen::Journal => self.browser.typing,
            Screen::Packs => self.packs.typing.is_some(),
            _ => false,
        }
    }
}

/// Applies one message to the state; returns what the shell must do.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = apply(state, msg);
    // The browser's results are computed once per change, and only while it is shown.
    if state.browser.results.is_none() && state.screen == Screen::Journal {
        browser::results(state);
    }
    if state.screen == Screen::Progress {
        progress::refresh(state);
    }
    if state.screen == Screen::Report {
        report::refresh(state);
    }
    if state.screen == Screen::Home && state.home_figures.is_none() {
        state.home_figures = Some(home::figures(state));
    }
    effects
}

/// Forgets everything computed from the journal (or from today's date), so it is
/// computed again when next shown.
fn journal_changed(state: &mut State) {
    state.browser.results = None;
    state.progress.figures = None;
    state.home_figures = None;
    state.report.shown = None;
}

fn apply(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            state.now = now;
            let idle = state.settings.auto_lock();
            if state.encrypted
                && !state.locked
                && !state.locking
                && idle.is_some_and(|idle| {
                    now.instant.saturating_duration_since(state.last_input) >= idle
                })
            {
                return state.lock();
            }
            runner::tick(state)
        }
        Msg::Today(day) => {
            state.today = day;
            journal_changed(state);
            Vec::new()
        }
        Msg::Key(key) => {
            state.last_input = state.now.instant;
            key_pressed(state, key)
        }
        Msg::Paste(text) => {
            state.last_input = state.now.instant;
            match state.screen {
                Screen::Runner => runner::paste(state, &text),
                Screen::Journal if state.browser.typing => {
                    state.browser.type_text(&text);
                    Vec::new()
                }
                Screen::Packs => {
                    packs::paste(state, &text);
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        Msg::Scroll(lines) => {
            state.last_input = state.now.instant;
            if !state.hidden {
                wheel(state, lines);
            }
            Vec::new()
        }
        Msg::Saved(entry) => {
            let entry = *entry;
            let mut effects = runner::saved(state, &entry);
            effects.extend(browser::saved(state, &entry.id));
            state.journal.apply(Record::put(entry));
            journal_changed(state);
            effects
        }
        Msg::Deleted(id) => {
            state.journal.apply(Record::delete(id.clone()));
            journal_changed(state);
            state.tell("The entry was deleted.");
            if matches!(state.screen, Screen::Entry(_)) {
                state.screen = Screen::Journal;
            }
            // Its text must not outlive it in a kept edit.
            vec![Effect::ForgetEdit(id)]
        }
        Msg::Failed(message) => {
            if let Some(runner) = &mut state.runner {
                runner.saving = false;
            }
            if std::mem::take(&mut state.locking) {
                // Not locked: the text would be lost. Try again after another idle time.
                state.last_input = state.now.instant;
                state.warn(format!(
                    "The app did not lock, to keep your answers. {message}"
                ));
                return Vec::new();
            }
            state.warn(message);
            Vec::new()
        }
        Msg::Active(now) => {
            state.now = now;
            state.last_input = now.instant;
            Vec::new()
        }
        Msg::DraftSaved(key) => {
            if std::mem::take(&mut state.locking) {
                // The draft is written: the typed text may go.
                state.locked = true;
                state.wipe();
            }
            if !state.drafts.contains(&key) {
                state.drafts.push(key);
            }
            Vec::new()
        }
        Msg::DraftLoaded(draft) => runner::resume(state, *draft),
        Msg::DraftFound(key) => {
            if !state.drafts.contains(&key) {
                state.drafts.push(key);
            }
            Vec::new()
        }
        Msg::ReportWritten(paths) => {
            let shown: Vec<String> = paths
                .iter()
                .map(|p| crate::sanitize::text(&p.display().to_string()).into_owned())
                .collect();
            state.tell(format!(
                "Wrote {}. Read it before you share it.",
                shown.join(" and ")
            ));
            Vec::new()
        }
        Msg::PackNeedsConfirm { path, changes } => {
            packs::confirm_replace(state, path, changes);
            Vec::new()
        }
        Msg::PacksChanged { catalog, message } => {
            state.catalog = *catalog;
            state.area = None;
            journal_changed(state);
            state.tell(message);
            Vec::new()
        }
        Msg::Reloaded { journal, refused } => {
            state.journal = *journal;
            // A new journal: its generation may equal the old one's, so the index goes.
            state.browser.index = None;
            journal_changed(state);
            if let Screen::Entry(id) = &state.screen
                && state.journal.get(id).is_none()
            {
                state.screen = Screen::Journal;
            }
            if let Some(message) = refused {
                state.warn(message);
            }
            Vec::new()
        }
        Msg::Edited(result) => match state.screen {
            Screen::Runner => runner::edited(state, result),
            _ => browser::edited(state, result),
        },
        Msg::Terminate => {
            state.quit = true;
            runner::draft_now(state).into_iter().collect()
        }
    }
}

fn key_pressed(state: &mut State, event: KeyEvent) -> Vec<Effect> {
    // Quick hide, from everywhere: the next key only brings the app back, so a key
    // pressed in a hurry does nothing else.
    if state.hidden {
        state.hidden = false;
        return Vec::new();
    }
    let key = Key::of(&event);
    // Safety, hide and quit work from everywhere, even while typing or in a dialog;
    // `?` and `!` whenever no text is being typed.
    let global = keymap::action(keys::always(), key).or_else(|| {
        (state.overlay.is_none() && !state.captures_text())
            .then(|| keymap::action(keys::when_not_typing(), key))
            .flatten()
    });
    if let Some(action) = global {
        return global_action(state, action);
    }
    if let Some(overlay) = state.overlay.clone() {
        return match keymap::action(keys::overlay_bindings(&overlay), key) {
            Some(action) => overlay::act(state, overlay, action),
            None => Vec::new(),
        };
    }
    match keys::screen_action(state, key) {
        Some(action) => act(state, action),
        // What no table has is typed: into a step's input, the search, a path.
        None => match state.screen {
            Screen::Runner => runner::input(state, event),
            Screen::Journal => browser::typed(state, event),
            Screen::Packs => packs::typed(state, event),
            _ => Vec::new(),
        },
    }
}

/// What the keys that work everywhere do.
fn global_action(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Hide => {
            // An encrypted journal locks: coming back then needs the passphrase.
            if state.encrypted {
                return state.lock();
            }
            state.hidden = true;
        }
        Action::Safety => state.overlay = Some(Overlay::Safety),
        Action::Help => state.overlay = Some(Overlay::Help),
        Action::Quit => return ask_to_quit(state),
        _ => {}
    }
    Vec::new()
}

/// Carries out `action` on the current screen.
fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match state.screen.clone() {
        Screen::Welcome => {
            state.screen = Screen::Home;
            Vec::new()
        }
        Screen::Home => home::act(state, action),
        Screen::Area => area::act(state, action),
        Screen::Runner => runner::act(state, action),
        Screen::Journal => browser::act(state, action),
        Screen::Entry(id) => browser::entry_act(state, &id, action),
        Screen::Progress => progress::act(state, action),
        Screen::Strategies => home::strategies_act(state, action),
        Screen::Packs => packs::act(state, action),
        Screen::Report => report::act(state, action),
        Screen::Prep => {
            if !scroll(&mut state.entry_scroll, action) && action == Action::Back {
                state.screen = Screen::Home;
            }
            Vec::new()
        }
    }
}

/// Moves a scrolled text by an action (a line, a page); false if it is not one of
/// those. The entry view and "since my last session" share it.
pub(super) fn scroll(offset: &mut u16, action: Action) -> bool {
    *offset = match action {
        Action::Down => offset.saturating_add(1),
        Action::Up => offset.saturating_sub(1),
        Action::PageDown => offset.saturating_add(10),
        Action::PageUp => offset.saturating_sub(10),
        _ => return false,
    };
    true
}

/// Quit, asking first when an exercise is open.
fn ask_to_quit(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    if state.runner.as_ref().is_some_and(|r| r.has_answers(now)) {
        state.overlay = Some(Overlay::Confirm(Confirm::Quit));
    } else {
        state.quit = true;
    }
    Vec::new()
}

/// The mouse wheel: a line down or up per notch, on the screens with a list or a text.
fn wheel(state: &mut State, lines: i16) {
    let action = if lines > 0 { Action::Down } else { Action::Up };
    let scrolls = matches!(
        state.screen,
        Screen::Home
            | Screen::Area
            | Screen::Journal
            | Screen::Entry(_)
            | Screen::Strategies
            | Screen::Packs
            | Screen::Report
            | Screen::Prep
    );
    if scrolls && state.overlay.is_none() {
        for _ in 0..lines.unsigned_abs().min(10) {
            act(state, action);
        }
    }
}

/// The mouse events the app uses, as messages.
pub fn mouse_msg(kind: MouseEventKind) -> Option<Msg> {
    match kind {
        MouseEventKind::ScrollDown => Some(Msg::Scroll(1)),
        MouseEventKind::ScrollUp => Some(Msg::Scroll(-1)),
        _ => None,
    }
}
