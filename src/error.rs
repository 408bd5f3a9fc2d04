//! The errors a command can end with. `main` alone turns them into a message and an
//! exit code; see [`Error::exit_code`] for the documented codes.

use crate::data_dir::NoDataDir;
use crate::pack::{FindError, LoadError};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A pack could not be loaded.
    #[error(transparent)]
    Pack(#[from] LoadError),
    /// `pack check` found problems; they have been printed already.
    #[error("{bad} of {total} pack file(s) have problems")]
    PacksInvalid {
        /// Files with problems.
        bad: usize,
        /// Files checked.
        total: usize,
    },
    /// An exercise reference named no exercise, or several.
    #[error(transparent)]
    Find(#[from] FindError),
    /// There is nowhere to keep data.
    #[error(transparent)]
    NoDataDir(#[from] NoDataDir),
    /// Writing the command's output failed (a closed pipe is not reported).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
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
            Error::Pack(LoadError::Unreadable { .. }) | Error::NoDataDir(_) | Error::Output(_) => {
                EXIT_FAILURE
            }
            Error::Pack(_) | Error::PacksInvalid { .. } => EXIT_DATA,
            Error::Find(_) => EXIT_USAGE,
        }
    }

    /// Whether the error is only that the reader of our output went away (`| head`),
    /// which is not a failure.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
