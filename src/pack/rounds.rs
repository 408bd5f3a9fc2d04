//! Rounds of homework: each installed version of a pack's assignment, kept with what a
//! report needs when the pack has moved on or is gone (its dates, its items and their
//! exercises' titles). An upgrade starts a new round; the earlier one keeps its own
//! window and its own report. The journal keeps the list (`journal::rounds`); this is
//! the round itself, how a pack makes one, and the words an upgrade says about it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::assignment::{ExerciseKey, resolve};
use super::catalog::Catalog;
use super::model::{Assignment, AssignmentItem, Measure, Pack, Per};

/// One installed version's assignment. In memory it holds the [`Assignment`] as the
/// pack stated it; on disk it is written flat ([`RoundFile`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "RoundFile", into = "RoundFile")]
pub struct Round {
    /// The pack's version that set it.
    pub version: u32,
    /// The pack's title then.
    pub title: String,
    /// The assignment as that version stated it.
    pub assignment: Assignment,
    /// Each item's exercise as it resolved then: its key and title, in the
    /// assignment's order.
    pub exercises: Vec<RoundExercise>,
    /// The measures the pack declared then (titles, cutoffs), so a report on a pack
    /// that has moved on or is gone still names them as the therapist wrote them.
    pub measures: Vec<Measure>,
}

/// The exercise an item of a round names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundExercise {
    /// The exercise, if the reference named one when the round was kept.
    pub key: Option<ExerciseKey>,
    /// Its title, or the item's reference when it named none.
    pub title: String,
}

/// A round as the rounds file holds it. Fields this version does not know are
/// passed over rather than refused: the app writes the file, and a later version
/// that adds one must not leave an earlier one unable to report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RoundFile {
    version: u32,
    title: String,
    from: String,
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    for_whom: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assigned: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<NaiveDate>,
    items: Vec<RoundItemFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RoundItemFile {
    exercise: String,
    times: u32,
    per: Per,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    title: String,
    /// The pack (or built-in area) of the exercise it resolved to, with `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pack: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl From<RoundFile> for Round {
    fn from(file: RoundFile) -> Self {
        let (items, exercises) = file
            .items
            .into_iter()
            .map(|item| {
                let key = match (item.pack, item.id) {
                    (Some(pack), Some(exercise)) => Some(ExerciseKey { pack, exercise }),
                    _ => None,
                };
                (
                    AssignmentItem {
                        exercise: item.exercise,
                        times: item.times,
                        per: item.per,
                        note: item.note,
                    },
                    RoundExercise {
                        key,
                        title: item.title,
                    },
                )
            })
            .unzip();
        Self {
            version: file.version,
            title: file.title,
            assignment: Assignment {
                from: file.from,
                for_whom: file.for_whom,
                note: file.note,
                assigned: file.assigned,
                due: file.due,
                items,
            },
            exercises,
            measures: file.measures,
        }
    }
}

impl From<Round> for RoundFile {
    fn from(round: Round) -> Self {
        let assignment = round.assignment;
        let items = assignment
            .items
            .into_iter()
            .zip(round.exercises)
            .map(|(item, exercise)| {
                let (pack, id) = exercise
                    .key
                    .map_or((None, None), |key| (Some(key.pack), Some(key.exercise)));
                RoundItemFile {
                    exercise: item.exercise,
                    times: item.times,
                    per: item.per,
                    note: item.note,
                    title: exercise.title,
                    pack,
                    id,
                }
            })
            .collect();
        Self {
            version: round.version,
            title: round.title,
            from: assignment.from,
            for_whom: assignment.for_whom,
            note: assignment.note,
            assigned: assignment.assigned,
            due: assignment.due,
            items,
            measures: round.measures,
        }
    }
}

