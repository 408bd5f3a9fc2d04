//! What ships inside the binary: the seven work areas, the shared measures, and one
//! pack per area embedded with `include_str!`, so an installed binary needs no files.

use std::sync::LazyLock;

use super::model::{AreaDecl, Measure};

/// A built-in pack's source: where it lives in the repository, and its text.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedPack {
    /// The file it was built from, used in messages.
    pub source: &'static str,
    /// The JSON text.
    pub text: &'static str,
}

macro_rules! embedded {
    ($($area:literal),* $(,)?) => {
        [$(EmbeddedPack {
            source: concat!("exercises/", $area, ".json"),
            text: include_str!(concat!("../../exercises/", $area, ".json")),
        }),*]
    };
}

/// The built-in packs, one per work area, in the order areas are listed.
pub const PACKS: [EmbeddedPack; 7] = embedded!(
    "patterns",
    "communication",
    "triggers",
    "boundaries",
    "attachment",
    "past-wounds",
    "inviting-partner",
);

/// Built-in exercises that were merged into another, as (area, old id, new id). A
/// therapist's pack that names the old one keeps working: it means the new one.
pub const RETIRED: [(&str, &str, &str); 3] = [
    ("boundaries", "boundaries-dear-man", "boundary-from-a-value"),
    ("past-wounds", "old-hurt-or-today", "felt-this-before"),
    (
        "inviting-partner",
        "why-partners-refuse",
        "invite-without-pressure",
    ),
];

/// The exercise a retired built-in exercise went into, if `area`/`id` is one.
pub fn successor(area: &str, id: &str) -> Option<&'static str> {
    RETIRED
        .iter()
        .find(|(a, old, _)| *a == area && *old == id)
        .map(|(_, _, new)| *new)
}

/// The seven work areas every installation has, in the order they are shown. Each
/// built-in pack has its area's id, so these are the built-in pack ids too.
pub static AREAS: LazyLock<Vec<AreaDecl>> = LazyLock::new(|| {
    [
        (
            "patterns",
            "Understanding your patterns",
            "The fights are rarely about the dishes: the cycle you two get caught in.",
        ),
        (
            "communication",
            "Improving communication",
            "Saying a need without blame, listening so your partner feels heard.",
        ),
        (
            "triggers",
            "Managing emotional triggers",
            "What sets off anger, hurt or fear, and responding instead of reacting.",
        ),
        (
            "boundaries",
            "Setting healthy boundaries",
            "Clear, kind limits that protect you and the relationship.",
        ),
        (
            "attachment",
            "Your attachment style",
            "How your way of seeking closeness and distance shapes the two of you.",
        ),
        (
            "past-wounds",
            "Healing past wounds",
            "Old hurts and family rules that fire in today's relationship.",
        ),
        (
            "inviting-partner",
            "Inviting your partner (eventually)",
            "Why partners say no, and how to invite without pressure.",
        ),
    ]
    .into_iter()
    .map(|(id, title, summary)| AreaDecl {
        id: id.to_owned(),
        title: title.to_owned(),
        summary: summary.to_owned(),
    })
    .collect()
});

/// The measures every pack can use without declaring them, so that ratings from
/// different exercises and areas chart together.
pub static MEASURES: LazyLock<Vec<Measure>> = LazyLock::new(|| {
    [
        ("intensity", "How strong the feeling is", false),
        ("connection", "How connected you feel to your partner", true),
        (
            "reactivity",
            "How close you are to reacting on impulse",
            false,
        ),
        ("confidence", "How confident you feel", true),
        ("calm", "How calm your body feels", true),
    ]
    .into_iter()
    .map(|(id, title, higher_is_better)| Measure {
        id: id.to_owned(),
        title: title.to_owned(),
        min: 0,
        max: 10,
        higher_is_better,
        cutoff: None,
        reliable_change: None,
    })
    .collect()
});
