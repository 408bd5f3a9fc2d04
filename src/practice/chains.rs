//! Strategies: a plan, the plans that adjusted it, and every try and review of them.

use std::collections::HashMap;

use crate::journal::practice::{Decision, PracticeData};
use crate::journal::{Entry, EntryId, Journal, Kind};

/// One strategy's history: plans oldest first (each adjusting the one before), and the
/// tries and reviews of all of them, oldest first.
#[derive(Debug, Clone)]
pub struct Chain<'j> {
    /// The plans, oldest first; the last is the current one.
    pub plans: Vec<&'j Entry>,
    /// Every try of any of the plans.
    pub tries: Vec<&'j Entry>,
    /// Every review of any of the plans.
    pub reviews: Vec<&'j Entry>,
}

impl<'j> Chain<'j> {
    /// The current plan.
    pub fn current(&self) -> &'j Entry {
        self.plans[self.plans.len() - 1]
    }

    /// The latest review's decision.
    pub fn decision(&self) -> Option<Decision> {
        self.reviews
            .iter()
            .rev()
            .find_map(|review| match review.practice {
                Some(PracticeData::Review { decision, .. }) => Some(decision),
                _ => None,
            })
    }

    /// Whether the strategy is still being tried: not dropped in its latest review.
    pub fn is_active(&self) -> bool {
        self.decision() != Some(Decision::Drop)
    }

    /// The mean rating of its tries.
    pub fn average_rating(&self) -> Option<f64> {
        mean_rating(&self.tries)
    }

    /// Each version of the plan, oldest first, with its own tries and reviews and the
    /// mean rating of its tries alone: a plan adjusted in a review is a new version,
    /// and what the old one scored says nothing about the new one.
    pub fn versions(&self) -> Vec<Version<'j>> {
        self.plans
            .iter()
            .map(|plan| {
                let of = |entries: &[&'j Entry]| -> Vec<&'j Entry> {
                    entries
                        .iter()
                        .copied()
                        .filter(|e| e.link.as_ref() == Some(&plan.id))
                        .collect()
                };
                Version {
                    plan,
                    tries: of(&self.tries),
                    reviews: of(&self.reviews),
                }
            })
            .collect()
    }

    /// The tries of the current plan only.
    pub fn current_tries(&self) -> impl Iterator<Item = &'j Entry> + '_ {
        let id = &self.current().id;
        self.tries
            .iter()
            .copied()
            .filter(move |t| t.link.as_ref() == Some(id))
    }
}

/// One version of a strategy's plan, with what belongs to it alone.
#[derive(Debug, Clone)]
pub struct Version<'j> {
    /// The plan.
    pub plan: &'j Entry,
    /// Its tries, in journal order.
    pub tries: Vec<&'j Entry>,
    /// Its reviews, in journal order.
    pub reviews: Vec<&'j Entry>,
}

impl Version<'_> {
    /// The mean rating of this version's tries.
    pub fn average_rating(&self) -> Option<f64> {
        mean_rating(&self.tries)
    }
}

/// The mean rating of `tries`; none without a rating.
fn mean_rating(tries: &[&Entry]) -> Option<f64> {
    let ratings: Vec<f64> = tries
        .iter()
        .filter_map(|t| rating(t))
        .map(f64::from)
        .collect();
    (!ratings.is_empty()).then(|| ratings.iter().sum::<f64>() / ratings.len() as f64)
}

/// The rating of a try.
pub fn rating(entry: &Entry) -> Option<u8> {
    match entry.practice {
        Some(PracticeData::Try { rating, .. }) => Some(rating),
        _ => None,
    }
}

/// Every strategy of the journal, what has worked best first: by average rating
/// (strategies without tries last), then by number of tries, then newest first.
///
/// One pass in journal order: ids sort by creation, so a plan's earlier plan, and the
/// plan of a try or review, are always met first.
pub fn chains(journal: &Journal) -> Vec<Chain<'_>> {
    chains_of(journal.entries())
}