impl Round {
    /// The round `pack`'s assignment makes, if it has one; the titles of exercises
    /// that are not the pack's own come from `catalog`.
    pub fn of(pack: &Pack, catalog: &Catalog) -> Option<Self> {
        let assignment = pack.assignment.as_ref()?;
        let exercises = assignment
            .items
            .iter()
            .map(|item| {
                let key = resolve(pack, &item.exercise);
                let title = key
                    .as_ref()
                    .and_then(|key| {
                        let holder = if key.pack == pack.id {
                            Some(pack)
                        } else {
                            catalog.pack(&key.pack).map(|loaded| &loaded.pack)
                        };
                        holder?.exercises.iter().find(|e| e.id == key.exercise)
                    })
                    .map_or_else(|| item.exercise.clone(), |e| e.title.clone());
                RoundExercise { key, title }
            })
            .collect();
        Some(Self {
            version: pack.version,
            title: pack.title.clone(),
            assignment: assignment.clone(),
            exercises,
            measures: pack.measures.clone(),
        })
    }

    /// Who set it and its days, in a few words: "version 1, set Mon 16 Nov, due Sun
    /// 29 Nov".
    pub fn label(&self) -> String {
        format!("version {}, {}", self.version, days(&self.assignment))
    }
}

/// Puts `round` into `rounds` (kept in order of version): in place of the round of the
/// same version, or added. Whether anything changed.
pub fn merge(rounds: &mut Vec<Round>, round: Round) -> bool {
    match rounds.iter_mut().find(|r| r.version == round.version) {
        Some(same) if *same == round => false,
        Some(same) => {
            *same = round;
            true
        }
        None => {
            rounds.push(round);
            rounds.sort_by_key(|r| r.version);
            true
        }
    }
}

/// The rounds a pack has: those kept, with the installed version's own (made from the
/// pack now, so it is exactly what home shows) in place of its kept copy or added.
/// Returns them in order of version, and which is the current one: the installed
/// version's, else the last.
pub fn with_installed(
    mut kept: Vec<Round>,
    installed: Option<Round>,
) -> (Vec<Round>, Option<usize>) {
    let version = installed.as_ref().map(|round| round.version);
    if let Some(round) = installed {
        merge(&mut kept, round);
    }
    let current = version
        .and_then(|version| kept.iter().position(|r| r.version == version))
        .or_else(|| kept.len().checked_sub(1));
    (kept, current)
}

/// The rounds there are, in words for a message: "1 (version 1, set …) and 2 (…)".
pub fn listed(rounds: &[Round]) -> String {
    let each: Vec<String> = rounds
        .iter()
        .enumerate()
        .map(|(i, round)| format!("{} ({})", i + 1, round.label()))
        .collect();
    if each.is_empty() {
        "none".into()
    } else {
        crate::words::listed(&each)
    }
}

/// "set Mon 30 Nov, due Sun 13 Dec", or as much of it as the assignment gives.
fn days(assignment: &Assignment) -> String {
    match (assignment.assigned, assignment.due) {
        (Some(set), Some(due)) => format!(
            "set {}, due {}",
            crate::words::short_day(set),
            crate::words::short_day(due)
        ),
        (Some(set), None) => format!("set {}, with no due day", crate::words::short_day(set)),
        (None, Some(due)) => format!("due {}", crate::words::short_day(due)),
        (None, None) => "with no dates".into(),
    }
}

/// The assignment's days as a span: "16–29 Nov", "30 Nov–13 Dec", "28 Dec 2026–10 Jan
/// 2027", "from 16 Nov", "until 29 Nov", "no dates".
fn span(assignment: &Assignment) -> String {
    match (assignment.assigned, assignment.due) {
        (Some(set), Some(due)) if set.year() == due.year() && set.month() == due.month() => {
            format!("{}–{}", set.format("%-d"), due.format("%-d %b"))
        }
        (Some(set), Some(due)) if set.year() == due.year() => {
            format!("{}–{}", set.format("%-d %b"), due.format("%-d %b"))
        }
        (Some(set), Some(due)) => {
            format!("{}–{}", set.format("%-d %b %Y"), due.format("%-d %b %Y"))
        }
        (Some(set), None) => format!("from {}", set.format("%-d %b")),
        (None, Some(due)) => format!("until {}", due.format("%-d %b")),
        (None, None) => "no dates".into(),
    }
}

