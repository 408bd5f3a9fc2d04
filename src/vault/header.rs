//! The vault header: the first line of an encrypted journal. It holds the key
//! derivation's parameters and salt, and the data key wrapped by the key the
//! passphrase gives. Changing the passphrase rewraps only the data key.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{JOURNAL_ID_LEN, KEY_LEN, NONCE_LEN, TAG_LEN, Vault};

/// The only key derivation this build knows.
pub const ARGON2ID: &str = "argon2id";

/// Memory for a new header: 64 MiB.
pub const DEFAULT_MEMORY_KIB: u32 = 64 * 1024;
/// Passes for a new header.
pub const DEFAULT_PASSES: u32 = 3;
/// Lanes for a new header.
pub const DEFAULT_LANES: u32 = 4;

/// The most memory a header may ask for (1 GiB): a header asking more is refused
/// before anything is allocated.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
/// The most passes a header may ask for.
pub const MAX_PASSES: u32 = 32;
/// The most lanes a header may ask for.
pub const MAX_LANES: u32 = 16;
/// The most work a header may ask for, memory times passes (in KiB): 4 GiB, e.g.
/// 1 GiB for 4 passes or 128 MiB for 32; about 20 times the default.
pub const MAX_WORK_KIB: u64 = 4 * 1024 * 1024;

const SALT_LEN: usize = 16;

/// Argon2id's parameters and salt, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// Always `argon2id`.
    pub algorithm: String,
    /// Memory cost in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub passes: u32,
    /// Degree of parallelism.
    pub lanes: u32,
    /// The salt, base64.
    pub salt: String,
}

/// The header of an encrypted journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The journal's id, 32 hex digits; bound into every sealed record.
    pub journal: String,
    /// How the passphrase becomes a key.
    pub kdf: Kdf,
    /// The data key, sealed with the passphrase's key: nonce and ciphertext, base64.
    pub key: String,
    /// The id of this file of the journal, 32 hex digits, new at every rewrite; bound
    /// into every record (see [`super::RecordKey`]).
    pub log: String,
    /// In a synced journal, the device whose log this file is (its replica id); bound
    /// into every record, so a record or a whole log moved to another device's folder
    /// does not open. The data key is then wrapped only in the synced folder's
    /// `vault.json`, and `key` here is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica: Option<String>,
    /// In a synced folder's `vault.json` after `passwd`: the keys this one replaced,
    /// newest first, each wrapped by this data key (not by a passphrase), so the logs
    /// and files still sealed with one of them open with the new passphrase alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<PreviousKey>,
}

/// A data key a synced journal's key replaced, wrapped by the key that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousKey {
    /// The journal id of the old key (what the logs it sealed name).
    pub journal: String,
    /// The old data key sealed with the new one: nonce and ciphertext, base64.
    pub key: String,
}

/// Why a header did not give a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnlockError {
    /// The passphrase does not open this journal.
    #[error("that passphrase does not open this journal; nothing was changed")]
    WrongPassphrase,
    /// The header cannot be used; nothing was tried.
    #[error("the journal's encryption header is not usable: {0}")]
    BadHeader(String),
}

/// Parameters checked against the limits, ready to use.
struct Checked {
    params: Params,
    salt: Vec<u8>,
    journal: [u8; JOURNAL_ID_LEN],
}

impl Kdf {
    fn new_default() -> Self {
        let mut salt = [0; SALT_LEN];
        super::random(&mut salt);
        Self {
            algorithm: ARGON2ID.into(),
            memory_kib: DEFAULT_MEMORY_KIB,
            passes: DEFAULT_PASSES,
            lanes: DEFAULT_LANES,
            salt: BASE64.encode(salt),
        }
    }
}

fn bad(message: impl Into<String>) -> UnlockError {
    UnlockError::BadHeader(message.into())
}

impl Header {
    /// A new header for `vault`'s data key, locked with `passphrase`.
    pub fn create(vault: &Vault, passphrase: &str) -> Self {
        Self::with_kdf(vault, passphrase, Kdf::new_default())
    }

