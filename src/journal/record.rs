//! One line of the journal log: a new revision of an entry, or a tombstone.
//!
//! A record is a plain JSON object with a format version `v`, exactly one of `put` or
//! `delete`, and last a checksum `sum`: the CRC-32 (8 lowercase hex digits) of the
//! line's bytes before `,"sum"`. Any tool can still read the line as JSON, and a flipped
//! bit anywhere in it is caught.
//!
//! An encrypted journal (see [`crate::vault`]) has the same lines in a sealed form,
//! version 2: the first line is the vault header `{"v":2,"vault":{…}}`, and every
//! record after it is `{"v":2,"n":N,"sealed":"…"}`, the plain record sealed as record
//! number `N` (from 1) of this journal. The checksum ends these lines too.
//!
//! Lines are classified without trusting them: a line that is not JSON may be a write
//! torn by a crash; JSON that is not a valid record, or whose checksum does not match,
//! is corruption; a record with a higher `v` was written by a newer version of the app.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::entry::{Entry, EntryId};
use super::lineage::Lineage;
use super::seen::Seen;
use crate::vault::{Header, RecordKey, SEALED_VERSION};

/// The version of plain records, which this build writes and reads (sealed lines
/// are [`SEALED_VERSION`]).
pub const RECORD_VERSION: u32 = 1;

/// The version of an erase-old record (`erase_old`, in a synced journal only). It is
/// higher than any an earlier build knows, so such a build reads it as a record of a
/// newer between and leaves it out, saying so, rather than as damage; the rest of
/// the log is read as before (see `docs/journal-format.md`).
pub const ERASE_OLD_VERSION: u32 = 3;

/// The version of a deletion that names its lineage (see [`crate::journal::lineage`]),
/// the newest this build knows. An earlier build, which would take the unknown field
/// for damage, reads it as a record of a newer between and leaves it out, saying so.
/// A revision's lineage needs no version of its own: an earlier build reads an entry's
/// fields it does not know past.
pub const LINEAGE_VERSION: u32 = 4;

/// A tombstone: the entry with this id was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    /// The deleted entry.
    pub id: EntryId,
    /// When it was deleted.
    pub at: DateTime<FixedOffset>,
    /// In a synced journal, the revision the deletion is (one more than the latest it
    /// deleted), so that it is ordered among the entry's revisions like an edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// In a synced journal, the other devices' revisions it deleted (see
    /// [`crate::journal::seen`]).
    #[serde(default, skip_serializing_if = "Seen::is_empty")]
    pub seen: Seen,
    /// In a synced journal, every revision of the entry it was made over, as digests
    /// (see [`crate::journal::lineage`]). A deletion that names them is a record of
    /// version [`LINEAGE_VERSION`].
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    pub lineage: Lineage,
}

impl Tombstone {
    /// A tombstone of the entry `id`, now, on a device of its own.
    pub fn now(id: EntryId) -> Self {
        Self {
            id,
            at: super::entry::now(),
            revision: None,
            seen: Seen::default(),
            lineage: Lineage::default(),
        }
    }

    /// Its lineage, when it is known: a deletion from before syncing (no revision)
    /// came after every revision of its log, and names no history.
    pub fn known_lineage(&self) -> Option<&Lineage> {
        self.revision.and_then(|number| self.lineage.known(number))
    }

