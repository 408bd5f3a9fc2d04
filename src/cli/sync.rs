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
        SyncCommand::Now => now(dir, out),
        SyncCommand::Init(_) | SyncCommand::Join(_) | SyncCommand::Status => {
            let _ = (dir, out);
            Err(Error::Usage("not built yet".into()))
        }
    }
}

/// `sync now`: commit this device's files in the git work tree, pull and push.
fn now(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    let config = crate::journal::sync::SyncConfig::load(dir)?.ok_or_else(|| {
        Error::Usage("this journal is not synced; run `between sync init FOLDER` first".into())
    })?;
    let folder = config.folder();
    let own = folder.replica_dir(&config.replica);
    let synced = crate::git_sync::sync_now(folder.root(), &own, config.replica.short())?;
    writeln!(out, "{}", crate::git_sync::summary(&synced, folder.root()))?;
    Ok(())
}