    /// A header with the given derivation parameters (tests use small ones).
    pub fn with_kdf(vault: &Vault, passphrase: &str, kdf: Kdf) -> Self {
        let mut header = Self {
            journal: hex(&vault.journal_id()),
            kdf,
            key: String::new(),
            log: String::new(),
            replica: None,
            previous: Vec::new(),
        }
        .renewed();
        // A header made here is within the limits, so checking cannot fail.
        let checked = header.check().expect("parameters within the limits");
        let kek = derive(&checked, passphrase);
        header.key = BASE64.encode(super::seal_with(
            &kek,
            &header.aad(&checked),
            &vault.0.key[..],
        ));
        header
    }

    /// The same journal and data key, locked with a new passphrase, a new salt and
    /// the default costs (whatever the old header asked for).
    pub fn rewrap(&self, vault: &Vault, passphrase: &str) -> Self {
        Self::create(vault, passphrase)
    }

    /// A new data key for the journal `old` opens, and its header locked with
    /// `passphrase`, carrying `old` and the keys it replaced, each wrapped by the new
    /// key: `passwd` in a synced journal. The new key reads what they sealed.
    pub fn rotated(old: &Vault, passphrase: &str) -> (Self, Vault) {
        let fresh = Vault::generate();
        let mut header = Self::create(&fresh, passphrase);
        let replaced: Vec<Vault> = std::iter::once(old.clone())
            .chain(old.previous().iter().cloned())
            .collect();
        header.previous = replaced
            .iter()
            .map(|vault| PreviousKey {
                journal: hex(&vault.journal_id()),
                key: BASE64.encode(super::seal_with(
                    &fresh.0.key,
                    &previous_aad(&fresh, &vault.journal_id()),
                    &vault.0.key[..],
                )),
            })
            .collect();
        let fresh = fresh.with_previous(replaced);
        (header, fresh)
    }

    /// The keys `vault` (this header's) replaced, unwrapped; an error naming the
    /// first that does not open.
    fn unwrap_previous(&self, vault: &Vault) -> Result<Vec<Vault>, UnlockError> {
        self.previous
            .iter()
            .map(|previous| {
                let journal = unhex(&previous.journal)
                    .ok_or_else(|| bad("a previous key's journal id is not 32 hex digits"))?;
                BASE64
                    .decode(&previous.key)
                    .ok()
                    .and_then(|wrapped| {
                        super::open_with(&vault.0.key, &previous_aad(vault, &journal), &wrapped)
                    })
                    .filter(|key| key.len() == KEY_LEN)
                    .map(|key| {
                        let mut data_key = Zeroizing::new([0; KEY_LEN]);
                        data_key.copy_from_slice(&key);
                        Vault::new(data_key, journal)
                    })
                    .ok_or_else(|| bad("a key it replaced does not open with it"))
            })
            .collect()
    }

    /// The same header with a new log id, for a rewritten file.
    pub fn renewed(&self) -> Self {
        let mut log = [0; JOURNAL_ID_LEN];
        super::random(&mut log);
        Self {
            log: hex(&log),
            ..self.clone()
        }
    }

    /// The header of device `replica`'s log in a synced journal whose key this header
    /// wraps: a new log id, the replica bound in, and no wrapped key (the synced
    /// folder's `vault.json` holds the only one, so a new passphrase set on one device
    /// is the only one on all of them).
    pub fn for_replica(&self, replica: &str) -> Self {
        Self {
            key: String::new(),
            replica: Some(replica.to_owned()),
            previous: Vec::new(),
            ..self.renewed()
        }
    }

    /// The same header as a synced folder's `vault.json` keeps it: the wrapped key
    /// alone, bound to no log and no device.
    pub fn shared(&self) -> Self {
        Self {
            replica: None,
            ..self.renewed()
        }
    }

    /// Small, fast parameters for tests of everything but the derivation's cost.
    pub fn test_kdf() -> Kdf {
        Kdf {
            memory_kib: 64,
            passes: 1,
            lanes: 1,
            ..Kdf::new_default()
        }
    }

