//! The files besides the log that hold journal text (drafts, the quarantine, reports,
//! the kept rounds of homework):
//! sealed whole when the journal is encrypted, under their name in the data directory,
//! so a sealed draft cannot be passed off as another.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::data_dir::DataDir;
use crate::secure_fs;
use crate::vault::Vault;

pub use crate::vault::MAGIC;

/// Whether `bytes` are a sealed file.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The directories whose files hold journal text.
pub fn text_dirs(dir: &DataDir) -> [PathBuf; 4] {
    [dir.drafts(), dir.quarantine(), dir.reports(), dir.rounds()]
}

/// The name a file is sealed under: its path inside the data directory. A temporary
/// file of an atomic write (`x.json.tmp`, left by a crash) has its target's name.
fn name_in(dir: &DataDir, path: &Path) -> String {
    let name = path
        .strip_prefix(dir.root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    match name.strip_suffix(".tmp") {
        Some(target) => target.to_owned(),
        None => name,
    }
}

/// Checks that the journal is still as this process opened it: plain when `vault` is
/// `None`, encrypted with `vault`'s key otherwise. Another `between` may have run
/// `encrypt`, `decrypt` or `passwd` meanwhile; then a file written now would be plain
/// in an encrypted folder, or sealed with a key that no longer opens anything.
fn check_form(dir: &DataDir, vault: Option<&Vault>) -> io::Result<()> {
    let form = crate::journal::Store::new(dir.clone())
        .form()
        .map_err(io::Error::other)?;
    let same = match (&form, vault) {
        (crate::journal::log::Form::Plain, None) => true,
        (crate::journal::log::Form::Encrypted(header), Some(vault)) => header.is_for(vault),
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(io::Error::other(
            "the journal's encryption was changed by another between since this one opened it; \
             start between again",
        ))
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The system could not read it.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// It is sealed, and this key does not open it (or no key was given).
    #[error("it is encrypted and cannot be opened with this journal's key")]
    Sealed,
}

/// The most a draft, a kept edit, a quarantined tail or a report may hold.
pub const TEXT_FILE: secure_fs::Cap = secure_fs::Cap {
    what: "a draft, kept edit, quarantined record, report or kept rounds of homework",
    bytes: 64 << 20,
};

/// Reads the file at `path` (at most [`TEXT_FILE`]), opening it if it is sealed. A
/// plain file is read as it is, also when a key is given: it was written before
/// encryption was turned on. A link, pipe or device is refused, and so is a link in
/// place of a folder on the way to it.
pub fn read(
    dir: &DataDir,
    path: &Path,
    vault: Option<&Vault>,
) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    read_as(dir, path, vault, true, TEXT_FILE)
}

/// Reads the file at `path` (at most `cap`) only in the form the journal has: sealed
/// and opened with `vault` when one is given, plain when not. For files that decide
/// what the journal holds (the snapshot), where a plain file planted beside an
/// encrypted journal must not count.
pub fn read_strict(
    dir: &DataDir,
    path: &Path,
    vault: Option<&Vault>,
    cap: secure_fs::Cap,
) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    read_as(dir, path, vault, false, cap)
}

fn read_as(
    dir: &DataDir,
    path: &Path,
    vault: Option<&Vault>,
    plain_with_key: bool,
    cap: secure_fs::Cap,
) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    secure_fs::check_folders(dir.root(), path)?;
    let bytes = Zeroizing::new(secure_fs::read_capped(path, cap)?);
    if !is_sealed(&bytes) && (vault.is_none() || plain_with_key) {
        return Ok(bytes);
    }
    vault
        .and_then(|vault| vault.open_file(&name_in(dir, path), &bytes))
        .ok_or(ReadError::Sealed)
}

/// Writes `bytes` to `path` atomically (0600), sealed when a key is given, after
/// checking that the journal is still encrypted with that key (or still plain).
pub fn write(dir: &DataDir, path: &Path, bytes: &[u8], vault: Option<&Vault>) -> io::Result<()> {
    write_with(dir, path, vault, |out| out.write_all(bytes))
}

