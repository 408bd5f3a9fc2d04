//! The errors a command can end with. `main` alone turns them into a message and an
//! exit code; see [`Error::exit_code`] for the documented codes.

use std::path::PathBuf;

use crate::data_dir::NoDataDir;
use crate::editor::EditorError;
use crate::journal::StoreError;
use crate::journal::export::ImportError;
use crate::journal::query::LookupError;
use crate::pack::{FindError, LoadError};
use crate::vault::UnlockError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A pack could not be loaded.
    #[error(transparent)]
    Pack(#[from] LoadError),
    /// `pack check` found problems; they have been printed already.
    #[error("{}", packs_invalid(*bad, *total))]
    PacksInvalid {
        /// Files with problems.
        bad: usize,
        /// Files checked.
        total: usize,
    },
    /// `settings check` found problems; they have been printed already.
    #[error(
        "{}: {}; each is said above",
        crate::sanitize::text(&.file.display().to_string()),
        crate::words::count(*.problems, "problem", "problems")
    )]
    SettingsInvalid {
        /// The settings file.
        file: std::path::PathBuf,
        /// How many problems it has.
        problems: usize,
    },
    /// A received report could not be read.
    #[error(transparent)]
    Report(#[from] crate::report::OpenError),
    /// A pack could not be installed.
    #[error(transparent)]
    Install(#[from] crate::pack::install::InstallError),
    /// The kept rounds of homework could not be read or written.
    #[error(transparent)]
    Rounds(#[from] crate::journal::rounds::RoundsError),
    /// An exercise reference named no exercise, or several.
    #[error(transparent)]
    Find(#[from] FindError),
    /// There is nowhere to keep data.
    #[error(transparent)]
    NoDataDir(#[from] NoDataDir),
    /// `sync.json` could not be read.
    #[error(transparent)]
    SyncConfig(#[from] crate::journal::sync::config::ConfigError),
    /// A synced journal could not be started or joined.
    #[error(transparent)]
    SyncSetup(#[from] crate::journal::sync::setup::SetupError),
    /// The journal store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `sync now` could not commit, pull or push with git.
    #[error(transparent)]
    GitSync(#[from] crate::git_sync::GitSyncError),
    /// An id prefix named no entry, or several.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// An import file is not a journal export.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The editor failed.
    #[error(transparent)]
    Editor(#[from] EditorError),
    /// The command line asks for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// `journal verify` found damaged lines; they have been printed already.
    #[error("the journal has {count} damaged line(s); nothing was changed")]
    JournalDamaged {
        /// How many problems.
        count: usize,
    },
    /// An edited text could not be read back; the user's text is kept in a file.
    #[error("{message}; nothing was saved, and your edited text is kept in {}", crate::sanitize::text(&.path.display().to_string()))]
    EditKept {
        /// What was wrong.
        message: String,
        /// Where the text is kept.
        path: PathBuf,
    },
    /// No passphrase could be had.
    #[error(transparent)]
    Passphrase(#[from] crate::vault::passphrase::PassphraseError),
    /// The passphrase did not open the journal, or its header is unusable.
    #[error(transparent)]
    Unlock(#[from] crate::vault::UnlockError),
    /// Writing the command's output failed (a closed pipe is not reported).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// The terminal could not be set up, drawn on or read (the full-screen app).
    #[error("cannot use the terminal: {0}")]
    Terminal(std::io::Error),
    /// What a command was asked to do changed under it (another `between` saved
    /// meanwhile), so it did nothing.
    #[error("{0}")]
    Changed(String),
    /// An edit stopped before the editor opened: nothing was typed or changed.
    #[error("{0}; the editor was not opened and nothing was changed")]
    EditNotStarted(String),
    /// A reminder's timer could not be installed, removed or looked at.
    #[error(transparent)]
    Remind(#[from] crate::remind::install::InstallError),
    /// Reading standard input failed, or what it held is not UTF-8 text.
    #[error("cannot read {what} from standard input: {}; nothing was changed", input_problem(.source))]
    Input {
        /// What was being read ("the entry's text").
        what: &'static str,
        /// Why not.
        source: std::io::Error,
    },
}

fn input_problem(source: &std::io::Error) -> String {
    if source.kind() == std::io::ErrorKind::InvalidData {
        "it is not UTF-8 text (save it as UTF-8, which most editors offer, and try again)".into()
    } else {
        source.to_string()
    }
}

/// Exit code: everything worked.
pub const EXIT_OK: u8 = 0;
/// Exit code: something failed while running.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the command line was wrong, or named something that does not exist.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: a data file (a pack, the journal) is invalid.
pub const EXIT_DATA: u8 = 65;

impl Error {
    /// The process exit code for this error, as documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Store(StoreError::ReadOnly { .. } | StoreError::BadHeader(_))
            | Error::Unlock(UnlockError::BadHeader(_))
            | Error::SyncConfig(crate::journal::sync::config::ConfigError::Malformed { .. }) => {
                EXIT_DATA
            }
            Error::Unlock(UnlockError::WrongPassphrase) | Error::Passphrase(_) => EXIT_USAGE,
            Error::Pack(LoadError::Unreadable { .. })
            | Error::NoDataDir(_)
            | Error::SyncConfig(_)
            | Error::SyncSetup(_)
            | Error::Output(_)
            | Error::Terminal(_)
            | Error::Report(crate::report::OpenError::Unreadable { .. })
            | Error::Editor(_)
            | Error::Changed(_)
            | Error::EditNotStarted(_)
            | Error::Rounds(crate::journal::rounds::RoundsError::Io { .. })
            | Error::GitSync(_)
            | Error::Store(_) => EXIT_FAILURE,
            Error::Remind(crate::remind::install::InstallError::Unsupported { .. }) => EXIT_USAGE,
            Error::Remind(_) => EXIT_FAILURE,
            Error::Pack(_)
            | Error::PacksInvalid { .. }
            | Error::SettingsInvalid { .. }
            | Error::Import(_)
            | Error::Install(_)
            | Error::Rounds(_)
            | Error::Report(crate::report::OpenError::NotAReport { .. })
            | Error::JournalDamaged { .. }
            | Error::EditKept { .. } => EXIT_DATA,
            Error::Input { source, .. } if source.kind() == std::io::ErrorKind::InvalidData => {
                EXIT_DATA
            }
            Error::Input { .. } => EXIT_FAILURE,
            Error::Find(_) | Error::Lookup(_) | Error::Usage(_) => EXIT_USAGE,
        }
    }

    /// Whether the error is only that the reader of our output went away (`| head`),
    /// which is not a failure.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// "1 of 1 pack file has problems", "2 of 3 pack files have problems".
fn packs_invalid(bad: usize, total: usize) -> String {
    let files = if total == 1 {
        "pack file"
    } else {
        "pack files"
    };
    let have = if bad == 1 { "has" } else { "have" };
    format!("{bad} of {total} {files} {have} problems")
}
