//! `between sync`: keep the journal in a folder that Syncthing, a file-sync service or
//! git copies between devices (see `docs/sync.md`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::Error;
use crate::data_dir::DataDir;

/// The sync commands.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Move this journal into FOLDER, a folder your sync engine copies to your other
    /// devices (Syncthing, Dropbox, Nextcloud, iCloud Drive, or a git work tree).
    Init(FolderArgs),
    /// Use the journal that another device keeps in FOLDER from this device too.
    Join(FolderArgs),
    /// Where the synced folder is, the devices in it, and what each has written.
    Status,
    /// When the synced folder is a git work tree: commit this device's files, pull and
    /// push (with your own `git` and remote).
    Now,
}

/// The folder of `sync init` and `sync join`.
#[derive(Debug, Args)]
pub struct FolderArgs {
    /// The synced folder.
    #[arg(value_name = "FOLDER")]
    pub folder: PathBuf,
    /// What to call this device in messages on the others ("work laptop"); the
    /// computer's name if not given.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Runs a sync command.
pub fn run(dir: &DataDir, command: SyncCommand, out: &mut dyn Write) -> Result<(), Error> {
    match command {
        SyncCommand::Init(args) => start(dir, &args, false, out),
        SyncCommand::Join(args) => start(dir, &args, true, out),
        SyncCommand::Status => status(dir, out),
        SyncCommand::Now => now(dir, out),
    }
}

/// `sync init` and `sync join`.
fn start(
    dir: &DataDir,
    args: &FolderArgs,
    joining: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let folder = std::path::absolute(&args.folder).map_err(|e| {
        Error::Usage(format!(
            "cannot use {} as the synced folder: {e}",
            args.folder.display()
        ))
    })?;
    let name = match &args.name {
        Some(name) if name.trim().is_empty() => {
            return Err(Error::Usage("the device's --name must not be empty".into()));
        }
        Some(name) => name.trim().to_owned(),
        None => host_name(),
    };
    let store = match joining {
        true => joining_store(dir, &folder)?,
        false => super::unlock::store(dir)?,
    };
    let before = store.load()?.len();
    let config = store.start_sync(&folder, &name, joining)?;
    let attached = crate::journal::sync::attach(dir.clone())?;
    if let Some(vault) = store.vault() {
        // What this device kept plain (it joins an encrypted journal) is sealed now.
        for message in crate::journal::leftovers::at_unlock(&attached, vault) {
            say!("between: {message}");
        }
    }
    let synced = crate::journal::Store::with_vault(attached, store.vault().cloned());
    let journal = synced.load()?;
    let folder = config.folder.display().to_string();
    if joining {
        writeln!(
            out,
            "This device ({name}) now uses the journal in {folder}: {} from every device.",
            crate::words::count(journal.len(), "entry", "entries")
        )?;
    } else {
        writeln!(
            out,
            "Your journal ({}) is now in {folder}, as this device's log ({name}).",
            crate::words::count(before, "entry", "entries")
        )?;
        writeln!(
            out,
            "Let your sync engine copy that folder to your other devices (in a git work \
             tree: `between sync now` here, then `git pull` there). Then run on each, with \
             where the folder is on that device and a name for it:\n  \
             between sync join {folder} --name NAME"
        )?;
    }
    if before > 0 && joining {
        writeln!(
            out,
            "What this device had ({}) is in the synced journal too.",
            crate::words::count(before, "entry", "entries")
        )?;
    }
    Ok(())
}

/// The store to join the synced journal in `folder` from: with the synced journal's
/// key, asked for against its `vault.json`, when it is encrypted (this device's
/// journal is then sealed with it as it joins).
fn joining_store(dir: &DataDir, folder: &std::path::Path) -> Result<crate::journal::Store, Error> {
    use crate::journal::sync::{SyncFolder, vault_file};
    let store = crate::journal::Store::new(dir.clone());
    let shared =
        vault_file::load(&SyncFolder::new(folder)).map_err(crate::journal::StoreError::from)?;
    let Some(shared) = shared else {
        return super::unlock::store(dir);
    };
    // Refused before the passphrase is asked, by the rule `sync join` follows.
    crate::journal::store::shared_key_for(store.form()?, Some(shared.clone()), true, folder)?;
    say!(
        "The synced journal is encrypted: its passphrase (the one set on the first device) is needed."
    );
    let vault = super::unlock::unlock(&shared)?;
    Ok(crate::journal::Store::with_vault(dir.clone(), Some(vault)))
}

/// The computer's name, as the default name of a device.
fn host_name() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that.
    let done = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    let end = buffer.iter().position(|b| *b == 0).unwrap_or(buffer.len());
    match std::str::from_utf8(&buffer[..end]) {
        Ok(name) if done == 0 && !name.trim().is_empty() => name.trim().to_owned(),
        _ => "this device".to_owned(),
    }
}

