//! The part of a journal that a summary meant for someone else may use: the one
//! privacy filter. Prep ("since my last session", in the app and on the command line)
//! and homework reports read entries only through it, so no private entry's text,
//! title or rating can reach them, whatever a summary does with what it gets.
//!
//! An entry is hidden when it is private, or when it belongs to a private plan: the
//! tries and reviews of a private plan, and the plans that adjust it, would otherwise
//! tell its story (a try carries its plan's title, and its rating counts in averages).
//! What belonged to a plan that was deleted is hidden too: nothing says the plan was
//! not private. The verdict follows the links, whatever order the entries' ids are in.

use std::collections::HashMap;

use crate::journal::{Entry, EntryId, Journal};

/// The entries a summary for someone else may show.
#[derive(Debug)]
pub struct Shared<'j> {
    journal: &'j Journal,
    /// For each entry, in the journal's order, whether it is left out.
    hidden: Vec<bool>,
}

impl<'j> Shared<'j> {
    /// The shareable part of `journal`: everything but private entries and what
    /// belongs to a private plan, or everything when `include_private` (the user asked
    /// for a summary for themselves).
    pub fn new(journal: &'j Journal, include_private: bool) -> Self {
        let hidden = if include_private {
            vec![false; journal.len()]
        } else {
            let mut known = HashMap::new();
            journal
                .entries()
                .map(|entry| hidden_by_links(journal, entry, &mut known))
                .collect()
        };
        Self { journal, hidden }
    }

    /// Whether `entry` (one of the journal's) is left out.
    pub fn is_hidden(&self, entry: &Entry) -> bool {
        self.journal
            .index_of(&entry.id)
            .is_none_or(|at| self.hidden[at])
    }

    /// Every entry that may be shown, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &'j Entry> + '_ {
        self.journal
            .entries()
            .zip(&self.hidden)
            .filter(|(_, hidden)| !**hidden)
            .map(|(entry, _)| entry)
    }

    /// The entry `id`, if it may be shown.
    pub fn get(&self, id: &EntryId) -> Option<&'j Entry> {
        let at = self.journal.index_of(id)?;
        if self.hidden[at] {
            return None;
        }
        self.journal.get(id)
    }

    /// The entries left out, oldest first, only to be counted ("2 private entries were
    /// left out"): nothing of them may be shown.
    pub fn left_out(&self) -> impl Iterator<Item = &'j Entry> + '_ {
        self.journal
            .entries()
            .zip(&self.hidden)
            .filter(|(_, hidden)| **hidden)
            .map(|(entry, _)| entry)
    }

    /// The plan that `entry` belongs to, following links back to the first plan of its
    /// strategy, among all entries; for counting what was left out of a summary.
    pub fn root_plan(&self, entry: &'j Entry) -> &'j Entry {
        let mut current = entry;
        // Links point to older entries, so this ends; the bound guards a damaged journal.
        for _ in 0..self.journal.len() {
            match current.link.as_ref().and_then(|id| self.journal.get(id)) {
                Some(linked) => current = linked,
                None => break,
            }
        }
        current
    }
}

/// Whether `entry` is private or belongs (through its links) to a private or deleted
/// entry; `known` remembers the verdicts found on the way.
fn hidden_by_links<'j>(
    journal: &'j Journal,
    entry: &'j Entry,
    known: &mut HashMap<&'j EntryId, bool>,
) -> bool {
    if !entry.private && entry.link.is_none() {
        // Most entries: nothing to follow, nothing to remember.
        return false;
    }
    let mut chain = Vec::new();
    let mut current = entry;
    let verdict = loop {
        if let Some(&verdict) = known.get(&current.id) {
            break verdict;
        }
        chain.push(&current.id);
        if current.private {
            break true;
        }
        let Some(id) = &current.link else {
            break false;
        };
        let Some(linked) = journal.get(id) else {
            // What it belonged to is gone; it may have been private.
            break true;
        };
        if chain.len() > journal.len() {
            // Links that go round in a circle (a damaged import): shown to no one.
            break true;
        }
        current = linked;
    };
    for id in chain {
        known.insert(id, verdict);
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Kind;
    use crate::journal::record::Record;

    fn linked(kind: Kind, text: &str, to: Option<&Entry>) -> Entry {
        let mut entry = Entry::note(text.into());
        entry.kind = kind;
        entry.link = to.map(|e| e.id.clone());
        entry
    }

    #[test]
    fn what_belongs_to_a_private_plan_is_hidden_with_it() {
        let mut plan = linked(Kind::Plan, "SECRETPLAN", None);
        plan.private = true;
        let attempt = linked(Kind::Try, "tried", Some(&plan));
        let adjusted = linked(Kind::Plan, "next", Some(&plan));
        let later = linked(Kind::Try, "tried again", Some(&adjusted));
        let other = linked(Kind::Plan, "open plan", None);
        let mut private_try = linked(Kind::Try, "private try", Some(&other));
        private_try.private = true;
        let mut journal = Journal::default();
        for e in [&plan, &attempt, &adjusted, &later, &other, &private_try] {
            journal.apply(Record::put(e.clone()));
        }
        let shared = Shared::new(&journal, false);
        let shown: Vec<&EntryId> = shared.entries().map(|e| &e.id).collect();
        assert_eq!(shown, [&other.id]);
        assert_eq!(shared.left_out().count(), 5);
        assert!(shared.get(&plan.id).is_none());
        assert_eq!(
            shared.root_plan(journal.get(&later.id).unwrap()).id,
            plan.id
        );
        let everything = Shared::new(&journal, true);
        assert_eq!(everything.entries().count(), 6);
        assert_eq!(everything.left_out().count(), 0);
    }

    #[test]
    fn the_verdict_follows_links_in_any_order_and_past_a_deleted_plan() {
        // A try whose id sorts before its private plan's (a clock set back).
        let mut early = linked(Kind::Try, "early try", None);
        let mut plan = linked(Kind::Plan, "SECRETPLAN", None);
        plan.private = true;
        early.link = Some(plan.id.clone());
        assert!(early.id < plan.id);
        // A try of a plan that was deleted.
        let gone = linked(Kind::Plan, "deleted plan", None);
        let orphan = linked(Kind::Try, "tried the deleted plan", Some(&gone));
        let mut journal = Journal::default();
        for e in [&early, &plan, &gone, &orphan] {
            journal.apply(Record::put(e.clone()));
        }
        journal.apply(Record::delete(gone.id.clone()));
        let shared = Shared::new(&journal, false);
        assert_eq!(shared.entries().count(), 0);
        assert_eq!(shared.left_out().count(), 3);
    }
}
