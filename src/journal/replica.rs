//! A device's replica id: a ULID minted once, when the device starts or joins a synced
//! journal, kept in the data directory and never synced.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The id of one device's log in a synced journal. Shared, not copied: every entry
/// read from a device's log names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReplicaId(std::sync::Arc<str>);

impl ReplicaId {
    /// A new id, for a device that starts or joins a synced journal.
    pub fn generate() -> Self {
        Self(ulid::Ulid::generate().to_string().into())
    }

    /// Parses an id written as 26 Crockford base-32 characters (any case); the folder
    /// names of the synced folder are read through this, so nothing else is a replica.
    pub fn parse(text: &str) -> Option<Self> {
        ulid::Ulid::from_string(text)
            .ok()
            .map(|u| Self(u.to_string().into()))
            .filter(|id| *id.0 == text.to_ascii_uppercase())
    }

    /// The id as text (26 capitals and digits).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last six characters, enough to tell devices apart in a message.
    pub fn short(&self) -> &str {
        &self.0[self.0.len() - 6..]
    }
}

impl TryFrom<String> for ReplicaId {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text).ok_or_else(|| format!("{text:?} is not a device id (a ULID)"))
    }
}

impl From<ReplicaId> for String {
    fn from(id: ReplicaId) -> String {
        id.0.to_string()
    }
}

impl fmt::Display for ReplicaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ulids_are_replica_ids() {
        let id = ReplicaId::generate();
        assert_eq!(ReplicaId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(
            ReplicaId::parse(&id.as_str().to_ascii_lowercase()),
            Some(id)
        );
        assert_eq!(ReplicaId::parse("inbox"), None);
        assert_eq!(ReplicaId::parse("01ARZ3NDEKTSV4RRFFQ69G5FA"), None);
    }
}
