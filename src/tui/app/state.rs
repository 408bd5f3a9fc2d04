//! What the app knows: the screen and the window over it, the views of each screen,
//! the journal and catalog as loaded, and the moment of the latest message.

use std::path::PathBuf;
use std::time::Instant;

use super::derived::{Basis, Derived};
use super::{AreaView, Browser, Effect, Home, Runner, packs, progress, report, runner};
use crate::journal::mint::IdMint;
use crate::journal::{EntryId, Journal};
use crate::pack::Catalog;
use crate::safety::Safety;
use crate::tui::clock::Now;

/// Where the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The first-run welcome.
    Welcome,
    /// The seven areas, recent entries, entries to discuss.
    Home,
    /// One area and its exercises, with the selection and scroll of that area.
    Area(AreaView),
    /// An exercise in progress.
    Runner,
    /// The journal browser.
    Journal,
    /// One journal entry in full, scrolled by `scroll` lines.
    Entry {
        /// The entry.
        id: EntryId,
        /// How far its text is scrolled.
        scroll: u16,
        /// Whether it was opened from the journal's search, whose matches it marks.
        from_search: bool,
    },
    /// Progress: measures over time, practice days, areas, before and after.
    Progress,
    /// What happened since the last session, to bring to the next one.
    Prep {
        /// How far the text is scrolled.
        scroll: u16,
    },
    /// A look back over a year: `back` 0 is the twelve months up to today, 1 this
    /// calendar year, 2 the one before, and so on.
    LookBack {
        /// Which year.
        back: u16,
        /// How far the text is scrolled.
        scroll: u16,
    },
    /// Every strategy, what worked best first.
    Strategies {
        /// The selected strategy.
        cursor: usize,
    },
    /// One strategy's page: every version of its plan, with its tries and reviews.
    Strategy {
        /// The strategy's current plan.
        plan: EntryId,
        /// How far the page is scrolled.
        scroll: u16,
    },
    /// Every therapy session, the latest first.
    Sessions {
        /// How far the list is scrolled.
        scroll: u16,
    },
    /// A whole year's practice days, a month a row.
    YearCalendar {
        /// The year shown.
        year: i32,
    },
    /// Built-in and installed packs; add one from a file.
    Packs,
    /// Find an exercise by its words.
    Find(super::find::FindView),
    /// What a homework report will hold, before it is written.
    Report,
}

impl Screen {
    /// One entry in full, from its top.
    pub fn entry(id: EntryId) -> Self {
        Screen::Entry {
            id,
            scroll: 0,
            from_search: false,
        }
    }

    /// One entry in full, from its top, opened from the journal's search.
    pub fn found_entry(id: EntryId) -> Self {
        Screen::Entry {
            id,
            scroll: 0,
            from_search: true,
        }
    }
}

/// A window over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key of the current screen.
    Help,
    /// The safety text and crisis resources.
    Safety,
    /// An exercise's steps and time, before it is started (as `between show`).
    Preview {
        /// The pack's id.
        pack: String,
        /// The exercise's id.
        exercise: String,
    },
    /// A text in full, e.g. a therapist's note folded on home.
    Read {
        /// What it is.
        title: String,
        /// The text.
        text: String,
    },
    /// A question that needs an answer before anything else happens.
    Confirm(Confirm),
    /// After a session is recorded: which of the entries flagged to discuss were
    /// talked about, to take their flag off.
    Discussed {
        /// The session just recorded, which keeps the ticked ones as discussed.
        session: EntryId,
        /// The entries flagged to discuss, newest first.
        entries: Vec<EntryId>,
        /// Which of them are ticked.
        ticked: Vec<bool>,
        /// The selected row.
        cursor: usize,
    },
    /// Choose a month, season or year to show the journal or progress of.
    PickPeriod {
        /// The period shown, which Enter applies.
        period: crate::journal::period::Period,
        /// For the progress view (else the journal).
        progress: bool,
    },
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
    /// The edit of this entry is saved: erase its old text now?
    EraseOld(EntryId),
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
    /// Which round each installed pack's homework is in, by pack id (see
    /// `journal::rounds::current_numbers`).
    pub rounds: crate::journal::rounds::RoundNumbers,
    /// The safety text.
    pub safety: Safety,
    /// The journal.
    pub journal: Journal,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The file entries are saved to: `journal.jsonl` in the data directory, or this
    /// device's log in the synced folder.
    pub journal_file: PathBuf,
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
    /// Which round each installed pack's homework is in, by pack id.
    pub rounds: crate::journal::rounds::RoundNumbers,
    /// The safety text and crisis resources.
    pub safety: Safety,
    /// The journal as loaded, kept current as entries are saved.
    pub journal: Journal,
    /// The data directory, shown on the welcome screen.
    pub data_dir: PathBuf,
    /// The file entries are saved to, shown after saving.
    pub journal_file: PathBuf,
    /// The current screen.
    pub screen: Screen,
    /// A window over the screen, if one is open.
    pub overlay: Option<Overlay>,
    /// Home's selection.
    pub home: Home,
    /// What the screens show from the journal, computed once per change.
    pub derived: Derived,
    /// Which journal and catalog the state holds: counts up when either is replaced,
    /// so what was derived from the old ones is computed again.
    pub data: u64,
    /// The exercise in progress, if any.
    pub runner: Option<Runner>,
    /// The journal browser.
    pub browser: Browser,
    /// The progress view.
    pub progress: progress::ProgressView,
    /// The user's settings.
    pub settings: crate::settings::Settings,
    /// The keys of one's own the settings give, as checked against the key tables.
    pub own_keys: crate::tui::own_keys::OwnKeys,
    /// Scroll offset of the safety screen.
    pub safety_scroll: u16,
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
    /// The moment of the latest click on the screen (no window open), so that a
    /// window it opened ignores the rest of a double click.
    pub screen_click: Option<Instant>,
    /// Set when the app should end.
    pub quit: bool,
}

