//! Where new entries and revisions get their ids and times.
//!
//! The command line takes them from the system ([`SystemMint`]: the wall clock and a
//! process-wide ULID generator). The app takes them from its state ([`Minting`] over
//! the app's [`IdMint`] and the time of the latest message), so that its `update` is a
//! function of its state and the message alone, and a test that starts the same way
//! gets the same ids.

use chrono::{DateTime, FixedOffset};
use ulid::Ulid;

use super::entry::{Entry, EntryId, Kind};

/// What gives a new entry its id and a new entry or revision its time.
pub trait Mint {
    /// A new id, greater than every id this mint gave before.
    fn id(&mut self) -> EntryId;
    /// The time to stamp.
    fn at(&self) -> DateTime<FixedOffset>;

    /// A new, empty entry of `kind`.
    fn entry(&mut self, kind: Kind) -> Entry {
        let id = self.id();
        Entry::new_at(kind, id, self.at())
    }
}

/// The system's clock and randomness, for the command line.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemMint;

impl Mint for SystemMint {
    fn id(&mut self) -> EntryId {
        EntryId::generate()
    }

    fn at(&self) -> DateTime<FixedOffset> {
        super::entry::now()
    }
}

/// Ids made from a seed and the time they are asked at: ULIDs whose random part comes
/// from the seed, rising within one millisecond, so a seed drawn from the system's
/// randomness at start makes ids as unique as [`EntryId::generate`]'s.
#[derive(Debug, Clone)]
pub struct IdMint {
    seed: [u64; 2],
    count: u64,
    last: Option<Ulid>,
}

impl IdMint {
    /// A mint whose ids follow from `seed` (and the times they are asked at).
    pub fn new(seed: u128) -> Self {
        Self {
            seed: [(seed >> 64) as u64, seed as u64],
            count: 0,
            last: None,
        }
    }

    /// A mint seeded from the system's randomness, for the app's shell.
    pub fn from_system() -> Self {
        let mut bytes = [0u8; 16];
        // Without randomness, fall back on the clock: ids stay unique on this device.
        if getrandom::fill(&mut bytes).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos();
            bytes = nanos.to_le_bytes();
        }
        Self::new(u128::from_le_bytes(bytes))
    }

    /// The next id, for an entry made at `at`.
    pub fn next(&mut self, at: DateTime<FixedOffset>) -> EntryId {
        self.count += 1;
        let random = (u128::from(splitmix(self.seed[0] ^ self.count)) << 64
            | u128::from(splitmix(self.seed[1].wrapping_add(self.count))))
            & ((1u128 << 80) - 1);
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        let fresh = Ulid::from_parts(millis, random);
        let id = match self.last {
            Some(last) if fresh <= last => last.increment().unwrap_or(fresh),
            _ => fresh,
        };
        self.last = Some(id);
        EntryId::from_ulid(id)
    }
}

/// An [`IdMint`] at one moment: what the app's update makes entries with.
#[derive(Debug)]
pub struct Minting<'a> {
    /// The app's ids.
    pub ids: &'a mut IdMint,
    /// The moment of the message being handled.
    pub at: DateTime<FixedOffset>,
}

impl Mint for Minting<'_> {
    fn id(&mut self) -> EntryId {
        self.ids.next(self.at)
    }

    fn at(&self) -> DateTime<FixedOffset> {
        self.at
    }
}

/// SplitMix64's finaliser: spreads a counter's bits over the whole word.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn ids_follow_from_the_seed_and_the_time_and_always_rise() {
        let moment = at("2026-11-30T20:15:00+01:00");
        let mut one = IdMint::new(7);
        let mut same = IdMint::new(7);
        let mut other = IdMint::new(8);
        let ids: Vec<EntryId> = (0..50).map(|_| one.next(moment)).collect();
        let again: Vec<EntryId> = (0..50).map(|_| same.next(moment)).collect();
        assert_eq!(ids, again, "the same seed and time give the same ids");
        assert_ne!(ids[0], other.next(moment), "another seed gives other ids");
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
        // An earlier clock (set back) still gives a greater id.
        let earlier = one.next(at("2026-11-30T19:00:00+01:00"));
        assert!(earlier > ids[49]);
        // The id carries the time it was made at.
        let ulid = Ulid::from_string(ids[0].as_str()).unwrap();
        assert_eq!(ulid.timestamp_ms() as i64, moment.timestamp_millis());
    }

    #[test]
    fn entries_made_by_a_mint_carry_its_id_and_time() {
        let moment = at("2026-11-30T20:15:00+01:00");
        let mut ids = IdMint::new(1);
        let mut mint = Minting {
            ids: &mut ids,
            at: moment,
        };
        let entry = mint.entry(Kind::Note);
        assert_eq!((entry.created, entry.updated), (moment, moment));
        assert_eq!(entry.revision, 1);
        assert_eq!(entry.kind, Kind::Note);
    }
}
