//! The synced folder's `vault.json`: the one place where an encrypted synced journal's
//! data key is wrapped by the passphrase.
//!
//! Every device's log is sealed with the same data key; each log's header names its
//! device and holds no wrapped key (see [`crate::vault::Header::for_replica`]). So the
//! passphrase is asked against this file on every device. `between passwd` on one
//! device writes a new key here, carrying the old ones it replaced (see
//! `store::rotate_synced`). It is the one file more than one device may write (only
//! `passwd` does).

use std::io;
use std::path::PathBuf;

use super::folder::SyncFolder;
use crate::secure_fs;
use crate::vault::Header;

/// The file's name, at the top of the synced folder.
pub const NAME: &str = "vault.json";

/// The most the file may take: a header is a few hundred bytes.
const CAP: secure_fs::Cap = secure_fs::Cap {
    what: "the synced journal's key file (vault.json)",
    bytes: 16 * 1024,
};

/// Why the synced folder's key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VaultFileError {
    /// It could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// It is not a key file.
    #[error(
        "{} is damaged ({reason}), so the journal cannot be opened; nothing was changed. \
         Copy vault.json again from another device's synced folder, or restore it from a \
         backup",
        path.display()
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong, in words.
        reason: String,
    },
    /// The logs are sealed but the key file is not there.
    #[error(
        "this journal is encrypted, but its key file {} is missing: wait until your sync \
         engine has copied it here, or copy vault.json from another device's synced folder; \
         nothing was changed",
        path.display()
    )]
    Missing {
        /// Where it should be.
        path: PathBuf,
    },
}

/// Where the key file of the journal in `folder` is.
pub fn path(folder: &SyncFolder) -> PathBuf {
    folder.root().join(NAME)
}

/// The wrapped key of the journal in `folder`; `None` if the journal is not encrypted.
pub fn load(folder: &SyncFolder) -> Result<Option<Header>, VaultFileError> {
    let path = path(folder);
    let bytes = match secure_fs::read_capped(&path, CAP) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(VaultFileError::Io {
                action: "read",
                path,
                source,
            });
        }
    };
    let header: Header = serde_json::from_slice(&bytes).map_err(|e| VaultFileError::Damaged {
        path: path.clone(),
        reason: crate::sanitize::text(&e.to_string()).into_owned(),
    })?;
    if header.key.is_empty() || header.replica.is_some() {
        return Err(VaultFileError::Damaged {
            path,
            reason: "it holds a device's log header, not the wrapped key".into(),
        });
    }
    Ok(Some(header))
}

/// Writes `header` (made with [`Header::shared`]) as the journal's key file, atomically.
pub fn save(folder: &SyncFolder, header: &Header) -> Result<(), VaultFileError> {
    let path = path(folder);
    let mut bytes = serde_json::to_vec_pretty(header).expect("a header is plain data");
    bytes.push(b'\n');
    secure_fs::write_atomic(&path, &bytes).map_err(|source| VaultFileError::Io {
        action: "write",
        path,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    #[test]
    fn the_key_file_keeps_the_wrapped_key_and_refuses_anything_else() {
        let folder = tempfile::tempdir().unwrap();
        let synced = SyncFolder::new(folder.path());
        assert!(load(&synced).unwrap().is_none());
        let vault = Vault::generate();
        let header = Header::with_kdf(&vault, "words", Header::test_kdf()).shared();
        save(&synced, &header).unwrap();
        let loaded = load(&synced).unwrap().unwrap();
        assert_eq!(loaded.unlock("words").unwrap(), vault);
        // A device's log header in its place holds no key.
        let log_header = header.for_replica("01JAAAAAAAAAAAAAAAAAAAAAAA");
        std::fs::write(path(&synced), serde_json::to_vec(&log_header).unwrap()).unwrap();
        let error = load(&synced).unwrap_err().to_string();
        assert!(
            error.contains("vault.json") && error.contains("damaged"),
            "{error}"
        );
        std::fs::write(path(&synced), b"{ not json").unwrap();
        assert!(matches!(load(&synced), Err(VaultFileError::Damaged { .. })));
    }
}
