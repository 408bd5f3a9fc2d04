//! Optional encryption at rest.
//!
//! A passphrase goes through Argon2id to a key that wraps a random data key (see
//! [`header`]); the data key seals each journal record on its own with
//! XChaCha20-Poly1305 and a random nonce, and seals the other files that hold journal
//! text (drafts, the quarantine, reports). The associated data binds every sealed
//! thing to its journal and its place (a record's number, a file's name), so a record
//! moved, swapped or copied from another journal does not open.
//!
//! Keys live in zeroizing memory and are never printed; while one is in memory the
//! process makes no core dump and cannot be traced by other processes of the user.

pub mod header;
pub mod passphrase;

/// How a sealed file starts.
pub const MAGIC: &[u8] = b"between-sealed-2\n";

use std::fmt;
use std::sync::{Arc, Once};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

pub use header::{Header, UnlockError};

/// Length of a journal id, in bytes.
pub const JOURNAL_ID_LEN: usize = 16;
/// Length of a data key, in bytes.
pub const KEY_LEN: usize = 32;
/// Length of a nonce, in bytes.
pub const NONCE_LEN: usize = 24;
/// Length of an authentication tag, in bytes.
pub const TAG_LEN: usize = 16;

/// The format version of sealed records and of the header line.
pub const SEALED_VERSION: u32 = 2;

/// The unlocked data key of one journal. Cloning shares it; the last clone dropped
/// wipes it from memory.
#[derive(Clone)]
pub struct Vault(Arc<Secret>);

struct Secret {
    key: Zeroizing<[u8; KEY_LEN]>,
    journal: [u8; JOURNAL_ID_LEN],
    /// The keys this one replaced (`passwd` in a synced journal), newest first: logs
    /// and files sealed before the change are read with them until they are sealed
    /// anew. Nothing is ever sealed with them.
    previous: Vec<Vault>,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vault(…)")
    }
}

impl PartialEq for Vault {
    fn eq(&self, other: &Self) -> bool {
        self.0.journal == other.0.journal && self.0.key[..] == other.0.key[..]
    }
}

/// Fills `bytes` from the system's random source.
pub fn random(bytes: &mut [u8]) {
    // The system's random source does not fail on Linux once booted; if it ever did,
    // sealing with a predictable nonce would be worse than stopping.
    getrandom::fill(bytes).expect("the system's random source failed");
}

/// Turns off core dumps and tracing by other processes, once: before a passphrase is
/// asked for, and before a key is held.
pub fn guard_process() {
    static GUARD: Once = Once::new();
    GUARD.call_once(|| {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: plain system calls with valid arguments; failure only leaves the
        // defaults in place.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        }
    });
}

/// Seals `plaintext` with `key`, bound to `aad`: a random nonce, then the ciphertext.
fn seal_with(key: &[u8; KEY_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0; NONCE_LEN];
    random(&mut nonce);
    let sealed = XChaCha20Poly1305::new(&Key::from(*key))
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        // Encryption fails only for messages beyond 256 GiB.
        .expect("a message too large to seal");
    [&nonce[..], &sealed].concat()
}

/// Opens what [`seal_with`] sealed; `None` if the key, the data or `aad` differ.
fn open_with(key: &[u8; KEY_LEN], aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    XChaCha20Poly1305::new(&Key::from(*key))
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

impl Vault {
    /// A vault holding `key` for the journal `journal`.
    fn new(key: Zeroizing<[u8; KEY_LEN]>, journal: [u8; JOURNAL_ID_LEN]) -> Self {
        guard_process();
        Self(Arc::new(Secret {
            key,
            journal,
            previous: Vec::new(),
        }))
    }

    /// The same key, reading what `previous` (the keys it replaced) sealed too.
    pub(crate) fn with_previous(&self, previous: Vec<Vault>) -> Self {
        Self(Arc::new(Secret {
            key: self.0.key.clone(),
            journal: self.0.journal,
            previous,
        }))
    }

    /// The keys this one replaced, newest first (see [`header::Header::rotated`]).
    pub fn previous(&self) -> &[Vault] {
        &self.0.previous
    }

    /// The key, this one or one it replaced, of the journal id `header` names.
    pub fn for_header(&self, header: &Header) -> Option<&Vault> {
        std::iter::once(self)
            .chain(self.previous())
            .find(|vault| header.is_for(vault))
    }

    /// A new random data key for a new journal id.
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0; KEY_LEN]);
        random(&mut key[..]);
        let mut journal = [0; JOURNAL_ID_LEN];
        random(&mut journal);
        Self::new(key, journal)
    }

    /// The journal this key belongs to.
    pub fn journal_id(&self) -> [u8; JOURNAL_ID_LEN] {
        self.0.journal
    }

    fn file_aad(&self, name: &str) -> Vec<u8> {
        [&b"between/file"[..], &self.0.journal, name.as_bytes()].concat()
    }

    /// Seals the contents of the file `name` (its path inside the data directory).
    pub fn seal_file(&self, name: &str, plaintext: &[u8]) -> Vec<u8> {
        [
            MAGIC,
            &seal_with(&self.0.key, &self.file_aad(name), plaintext),
        ]
        .concat()
    }

    /// Opens a file sealed by [`Vault::seal_file`] under the same name, with this key
    /// or one it replaced (a draft or report sealed before `passwd` changed the key;
    /// it is sealed with this one when it is next written).
    pub fn open_file(&self, name: &str, bytes: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let sealed = bytes.strip_prefix(MAGIC)?;
        std::iter::once(self)
            .chain(self.previous())
            .find_map(|vault| open_with(&vault.0.key, &vault.file_aad(name), sealed))
    }
}

