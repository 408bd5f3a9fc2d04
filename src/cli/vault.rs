//! `between encrypt`, `decrypt` and `passwd`: turning encryption at rest on and off,
//! and changing the passphrase. Each rewrites the journal beside the old one and
//! swaps it in only once the new file reads back the same, so an interruption at
//! any moment leaves a journal that opens with the old passphrase or the new one.

use std::io::Write;

use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::Store;
use crate::journal::log::Form;
use crate::journal::sealed_files::{self as files, Direction};
use crate::signals::StopDeferred;
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
/// (by an older between, or copied in by hand).
pub fn encrypt(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    if dir.is_synced() {
        return encrypt_synced(dir, out);
    }
    if let Some(header) = header_of(dir)? {
        let vault = super::unlock::unlock(&header)?;
        let sealed = seal_files(dir, &vault)?;
        writeln!(
            out,
            "The journal is already encrypted; files left plain were sealed ({}). \
             To change the passphrase, run `between passwd`.",
            crate::words::count(sealed, "file", "files")
        )?;
        return Ok(());
    }
    say!("{WARNING}");
    let words = new_passphrase("New passphrase: ")?;
    let vault = Vault::generate();
    let header = Header::create(&vault, &words);
    drop(words);
    // A request to stop waits until the switch is done or undone.
    let _stop = StopDeferred::new();
    let mut writer = Store::new(dir.clone()).open()?;
    // The files are sealed beside themselves first; they take their places once the
    // journal is switched (and at the next start, if this run is stopped).
    let conversion = match files::Conversion::prepare(dir, &vault, Direction::Seal)
        .map_err(|e| files_error("seal the files in", dir, e))?
    {
        Ok(conversion) => conversion,
        // Sealing opens nothing, so no file can be stuck; should one be, stop.
        Err(stuck) => {
            let error = std::io::Error::other(format!(
                "{} could not be read",
                crate::words::count(stuck.len(), "file", "files")
            ));
            return Err(files_error("seal the files in", dir, error));
        }
    };
    if let Err(e) = writer.rewrite_with(Some((header, vault.clone())), |_| Ok(())) {
        conversion.abandon();
        return Err(e.into());
    }
    let sealed = conversion
        .finish()
        .map_err(|e| files_error("seal the files in", dir, e))?;
    writeln!(
        out,
        "The journal is encrypted: {}, and other files sealed ({}). \
         Every command and the app will ask for the passphrase.",
        crate::words::count(writer.journal().len(), "entry", "entries"),
        crate::words::count(sealed, "file", "files")
    )?;
    Ok(())
}