    /// Its digest, as later revisions' lineages name it.
    pub fn digest(&self) -> u64 {
        crate::journal::lineage::digest(self.revision.unwrap_or(0), &self.at)
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Format version.
    pub v: u32,
    /// A new revision of an entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Entry>,
    /// A deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Tombstone>,
    /// In a synced journal, an erasure: every device rewrites its own log without the
    /// entry (see `docs/sync.md`). It holds an id and a time, no text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase: Option<Tombstone>,
    /// In a synced journal, an erasure of an entry's older revisions (`journal edit
    /// --erase-old`, see `docs/sync.md`): its `seen` names, for each device, the latest
    /// of that device's revisions of the entry to erase (the revisions a kept one
    /// supersedes), and `revision` is the kept one's. No text. Version
    /// [`ERASE_OLD_VERSION`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase_old: Option<Tombstone>,
    /// The checksum, as read; written by [`Record::to_line`], checked by [`classify`].
    #[serde(default, skip_serializing)]
    pub sum: Option<String>,
}

/// The bytes that end a line after its checksummed part: `,"sum":"` … `"}`.
const SUM_PREFIX: &[u8] = b",\"sum\":\"";
const SUM_LEN: usize = SUM_PREFIX.len() + 8 + 2;

impl Record {
    /// A record saving `entry`.
    pub fn put(entry: Entry) -> Self {
        Self {
            v: RECORD_VERSION,
            put: Some(entry),
            delete: None,
            erase: None,
            erase_old: None,
            sum: None,
        }
    }

    /// A record deleting the entry `id` now.
    pub fn delete(id: EntryId) -> Self {
        Self {
            v: RECORD_VERSION,
            put: None,
            delete: Some(Tombstone::now(id)),
            erase: None,
            erase_old: None,
            sum: None,
        }
    }

    /// A record deleting the entry as `tombstone` says.
    pub fn tombstone(tombstone: Tombstone) -> Self {
        Self {
            v: match tombstone.lineage.is_empty() {
                true => RECORD_VERSION,
                false => LINEAGE_VERSION,
            },
            put: None,
            delete: Some(tombstone),
            erase: None,
            erase_old: None,
            sum: None,
        }
    }

    /// A record saying the entry `id` was erased: every device drops it from its log.
    pub fn erase(id: EntryId) -> Self {
        Self {
            v: RECORD_VERSION,
            put: None,
            delete: None,
            erase: Some(Tombstone::now(id)),
            erase_old: None,
            sum: None,
        }
    }

    /// A record saying which older revisions of an entry are erased (see
    /// [`Record::erase_old`]).
    pub fn erase_old(erased: Tombstone) -> Self {
        Self {
            v: ERASE_OLD_VERSION,
            put: None,
            delete: None,
            erase: None,
            erase_old: Some(erased),
            sum: None,
        }
    }

    /// The id of the entry the record is about.
    pub fn id(&self) -> Option<&EntryId> {
        match (&self.put, &self.delete, &self.erase, &self.erase_old) {
            (Some(entry), None, None, None) => Some(&entry.id),
            (None, Some(t), None, None)
            | (None, None, Some(t), None)
            | (None, None, None, Some(t)) => Some(&t.id),
            _ => None,
        }
    }

    /// The record as one line of JSON ending in its checksum, with its newline.
    pub fn to_line(&self) -> Vec<u8> {
        with_sum(json(self))
    }

    /// The record sealed as record `number` of the file `key` is for, as one line.
    pub fn to_sealed_line(&self, key: &RecordKey, number: u64) -> Vec<u8> {
        let plain = zeroize::Zeroizing::new(json(self));
        let sealed = BASE64.encode(key.seal(number, &plain));
        with_sum(json(&SealedLine {
            v: SEALED_VERSION,
            vault: None,
            n: Some(number),
            sealed: Some(sealed),
            sum: None,
        }))
    }
}

/// The first line of an encrypted journal: its vault header.
pub fn header_line(header: &Header) -> Vec<u8> {
    with_sum(json(&SealedLine {
        v: SEALED_VERSION,
        vault: Some(header.clone()),
        n: None,
        sealed: None,
        sum: None,
    }))
}

fn json(value: &impl Serialize) -> Vec<u8> {
    // Serialising these types cannot fail: no maps with non-string keys.
    serde_json::to_vec(value).unwrap_or_default()
}

/// Ends a line of JSON with its checksum and a newline.
fn with_sum(mut line: Vec<u8>) -> Vec<u8> {
    line.pop(); // the closing brace; the checksum goes before it
    let sum = crc32fast::hash(&line);
    line.extend_from_slice(SUM_PREFIX);
    line.extend_from_slice(format!("{sum:08x}\"}}\n").as_bytes());
    line
}

/// A line of the sealed form: the header, or a sealed record.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedLine {
    v: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vault: Option<Header>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<String>,
    #[serde(default, skip_serializing)]
    sum: Option<String>,
}