/// As [`write`], with the bytes written by `fill`: a plain file as they are made (the
/// whole file never in memory), a sealed one once all are made (it is sealed whole).
pub fn write_with(
    dir: &DataDir,
    path: &Path,
    vault: Option<&Vault>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    secure_fs::check_folders(dir.root(), path)?;
    check_form(dir, vault)?;
    match vault {
        Some(vault) => {
            let mut bytes = Zeroizing::new(Vec::new());
            fill(&mut *bytes)?;
            secure_fs::write_atomic(path, &vault.seal_file(&name_in(dir, path), &bytes))
        }
        None => secure_fs::write_atomic_with(path, fill),
    }
}

/// Which way [`convert`] turns files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Seal every plain file.
    Seal,
    /// Open every sealed file.
    Open,
}

/// What [`convert`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// Files sealed or opened.
    pub changed: usize,
    /// Sealed files this key does not open (sealed under an older key, or damaged).
    pub stuck: Vec<PathBuf>,
}

/// How the twin of a file being sealed ends: `drafts/a.json.sealing` holds
/// `drafts/a.json` sealed, while `encrypt` switches the journal.
const SEALING: &str = ".sealing";
/// How the twin of a file being opened ends: `drafts/a.json.opening` holds
/// `drafts/a.json` plain, while `decrypt` switches the journal.
const OPENING: &str = ".opening";

/// The file a twin stands for, and whether the twin is sealed; `None` if `path` is
/// no twin.
fn twin_target(path: &Path) -> Option<(PathBuf, bool)> {
    let name = path.file_name()?.to_str()?;
    let (target, sealed) = match name.strip_suffix(SEALING) {
        Some(target) => (target, true),
        None => (name.strip_suffix(OPENING)?, false),
    };
    (!target.is_empty()).then(|| (path.with_file_name(target), sealed))
}

fn is_twin(path: &Path) -> bool {
    twin_target(path).is_some()
}

fn twin_of(path: &Path, direction: Direction) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(match direction {
        Direction::Seal => SEALING,
        Direction::Open => OPENING,
    });
    path.with_file_name(name)
}

/// The regular files of the text directories, twins and other leftovers included.
fn text_files(dir: &DataDir) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for folder in text_dirs(dir) {
        // A link in place of the folder is refused: its files are someone else's.
        let Some(listing) = secure_fs::read_folder(&folder).map_err(|e| named(&folder, e))? else {
            continue;
        };
        for item in listing {
            let item = item?;
            if item.file_type()?.is_file() {
                found.push(item.path());
            }
        }
    }
    Ok(found)
}

/// The files of the text directories turned into the form the journal is being
/// switched to (by `encrypt` or `decrypt`), each written as a twin beside it and
/// synced, but not yet in place. The switch of the journal decides: once it is
/// renamed into place the twins are renamed over their files ([`Conversion::finish`]),
/// and if it never happens they are removed. The twins of a run stopped at any
/// moment are finished or removed at the next start of any command, by the form the
/// journal has then ([`settle_twins`]; no key is needed), so a plain copy never
/// outlives a journal that stayed encrypted, and a sealed file is never left without
/// the key that opens it.
#[derive(Debug)]
#[must_use = "a conversion must be finished or abandoned"]
pub struct Conversion {
    twins: Vec<(PathBuf, PathBuf)>,
}