/// `sync status`: the folder, the devices and what each has, conflicts.
fn status(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    let Some(config) = crate::journal::sync::SyncConfig::load(dir)? else {
        writeln!(
            out,
            "This journal is on this device alone. `between sync init FOLDER` keeps it in a \
             folder your sync engine copies to your other devices."
        )?;
        return Ok(());
    };
    // Opened to write when it can be, so an erasure from another device reaches this
    // device's log now; read only while the app (or another command) is writing.
    let store = super::unlock::store(dir)?;
    let journal = match store.open() {
        Ok(writer) => writer.journal().clone(),
        Err(crate::journal::StoreError::Locked { .. }) => store.load()?,
        Err(error) => return Err(error.into()),
    };
    writeln!(out, "Synced folder: {}", config.folder.display())?;
    if let Some(merged) = journal.merged() {
        for device in &merged.devices {
            let name = device
                .name
                .clone()
                .unwrap_or_else(|| "a device with no name".into());
            // Opening may have given this device a new id: the merge says which it is.
            let this = if merged.own.as_ref() == Some(&device.replica) {
                " (this device)"
            } else {
                ""
            };
            let copies = match device.files {
                1 => String::new(),
                n => format!(", {} other copies of its log read too", n - 1),
            };
            writeln!(
                out,
                "  {name}{this}: {}{copies}  [{}]",
                crate::words::count(device.entries, "entry", "entries"),
                device.replica.short()
            )?;
            if let Some(damage) = &device.damaged {
                writeln!(out, "    damaged: {damage}")?;
            }
        }
        // Each device counts what its own log holds: an entry changed (or deleted) on
        // another device is in both logs, and the figures need not add up.
        let counted: usize = merged.devices.iter().map(|device| device.entries).sum();
        let why = match counted == journal.len() {
            true => "",
            false => {
                " (each device counts the entries its own log holds: one changed on \
                 another device is in both logs, one deleted there still in this one's)"
            }
        };
        writeln!(
            out,
            "{} in all{why}.",
            crate::words::count(journal.len(), "entry", "entries")
        )?;
        if !merged.conflicts.is_empty() {
            writeln!(
                out,
                "{} changed on two devices at once (`between journal show ID` shows every \
                 version; saving an edit settles it):",
                crate::words::count(merged.conflicts.len(), "entry was", "entries were")
            )?;
            for id in merged.conflicts.keys() {
                if let Some(entry) = journal.get(id) {
                    writeln!(
                        out,
                        "  {}  {}  {}",
                        &id.as_str()[..10],
                        entry.created.format("%a %-d %b %Y"),
                        entry.title.as_deref().unwrap_or(entry.kind.name())
                    )?;
                }
            }
        }
    }
    for warning in &journal.warnings {
        say!("between: {warning}");
    }
    Ok(())
}

/// `sync now`: commit this device's files in the git work tree, pull and push.
fn now(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    setting(dir)?;
    let store = super::unlock::store(dir)?;
    let first = git_round(&store, out)?;
    let config = setting(dir)?;
    let copies = config
        .folder()
        .logs_of(&config.replica)
        .is_ok_and(|logs| logs.iter().any(|log| log.copy));
    if first.pulled > 0 && copies {
        // What came in holds another version of this device's log (another computer
        // pushed one under its id, and the merge kept it beside this one's, or that
        // computer did): opening the journal again gives this device a new id, and
        // this round sends its new folder.
        git_round(&store, out)?;
    }
    Ok(())
}

/// `sync.json` of `dir`; an error saying what to do when the journal is not synced.
fn setting(dir: &DataDir) -> Result<crate::journal::sync::SyncConfig, Error> {
    crate::journal::sync::SyncConfig::load(dir)?.ok_or_else(|| {
        Error::Usage("this journal is not synced; run `between sync init FOLDER` first".into())
    })
}

/// One round of `sync now`: opens the journal to write (so what other devices erased
/// leaves this device's log before it is committed, and never while the app or a
/// command is writing it, so no half-written line or unfinished rewrite is committed),
/// then commits, pulls and pushes with git for the device `sync.json` names then
/// (opening may have given it a new id), and says what it did.
fn git_round(
    store: &crate::journal::Store,
    out: &mut dyn Write,
) -> Result<crate::git_sync::GitSynced, Error> {
    let writer = store.open()?;
    for warning in &writer.journal().warnings {
        say!("between: {warning}");
    }
    let config = setting(store.dir())?;
    let folder = config.folder();
    // Its own folder, then those of the ids it left, whose logs it rewrites.
    let own: Vec<_> = std::iter::once(&config.replica)
        .chain(&config.left)
        .map(|replica| folder.replica_dir(replica))
        .collect();
    let name = crate::journal::sync::setup::device_name(&folder, &config.replica)
        .unwrap_or_else(|| config.replica.short().to_owned());
    let synced = crate::git_sync::sync_now(folder.root(), &own, &name)?;
    drop(writer);
    writeln!(out, "{}", crate::git_sync::summary(&synced, folder.root()))?;
    Ok(synced)
}