/// The strategies among `entries` (in journal order), as [`chains`] sorts them; a
/// summary for someone else passes only what [`super::Shared`] lets through.
pub fn chains_of<'j>(entries: impl Iterator<Item = &'j Entry>) -> Vec<Chain<'j>> {
    let mut all: Vec<Chain<'j>> = Vec::new();
    let mut chain_of: HashMap<&EntryId, usize> = HashMap::new();
    for entry in entries {
        let linked = entry.link.as_ref().and_then(|id| chain_of.get(id)).copied();
        match (entry.kind, linked) {
            (Kind::Plan, _) => {
                let index = linked.unwrap_or_else(|| {
                    all.push(Chain {
                        plans: Vec::new(),
                        tries: Vec::new(),
                        reviews: Vec::new(),
                    });
                    all.len() - 1
                });
                all[index].plans.push(entry);
                chain_of.insert(&entry.id, index);
            }
            (Kind::Try, Some(index)) => all[index].tries.push(entry),
            (Kind::Review, Some(index)) => all[index].reviews.push(entry),
            _ => {}
        }
    }
    let mut keyed: Vec<(f64, Chain<'j>)> = all
        .into_iter()
        .map(|c| (c.average_rating().unwrap_or(-1.0), c))
        .collect();
    keyed.sort_by(|(ra, a), (rb, b)| {
        rb.total_cmp(ra)
            .then(b.tries.len().cmp(&a.tries.len()))
            .then(b.current().id.cmp(&a.current().id))
    });
    keyed.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::practice::Frequency;
    use crate::journal::record::Record;
    use chrono::NaiveDate;

    fn plan(text: &str, link: Option<&Entry>) -> Entry {
        let mut entry = Entry::note(text.into());
        entry.kind = Kind::Plan;
        entry.link = link.map(|l| l.id.clone());
        entry.practice = Some(PracticeData::Plan {
            frequency: Frequency::Week { times: 2 },
            review_on: NaiveDate::from_ymd_opt(2026, 12, 1),
        });
        entry
    }

    fn attempt(of: &Entry, rating: u8) -> Entry {
        let mut entry = Entry::note("tried".into());
        entry.kind = Kind::Try;
        entry.link = Some(of.id.clone());
        entry.practice = Some(PracticeData::Try {
            at: entry.created,
            rating,
        });
        entry
    }

    fn review(of: &Entry, decision: Decision) -> Entry {
        let mut entry = Entry::note("looked back".into());
        entry.kind = Kind::Review;
        entry.link = Some(of.id.clone());
        entry.practice = Some(PracticeData::Review {
            decision,
            next_review_on: None,
        });
        entry
    }

    #[test]
    fn adjusted_plans_chain_and_chains_sort_by_what_worked() {
        let soft = plan("Soft start-up", None);
        let pause = plan("Pause when flooded", None);
        let adjusted = plan("Pause, and say when I will be back", Some(&pause));
        let entries = vec![
            attempt(&soft, 2),
            attempt(&pause, 3),
            review(&pause, Decision::Adjust),
            attempt(&adjusted, 5),
            attempt(&adjusted, 4),
            review(&soft, Decision::Drop),
        ];
        let mut journal = Journal::default();
        for entry in [soft.clone(), pause.clone(), adjusted.clone()]
            .into_iter()
            .chain(entries)
        {
            journal.apply(Record::put(entry));
        }
        let all = chains(&journal);
        assert_eq!(all.len(), 2);
        let best = &all[0];
        assert_eq!(
            best.plans.iter().map(|p| &p.id).collect::<Vec<_>>(),
            [&pause.id, &adjusted.id]
        );
        assert_eq!(best.current().id, adjusted.id);
        assert_eq!(best.average_rating(), Some(4.0)); // (3 + 5 + 4) / 3
        assert_eq!(best.current_tries().count(), 2);
        let versions = best.versions();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0].average_rating(), Some(3.0));
        assert_eq!(versions[0].reviews.len(), 1);
        assert_eq!(versions[1].average_rating(), Some(4.5));
        assert!(versions[1].reviews.is_empty());
        assert_eq!(best.decision(), Some(Decision::Adjust));
        assert!(best.is_active());
        assert_eq!(all[1].current().id, soft.id);
        assert!(!all[1].is_active());
    }
}