/// Checks the checksum at the end of `line`: `Some(true)` if it matches, `Some(false)`
/// if it is there but wrong or malformed, `None` if the line has no checksum at the end.
fn check_sum(line: &[u8]) -> Option<bool> {
    let at = line.len().checked_sub(SUM_LEN)?;
    let (body, suffix) = line.split_at(at);
    let hex = suffix.strip_prefix(SUM_PREFIX)?.strip_suffix(b"\"}")?;
    let well_formed = hex
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
    let written = std::str::from_utf8(hex)
        .ok()
        .and_then(|h| u32::from_str_radix(h, 16).ok());
    Some(well_formed && written == Some(crc32fast::hash(body)))
}

/// What a line of the log turned out to be.
#[derive(Debug)]
pub enum Line {
    /// A valid plain record.
    Record(Box<Record>),
    /// The vault header of an encrypted journal.
    Header(Box<Header>),
    /// A sealed record that opened with the journal's key, and its number.
    Sealed {
        /// The number it was sealed as.
        number: u64,
        /// The record.
        record: Box<Record>,
    },
    /// A record of a newer format version, which this build must not rewrite.
    Newer(u32),
    /// Valid JSON that is not a valid record: corruption, never a torn write.
    Invalid(String),
    /// Not JSON at all: a torn write if it is at the end, else corruption.
    NotJson(String),
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

const CHECKSUM_WRONG: &str =
    "the checksum does not match: the line was damaged or changed outside between";

/// Classifies one line (without its newline); sealed records are opened with `key`.
pub fn classify(line: &[u8], vault: Option<&RecordKey>) -> Line {
    let sum = check_sum(line);
    // The sealed form is tried first only where it is likely, so a plain record is
    // parsed once (a failed attempt costs an error message).
    let sealed_first = line.starts_with(b"{\"v\":2,");
    if sealed_first && let Ok(sealed) = serde_json::from_slice::<SealedLine>(line) {
        return classify_sealed(sealed, sum, vault);
    }
    let plain = serde_json::from_slice::<Record>(line);
    if plain.is_err()
        && !sealed_first
        && let Ok(sealed) = serde_json::from_slice::<SealedLine>(line)
    {
        return classify_sealed(sealed, sum, vault);
    }
    match plain {
        Ok(_) if sum == Some(false) => Line::Invalid(CHECKSUM_WRONG.into()),
        Ok(record) if record.v > LINEAGE_VERSION => Line::Newer(record.v),
        Ok(record) if sum.is_none() && record.sum.is_some() => {
            Line::Invalid("the checksum is damaged".into())
        }
        Ok(record) if record.v == 0 => Line::Invalid("the version `v` is 0".into()),
        Ok(record) if record.v == SEALED_VERSION => Line::Invalid(format!(
            "a plain record of version {} must be sealed",
            record.v
        )),
        // An erase-old record is of its own version, and nothing else is of it.
        Ok(record) if (record.v == ERASE_OLD_VERSION) != record.erase_old.is_some() => {
            Line::Invalid(format!(
                "`erase_old` goes with version {ERASE_OLD_VERSION}, and only it"
            ))
        }
        // So is a deletion that names its lineage; no other record names one.
        Ok(record) if (record.v == LINEAGE_VERSION) != names_lineage(&record.delete) => {
            Line::Invalid(format!(
                "a deletion's `lineage` goes with version {LINEAGE_VERSION}, and only it"
            ))
        }
        Ok(record)
            if [&record.erase, &record.erase_old]
                .into_iter()
                .any(names_lineage) =>
        {
            Line::Invalid("only a deletion names a `lineage`".into())
        }
        Ok(record) => {
            let Some(id) = record.id() else {
                return Line::Invalid(
                    "a record needs exactly one of `put`, `delete`, `erase` or `erase_old`".into(),
                );
            };
            if EntryId::parse(id.as_str()).as_ref() != Some(id) {
                return Line::Invalid("the id is not a ULID in capitals (26 characters)".into());
            }
            Line::Record(Box::new(record))
        }
        Err(error) => match serde_json::from_slice::<VersionOnly>(line) {
            Ok(VersionOnly { v }) if v > LINEAGE_VERSION => Line::Newer(v),
            // Messages name a column, never quote the line: it holds private text.
            _ if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok() => {
                Line::Invalid(format!("not a valid record (column {})", error.column()))
            }
            _ => Line::NotJson(format!("not complete JSON (column {})", error.column())),
        },
    }
}

fn names_lineage(tombstone: &Option<Tombstone>) -> bool {
    tombstone.as_ref().is_some_and(|t| !t.lineage.is_empty())
}

/// Classifies a line of the sealed form, opening a sealed record with `vault`.
fn classify_sealed(line: SealedLine, sum: Option<bool>, vault: Option<&RecordKey>) -> Line {
    match (sum, &line.sum) {
        (Some(false), _) => return Line::Invalid(CHECKSUM_WRONG.into()),
        (None, Some(_)) => return Line::Invalid("the checksum is damaged".into()),
        _ => {}
    }
    if line.v > SEALED_VERSION {
        return Line::Newer(line.v);
    }
    if line.v != SEALED_VERSION {
        return Line::Invalid(format!("a sealed line of version {} is not known", line.v));
    }
    match (line.vault, line.n, line.sealed) {
        (Some(header), None, None) => Line::Header(Box::new(header)),
        (None, Some(number), Some(sealed)) => {
            let Some(vault) = vault else {
                return Line::Invalid("an encrypted record, and no key to open it".into());
            };
            let plain = BASE64
                .decode(sealed)
                .ok()
                .and_then(|bytes| vault.open(number, &bytes));
            let Some(plain) = plain else {
                return Line::Invalid(format!(
                    "record {number} does not open with this journal's key: it was changed, \
                     or comes from another journal or an older copy of this one"
                ));
            };
            match classify(&plain, None) {
                Line::Record(record) => Line::Sealed { number, record },
                Line::Newer(v) => Line::Newer(v),
                _ => Line::Invalid(format!("record {number} opened but is not a valid record")),
            }
        }
        _ => Line::Invalid("a sealed line needs either `vault`, or `n` and `sealed`".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_ends_with_its_checksum_and_classifies_as_a_record() {
        let line = Record::put(Entry::note("hello".into())).to_line();
        let text = std::str::from_utf8(&line).unwrap();
        assert!(text.starts_with("{\"v\":1,\"put\":{"), "{text}");
        assert!(text.ends_with("\"}\n"));
        let body = &line[..line.len() - 1];
        assert!(matches!(classify(body, None), Line::Record(_)));
        // Still plain JSON for any tool.
        let value: serde_json::Value = serde_json::from_slice(body).unwrap();
        assert_eq!(value["put"]["answers"][0]["value"]["text"], "hello");
    }

    #[test]
    fn every_single_bit_flip_is_caught() {
        let line = Record::put(Entry::note("hello".into())).to_line();
        let body = &line[..line.len() - 1];
        for byte in 0..body.len() {
            for bit in 0..8 {
                let mut flipped = body.to_vec();
                flipped[byte] ^= 1 << bit;
                assert!(
                    !matches!(classify(&flipped, None), Line::Record(_)),
                    "flip of bit {bit} in byte {byte} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn a_sealed_line_opens_only_whole_at_its_number() {
        let vault = crate::vault::Vault::generate();
        let header = Header::with_kdf(&vault, "words", Header::test_kdf());
        let vault = RecordKey::new(&vault, &header).unwrap();
        let line = Record::put(Entry::note("hello".into())).to_sealed_line(&vault, 3);
        let body = &line[..line.len() - 1];
        assert!(!String::from_utf8_lossy(body).contains("hello"));
        assert!(matches!(
            classify(body, Some(&vault)),
            Line::Sealed { number: 3, .. }
        ));
        assert!(matches!(classify(body, None), Line::Invalid(_)));
        for byte in 0..body.len() {
            for bit in 0..8 {
                let mut flipped = body.to_vec();
                flipped[byte] ^= 1 << bit;
                assert!(
                    !matches!(classify(&flipped, Some(&vault)), Line::Sealed { .. }),
                    "flip of bit {bit} in byte {byte} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn an_id_that_is_not_a_ulid_is_invalid() {
        for id in ["short", "é", "01j0000000000000000000000a"] {
            let line =
                format!(r#"{{"v":1,"delete":{{"id":"{id}","at":"2026-01-01T10:00:00+01:00"}}}}"#);
            assert!(
                matches!(classify(line.as_bytes(), None), Line::Invalid(_)),
                "{id}"
            );
        }
    }

    #[test]
    fn a_deletion_that_names_its_lineage_is_of_its_own_version() {
        let mut deletion = Tombstone::now(EntryId::generate());
        deletion.revision = Some(3);
        deletion.lineage = crate::journal::lineage::Lineage::from_digests([7, 9]);
        let line = Record::tombstone(deletion.clone()).to_line();
        let text = std::str::from_utf8(&line).unwrap();
        assert!(text.starts_with("{\"v\":4,\"delete\":{"), "{text}");
        let body = &line[..line.len() - 1];
        match classify(body, None) {
            Line::Record(record) => assert_eq!(record.delete, Some(deletion.clone())),
            other => panic!("{other:?}"),
        }
        // Without a lineage a deletion stays of version 1, as earlier builds read it.
        deletion.lineage = Default::default();
        let plain = Record::tombstone(deletion).to_line();
        assert!(plain.starts_with(b"{\"v\":1,"));
        // The lineage at version 1, or version 4 without it, is damage.
        let unsummed = |line: &[u8]| {
            let text = std::str::from_utf8(line).unwrap();
            format!("{}}}", &text[..text.find(",\"sum\"").unwrap()])
        };
        let at_one = unsummed(&line).replacen("\"v\":4", "\"v\":1", 1);
        assert!(matches!(
            classify(at_one.as_bytes(), None),
            Line::Invalid(_)
        ));
        let bare = unsummed(&plain).replacen("\"v\":1", "\"v\":4", 1);
        assert!(matches!(classify(bare.as_bytes(), None), Line::Invalid(_)));
    }

    #[test]
    fn an_erase_old_record_is_of_its_own_version_and_names_no_text() {
        let mut erased = Tombstone::now(EntryId::generate());
        erased.revision = Some(3);
        let line = Record::erase_old(erased).to_line();
        let text = std::str::from_utf8(&line).unwrap();
        assert!(text.starts_with("{\"v\":3,\"erase_old\":{"), "{text}");
        let body = &line[..line.len() - 1];
        assert!(matches!(classify(body, None), Line::Record(_)));
        // Another kind at that version, or the record at another, is damage; a
        // version above it is a newer between's.
        let put = serde_json::to_string(&Record::put(Entry::note("hello".into()))).unwrap();
        let put = put.replacen("\"v\":1", "\"v\":3", 1);
        assert!(matches!(classify(put.as_bytes(), None), Line::Invalid(_)));
        let at_one = String::from_utf8(body.to_vec()).unwrap();
        let at_one = &at_one[..at_one.find(",\"sum\"").unwrap()];
        let at_one = format!("{}}}", at_one.replacen("\"v\":3", "\"v\":1", 1));
        assert!(matches!(
            classify(at_one.as_bytes(), None),
            Line::Invalid(_)
        ));
        let newer = br#"{"v":5,"erase_old":{"id":"01J0000000000000000000000A","at":"2026-01-01T10:00:00+01:00"}}"#;
        assert!(matches!(classify(newer, None), Line::Newer(5)));
    }

    #[test]
    fn a_record_without_a_checksum_is_accepted() {
        let line = br#"{"v":1,"delete":{"id":"01J0000000000000000000000A","at":"2026-01-01T10:00:00+01:00"}}"#;
        assert!(matches!(classify(line, None), Line::Record(_)));
    }
}
