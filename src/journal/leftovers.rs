//! What a stopped run leaves behind (killed, or its terminal closed), dealt with at
//! the next start, so that no plain copy of journal text outlives the run that made
//! it beside a journal that is encrypted.
//!
//! - At the start of every command and of the app, without a key: the new file of
//!   a stopped rewrite (`journal.jsonl.compact`, plain while `decrypt` writes it) and
//!   a stopped snapshot's temporary file are removed; the twins of a stopped
//!   `encrypt` or `decrypt` are put in place or removed, by the form the journal
//!   has (see [`files::Conversion`]).
//! - At each unlock, with the key: the editor's plain copies left by an edit that
//!   was stopped while the editor was open are sealed into `drafts/` and removed
//!   (see [`crate::journal::left_open`]), and files left plain are sealed.

use std::io;

use super::sealed_files as files;
use crate::data_dir::DataDir;
use crate::journal::Store;
use crate::journal::left_open;
use crate::journal::log::Form;
use crate::journal::store::rewrite_temp;
use crate::sanitize;
use crate::secure_fs;
use crate::vault::Vault;

/// Deals with what a stopped run left, needing no key; returns what the user should
/// be told. Does nothing while another between holds the journal's lock (a rewrite
/// or a conversion may be under way), and creates nothing in a data directory that
/// holds nothing of the kind.
pub fn at_start(dir: &DataDir) -> Vec<String> {
    let temps = [rewrite_temp(dir), secure_fs::temp_path(&dir.snapshot())];
    if !temps.iter().any(|path| path.exists()) && !files::has_twins(dir) {
        return Vec::new();
    }
    let Ok(_lock) = Store::new(dir.clone()).try_lock_now() else {
        return Vec::new();
    };
    // Read under the lock: no switch can be half done now.
    let form = Store::new(dir.clone()).form().ok();
    let mut told = Vec::new();
    for temp in &temps {
        match std::fs::remove_file(temp) {
            Ok(()) if temp == &temps[0] => told.push(
                "a rewrite of the journal (compact, encrypt, decrypt or passwd) was stopped \
                 before it finished; the journal is as it was before it, and its unfinished \
                 copy was removed"
                    .to_owned(),
            ),
            Err(e) if e.kind() != io::ErrorKind::NotFound => told.push(format!(
                "warning: cannot remove {}: {e}",
                sanitize::text(&temp.display().to_string())
            )),
            _ => {}
        }
    }
    let sealed = match &form {
        Some(Form::Plain) => Some(false),
        Some(Form::Encrypted(_)) => Some(true),
        // Which way a stopped switch went cannot be told: leave its twins alone.
        _ => None,
    };
    if let Some(sealed) = sealed {
        match files::settle_twins(dir, sealed) {
            Ok((0, 0)) => {}
            Ok((placed, removed)) => told.push(if placed > 0 {
                format!(
                    "`between {}` was stopped after the journal was switched; it is finished now \
                     ({} put in place)",
                    if sealed { "encrypt" } else { "decrypt" },
                    crate::words::count(placed, "file", "files")
                )
            } else {
                format!(
                    "`between {}` was stopped before the journal was switched; the journal is as \
                     it was, and unfinished files were removed ({})",
                    if sealed { "decrypt" } else { "encrypt" },
                    crate::words::count(removed, "file", "files")
                )
            }),
            Err(e) => told.push(format!(
                "warning: a stopped encrypt or decrypt could not be finished: {e}"
            )),
        }
    }
    told
}

/// Deals with what a stopped run left that needs the key: seals the editor's plain
/// copies of stopped edits into `drafts/`, and the files left plain (by an older
/// between, or copied in by hand). Returns what the user should be told.
pub fn at_unlock(dir: &DataDir, vault: &Vault) -> Vec<String> {
    let mut told = left_open::adopt_leftovers(dir, Some(vault));
    if let Err(e) = files::seal_leftovers(dir, vault) {
        told.push(format!(
            "some files in {} could not be sealed: {e}",
            sanitize::text(&dir.root().display().to_string())
        ));
    }
    told
}