/// The key to one file of an encrypted journal: the data key and the file's log id.
/// The log id is new each time the file is rewritten (compaction, `passwd`), and is
/// bound into every record with the journal id and the record's number, so a record
/// from an older copy of the journal does not open in the current one.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordKey {
    vault: Vault,
    log: [u8; JOURNAL_ID_LEN],
    replica: Option<String>,
}

impl RecordKey {
    /// The key for the file whose header is `header`; `None` if the header belongs to
    /// another journal or its log id is malformed.
    pub fn new(vault: &Vault, header: &Header) -> Option<Self> {
        let log = header::unhex(&header.log)?;
        header.is_for(vault).then(|| Self {
            vault: vault.clone(),
            log,
            replica: header.replica.clone(),
        })
    }

    /// The data key.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Whether `header` is the header of the file this key is for.
    pub fn fits(&self, header: &Header) -> bool {
        header.is_for(&self.vault)
            && header::unhex(&header.log) == Some(self.log)
            && header.replica == self.replica
    }

    /// The device whose log this key opens, in a synced journal.
    pub fn replica(&self) -> Option<&str> {
        self.replica.as_deref()
    }

    fn aad(&self, number: u64) -> Vec<u8> {
        let mut aad = [
            &b"between/record"[..],
            &SEALED_VERSION.to_le_bytes(),
            &self.vault.0.journal,
            &self.log,
            &number.to_le_bytes(),
        ]
        .concat();
        // A journal on one device binds no replica, as before synced journals were.
        if let Some(replica) = &self.replica {
            aad.extend_from_slice(b"between/replica");
            aad.extend_from_slice(replica.as_bytes());
        }
        aad
    }

    /// Seals record number `number` (from 1): nonce, then ciphertext.
    pub fn seal(&self, number: u64, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.vault.0.key, &self.aad(number), plaintext)
    }

    /// Opens record number `number`; `None` if it was changed, or sealed for another
    /// place, another copy or another journal.
    pub fn open(&self, number: u64, sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        open_with(&self.vault.0.key, &self.aad(number), sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_key(vault: &Vault) -> (Header, RecordKey) {
        let header = Header::with_kdf(vault, "words", Header::test_kdf());
        let key = RecordKey::new(vault, &header).unwrap();
        (header, key)
    }

    #[test]
    fn records_open_only_at_their_number_in_their_copy_of_their_journal() {
        let vault = Vault::generate();
        let (header, key) = record_key(&vault);
        let (_, other) = record_key(&Vault::generate());
        let sealed = key.seal(7, b"secret");
        assert_eq!(key.open(7, &sealed).unwrap().as_slice(), b"secret");
        assert!(key.open(8, &sealed).is_none());
        assert!(other.open(7, &sealed).is_none());
        let rewritten = RecordKey::new(&vault, &header.renewed()).unwrap();
        assert!(
            rewritten.open(7, &sealed).is_none(),
            "an older copy's record"
        );
        assert!(key.fits(&header) && !rewritten.fits(&header));
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert!(key.open(7, &flipped).is_none());
        // Two seals of the same text differ (random nonces).
        assert_ne!(sealed, key.seal(7, b"secret"));
    }

    #[test]
    fn a_synced_devices_records_open_only_in_that_devices_log() {
        let vault = Vault::generate();
        let (header, _) = record_key(&vault);
        let mine = header.for_replica("01JAAAAAAAAAAAAAAAAAAAAAAA");
        let key = RecordKey::new(&vault, &mine).unwrap();
        let sealed = key.seal(3, b"secret");
        assert_eq!(key.open(3, &sealed).unwrap().as_slice(), b"secret");
        // The same log id under another device's name: the header was edited.
        let moved = Header {
            replica: Some("01JBBBBBBBBBBBBBBBBBBBBBBB".into()),
            ..mine.clone()
        };
        let other = RecordKey::new(&vault, &moved).unwrap();
        assert!(other.open(3, &sealed).is_none());
        assert!(!key.fits(&moved));
        // Without a device, as on one device: no more either.
        let alone = RecordKey::new(
            &vault,
            &Header {
                replica: None,
                ..mine.clone()
            },
        )
        .unwrap();
        assert!(alone.open(3, &sealed).is_none());
        // A device's log header holds no wrapped key; the shared one does, and no device.
        assert!(mine.key.is_empty() && !header.shared().key.is_empty());
        assert_eq!(header.shared().replica, None);
        assert_eq!(header.shared().unlock("words").unwrap(), vault);
    }

    #[test]
    fn files_open_only_under_their_name() {
        let vault = Vault::generate();
        let sealed = vault.seal_file("drafts/a.json", b"text");
        assert!(sealed.starts_with(MAGIC));
        assert_eq!(
            vault
                .open_file("drafts/a.json", &sealed)
                .unwrap()
                .as_slice(),
            b"text"
        );
        assert!(vault.open_file("drafts/b.json", &sealed).is_none());
        assert!(!format!("{vault:?}").contains(|c: char| c.is_ascii_digit()));
    }
}
