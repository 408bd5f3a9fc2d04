//! The promises of relationship-focused work with one partner: what the client is
//! told the work can help with. Each exercise names the ones it serves (its `serves`
//! field), the checker refuses an unknown id, and `docs/exercises.md` maps every
//! promise to the built-in exercises that keep it.

/// One promise of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    /// The id exercises name it by.
    pub id: &'static str,
    /// The promise, in words for the client.
    pub text: &'static str,
}

/// Every promise, in the order the writing guide lists them.
pub const PROMISES: [Promise; 20] = [
    Promise {
        id: "see-patterns",
        text: "Recognize your patterns (pursue–withdraw, criticism–defensiveness, unmet needs) and interrupt them before they escalate.",
    },
    Promise {
        id: "express-needs",
        text: "Say what you need without criticism.",
    },
    Promise {
        id: "listen",
        text: "Listen in a way that makes your partner feel heard.",
    },
    Promise {
        id: "de-escalate",
        text: "De-escalate an argument before it spirals.",
    },
    Promise {
        id: "unreceptive",
        text: "Communicate well even when your partner is not receptive.",
    },
    Promise {
        id: "respond-not-react",
        text: "Know your triggers and where they come from; respond instead of react.",
    },
    Promise {
        id: "boundaries",
        text: "Set boundaries that are clear, firm and respectful, about your own actions.",
    },
    Promise {
        id: "attachment",
        text: "Understand your attachment style (anxious, avoidant, secure, fearful/disorganized) and how it shapes closeness and distance.",
    },
    Promise {
        id: "stop-pushing-away",
        text: "Notice and stop what you do that may push your partner away.",
    },
    Promise {
        id: "past-wounds",
        text: "Heal past wounds: earlier heartbreak, childhood, the patterns of the family you grew up in.",
    },
    Promise {
        id: "whats-working",
        text: "In a specific conflict, see what is working and what is not.",
    },
    Promise {
        id: "try-and-refine",
        text: "Try a concrete strategy between sessions, see what happens, refine it.",
    },
    Promise {
        id: "conflict-resolution",
        text: "Resolve conflicts: solvable problems and the ones that keep coming back.",
    },
    Promise {
        id: "invite",
        text: "Invite your partner to couples therapy the right way: no nagging, ultimatums or blame, with empathy for why they refuse.",
    },
    Promise {
        id: "tell-partner",
        text: "Tell your partner you are in therapy on your own without it sounding like blame or a plan to \"fix\" them.",
    },
    Promise {
        id: "partner-response",
        text: "Cope when your partner does not acknowledge your change, or pushes back on it.",
    },
    Promise {
        id: "realistic-expectations",
        text: "Know what you can realistically expect if your partner never joins, and that you did your part.",
    },
    Promise {
        id: "clarity-stay",
        text: "Gain clarity on whether this relationship is right for you: stay, part, or try fully for a set time.",
    },
    Promise {
        id: "after-yes",
        text: "If your partner says yes: what couples sessions are like, and keeping your own therapist.",
    },
    Promise {
        id: "self-growth",
        text: "Grow stronger yourself, whatever happens: self-compassion, your own wellbeing and values.",
    },
];

/// The promise with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Promise> {
    PROMISES.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_valid() {
        for (i, promise) in PROMISES.iter().enumerate() {
            assert!(
                super::super::validate::is_valid_id(promise.id),
                "{}",
                promise.id
            );
            assert_eq!(find(promise.id), Some(&PROMISES[i]), "{} twice", promise.id);
        }
        assert_eq!(find("no-such-promise"), None);
    }
}
