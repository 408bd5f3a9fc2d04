//! Where a measure's values stand against what a therapist watches: the latest value
//! against the measure's cutoff, and the change since the first against its reliable
//! change. Plain words, so a client reads them without knowing the instrument, and one
//! place for them, so every view says the same.

use crate::pack::model::{Concerning, Cutoff};
use crate::words::number;

/// The latest value and its side of the cutoff: "latest 12: at or above the cutoff of
/// 8", "latest 5: below the cutoff of 8".
pub fn against_cutoff(cutoff: &Cutoff, latest: f64) -> String {
    let side = match (cutoff.concerning, cutoff.is_concerning(latest)) {
        (Concerning::AtOrAbove, true) => "at or above",
        (Concerning::AtOrAbove, false) => "below",
        (Concerning::AtOrBelow, true) => "at or below",
        (Concerning::AtOrBelow, false) => "above",
    };
    format!(
        "latest {}: {side} the cutoff of {}",
        number(latest),
        number(cutoff.at)
    )
}

/// The change from `first` to `latest` against the reliable change: "down 6 since the
/// first, more than the reliable change of 5", "up 2 since the first, a change smaller
/// than the reliable change of 5".
pub fn against_reliable_change(first: f64, latest: f64, reliable: f64) -> String {
    // Values are whole numbers or means of them: a hair's difference is rounding.
    const SAME: f64 = 1e-9;
    let change = latest - first;
    let size = change.abs();
    let reliable_words = number(reliable);
    if size < SAME {
        return format!("no change since the first (the reliable change is {reliable_words})");
    }
    let direction = if change > 0.0 { "up" } else { "down" };
    let weighed = if (size - reliable).abs() < SAME {
        "as much as"
    } else if size > reliable {
        "more than"
    } else {
        "a change smaller than"
    };
    format!(
        "{direction} {} since the first, {weighed} the reliable change of {reliable_words}",
        number(size)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_value_is_on_one_side_of_the_cutoff_or_the_other() {
        let cutoff = |at, concerning| Cutoff { at, concerning };
        let above = cutoff(8.0, Concerning::AtOrAbove);
        let below = cutoff(2.5, Concerning::AtOrBelow);
        for (cutoff, latest, words) in [
            (above, 12.0, "latest 12: at or above the cutoff of 8"),
            (above, 8.0, "latest 8: at or above the cutoff of 8"),
            (above, 5.0, "latest 5: below the cutoff of 8"),
            (below, 2.5, "latest 2.5: at or below the cutoff of 2.5"),
            (below, 4.0, "latest 4: above the cutoff of 2.5"),
        ] {
            assert_eq!(against_cutoff(&cutoff, latest), words);
        }
    }

    #[test]
    fn a_change_is_weighed_against_the_reliable_change() {
        for (first, latest, reliable, words) in [
            (
                12.0,
                6.0,
                5.0,
                "down 6 since the first, more than the reliable change of 5",
            ),
            (
                6.0,
                10.0,
                4.0,
                "up 4 since the first, as much as the reliable change of 4",
            ),
            (
                6.0,
                8.0,
                5.0,
                "up 2 since the first, a change smaller than the reliable change of 5",
            ),
            (
                7.0,
                7.0,
                5.0,
                "no change since the first (the reliable change is 5)",
            ),
        ] {
            assert_eq!(against_reliable_change(first, latest, reliable), words);
        }
    }
}