    /// Checks the derivation's fields against the limits, before any memory is given
    /// to them.
    fn check(&self) -> Result<Checked, UnlockError> {
        let kdf = &self.kdf;
        if kdf.algorithm != ARGON2ID {
            return Err(bad(format!(
                "key derivation `{}` is not known (only {ARGON2ID})",
                crate::sanitize::text(&kdf.algorithm)
            )));
        }
        if kdf.memory_kib > MAX_MEMORY_KIB {
            return Err(bad(format!(
                "it asks for {} MiB of memory; at most {} MiB is allowed",
                kdf.memory_kib / 1024,
                MAX_MEMORY_KIB / 1024
            )));
        }
        if kdf.passes > MAX_PASSES {
            return Err(bad(format!(
                "it asks for {} passes; at most {MAX_PASSES} are allowed",
                kdf.passes
            )));
        }
        if u64::from(kdf.memory_kib) * u64::from(kdf.passes) > MAX_WORK_KIB {
            return Err(bad(format!(
                "it asks for {} MiB of memory over {} passes; at most {} MiB times passes \
                 is allowed",
                kdf.memory_kib / 1024,
                kdf.passes,
                MAX_WORK_KIB / 1024
            )));
        }
        if kdf.lanes > MAX_LANES {
            return Err(bad(format!(
                "it asks for {} lanes; at most {MAX_LANES} are allowed",
                kdf.lanes
            )));
        }
        let params = Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(KEY_LEN))
            .map_err(|e| bad(format!("the key derivation's parameters are invalid ({e})")))?;
        let salt = BASE64
            .decode(&kdf.salt)
            .ok()
            .filter(|s| (8..=64).contains(&s.len()))
            .ok_or_else(|| bad("the salt is not 8 to 64 bytes of base64"))?;
        let journal =
            unhex(&self.journal).ok_or_else(|| bad("the journal id is not 32 hex digits"))?;
        Ok(Checked {
            params,
            salt,
            journal,
        })
    }

    /// What the wrapped key is bound to: the journal and every derivation parameter.
    fn aad(&self, checked: &Checked) -> Vec<u8> {
        [
            &b"between/key"[..],
            &checked.journal,
            &self.kdf.memory_kib.to_le_bytes(),
            &self.kdf.passes.to_le_bytes(),
            &self.kdf.lanes.to_le_bytes(),
            &checked.salt,
        ]
        .concat()
    }

    /// Checks the header, derives the passphrase's key and unwraps the data key.
    pub fn unlock(&self, passphrase: &str) -> Result<Vault, UnlockError> {
        let checked = self.check()?;
        let wrapped = BASE64
            .decode(&self.key)
            .ok()
            .filter(|k| k.len() == NONCE_LEN + KEY_LEN + TAG_LEN)
            .ok_or_else(|| bad("the wrapped key has the wrong length"))?;
        let kek = derive(&checked, passphrase);
        let key = super::open_with(&kek, &self.aad(&checked), &wrapped)
            .ok_or(UnlockError::WrongPassphrase)?;
        let mut data_key = Zeroizing::new([0; KEY_LEN]);
        data_key.copy_from_slice(&key);
        let vault = Vault::new(data_key, checked.journal);
        if self.previous.is_empty() {
            return Ok(vault);
        }
        let previous = self.unwrap_previous(&vault)?;
        Ok(vault.with_previous(previous))
    }

    /// Whether `vault` is the key of this header's journal.
    pub fn is_for(&self, vault: &Vault) -> bool {
        unhex(&self.journal) == Some(vault.journal_id())
    }
}

/// What an old key wrapped by the key `by` is bound to: both journal ids.
fn previous_aad(by: &Vault, journal: &[u8; JOURNAL_ID_LEN]) -> Vec<u8> {
    [&b"between/previous-key"[..], &by.0.journal, journal].concat()
}

