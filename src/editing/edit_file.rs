//! Editing text in the user's editor, for the app and the command line alike, without
//! losing it: an entry's edit is kept in `drafts/edit-<id>.txt` until it is saved (a
//! failed save, a quit or a crash leaves it there, and the next edit goes on with it;
//! the journal keeps those files, in [`crate::journal::kept_edits`]).
//!
//! With a plain journal the editor works on that file itself. With an encrypted one
//! the kept file is sealed, and the editor works on a plain copy in a private folder
//! in memory-backed storage (see [`super::plain_copy`]), removed as soon as the
//! editor has closed, and sealed into `drafts/` at the next unlock if a run is
//! stopped while the editor is open: an editor can only edit plain text.

use std::io;
use std::path::{Path, PathBuf};

use super::plain_copy::PlainCopy;
use crate::data_dir::DataDir;
use crate::journal::entry::EntryId;
use crate::journal::kept_edits::kept_file;
use crate::journal::sealed_files::{self as files, ReadError};
use crate::secure_fs;
use crate::vault::Vault;

/// The text the editor left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The text.
    pub text: String,
    /// Whether the edit went on from a kept earlier edit.
    pub resumed: bool,
}

/// Why an edit did not come back; the text is kept in `kept`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct EditFailed {
    /// What went wrong.
    pub message: String,
    /// Where the text is (plain, or sealed for an encrypted journal).
    pub kept: Option<PathBuf>,
}

fn failed(message: impl ToString, kept: Option<&Path>) -> EditFailed {
    EditFailed {
        message: message.to_string(),
        kept: kept.map(Path::to_path_buf),
    }
}

/// Opens the editor on `text`, or for an entry (`entry`) on its kept edit when one
/// is there, and returns what the user left. An entry's edit stays kept until the
/// caller removes it with [`kept_edits::forget`](crate::journal::kept_edits::forget)
/// once it is saved. When the editor fails, what it left is kept in `drafts/`
/// (sealed, when the journal is encrypted) before anything else, and the error says
/// where. `editor` is the command line of the user's editor
/// ([`crate::environment::Environment::editor_command`]).
pub fn edit(
    dir: &DataDir,
    vault: Option<&Vault>,
    text: &str,
    entry: Option<&EntryId>,
    editor: &str,
) -> Result<Edited, EditFailed> {
    let mut stopped = None;
    let result = edit_keeping(dir, vault, text, entry, editor, &mut stopped);
    if let Some(signal) = stopped {
        // What the editor left is kept; now the request to stop takes its course.
        crate::editor::resume_stop(signal);
    }
    result
}

fn edit_keeping(
    dir: &DataDir,
    vault: Option<&Vault>,
    text: &str,
    entry: Option<&EntryId>,
    editor: &str,
    stopped: &mut Option<i32>,
) -> Result<Edited, EditFailed> {
    let kept = entry.map(|id| kept_file(dir, id));
    let earlier = match &kept {
        Some(path) => match files::read(dir, path, vault) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => None,
            // A link (or a pipe) in its place is not an edit of ours: refused, untouched.
            Err(ReadError::Io(e)) if secure_fs::refusal(&e).is_some() => {
                return Err(failed(format!("{}: {e}", shown(path)), None));
            }
            Err(e) => return Err(failed(e, Some(path))),
        },
        None => None,
    };
    let resumed = earlier.is_some();
    let start = earlier.as_deref().unwrap_or(text);
    secure_fs::private_dir(&dir.drafts())
        .map_err(|e| failed(format!("{}: {e}", shown(&dir.drafts())), None))?;
    // Where the text is kept if the editor fails: an entry's kept edit, or for a
    // step's text a file of this run's.
    let keep_at = kept.clone().unwrap_or_else(|| {
        dir.drafts()
            .join(format!("editing-{}.txt", std::process::id()))
    });
    let Some(vault) = vault else {
        return edit_plain(kept.as_deref(), &keep_at, start, resumed, editor, stopped);
    };
    let copy = PlainCopy::create(dir, &keep_at, start.as_bytes())
        .map_err(|e| failed(format!("no private place for the editor ({e})"), None))?;
    let edited = run_editor(copy.text_path(), editor, stopped);
    let edited = match edited {
        Ok(text) => text,
        Err(message) => {
            // The editor's file may be the only copy of what was typed: sealed into
            // drafts/ first, and only then is its folder removed.
            let bytes = match std::fs::read(copy.text_path()) {
                Ok(bytes) => zeroize::Zeroizing::new(bytes),
                Err(_) => {
                    copy.remove();
                    return Err(failed(message, kept.as_deref().filter(|p| p.exists())));
                }
            };
            return match files::write(dir, &keep_at, &bytes, Some(vault)) {
                Ok(()) => {
                    copy.remove();
                    Err(failed(message, Some(&keep_at)))
                }
                Err(e) => {
                    let left = copy.keep();
                    Err(failed(
                        format!("{message}, and it could not be kept sealed ({e})"),
                        Some(&left),
                    ))
                }
            };
        }
    };
    if let Some(path) = &kept
        && let Err(e) = files::write(dir, path, edited.as_bytes(), Some(vault))
    {
        // The editor's file is the only copy: it stays, and the message says where.
        let left = copy.keep();
        return Err(failed(
            format!("the edit could not be kept sealed ({e})"),
            Some(&left),
        ));
    }
    copy.remove();
    Ok(Edited {
        text: edited,
        resumed,
    })
}

/// Runs the editor on `path` and reads back what it left. A request to stop that
/// came meanwhile is remembered in `stopped`, to take its course once what the
/// editor left is kept.
fn run_editor(path: &Path, editor: &str, stopped: &mut Option<i32>) -> Result<String, String> {
    crate::editor::edit(path, editor)
        .map_err(|e| {
            if let crate::editor::EditorError::Stopped { signal } = e {
                *stopped = Some(signal);
            }
            e.to_string()
        })
        .and_then(|()| {
            secure_fs::read_capped(path, files::TEXT_FILE)
                .map_err(|e| format!("the edited text could not be read ({e})"))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| {
                        "the edited text could not be read (it is not UTF-8 text)".to_owned()
                    })
                })
        })
}

/// The edit of a plain journal: the editor works on the kept file itself (for a
/// step's text, on a file of this run's in `drafts/`), which stays if it fails.
fn edit_plain(
    kept: Option<&Path>,
    work: &Path,
    start: &str,
    resumed: bool,
    editor: &str,
    stopped: &mut Option<i32>,
) -> Result<Edited, EditFailed> {
    if resumed {
        // The editor will write this file in place: it must be a file of ours alone.
        secure_fs::open_regular(work)
            .and_then(|file| secure_fs::check_single_name(&file))
            .map_err(|e| failed(format!("{}: {e}", shown(work)), None))?;
    } else {
        secure_fs::write_atomic(work, start.as_bytes()).map_err(|e| {
            failed(
                format!("the text could not be written for the editor ({e})"),
                None,
            )
        })?;
    }
    let edited =
        run_editor(work, editor, stopped).map_err(|message| failed(message, Some(work)))?;
    if kept.is_none() {
        // A step's text now lives in the exercise, which has its own drafts.
        let _ = std::fs::remove_file(work);
    }
    Ok(Edited {
        text: edited,
        resumed,
    })
}

fn shown(path: &Path) -> String {
    crate::sanitize::text(&path.display().to_string()).into_owned()
}