impl Conversion {
    /// Turns every file that is not yet in `direction`'s form. When opening, first
    /// checks that every sealed file opens, and writes nothing if one does not: the
    /// paths of those are the error, as `decrypt` must not go on and drop the only
    /// key to them.
    pub fn prepare(
        dir: &DataDir,
        vault: &Vault,
        direction: Direction,
    ) -> io::Result<Result<Self, Vec<PathBuf>>> {
        let files: Vec<PathBuf> = text_files(dir)?
            .into_iter()
            .filter(|path| !is_twin(path))
            .collect();
        let converted = |path: &Path| -> io::Result<Option<Result<Zeroizing<Vec<u8>>, ()>>> {
            let bytes = Zeroizing::new(
                secure_fs::read_capped(path, TEXT_FILE).map_err(|e| named(path, e))?,
            );
            let name = name_in(dir, path);
            Ok(match (direction, is_sealed(&bytes)) {
                (Direction::Seal, false) => {
                    Some(Ok(Zeroizing::new(vault.seal_file(&name, &bytes))))
                }
                (Direction::Open, true) => Some(vault.open_file(&name, &bytes).ok_or(())),
                _ => None,
            })
        };
        // First every file is proved to open; only then is anything written.
        let mut stuck = Vec::new();
        for path in &files {
            if let Some(Err(())) = converted(path)? {
                stuck.push(path.clone());
            }
        }
        if !stuck.is_empty() {
            return Ok(Err(stuck));
        }
        let mut conversion = Self { twins: Vec::new() };
        let written = (|| {
            for path in &files {
                let Some(Ok(bytes)) = converted(path)? else {
                    continue;
                };
                let twin = twin_of(path, direction);
                let _ = secure_fs::remove_file(&twin);
                conversion.twins.push((path.clone(), twin.clone()));
                let mut file = secure_fs::create_new(&twin)?;
                io::Write::write_all(&mut file, &bytes)?;
                file.sync_all()?;
            }
            for folder in text_dirs(dir) {
                if folder.is_dir() {
                    secure_fs::sync_dir(&folder)?;
                }
            }
            Ok(())
        })();
        match written {
            Ok(()) => Ok(Ok(conversion)),
            Err(e) => {
                conversion.abandon();
                Err(e)
            }
        }
    }

    /// How many files are turned.
    pub fn len(&self) -> usize {
        self.twins.len()
    }

    /// Whether no file needs turning.
    pub fn is_empty(&self) -> bool {
        self.twins.is_empty()
    }

    /// Puts every twin in place of its file: the journal has been switched.
    pub fn finish(self) -> io::Result<usize> {
        for (path, twin) in &self.twins {
            fs::rename(twin, path)?;
        }
        sync_parents(&self.twins)?;
        Ok(self.twins.len())
    }

    /// Removes the twins: the journal was not switched.
    pub fn abandon(self) {
        for (_, twin) in &self.twins {
            let _ = secure_fs::remove_file(twin);
        }
        let _ = sync_parents(&self.twins);
    }
}

fn sync_parents(twins: &[(PathBuf, PathBuf)]) -> io::Result<()> {
    let mut parents: Vec<&Path> = twins.iter().filter_map(|(path, _)| path.parent()).collect();
    parents.sort();
    parents.dedup();
    parents.into_iter().try_for_each(secure_fs::sync_dir)
}

/// Finishes or undoes the twins a stopped `encrypt` or `decrypt` left, by the form
/// the journal has now: a twin of that form goes in place of its file (the switch
/// happened, and every twin was complete and synced before it), any other is
/// removed (the switch did not happen; such a twin may be cut short). No key is
/// needed. The caller holds the journal's lock, so no conversion is under way.
/// Returns how many twins were put in place and how many removed.
pub fn settle_twins(dir: &DataDir, sealed_journal: bool) -> io::Result<(usize, usize)> {
    let (mut placed, mut removed) = (0, 0);
    let mut parents = Vec::new();
    for twin in text_files(dir)? {
        let Some((target, sealed)) = twin_target(&twin) else {
            continue;
        };
        if sealed == sealed_journal {
            fs::rename(&twin, &target)?;
            placed += 1;
        } else {
            secure_fs::remove_file(&twin)?;
            removed += 1;
        }
        parents.extend(twin.parent().map(Path::to_path_buf));
    }
    parents.sort();
    parents.dedup();
    parents
        .iter()
        .try_for_each(|parent| secure_fs::sync_dir(parent))?;
    Ok((placed, removed))
}

