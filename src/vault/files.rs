//! The files besides the log that hold journal text (drafts, the quarantine, reports):
//! sealed whole when the journal is encrypted, under their name in the data directory,
//! so a sealed draft cannot be passed off as another.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::Vault;
use crate::data_dir::DataDir;
use crate::secure_fs;

/// How a sealed file starts.
pub const MAGIC: &[u8] = b"between-sealed-2\n";

/// Whether `bytes` are a sealed file.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The directories whose files hold journal text.
pub fn text_dirs(dir: &DataDir) -> [PathBuf; 3] {
    [dir.drafts(), dir.quarantine(), dir.reports()]
}

/// The name a file is sealed under: its path inside the data directory.
fn name_in(dir: &DataDir, path: &Path) -> String {
    path.strip_prefix(dir.root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
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

/// Reads the file at `path`, opening it if it is sealed. A plain file is read as it
/// is, also when a key is given: it was written before encryption was turned on.
pub fn read(
    dir: &DataDir,
    path: &Path,
    vault: Option<&Vault>,
) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let bytes = Zeroizing::new(fs::read(path)?);
    if !is_sealed(&bytes) {
        return Ok(bytes);
    }
    vault
        .and_then(|vault| vault.open_file(&name_in(dir, path), &bytes))
        .ok_or(ReadError::Sealed)
}

/// Writes `bytes` to `path` atomically (0600), sealed when a key is given.
pub fn write(dir: &DataDir, path: &Path, bytes: &[u8], vault: Option<&Vault>) -> io::Result<()> {
    match vault {
        Some(vault) => secure_fs::write_atomic(path, &vault.seal_file(&name_in(dir, path), bytes)),
        None => secure_fs::write_atomic(path, bytes),
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

/// Seals (or opens) every file in the text directories that is not sealed (or is),
/// each replaced atomically. Returns how many files were changed. A sealed file this
/// key does not open is left as it is.
pub fn convert(dir: &DataDir, vault: &Vault, direction: Direction) -> io::Result<usize> {
    let mut changed = 0;
    for folder in text_dirs(dir) {
        let listing = match fs::read_dir(&folder) {
            Ok(listing) => listing,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for item in listing {
            let item = item?;
            if !item.file_type()?.is_file() || item.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = item.path();
            let bytes = Zeroizing::new(fs::read(&path)?);
            let name = name_in(dir, &path);
            let new = match (direction, is_sealed(&bytes)) {
                (Direction::Seal, false) => vault.seal_file(&name, &bytes),
                (Direction::Open, true) => match vault.open_file(&name, &bytes) {
                    Some(plain) => plain.to_vec(),
                    None => continue,
                },
                _ => continue,
            };
            secure_fs::write_atomic(&path, &new)?;
            changed += 1;
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(convert(&dir, &vault, Direction::Seal).unwrap(), 2);
        assert!(is_sealed(&fs::read(&draft).unwrap()));
        assert_eq!(convert(&dir, &vault, Direction::Seal).unwrap(), 0);
        assert_eq!(
            read(&dir, &draft, Some(&vault)).unwrap().as_slice(),
            b"canary draft"
        );
        assert!(matches!(read(&dir, &draft, None), Err(ReadError::Sealed)));
        assert_eq!(convert(&dir, &vault, Direction::Open).unwrap(), 2);
        assert_eq!(fs::read(&report).unwrap(), b"canary report");
    }
}