/// What an upgrade of pack `id` from `old` to `new` does to the homework, in words for
/// the question before it (`pack add`, the app's Packs screen); `old_round` is the
/// number the installed version's round has. `None` when neither sets homework.
pub fn upgrade_words(
    id: &str,
    old: Option<&Assignment>,
    new: Option<&Assignment>,
    old_round: usize,
) -> Option<String> {
    let stays = format!(
        "What you did for the earlier round stays in its report: `between report {id} --round {old_round}`."
    );
    Some(match (old, new) {
        (None, None) => return None,
        (None, Some(new)) => format!("This version sets homework: {}.", days(new)),
        (Some(_), None) => format!("This version sets no homework. {stays}"),
        (Some(old), Some(new)) if old.assigned == new.assigned && old.due == new.due => format!(
            "The homework keeps its days ({}): what you did in them counts for the new round too. The earlier round keeps its own report: `between report {id} --round {old_round}`.",
            days(new)
        ),
        (Some(old), Some(new)) => format!(
            "The homework changes: {} (was {}). {stays}",
            days(new),
            span(old)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignment(assigned: &str, due: &str) -> Assignment {
        Assignment {
            from: "Sam".into(),
            for_whom: None,
            note: None,
            assigned: assigned.parse().ok(),
            due: due.parse().ok(),
            items: Vec::new(),
        }
    }

    #[test]
    fn the_words_say_what_happens_to_the_dates() {
        let old = assignment("2026-11-16", "2026-11-29");
        let new = assignment("2026-11-30", "2026-12-13");
        assert_eq!(
            upgrade_words("p", Some(&old), Some(&new), 1).unwrap(),
            "The homework changes: set Mon 30 Nov, due Sun 13 Dec (was 16–29 Nov). What you did for the earlier round stays in its report: `between report p --round 1`."
        );
        let across = assignment("2026-12-28", "2027-01-10");
        assert_eq!(span(&across), "28 Dec 2026–10 Jan 2027");
        assert_eq!(span(&new), "30 Nov–13 Dec");
        assert!(
            upgrade_words("p", Some(&old), Some(&old), 2)
                .unwrap()
                .contains("keeps its days")
        );
        assert!(upgrade_words("p", None, None, 1).is_none());
        assert!(
            upgrade_words("p", Some(&old), None, 3)
                .unwrap()
                .contains("--round 3")
        );
    }

    #[test]
    fn a_round_with_a_field_from_a_later_version_still_reads() {
        let text = r#"{"version": 1, "title": "t", "from": "Sam", "items": [
            {"exercise": "x", "times": 1, "per": "week", "title": "X", "colour": "blue"}
        ], "reminder": {"at": "09:00"}}"#;
        let round: Round = serde_json::from_str(text).unwrap();
        assert_eq!(round.assignment.items.len(), 1);
        assert_eq!(round.exercises[0].title, "X");
    }

    #[test]
    fn merging_keeps_one_round_per_version_in_order() {
        let round = |version: u32| Round {
            version,
            title: "t".into(),
            assignment: assignment("2026-11-16", "2026-11-29"),
            exercises: Vec::new(),
            measures: Vec::new(),
        };
        let mut rounds = vec![round(3)];
        assert!(merge(&mut rounds, round(1)));
        assert!(!merge(&mut rounds, round(1)));
        let versions: Vec<u32> = rounds.iter().map(|r| r.version).collect();
        assert_eq!(versions, [1, 3]);
        let (all, current) = with_installed(rounds.clone(), Some(round(1)));
        assert_eq!((all.len(), current), (2, Some(0)));
        let (_, current) = with_installed(rounds, None);
        assert_eq!(current, Some(1));
    }
}
