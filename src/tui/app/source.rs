//! What the runner runs: an exercise of a pack, or one of the app's own forms (a plan
//! from a practice suggestion, a try or a review of a plan, a session). A form is a
//! variant, never a reserved pack id, so no pack can be taken for one: a pack called
//! `try` or `session` is a pack like any other.

use serde::{Deserialize, Serialize};

use crate::journal::EntryId;

/// The source of what the runner shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "lowercase")]
pub enum Source {
    /// Exercise `exercise` of pack `pack`, built in or installed.
    Exercise {
        /// The pack's id.
        pack: String,
        /// The exercise's id.
        exercise: String,
    },
    /// A plan made from the practice suggestion of exercise `exercise` of `pack`.
    Plan {
        /// The pack's id.
        pack: String,
        /// The exercise's id.
        exercise: String,
    },
    /// One try of the plan `plan`.
    Try {
        /// The plan.
        plan: EntryId,
    },
    /// A look back on the plan `plan`.
    Review {
        /// The plan.
        plan: EntryId,
    },
    /// A therapy session.
    Session,
    /// A free note.
    Note,
    /// The client's note to the therapist in the report on pack `pack`'s homework: it
    /// goes into that report, never into the journal.
    #[serde(rename = "report-note")]
    ReportNote {
        /// The pack whose report it is for.
        pack: String,
    },
}

impl Source {
    /// An exercise of a pack.
    pub fn exercise(pack: &str, exercise: &str) -> Self {
        Source::Exercise {
            pack: pack.to_owned(),
            exercise: exercise.to_owned(),
        }
    }

    /// The name its draft is kept under. A form's starts with `_`, which no pack id
    /// can, so a form's draft and an exercise's never share a name.
    pub fn draft_key(&self) -> String {
        let id = |plan: &EntryId| plan.as_str().to_ascii_lowercase();
        match self {
            Source::Exercise { pack, exercise } => format!("{pack}--{exercise}"),
            Source::Plan { pack, exercise } => format!("_plan--{pack}--{exercise}"),
            Source::Try { plan } => format!("_try--{}", id(plan)),
            Source::Review { plan } => format!("_review--{}", id(plan)),
            Source::Session => "_session".to_owned(),
            Source::Note => "_note".to_owned(),
            Source::ReportNote { pack } => format!("_report-note--{pack}"),
        }
    }

    /// The pack an exercise or a plan's exercise is in.
    pub fn pack(&self) -> Option<&str> {
        match self {
            Source::Exercise { pack, .. } | Source::Plan { pack, .. } => Some(pack),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_exercises_never_share_a_draft_name() {
        let plan = EntryId::generate();
        let lower = plan.as_str().to_ascii_lowercase();
        // A pack named like a form, with an exercise named like the form's argument.
        let exercise = Source::exercise("try", &lower);
        assert_ne!(
            exercise.draft_key(),
            Source::Try { plan: plan.clone() }.draft_key()
        );
        assert_ne!(
            Source::exercise("session", "new").draft_key(),
            Source::Session.draft_key()
        );
    }
}
