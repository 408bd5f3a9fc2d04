//! `between encrypt`, `decrypt` and `passwd`: turning encryption at rest on and off,
//! and changing the passphrase. Each rewrites the journal beside the old one and
//! swaps it in only once the new file reads back the same, so an interruption at
//! any moment leaves a journal that opens with the old passphrase or the new one.

use std::io::Write;

use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::Store;
use crate::journal::log::Form;
use crate::vault::files::{self, Direction};
use crate::vault::passphrase;
use crate::vault::{Header, Vault};

/// What to tell before a passphrase is chosen.
const WARNING: &str = "Your journal, drafts and reports in between's folder will be \
readable only with this passphrase. Nobody can recover them if it is forgotten.";

fn header_of(dir: &DataDir) -> Result<Option<Header>, Error> {
    match Store::new(dir.clone()).form()? {
        Form::Plain => Ok(None),
        Form::Encrypted(header) => Ok(Some(header)),
        Form::BadHeader(message) => Err(crate::journal::StoreError::BadHeader(message).into()),
    }
}

fn new_passphrase(prompt: &str) -> Result<zeroize::Zeroizing<String>, Error> {
    Ok(passphrase::ask_new(super::unlock::source(), prompt)?)
}

/// Runs `between encrypt`. On an encrypted journal it only seals files left plain
/// by an interrupted `encrypt` or `decrypt`.
pub fn encrypt(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    if let Some(header) = header_of(dir)? {
        let vault = super::unlock::unlock(&header)?;
        let sealed = seal_files(dir, &vault)?;
        writeln!(
            out,
            "The journal is already encrypted; {sealed} file(s) left plain were sealed. \
             To change the passphrase, run `between passwd`."
        )?;
        return Ok(());
    }
    eprintln!("{WARNING}");
    let words = new_passphrase("New passphrase: ")?;
    let mut writer = Store::new(dir.clone()).open()?;
    let vault = Vault::generate();
    let header = Header::create(&vault, &words);
    drop(words);
    writer.rewrite_with(Some((header, vault.clone())), |_| Ok(()))?;
    let sealed = seal_files(dir, &vault)?;
    writeln!(
        out,
        "The journal is encrypted: {} entries, and {sealed} other file(s) sealed. \
         Every command and the app will ask for the passphrase.",
        writer.journal().len()
    )?;
    Ok(())
}

/// A failure while turning the data directory's files, naming what was being done.
fn files_error(action: &'static str, dir: &DataDir, source: std::io::Error) -> Error {
    crate::journal::StoreError::Io {
        action,
        path: dir.root().to_path_buf(),
        source,
    }
    .into()
}

/// Seals the files that hold journal text and are still plain (all of them after
/// `encrypt`; those left by an interrupted `encrypt` or `decrypt` at each unlock).
pub fn seal_files(dir: &DataDir, vault: &Vault) -> Result<usize, Error> {
    files::seal_leftovers(dir, vault).map_err(|e| files_error("seal the files in", dir, e))
}

/// The options of `between decrypt`.
#[derive(Debug, clap::Args)]
pub struct DecryptArgs {
    /// When the journal is damaged: write the entries that open as a plain journal,
    /// and keep the damaged journal, still encrypted, in the quarantine folder.
    #[arg(long)]
    pub salvage: bool,
}

/// Runs `between decrypt`: files are opened first, while the key still exists; then
/// the journal is written plain.
pub fn decrypt(dir: &DataDir, args: &DecryptArgs, out: &mut dyn Write) -> Result<(), Error> {
    let Some(header) = header_of(dir)? else {
        return Err(Error::Usage("the journal is not encrypted".into()));
    };
    let vault = super::unlock::unlock(&header)?;
    let mut writer = Store::with_vault(dir.clone(), Some(vault.clone())).open()?;
    if let Some(reason) = writer.journal().read_only()
        && !args.salvage
    {
        return Err(crate::journal::StoreError::ReadOnly {
            reason: format!(
                "{reason}. To keep the {} entries that open, run `between decrypt --salvage`: \
                 it writes them as a plain journal and keeps the damaged one, still encrypted, \
                 in the quarantine folder (`between export` saves them too)",
                writer.journal().len()
            ),
        }
        .into());
    }
    let converted = files::convert(dir, &vault, Direction::Open)
        .map_err(|e| files_error("open the sealed files in", dir, e))?;
    if !converted.stuck.is_empty() {
        let names: Vec<String> = converted
            .stuck
            .iter()
            .map(|path| crate::sanitize::text(&path.display().to_string()).into_owned())
            .collect();
        return Err(Error::Usage(format!(
            "nothing was decrypted: {} sealed file(s) do not open with this journal's key \
             (sealed under an earlier key, or damaged), and decrypting would leave no key to \
             them: {}. Move them out of the data directory and run `between decrypt` again",
            names.len(),
            names.join(", ")
        )));
    }
    let opened = converted.changed;
    let salvaged = if writer.journal().read_only().is_some() {
        let (_, copy) = writer.salvage_with(None, |_| Ok(()))?;
        Some(copy)
    } else {
        writer.rewrite_with(None, |_| Ok(()))?;
        None
    };
    writeln!(
        out,
        "The journal is no longer encrypted: {} entries, and {opened} other file(s) opened. \
         Anyone who can read your files can read it now.",
        writer.journal().len()
    )?;
    if let Some(copy) = salvaged {
        writeln!(
            out,
            "The damaged journal is kept as it was, still encrypted, in {}.",
            crate::sanitize::text(&copy.display().to_string())
        )?;
    }
    Ok(())
}

/// Runs `between passwd`: the same data key, wrapped by a new passphrase.
pub fn passwd(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    let Some(header) = header_of(dir)? else {
        return Err(Error::Usage(
            "the journal is not encrypted; run `between encrypt` to choose a passphrase".into(),
        ));
    };
    let vault = super::unlock::unlock(&header)?;
    let words = new_passphrase("New passphrase: ")?;
    let mut writer = Store::with_vault(dir.clone(), Some(vault.clone())).open()?;
    let current = writer.header().cloned().unwrap_or(header);
    let rewrapped = current.rewrap(&vault, &words);
    drop(words);
    writer.rewrite_with(Some((rewrapped, vault)), |_| Ok(()))?;
    writeln!(out, "The passphrase is changed.")?;
    Ok(())
}