/// `between encrypt` in a synced journal: from the first device that runs it, a new
/// key in the synced folder's `vault.json` and this device's log and files sealed with
/// it; each other device seals its own at its next write (see `store::seal_synced`).
/// On a device of a journal encrypted already, this device's log is sealed now.
fn encrypt_synced(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    if let Some(header) = header_of(dir)? {
        let vault = super::unlock::unlock(&header)?;
        // Opening to write seals this device's log if it is still plain.
        let entries = Store::with_vault(dir.clone(), Some(vault.clone()))
            .open()?
            .journal()
            .len();
        let sealed = seal_files(dir, &vault)?;
        writeln!(
            out,
            "The synced journal is encrypted ({}); this device's log is sealed, and files \
             left plain were sealed ({}). To change the passphrase, run `between passwd`.",
            crate::words::count(entries, "entry", "entries"),
            crate::words::count(sealed, "file", "files")
        )?;
        return Ok(());
    }
    say!("{WARNING}");
    say!(
        "The passphrase will be the same on every device of this synced journal: each asks \
         for it once, at its next between command."
    );
    let words = new_passphrase("New passphrase: ")?;
    let vault = Vault::generate();
    let shared = Header::create(&vault, &words).shared();
    drop(words);
    let _stop = StopDeferred::new();
    Store::new(dir.clone()).encrypt_synced(&shared, &vault)?;
    let sealed = seal_files(dir, &vault)?;
    let waiting = Store::with_vault(dir.clone(), Some(vault)).plain_devices();
    writeln!(
        out,
        "The synced journal is encrypted: this device's log is sealed{}. Every command and \
         the app will ask for the passphrase.",
        match sealed {
            0 => String::new(),
            n => format!(
                ", and {} beside it (drafts, reports)",
                crate::words::count(n, "file", "files")
            ),
        }
    )?;
    writeln!(
        out,
        "Each other device asks for the same passphrase at its next between command, and \
         seals its own entries the first time it saves. Until then their entries are plain \
         in the synced folder, and are not shown here. Copies the sync engine keeps of \
         older versions (git's history, Syncthing's versions) stay plain."
    )?;
    if !waiting.is_empty() {
        writeln!(out, "Not sealed yet: {}.", waiting.join(", "))?;
    }
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

/// Seals the files that hold journal text and are still plain.
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

/// Runs `between decrypt`. Nothing plain is written until every sealed record and
/// file has been opened; then the files are opened beside themselves, the journal is
/// written plain and switched, and the files take their places. Stopped before the
/// switch, the plain copies are removed at the next start of any command; stopped
/// after it, they are put in place then.
pub fn decrypt(dir: &DataDir, args: &DecryptArgs, out: &mut dyn Write) -> Result<(), Error> {
    refuse_synced(dir)?;
    let Some(header) = header_of(dir)? else {
        return Err(Error::Usage("the journal is not encrypted".into()));
    };
    let vault = super::unlock::unlock(&header)?;
    // What a stopped edit left in memory-backed storage is sealed into drafts/ first,
    // so it is decrypted with the rest.
    for message in crate::journal::leftovers::at_unlock(dir, &vault) {
        say!("between: {message}");
    }
    // A request to stop waits until the switch is done or undone.
    let _stop = StopDeferred::new();
    // Opening replays every record: one that does not open makes the journal
    // read-only, and that is refused unless the user asks to salvage.
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
    let conversion = match files::Conversion::prepare(dir, &vault, Direction::Open)
        .map_err(|e| files_error("open the sealed files in", dir, e))?
    {
        Ok(conversion) => conversion,
        Err(stuck) => {
            let names: Vec<String> = stuck
                .iter()
                .map(|path| crate::sanitize::text(&path.display().to_string()).into_owned())
                .collect();
            return Err(Error::Usage(format!(
                "nothing was decrypted: sealed files ({}) do not open with this journal's key \
                 (sealed under an earlier key, or damaged), and decrypting would leave no key \
                 to them: {}. Move them out of the data directory and run `between decrypt` \
                 again",
                names.len(),
                names.join(", ")
            )));
        }
    };
    let switched = if writer.journal().read_only().is_some() {
        writer
            .salvage_with(None, |_| Ok(()))
            .map(|(_, copy)| Some(copy))
    } else {
        writer.rewrite_with(None, |_| Ok(())).map(|_| None)
    };
    let salvaged = match switched {
        Ok(salvaged) => salvaged,
        Err(e) => {
            conversion.abandon();
            return Err(e.into());
        }
    };
    let opened = conversion
        .finish()
        .map_err(|e| files_error("open the sealed files in", dir, e))?;
    writeln!(
        out,
        "The journal is no longer encrypted: {}, and other files opened ({}). \
         Anyone who can read your files can read it now.",
        crate::words::count(writer.journal().len(), "entry", "entries"),
        crate::words::count(opened, "file", "files")
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
    if let Some((folder, _)) = crate::journal::sync::place_of(dir) {
        return passwd_synced(dir, &folder, out);
    }
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

/// `between passwd` in a synced journal: a new data key, wrapped by the new passphrase
/// in the synced folder's `vault.json` with the old key wrapped by it, and this
/// device's log sealed anew with it; each other device asks for the new passphrase and
/// seals its own log anew at its next write (see `store::rotate_synced`).
fn passwd_synced(
    dir: &DataDir,
    folder: &crate::journal::sync::SyncFolder,
    out: &mut dyn Write,
) -> Result<(), Error> {
    use crate::journal::sync::vault_file;
    let Some(header) = vault_file::load(folder).map_err(crate::journal::StoreError::from)? else {
        // A sealed log without its key file is that error, not a plain journal.
        Store::new(dir.clone()).form()?;
        return Err(Error::Usage(
            "the synced journal is not encrypted; `between encrypt` turns encryption on, \
             for every device"
                .into(),
        ));
    };
    let old = super::unlock::unlock(&header)?;
    let words = new_passphrase("New passphrase: ")?;
    let (rotated, fresh) = Header::rotated(&old, &words);
    drop(words);
    // A request to stop waits until the key file and this device's log are changed.
    let _stop = StopDeferred::new();
    Store::with_vault(dir.clone(), Some(old)).rotate_synced(&rotated.shared(), &fresh)?;
    writeln!(
        out,
        "The passphrase is changed, for every device of this synced journal, and the \
         journal has a new key: each device asks for the new passphrase once your sync \
         engine has copied {} to it, and seals its own entries with the new key the next \
         time it saves (this device's are sealed already).\n\
         The old passphrase opens nothing written from now on (on another device, from \
         the moment vault.json has reached it). It still opens copies of \
         what was written before, wherever an older vault.json is kept with them (git's \
         history, a sync engine's old versions and conflict copies, a backup).",
        crate::sanitize::text(&vault_file::path(folder).display().to_string())
    )?;
    Ok(())
}

/// Encryption is not turned off in a synced journal: a device's log opened alone
/// would leave the folder half plain, and each device's log would have to be opened.
fn refuse_synced(dir: &DataDir) -> Result<(), Error> {
    if dir.is_synced() {
        return Err(crate::journal::sync::setup::SetupError::SyncedEncryption.into());
    }
    Ok(())
}