/// Argon2id of the passphrase. Parameters have been checked against the limits.
fn derive(checked: &Checked, passphrase: &str) -> Zeroizing<[u8; KEY_LEN]> {
    let mut kek = Zeroizing::new([0; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, checked.params.clone())
        .hash_password_into(passphrase.as_bytes(), &checked.salt, &mut kek[..])
        // Checked parameters, a salt of 8 to 64 bytes and a 32-byte output cannot fail.
        .expect("checked Argon2 parameters");
    kek
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn unhex(text: &str) -> Option<[u8; JOURNAL_ID_LEN]> {
    if text.len() != JOURNAL_ID_LEN * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0; JOURNAL_ID_LEN];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(vault: &Vault) -> Header {
        Header::with_kdf(vault, "correct horse", Header::test_kdf())
    }

    #[test]
    fn the_right_passphrase_unwraps_the_same_key_and_a_wrong_one_does_not() {
        let vault = Vault::generate();
        let header = header(&vault);
        assert_eq!(header.unlock("correct horse").unwrap(), vault);
        assert_eq!(
            header.unlock("correct hors").unwrap_err(),
            UnlockError::WrongPassphrase
        );
        let rewrapped = header.rewrap(&vault, "new words");
        assert_ne!(rewrapped.key, header.key);
        assert_eq!(rewrapped.journal, header.journal);
    }

    #[test]
    fn a_rotated_key_carries_the_keys_it_replaced_and_opens_what_they_sealed() {
        let first = Vault::generate();
        let (_, second) = Header::rotated(&first, "second words");
        let (header, third) = Header::rotated(&second, "third words");
        assert!(!header.is_for(&first) && !header.is_for(&second));
        let unlocked = header.unlock("third words").unwrap();
        assert_eq!(unlocked, third);
        assert_eq!(unlocked.previous(), &[second.clone(), first.clone()]);
        // A file sealed with an old key opens with the new one; one sealed under
        // another name does not.
        let sealed = first.seal_file("drafts/a.json", b"text");
        assert_eq!(
            &unlocked.open_file("drafts/a.json", &sealed).unwrap()[..],
            b"text"
        );
        assert!(unlocked.open_file("drafts/b.json", &sealed).is_none());
        // An old key wrapped for another journal, or changed, is refused by name.
        let mut swapped = header.clone();
        swapped.previous[0].journal = swapped.previous[1].journal.clone();
        let error = swapped.unlock("third words").unwrap_err();
        assert!(error.to_string().contains("replaced"), "{error}");
        // The old passphrases open nothing of it.
        assert_eq!(
            header.unlock("second words").unwrap_err(),
            UnlockError::WrongPassphrase
        );
    }

    #[test]
    fn changed_parameters_do_not_unlock() {
        let vault = Vault::generate();
        let mut header = header(&vault);
        header.kdf.passes = 2;
        assert_eq!(
            header.unlock("correct horse").unwrap_err(),
            UnlockError::WrongPassphrase
        );
    }

    #[test]
    fn absurd_costs_are_refused_before_deriving() {
        let vault = Vault::generate();
        for (memory_kib, passes, lanes, words) in [
            (4 * 1024 * 1024, 1, 1, "4096 MiB"),
            (u32::MAX, 1, 1, "MiB of memory"),
            (64, 1_000_000, 1, "1000000 passes"),
            (64 * 1024, 3, 100_000, "100000 lanes"),
            (1024 * 1024, 32, 4, "1024 MiB of memory over 32 passes"),
        ] {
            let mut header = header(&vault);
            header.kdf.memory_kib = memory_kib;
            header.kdf.passes = passes;
            header.kdf.lanes = lanes;
            // Refused by the check (a bad header), never derived (a wrong passphrase).
            let error = header.unlock("correct horse").unwrap_err();
            assert!(matches!(error, UnlockError::BadHeader(_)), "{error}");
            assert!(error.to_string().contains(words), "{error}");
        }
    }

    #[test]
    fn malformed_fields_are_named() {
        let vault = Vault::generate();
        type Change = fn(&mut Header);
        let cases: [(Change, &str); 4] = [
            (|h| h.kdf.algorithm = "scrypt".into(), "scrypt"),
            (|h| h.kdf.salt = "!!".into(), "salt"),
            (|h| h.journal = "zz".into(), "journal id"),
            (|h| h.key = "AAAA".into(), "wrapped key"),
        ];
        for (change, words) in cases {
            let mut header = header(&vault);
            change(&mut header);
            let error = header.unlock("correct horse").unwrap_err();
            assert!(error.to_string().contains(words), "{error}");
        }
    }
}