impl State {
    /// The state at start: home, or the welcome screen on the first run.
    pub fn new(start: Start) -> Self {
        let Start {
            catalog,
            rounds,
            safety,
            journal,
            data_dir,
            journal_file,
            drafts,
            first_run,
            warnings,
            settings,
            encrypted,
            now,
            ids,
            home_dir,
        } = start;
        // Keys of one's own that cannot be used are said as the settings file's other
        // problems are, and their actions keep their keys.
        let (own_keys, problems) = super::keys::own_keys(&settings.keys);
        let settings_file = data_dir.join(crate::settings::FILE_NAME);
        let key_warnings = problems
            .iter()
            .map(|problem| crate::settings::warning(problem, &settings_file));
        let status = super::notices(
            warnings
                .into_iter()
                .chain(key_warnings)
                .chain(journal.warnings.clone())
                .collect(),
            None,
        )
        .map(|text| Status { text, error: true });
        Self {
            catalog,
            rounds,
            safety,
            journal,
            data_dir,
            journal_file,
            screen: if first_run {
                Screen::Welcome
            } else {
                Screen::Home
            },
            overlay: None,
            home: Home::default(),
            derived: Derived::default(),
            data: 0,
            runner: None,
            browser: Browser::default(),
            progress: progress::ProgressView::default(),
            settings,
            own_keys,
            safety_scroll: 0,
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
            screen_click: None,
            quit: false,
        }
    }

    /// Locks the app: the open exercise goes to a draft (sealed), and once it is
    /// written the shell drops the state. The screen is blank meanwhile. Only for an
    /// encrypted journal; a plain one has nothing to lock.
    pub(super) fn lock(&mut self) -> Vec<Effect> {
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

    /// Overwrites the text the user typed (answers, the search, a path being typed,
    /// the notes for reports and the report shown) with zeros, when the app locks and the state is about to be dropped. What the
    /// journal holds in memory is dropped without being overwritten.
    pub(super) fn wipe(&mut self) {
        use zeroize::Zeroize;
        if let Some(runner) = &mut self.runner {
            runner
                .inputs
                .iter_mut()
                .for_each(crate::tui::widgets::StepInput::wipe);
            // A form's starting answers: the note to the therapist, written before.
            for value in runner.defaults.iter_mut().flatten() {
                if let crate::journal::AnswerValue::Text { text } = value {
                    text.zeroize();
                }
            }
        }
        self.report.wipe();
        self.browser.search.zeroize();
        if let Some(path) = &mut self.packs.typing {
            path.zeroize();
        }
    }

    /// What the derived values are computed from, now.
    pub fn basis(&self) -> Basis {
        Basis {
            data: self.data,
            generation: self.journal.generation(),
            today: self.today,
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

    /// Whether the app wants the terminal to report the mouse to it now: not while a
    /// text is open to read (safety, help, an exercise's steps, a note in full), so
    /// that the terminal's own selection can copy from it, a hotline's number say.
    /// The shell turns capture off and on to match, after each message.
    pub fn mouse_captured(&self) -> bool {
        !matches!(
            self.overlay,
            Some(Overlay::Safety | Overlay::Help | Overlay::Preview { .. } | Overlay::Read { .. })
        )
    }

    /// Whether typed letters go into a text field now, so single-letter keys must not
    /// act as shortcuts.
    pub fn captures_text(&self) -> bool {
        match self.screen {
            Screen::Runner => self.runner.as_ref().is_some_and(Runner::captures_text),
            Screen::Journal => self.browser.typing,
            Screen::Packs => self.packs.typing.is_some(),
            Screen::Find(_) => true,
            _ => false,
        }
    }
}
