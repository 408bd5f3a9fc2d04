//! The messages `update` takes and the effects it asks the shell to carry out.

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::RunnerDraft;
use crate::journal::record::Tombstone;
use crate::journal::{Entry, EntryId, Journal};
use crate::pack::Catalog;
use crate::tui::clock::Now;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// Text was pasted (bracketed paste).
    Paste(String),
    /// The mouse wheel turned: positive is down.
    Scroll(i16),
    /// The scrolled text of the screen (an entry, the session summary, the report) is
    /// this many rows taller than its pane, as the last frame drew it: scrolling
    /// stops there.
    Overflow(u16),
    /// The left mouse button went down on this, as the last frame drew it.
    Click(super::Target),
    /// Time passed; sent before every other message and at least once a second.
    Tick(Now),
    /// The local date changed (or is first known).
    Today(chrono::NaiveDate),
    /// The entry was saved to the journal.
    Saved(Box<Entry>),
    /// The entry was deleted, by this deletion as written (the app keeps it, not one
    /// made again at another moment, which no log would hold).
    Deleted(Box<Tombstone>),
    /// The entry was deleted and its text erased from the data directory.
    Erased(EntryId),
    /// The old text of this entry was erased from the data directory.
    ErasedOld(EntryId),
    /// A store operation failed; the message says why, in plain words.
    Failed(String),
    /// The draft of this exercise was written.
    DraftSaved(String),
    /// The draft loaded for resuming.
    DraftLoaded(Box<RunnerDraft>),
    /// The draft of a note for a report, read to put the note back into its report.
    ReportNoteLoaded(Box<RunnerDraft>),
    /// A draft of this name is on disk (another window's copy, after this window's
    /// own was removed).
    DraftFound(String),
    /// The report on pack `pack`'s homework was written to these files.
    ReportWritten {
        /// The pack whose report it is.
        pack: String,
        /// The files written.
        paths: Vec<PathBuf>,
    },
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
        /// Which round each installed pack's homework is in.
        rounds: crate::journal::rounds::RoundNumbers,
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
    /// Open this exercise or form (its draft is offered first, as from a list): what
    /// the linear front end asks for by name.
    Start(super::source::Source),
    /// This action, chosen by a word rather than a key (the linear front end): it
    /// goes where a key bound to it would go, whatever keys the user set.
    Act(crate::tui::keymap::Action),
    /// The current step's answer, given whole (parsed from a line by the linear front
    /// end), or none; the draft is written at once.
    Answer(Option<crate::journal::AnswerValue>),
    /// A key for the current step's own input, past every key table (a break's
    /// start, pause, end and skip, as the linear front end asks for them).
    StepKey(KeyEvent),
}

/// Something for the shell to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Ring the terminal's bell (a break's time is up).
    Bell,
    /// Append this entry (new or a revision) to the journal.
    Save(Entry),
    /// Delete this entry.
    Delete(EntryId),
    /// Append this tombstone: the deletion of an entry of a synced journal, made over
    /// every version of it the app shows (`Journal::deletion_over_shown`).
    DeleteOver(Box<Tombstone>),
    /// Delete this entry and erase its text from every file of the data directory now
    /// (the journal is rewritten without it; see `JournalWriter::delete_erasing`).
    Erase(EntryId),
    /// Erase the old revisions of this entry (and of every other) from the data
    /// directory now, keeping the newest (see `JournalWriter::erase_old_revisions`).
    EraseOld(EntryId),
    /// Write the draft of the running exercise.
    SaveDraft(RunnerDraft),
    /// Load the draft with this name (see `runner::draft_key`) for resuming.
    LoadDraft(String),
    /// Load the draft of a note for a report with this name, to put the note back
    /// into its report (not to go on with it in the runner).
    LoadReportNote(String),
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
    /// Write the files (name in the reports directory, bytes) of the report on pack
    /// `pack`'s homework.
    WriteReport {
        /// The pack whose report it is.
        pack: String,
        /// Each file's name and bytes.
        files: Vec<(String, Vec<u8>)>,
    },
    /// Install the pack in this file; `replace` once the user agreed to replace an
    /// installed older version.
    AddPack {
        /// The file.
        path: PathBuf,
        /// Whether replacing an installed version was agreed to.
        replace: bool,
    },
}