/// Whether any twin of a stopped conversion is in the text directories.
pub fn has_twins(dir: &DataDir) -> bool {
    text_files(dir).is_ok_and(|files| files.iter().any(|path| is_twin(path)))
}

/// Seals (or opens) every file in the text directories that is not sealed (or is),
/// each replaced in place, atomically: for a journal whose form is not changing (at
/// an unlock, the plain files left beside an encrypted journal). Opening first checks
/// that every sealed file opens, and changes nothing if one does not (its path is in
/// `stuck`). `encrypt` and `decrypt` use a [`Conversion`] instead.
pub fn convert(dir: &DataDir, vault: &Vault, direction: Direction) -> io::Result<Converted> {
    let mut planned = Vec::new();
    let mut stuck = Vec::new();
    for path in text_files(dir)? {
        if is_twin(&path) {
            continue;
        }
        let bytes =
            Zeroizing::new(secure_fs::read_capped(&path, TEXT_FILE).map_err(|e| named(&path, e))?);
        let name = name_in(dir, &path);
        let new = match (direction, is_sealed(&bytes)) {
            (Direction::Seal, false) => Zeroizing::new(vault.seal_file(&name, &bytes)),
            (Direction::Open, true) => match vault.open_file(&name, &bytes) {
                Some(plain) => plain,
                None => {
                    stuck.push(path);
                    continue;
                }
            },
            _ => continue,
        };
        planned.push((path, new));
    }
    if direction == Direction::Open && !stuck.is_empty() {
        return Ok(Converted { changed: 0, stuck });
    }
    for (path, bytes) in &planned {
        secure_fs::write_atomic(path, bytes)?;
    }
    Ok(Converted {
        changed: planned.len(),
        stuck,
    })
}

/// `error` with the file or folder it is about, for a message that names it.
fn named(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!(
            "{}: {error}",
            crate::sanitize::text(&path.display().to_string())
        ),
    )
}

