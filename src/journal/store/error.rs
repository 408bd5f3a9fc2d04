//! Why the store could not do what was asked, and the words for it.

use super::*;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file operation failed.
    #[error("cannot {action} {}: {source}", shown(path))]
    Io {
        /// What was being done, e.g. "read the journal".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The disk (or the user's quota) is full.
    #[error(
        "the disk is full, so the entry was not saved; the journal is unchanged. Free some space and save again ({})",
        shown(path)
    )]
    DiskFull {
        /// The file that could not grow.
        path: PathBuf,
    },
    /// Another process holds the write lock.
    #[error(
        "another between is saving to the journal right now (it holds {}); try again in a moment",
        shown(path)
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The journal must not be written.
    #[error("the journal is read-only: {reason}")]
    ReadOnly {
        /// Why.
        reason: String,
    },
    /// Compaction wrote a file that did not read back the same.
    #[error(
        "compaction was stopped: the new file did not read back the same; the journal is unchanged"
    )]
    CompactionMismatch,
    /// The synced folder's key file is missing or damaged.
    #[error(transparent)]
    SharedKey(#[from] crate::journal::sync::vault_file::VaultFileError),
    /// A log of an encrypted synced journal that does not belong where it is: plain, or
    /// sealed for another device's folder.
    #[error("{0}")]
    Misplaced(String),
    /// The journal is encrypted and no key was given.
    #[error("the journal is encrypted; its passphrase is needed to read or write it")]
    Encrypted,
    /// The key given belongs to another journal.
    #[error(
        "the journal was encrypted anew since its passphrase was asked; nothing was changed. Start again"
    )]
    OtherKey,
    /// The encryption header is damaged, so nothing can be opened.
    #[error(
        "the journal's encryption header (line 1) is damaged ({0}); nothing was changed. Restore journal.jsonl from a backup"
    )]
    BadHeader(String),
    /// The journal would grow past the process's file-size limit (`ulimit -f`).
    #[error(
        "the journal cannot grow past the file-size limit set for this process (`ulimit -f`), so the entry was not saved; the journal is unchanged. Raise the limit and save again ({})",
        shown(path)
    )]
    SizeLimit {
        /// The file that could not grow.
        path: PathBuf,
    },
    /// The entry asked for is not in the journal (deleted meanwhile, say).
    #[error("entry {0} is not in the journal (it was deleted meanwhile?); nothing was erased")]
    NoEntry(String),
    /// A rewrite of the whole journal (compaction, `encrypt`, `decrypt`, `passwd`)
    /// found no room for its new file; the journal is unchanged.
    #[error(
        "the journal could not be {done}: {} while writing its new copy ({}); the journal is unchanged and the unfinished copy was removed. {}",
        if *size_limit { "the copy would pass the file-size limit set for this process (`ulimit -f`)" } else { "the disk is full" },
        shown(path),
        if *size_limit { "Raise the limit and try again" } else { "Free some space and try again" }
    )]
    RewriteNoRoom {
        /// What the rewrite was for: "compacted", "encrypted", "decrypted",
        /// "rewritten to erase the entry"…
        done: &'static str,
        /// The new file.
        path: PathBuf,
        /// Whether a file-size limit, rather than the disk, was reached.
        size_limit: bool,
    },
}

pub(super) fn shown(path: &Path) -> String {
    sanitize::text(&path.display().to_string()).into_owned()
}

pub(super) fn io_error(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

pub(super) fn is_disk_full(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EFBIG)
    )
}

/// Whether `error` says a file-size limit (`ulimit -f`) was reached, rather than the
/// disk's end.
pub(super) fn is_size_limit(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::EFBIG)
}
