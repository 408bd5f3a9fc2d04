//! What a revision was made over, exactly: a short digest of every earlier revision of
//! the entry in its history, every device's, its own included. It completes [`Seen`],
//! whose version vector cannot tell two machines apart that write under one device id
//! (a cloned device, before it is found): their revisions of one entry carry the same
//! id and numbers, and "a later number of the same device supersedes" would hide one
//! machine's change behind the other's. With the lineage, a revision supersedes another
//! only when the other is in its history (see `store/union.rs`).
//!
//! A digest is a 64-bit hash of the revision's number and the moment it was saved (a
//! deletion's: when it was made), never of its words: a lineage names revisions an
//! erase-old removed, and must say nothing of their text.
//!
//! A lineage is known for a revision of number 1 (it has no history: empty) and for
//! every later revision that names one. A revision of a later number with none is
//! unknown: written before lineages were, on a device of its own, or over a history
//! too long to list ([`CAP`]); the version vector alone orders it, as before.
//!
//! [`Seen`]: super::seen::Seen

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most revisions a lineage lists; an entry changed more often than that has an
/// unknown lineage from then on (each record would otherwise grow with every change).
pub const CAP: usize = 64;

/// The digests of the revisions a revision was made over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lineage(BTreeSet<u64>);

impl Lineage {
    /// Whether it lists nothing (a first revision, or an unknown lineage).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether it lists the revision of digest `digest`.
    pub fn contains(&self, digest: u64) -> bool {
        self.0.contains(&digest)
    }

    /// Whether it lists the revision `revision` saved at `at` (a first revision's
    /// empty lineage lists nothing, and makes no digest to say so).
    pub fn names(&self, revision: u32, at: &DateTime<FixedOffset>) -> bool {
        !self.is_empty() && self.contains(digest(revision, at))
    }

    /// How many revisions it lists.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The lineage of a revision made over `heads` (each a revision's digest and its
    /// known lineage, `None` when unknown): all of them and their histories; empty
    /// (unknown) when one of them is unknown or the whole is longer than [`CAP`].
    pub fn over<'a>(heads: impl IntoIterator<Item = (u64, Option<&'a Lineage>)>) -> Self {
        let mut all = BTreeSet::new();
        for (digest, lineage) in heads {
            let Some(lineage) = lineage else {
                return Self::default();
            };
            all.insert(digest);
            all.extend(lineage.0.iter().copied());
        }
        match all.len() > CAP {
            true => Self::default(),
            false => Self(all),
        }
    }

    /// The lineage of a revision of number `revision`, if it is known: a first
    /// revision's is empty; a later one's is known when it lists something.
    pub fn known(&self, revision: u32) -> Option<&Lineage> {
        (revision <= 1 || !self.is_empty()).then_some(self)
    }

    /// The digests, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().copied()
    }

    /// A lineage of these digests (as the snapshot reads them back).
    pub fn from_digests(digests: impl IntoIterator<Item = u64>) -> Self {
        Self(digests.into_iter().collect())
    }
}

/// The digest of the revision `revision` saved at `at` (a deletion: made at `at`):
/// FNV-1a 64 over the number, the moment's seconds since 1970 and nanoseconds, and its
/// UTC offset in seconds, each little-endian, so every build and every device
/// computes the same.
pub fn digest(revision: u32, at: &DateTime<FixedOffset>) -> u64 {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&revision.to_le_bytes());
    bytes[4..12].copy_from_slice(&at.timestamp().to_le_bytes());
    bytes[12..16].copy_from_slice(&at.timestamp_subsec_nanos().to_le_bytes());
    bytes[16..].copy_from_slice(&at.offset().local_minus_utc().to_le_bytes());
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Written as a list of 16 hexadecimal digits each.
impl Serialize for Lineage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|digest| format!("{digest:016x}")))
    }
}

impl<'de> Deserialize<'de> for Lineage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        let mut digests = BTreeSet::new();
        for text in texts {
            let digest = (text.len() == 16)
                .then(|| u64::from_str_radix(&text, 16).ok())
                .flatten()
                .ok_or_else(|| {
                    serde::de::Error::custom("a lineage digest is 16 hexadecimal digits")
                })?;
            digests.insert(digest);
        }
        Ok(Self(digests))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_digest_tells_revisions_apart_by_number_and_moment() {
        let moment = at("2026-12-03T17:00:00.123456789+01:00");
        assert_eq!(digest(2, &moment), digest(2, &moment));
        assert_ne!(digest(2, &moment), digest(3, &moment));
        assert_ne!(
            digest(2, &moment),
            digest(2, &at("2026-12-03T17:00:00.123456788+01:00"))
        );
    }

    #[test]
    fn a_revision_over_heads_holds_them_and_their_histories_unless_one_is_unknown() {
        let first = Lineage::default();
        let second = Lineage::over([(1, first.known(1))]);
        assert_eq!(second.iter().collect::<Vec<_>>(), [1]);
        let third = Lineage::over([(2, second.known(2)), (7, first.known(1))]);
        assert_eq!(third.iter().collect::<Vec<_>>(), [1, 2, 7]);
        // A later revision that lists nothing is of unknown history.
        assert!(Lineage::default().known(3).is_none());
        assert!(Lineage::over([(2, second.known(2)), (9, None)]).is_empty());
    }

    #[test]
    fn a_history_longer_than_the_cap_is_unknown() {
        let long = Lineage::from_digests(0..CAP as u64);
        assert!(Lineage::over([(u64::MAX, long.known(70))]).is_empty());
        let just = Lineage::from_digests(0..CAP as u64 - 1);
        assert_eq!(Lineage::over([(u64::MAX, just.known(70))]).len(), CAP);
    }

    #[test]
    fn it_is_written_as_hexadecimal_digests_and_refuses_anything_else() {
        let lineage = Lineage::from_digests([0xab, u64::MAX]);
        let text = serde_json::to_string(&lineage).unwrap();
        assert_eq!(text, r#"["00000000000000ab","ffffffffffffffff"]"#);
        assert_eq!(serde_json::from_str::<Lineage>(&text).unwrap(), lineage);
        assert!(serde_json::from_str::<Lineage>(r#"["ab"]"#).is_err());
        assert!(serde_json::from_str::<Lineage>(r#"["zzzzzzzzzzzzzzzz"]"#).is_err());
    }
}
