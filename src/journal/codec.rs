//! A compact binary form of entries, for the journal's snapshot (see
//! `journal/snapshot.rs`): no field names, numbers as varints, and each shared text
//! (prompt, label, area, tag) written once and then referred to by number. Decoding it
//! is several times faster than parsing the same entries as JSON.
//!
//! Every struct is taken apart without `..` and every enum matched without `_`, so a
//! field or variant added to the entry model does not compile until it is handled
//! here too: the snapshot can never silently leave something out.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::entry::{
    Answer, AnswerValue, CheckedItem, Entry, EntryId, ExerciseSource, Kind, RatedItem,
};
use super::practice::{Decision, Frequency, PracticeData};
use super::shared_text::SharedText;
use crate::pack::questionnaire::{DimensionScore, RegionResult, Scores};

/// Writes entries.
#[derive(Default)]
pub struct Encoder {
    /// The bytes written so far.
    pub out: Vec<u8>,
    texts: HashMap<SharedText, u64>,
}

impl Encoder {
    /// Forgets the texts written so far, so what follows decodes on its own.
    pub fn forget_texts(&mut self) {
        self.texts.clear();
    }

    /// Writes an unsigned number as a varint.
    pub fn u64(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn i64(&mut self, n: i64) {
        self.u64(((n << 1) ^ (n >> 63)) as u64);
    }

    fn bool(&mut self, b: bool) {
        self.out.push(u8::from(b));
    }

    fn str(&mut self, text: &str) {
        self.u64(text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    /// A shared text: 0 and the text the first time, its number + 1 after.
    fn text(&mut self, text: &SharedText) {
        match self.texts.get(text) {
            Some(&n) => self.u64(n + 1),
            None => {
                let n = self.texts.len() as u64;
                self.texts.insert(text.clone(), n);
                self.u64(0);
                self.str(text);
            }
        }
    }

    fn opt<T>(&mut self, value: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        self.bool(value.is_some());
        if let Some(value) = value {
            write(self, value);
        }
    }

    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.u64(items.len() as u64);
        for item in items {
            write(self, item);
        }
    }

    fn time(&mut self, at: &DateTime<FixedOffset>) {
        self.i64(at.timestamp());
        self.u64(u64::from(at.timestamp_subsec_nanos()));
        self.i64(i64::from(at.offset().local_minus_utc()));
    }

    fn date(&mut self, day: &NaiveDate) {
        self.i64(i64::from(chrono::Datelike::num_days_from_ce(day)));
    }

    /// Writes one entry.
    pub fn entry(&mut self, entry: &Entry) {
        let Entry {
            id,
            revision,
            created,
            updated,
            kind,
            area,
            title,
            exercise,
            answers,
            tags,
            discuss,
            private,
            link,
            practice,
            seen,
            lineage,
            replica: _,
        } = entry;
        self.str(id.as_str());
        self.u64(u64::from(*revision));
        self.time(created);
        self.time(updated);
        self.out.push(match kind {
            Kind::Exercise => 0,
            Kind::Plan => 1,
            Kind::Try => 2,
            Kind::Review => 3,
            Kind::Session => 4,
            Kind::Note => 5,
        });
        self.opt(area, Self::text);
        self.opt(title, |w, t| w.str(t));
        self.opt(exercise, |w, source| {
            let ExerciseSource {
                pack,
                pack_version,
                exercise,
                title,
            } = source;
            w.text(pack);
            w.u64(u64::from(*pack_version));
            w.text(exercise);
            w.text(title);
        });
        self.list(answers, |w, answer| {
            let Answer {
                step,
                prompt,
                value,
            } = answer;
            w.text(step);
            w.text(prompt);
            w.value(value);
        });
        self.list(tags, Self::text);
        self.bool(*discuss);
        self.bool(*private);
        self.opt(link, |w, id| w.str(id.as_str()));
        self.opt(practice, Self::practice);
        self.seen(seen);
        self.lineage(lineage);
    }

    /// Writes one tombstone (of a deleted or erased entry).
    pub fn tombstone(&mut self, tombstone: &crate::journal::record::Tombstone) {
        self.str(tombstone.id.as_str());
        self.time(&tombstone.at);
        self.opt(&tombstone.revision, |w, revision| {
            w.u64(u64::from(*revision))
        });
        self.seen(&tombstone.seen);
        self.lineage(&tombstone.lineage);
    }

    fn lineage(&mut self, lineage: &crate::journal::lineage::Lineage) {
        let digests: Vec<u64> = lineage.iter().collect();
        self.list(&digests, |w, digest| w.u64(*digest));
    }

    fn seen(&mut self, seen: &crate::journal::seen::Seen) {
        let seen: Vec<_> = seen.iter().collect();
        self.list(&seen, |w, (replica, revision)| {
            w.str(replica.as_str());
            w.u64(u64::from(*revision));
        });
    }

    fn value(&mut self, value: &AnswerValue) {
        match value {
            AnswerValue::Text { text } => {
                self.out.push(0);
                self.str(text);
            }
            AnswerValue::Scale {
                value,
                min,
                max,
                min_label,
                max_label,
                measure,
            } => {
                self.out.push(1);
                self.i64(*value);
                self.i64(*min);
                self.i64(*max);
                self.text(min_label);
                self.text(max_label);
                self.opt(measure, Self::text);
            }
            AnswerValue::Choice { chosen, other } => {
                self.out.push(2);
                self.list(chosen, Self::text);
                self.opt(other, |w, t| w.str(t));
            }
            AnswerValue::Checklist { items } => {
                self.out.push(3);
                self.list(items, |w, item| {
                    let CheckedItem { text, checked } = item;
                    w.text(text);
                    w.bool(*checked);
                });
            }
            AnswerValue::Timer { seconds, elapsed } => {
                self.out.push(4);
                self.u64(u64::from(*seconds));
                self.u64(u64::from(*elapsed));
            }
            AnswerValue::Questionnaire { items, scores } => {
                self.out.push(5);
                self.list(items, |w, item| {
                    let RatedItem { text, answer } = item;
                    w.text(text);
                    w.i64(*answer);
                });
                let Scores { dimensions, region } = &**scores;
                self.list(dimensions, |w, dimension| {
                    let DimensionScore {
                        id,
                        title,
                        score,
                        measure,
                        band,
                        band_title,
                        band_text,
                    } = dimension;
                    w.str(id);
                    w.str(title);
                    w.out.extend_from_slice(&score.to_le_bytes());
                    w.opt(measure, |w, m| w.str(m));
                    w.str(band);
                    w.str(band_title);
                    w.str(band_text);
                });
                self.opt(region, |w, region| {
                    let RegionResult { id, title, text } = region;
                    w.str(id);
                    w.str(title);
                    w.str(text);
                });
            }
        }
    }

    fn practice(&mut self, practice: &PracticeData) {
        match practice {
            PracticeData::Plan {
                frequency,
                review_on,
            } => {
                self.out.push(0);
                match frequency {
                    Frequency::Week { times } => {
                        self.out.push(0);
                        self.u64(u64::from(*times));
                    }
                    Frequency::Total { times, by } => {
                        self.out.push(1);
                        self.u64(u64::from(*times));
                        self.date(by);
                    }
                }
                self.opt(review_on, Self::date);
            }
            PracticeData::Try { at, rating } => {
                self.out.push(1);
                self.time(at);
                self.out.push(*rating);
            }
            PracticeData::Review {
                decision,
                next_review_on,
            } => {
                // A review with a next day has a tag of its own, so that snapshots
                // written before there was one read as they did.
                self.out.push(if next_review_on.is_some() { 4 } else { 2 });
                self.out.push(match decision {
                    Decision::Keep => 0,
                    Decision::Adjust => 1,
                    Decision::Drop => 2,
                });
                if let Some(on) = next_review_on {
                    self.date(on);
                }
            }
            PracticeData::Session { on, discussed } => {
                // A session that talked about flagged entries has a tag of its own,
                // so that snapshots written before there was one read as they did.
                self.out.push(if discussed.is_empty() { 3 } else { 5 });
                self.date(on);
                if !discussed.is_empty() {
                    self.u64(discussed.len() as u64);
                    for id in discussed {
                        self.str(id.as_str());
                    }
                }
            }
        }
    }
}

/// Reads what an [`Encoder`] wrote; every method gives `None` on anything malformed.
pub struct Decoder<'a> {
    bytes: &'a [u8],
    texts: Vec<SharedText>,
}

impl<'a> Decoder<'a> {
    /// A decoder of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            texts: Vec::new(),
        }
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// How many bytes are left to read.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    /// Reads an unsigned varint.
    pub fn u64(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    fn i64(&mut self) -> Option<i64> {
        let n = self.u64()?;
        Some(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    fn bool(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u64()?).ok()?;
        if len > self.bytes.len() {
            return None;
        }
        let (text, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        std::str::from_utf8(text).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    fn text(&mut self) -> Option<SharedText> {
        match self.u64()? {
            0 => {
                let text = SharedText::from(self.str()?);
                self.texts.push(text.clone());
                Some(text)
            }
            n => self.texts.get(usize::try_from(n - 1).ok()?).cloned(),
        }
    }

    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.bool()? {
            read(self).map(Some)
        } else {
            Some(None)
        }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let len = usize::try_from(self.u64()?).ok()?;
        // Each item takes at least a byte: a length beyond what is left is damage.
        if len > self.bytes.len() {
            return None;
        }
        // Exactly the room needed for a list of up to 64 (collecting through `Option`
        // would double it as it grows); longer ones grow as they are read, so a
        // damaged length cannot take much memory at once.
        let mut items = Vec::with_capacity(len.min(64));
        for _ in 0..len {
            items.push(read(self)?);
        }
        Some(items)
    }

    fn time(&mut self) -> Option<DateTime<FixedOffset>> {
        let seconds = self.i64()?;
        let nanos = self.u32()?;
        let offset = FixedOffset::east_opt(i32::try_from(self.i64()?).ok()?)?;
        let utc = DateTime::from_timestamp(seconds, nanos)?;
        // A local time beyond chrono's range would panic when shown.
        utc.naive_utc().checked_add_offset(offset)?;
        Some(offset.from_utc_datetime(&utc.naive_utc()))
    }

    fn date(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.i64()?).ok()?)
    }

    fn id(&mut self) -> Option<EntryId> {
        self.string().map(EntryId::as_stored)
    }

    /// Reads one entry.
    pub fn entry(&mut self) -> Option<Entry> {
        Some(Entry {
            id: self.id()?,
            revision: self.u32()?,
            created: self.time()?,
            updated: self.time()?,
            kind: match self.byte()? {
                0 => Kind::Exercise,
                1 => Kind::Plan,
                2 => Kind::Try,
                3 => Kind::Review,
                4 => Kind::Session,
                5 => Kind::Note,
                _ => return None,
            },
            area: self.opt(Self::text)?,
            title: self.opt(Self::string)?,
            exercise: self.opt(|r| {
                Some(ExerciseSource {
                    pack: r.text()?,
                    pack_version: r.u32()?,
                    exercise: r.text()?,
                    title: r.text()?,
                })
            })?,
            answers: self.list(|r| {
                Some(Answer {
                    step: r.text()?,
                    prompt: r.text()?,
                    value: r.value()?,
                })
            })?,
            tags: self.list(Self::text)?,
            discuss: self.bool()?,
            private: self.bool()?,
            link: self.opt(Self::id)?,
            practice: self.opt(Self::practice)?,
            seen: self.seen()?,
            lineage: self.lineage()?,
            replica: None,
        })
    }

    /// Reads one tombstone.
    pub fn tombstone(&mut self) -> Option<crate::journal::record::Tombstone> {
        Some(crate::journal::record::Tombstone {
            id: self.id()?,
            at: self.time()?,
            revision: self.opt(Self::u32)?,
            seen: self.seen()?,
            lineage: self.lineage()?,
        })
    }

    fn lineage(&mut self) -> Option<crate::journal::lineage::Lineage> {
        let digests = self.list(Self::u64)?;
        Some(crate::journal::lineage::Lineage::from_digests(digests))
    }

    fn seen(&mut self) -> Option<crate::journal::seen::Seen> {
        let mut seen = crate::journal::seen::Seen::default();
        for (replica, revision) in self.list(|r| {
            let replica = crate::journal::replica::ReplicaId::parse(r.str()?)?;
            Some((replica, r.u32()?))
        })? {
            seen.add(&replica, revision);
        }
        Some(seen)
    }

    fn value(&mut self) -> Option<AnswerValue> {
        Some(match self.byte()? {
            0 => AnswerValue::Text {
                text: self.string()?,
            },
            1 => AnswerValue::Scale {
                value: self.i64()?,
                min: self.i64()?,
                max: self.i64()?,
                min_label: self.text()?,
                max_label: self.text()?,
                measure: self.opt(Self::text)?,
            },
            2 => AnswerValue::Choice {
                chosen: self.list(Self::text)?,
                other: self.opt(Self::string)?,
            },
            3 => AnswerValue::Checklist {
                items: self.list(|r| {
                    Some(CheckedItem {
                        text: r.text()?,
                        checked: r.bool()?,
                    })
                })?,
            },
            4 => AnswerValue::Timer {
                seconds: self.u32()?,
                elapsed: self.u32()?,
            },
            5 => AnswerValue::Questionnaire {
                items: self.list(|r| {
                    Some(RatedItem {
                        text: r.text()?,
                        answer: r.i64()?,
                    })
                })?,
                scores: Box::new(Scores {
                    dimensions: self.list(|r| {
                        Some(DimensionScore {
                            id: r.string()?,
                            title: r.string()?,
                            score: {
                                let bytes = r.bytes.get(..8)?.try_into().ok()?;
                                r.bytes = &r.bytes[8..];
                                f64::from_le_bytes(bytes)
                            },
                            measure: r.opt(Self::string)?,
                            band: r.string()?,
                            band_title: r.string()?,
                            band_text: r.string()?,
                        })
                    })?,
                    region: self.opt(|r| {
                        Some(RegionResult {
                            id: r.string()?,
                            title: r.string()?,
                            text: r.string()?,
                        })
                    })?,
                }),
            },
            _ => return None,
        })
    }

    fn practice(&mut self) -> Option<PracticeData> {
        Some(match self.byte()? {
            0 => PracticeData::Plan {
                frequency: match self.byte()? {
                    0 => Frequency::Week { times: self.u32()? },
                    1 => Frequency::Total {
                        times: self.u32()?,
                        by: self.date()?,
                    },
                    _ => return None,
                },
                review_on: self.opt(Self::date)?,
            },
            1 => PracticeData::Try {
                at: self.time()?,
                rating: self.byte()?,
            },
            tag @ (2 | 4) => PracticeData::Review {
                decision: match self.byte()? {
                    0 => Decision::Keep,
                    1 => Decision::Adjust,
                    2 => Decision::Drop,
                    _ => return None,
                },
                next_review_on: if tag == 4 { Some(self.date()?) } else { None },
            },
            tag @ (3 | 5) => PracticeData::Session {
                on: self.date()?,
                discussed: if tag == 5 {
                    let count = self.u64()?;
                    // Each id takes at least one byte: a count past the bytes left is
                    // malformed, not a reason to reserve room for it.
                    if count > self.bytes.len() as u64 {
                        return None;
                    }
                    (0..count).map(|_| self.id()).collect::<Option<_>>()?
                } else {
                    Vec::new()
                },
            },
            _ => return None,
        })
    }
}
