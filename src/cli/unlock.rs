//! The journal as commands reach it: asks for the passphrase of an encrypted journal,
//! once per command, and prints the journal's warnings.

use std::mem::ManuallyDrop;
use std::sync::{Mutex, OnceLock};

use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::log::Form;
use crate::journal::store::JournalWriter;
use crate::journal::{Journal, Store};
use crate::vault::passphrase::{self, Source};
use crate::vault::{Header, Vault};

/// Where this command takes passphrases from; set once by `dispatch`.
static SOURCE: OnceLock<Source> = OnceLock::new();
/// The key once unlocked, so a command that reads and then writes asks only once.
static KEY: Mutex<Option<Vault>> = Mutex::new(None);

/// Sets where passphrases come from (the terminal unless `--passphrase-fd` was given).
pub fn set_source(source: Source) {
    let _ = SOURCE.set(source);
}

/// Where passphrases come from.
pub fn source() -> Source {
    SOURCE.get().copied().unwrap_or(Source::Terminal)
}

/// Asks for the passphrase of `header` and unlocks it. A wrong one is an error
/// (exit 2) and changes nothing.
pub fn unlock(header: &Header) -> Result<Vault, Error> {
    let words = passphrase::ask(source(), "Passphrase for your journal: ")?;
    Ok(header.unlock(&words)?)
}

/// The store of `dir`, unlocked if its journal is encrypted.
pub fn store(dir: &DataDir) -> Result<Store, Error> {
    let form = Store::new(dir.clone()).form()?;
    let Form::Encrypted(header) = form else {
        return Ok(Store::new(dir.clone()));
    };
    let mut key = KEY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let vault = match key.as_ref() {
        Some(vault) if header.is_for(vault) => vault.clone(),
        _ => {
            if let Some(notice) = Store::new(dir.clone()).unlock_notice() {
                say!("{notice}");
            }
            let vault = unlock(&header)?;
            *key = Some(vault.clone());
            // Files left plain are sealed now.
            for message in crate::journal::leftovers::at_unlock(dir, &vault) {
                say!("between: {message}");
            }
            vault
        }
    };
    Ok(Store::with_vault(dir.clone(), Some(vault)))
}

fn warn(journal: &Journal) {
    for warning in &journal.warnings {
        say!("between: warning: {warning}");
    }
}

/// The journal of `dir`, to read, for a command that ends once it has answered: it is
/// never freed. Freeing the strings of a large journal one by one took a third of a
/// read's time (`docs/performance.md`, session 18), and the process hands all its
/// memory back at once when it exits a moment later.
pub fn load(dir: &DataDir) -> Result<ManuallyDrop<Journal>, Error> {
    let journal = store(dir)?.load()?;
    warn(&journal);
    Ok(ManuallyDrop::new(journal))
}

/// The journal of `dir`, open for writing.
pub fn open(dir: &DataDir) -> Result<JournalWriter, Error> {
    let writer = store(dir)?.open()?;
    warn(writer.journal());
    Ok(writer)
}
