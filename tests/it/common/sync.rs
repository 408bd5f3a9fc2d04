//! What the sync tests do on a device through the command line: add an entry, list
//! the journal, read `sync status`, find the device's log, and start two devices on
//! one synced folder.

use std::fs;
use std::path::{Path, PathBuf};

use super::{between, stderr, stdout};

/// Two devices on one machine sharing one synced folder (as if the engine were
/// instant): the laptop (`a`) started it, the desktop (`b`) joined.
pub struct Two {
    pub _root: tempfile::TempDir,
    pub a: PathBuf,
    pub b: PathBuf,
    pub folder: PathBuf,
}

/// Adds a note of `text` (tagged `t`) on the device of `data`; its id.
pub fn add(data: &Path, text: &str) -> String {
    let out = between(data)
        .args(["journal", "add", "--tag", "t"])
        .write_stdin(text)
        .assert()
        .success();
    let said = stdout(out.get_output());
    said.split_whitespace()
        .find(|word| word.len() == 26)
        .unwrap_or_else(|| panic!("no id in {said:?}"))
        .to_owned()
}

/// `journal list` on the device of `data`, every entry.
pub fn list(data: &Path) -> String {
    stdout(
        between(data)
            .args(["journal", "list", "--limit", "1000"])
            .assert()
            .success()
            .get_output(),
    )
}

/// What `journal show ID` prints on the device of `data`.
pub fn show(data: &Path, id: &str) -> String {
    stdout(
        between(data)
            .args(["journal", "show", id])
            .assert()
            .success()
            .get_output(),
    )
}

/// `cp -a from to`: a data directory restored or copied onto another computer, or a
/// folder as it was at one moment.
pub fn copy_whole(from: &Path, to: &Path) {
    let done = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(done.success(), "cp -a {} {}", from.display(), to.display());
}

/// What `sync status` prints on the device of `data`.
pub fn status(data: &Path) -> String {
    stdout(
        between(data)
            .args(["sync", "status"])
            .assert()
            .success()
            .get_output(),
    )
}

/// What `sync.json` of the device of `data` says: its folder and its replica id.
pub fn setting(data: &Path) -> (PathBuf, String) {
    let config: serde_json::Value =
        serde_json::from_slice(&fs::read(data.join("sync.json")).unwrap()).unwrap();
    (
        PathBuf::from(config["folder"].as_str().unwrap()),
        config["replica"].as_str().unwrap().to_owned(),
    )
}

/// The log of the device whose data directory is `data`.
pub fn log_of(data: &Path) -> PathBuf {
    let (folder, replica) = setting(data);
    folder.join("replicas").join(replica).join("journal.jsonl")
}

/// `sync init` (`joining == false`) or `sync join` of `folder` on the device of `data`,
/// calling it `name`; what it printed.
pub fn start(data: &Path, folder: &Path, name: &str, joining: bool) -> String {
    let verb = if joining { "join" } else { "init" };
    stdout(
        between(data)
            .args(["sync", verb])
            .arg(folder)
            .args(["--name", name])
            .assert()
            .success()
            .get_output(),
    )
}

/// The laptop starts a synced journal with one entry, and the desktop, with one of its
/// own, joins it.
pub fn two() -> Two {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("a");
    let b = root.path().join("b");
    let folder = root.path().join("Sync").join("between");
    add(&a, "written on the laptop before syncing");
    let said = start(&a, &folder, "laptop", false);
    assert!(said.contains("Your journal (1 entry) is now in"), "{said}");
    add(&b, "written on the desktop before joining");
    let said = start(&b, &folder, "desktop", true);
    assert!(said.contains("2 entries from every device"), "{said}");
    Two {
        _root: root,
        a,
        b,
        folder,
    }
}

/// Runs `between ARGS…` on the device of `data` with `passphrases` (one a line) on
/// standard input, read through `--passphrase-fd 0`.
pub fn with(data: &Path, passphrases: &[&str], args: &[&str]) -> std::process::Output {
    let input: String = passphrases.iter().map(|p| format!("{p}\n")).collect();
    between(data)
        .args(["--passphrase-fd", "0"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// [`with`] the passphrase `words`, which must succeed; its standard output.
pub fn ok_with(data: &Path, words: &str, args: &[&str]) -> String {
    let output = with(data, &[words], args);
    assert!(
        output.status.success(),
        "between {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// Whether any record of any log file under `folder` (an encrypted synced journal
/// whose passphrase is `words`) says `text`, once opened.
pub fn sealed_anywhere(folder: &Path, words: &str, text: &str) -> Vec<PathBuf> {
    use between::journal::log::{self, Form};
    use between::journal::sync::{SyncFolder, vault_file};
    use between::vault::RecordKey;
    let synced = SyncFolder::new(folder);
    let shared = vault_file::load(&synced).unwrap().expect("a key file");
    let vault = shared.unlock(words).unwrap();
    let mut found = Vec::new();
    for replica in synced.devices().unwrap() {
        for file in synced.logs_of(&replica).unwrap() {
            let bytes = fs::read(&file.path).unwrap();
            let Form::Encrypted(header) = log::form(&fs::File::open(&file.path).unwrap()).unwrap()
            else {
                panic!("{} is not sealed", file.path.display());
            };
            // This key, or one `passwd` replaced (a log not sealed anew since).
            let key = RecordKey::new(vault.for_header(&header).unwrap(), &header).unwrap();
            let mut holds = false;
            let scan = log::scan(&bytes, Some(&key), |record| {
                holds |= serde_json::to_string(&record).unwrap().contains(text);
            });
            assert!(scan.problems.is_empty(), "{}", file.path.display());
            if holds {
                found.push(file.path);
            }
        }
    }
    found
}