/// Seals the files that hold journal text and are still plain beside an encrypted
/// journal (copied in by hand, or left by an older between), at each unlock and by
/// `encrypt` on a journal already encrypted. Returns how many.
pub fn seal_leftovers(dir: &DataDir, vault: &Vault) -> io::Result<usize> {
    convert(dir, vault, Direction::Seal).map(|converted| converted.changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn convert_seals_plain_files_and_opens_them_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(root.path())).unwrap();
        let vault = Vault::generate();
        secure_fs::private_dir(&dir.drafts()).unwrap();
        secure_fs::private_dir(&dir.reports()).unwrap();
        let draft = dir.drafts().join("a.json");
        let report = dir.reports().join("r.md");
        fs::write(&draft, b"canary draft").unwrap();
        fs::write(&report, b"canary report").unwrap();
        // A leftover of an atomic write is sealed under its target's name.
        let leftover = dir.drafts().join("a.json.tmp");
        fs::write(&leftover, b"canary newer").unwrap();
        assert_eq!(convert(&dir, &vault, Direction::Seal).unwrap().changed, 3);
        assert!(is_sealed(&fs::read(&draft).unwrap()));
        assert_eq!(seal_leftovers(&dir, &vault).unwrap(), 0);
        assert_eq!(
            read(&dir, &draft, Some(&vault)).unwrap().as_slice(),
            b"canary draft"
        );
        assert!(matches!(read(&dir, &draft, None), Err(ReadError::Sealed)));

        // A sealed file this key does not open stops opening, and nothing changes.
        let foreign = dir.reports().join("old.md");
        fs::write(
            &foreign,
            Vault::generate().seal_file("reports/old.md", b"x"),
        )
        .unwrap();
        let converted = convert(&dir, &vault, Direction::Open).unwrap();
        assert_eq!(converted.changed, 0);
        assert_eq!(converted.stuck, vec![foreign.clone()]);
        assert!(is_sealed(&fs::read(&report).unwrap()));
        fs::remove_file(&foreign).unwrap();

        assert_eq!(convert(&dir, &vault, Direction::Open).unwrap().changed, 3);
        assert_eq!(fs::read(&report).unwrap(), b"canary report");
        assert_eq!(fs::read(&leftover).unwrap(), b"canary newer");
    }

    #[test]
    fn twins_take_their_places_only_once_the_journal_is_switched() {
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(root.path())).unwrap();
        let vault = Vault::generate();
        secure_fs::private_dir(&dir.drafts()).unwrap();
        let draft = dir.drafts().join("a.json");
        fs::write(&draft, vault.seal_file("drafts/a.json", b"canary")).unwrap();
        let sealed = fs::read(&draft).unwrap();

        // Opening writes plain twins beside the sealed files, and nothing in place.
        let conversion = Conversion::prepare(&dir, &vault, Direction::Open)
            .unwrap()
            .unwrap();
        assert_eq!(conversion.len(), 1);
        let twin = dir.drafts().join("a.json.opening");
        assert_eq!(fs::read(&twin).unwrap(), b"canary");
        assert_eq!(fs::read(&draft).unwrap(), sealed);
        // Stopped there, with the journal still encrypted: the twin goes.
        drop(conversion);
        assert_eq!(settle_twins(&dir, true).unwrap(), (0, 1));
        assert!(!twin.exists());
        assert_eq!(fs::read(&draft).unwrap(), sealed);
        // Stopped after the switch: the twin takes its place.
        let conversion = Conversion::prepare(&dir, &vault, Direction::Open)
            .unwrap()
            .unwrap();
        drop(conversion);
        assert_eq!(settle_twins(&dir, false).unwrap(), (1, 0));
        assert_eq!(fs::read(&draft).unwrap(), b"canary");
        assert!(!has_twins(&dir));

        // Sealing the same way: a cut-short sealed twin of a plain journal is removed,
        // never put in place of the file.
        fs::write(dir.drafts().join("a.json.sealing"), &MAGIC[..5]).unwrap();
        assert_eq!(settle_twins(&dir, false).unwrap(), (0, 1));
        assert_eq!(fs::read(&draft).unwrap(), b"canary");
        let conversion = Conversion::prepare(&dir, &vault, Direction::Seal)
            .unwrap()
            .unwrap();
        assert_eq!(conversion.finish().unwrap(), 1);
        assert_eq!(
            read(&dir, &draft, Some(&vault)).unwrap().as_slice(),
            b"canary"
        );
        assert!(!has_twins(&dir));

        // A file that does not open stops opening before any twin is written.
        fs::write(
            dir.drafts().join("b.json"),
            Vault::generate().seal_file("drafts/b.json", b"x"),
        )
        .unwrap();
        let stuck = Conversion::prepare(&dir, &vault, Direction::Open)
            .unwrap()
            .unwrap_err();
        assert_eq!(stuck, vec![dir.drafts().join("b.json")]);
        assert!(!has_twins(&dir));
    }

    #[test]
    fn nothing_is_written_in_a_form_the_journal_no_longer_has() {
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(root.path())).unwrap();
        secure_fs::private_dir(&dir.drafts()).unwrap();
        let draft = dir.drafts().join("a.json");
        // A plain journal: a sealed write is refused (its key is not the journal's).
        let vault = Vault::generate();
        let error = write(&dir, &draft, b"text", Some(&vault)).unwrap_err();
        assert!(
            error.to_string().contains("changed by another between"),
            "{error}"
        );
        write(&dir, &draft, b"text", None).unwrap();
        // Encrypted meanwhile: a plain write is refused, a sealed one with its key works.
        let header =
            crate::vault::Header::with_kdf(&vault, "words", crate::vault::Header::test_kdf());
        fs::write(dir.journal(), crate::journal::record::header_line(&header)).unwrap();
        assert!(write(&dir, &draft, b"text", None).is_err());
        assert!(write(&dir, &draft, b"text", Some(&Vault::generate())).is_err());
        write(&dir, &draft, b"text", Some(&vault)).unwrap();
        assert!(is_sealed(&fs::read(&draft).unwrap()));
    }
}
