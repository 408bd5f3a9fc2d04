//! The rules every part of a pack shares: the form of an id, text that is not blank,
//! a value used only once in its list, and a range that can be shown and chosen.

use std::collections::HashMap;

use super::Checker;
use crate::pack::json_path::JsonPath;

/// The widest range a scale or measure may have, so that it can be shown and chosen.
pub const MAX_RANGE: i64 = 100;

/// Whether `id` has the form of an id: 1 to 64 of `a-z`, `0-9` and `-`, not starting
/// with `-`.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The suggestion whose word is nearest `word`, when it is near enough to be a slip
/// of the keyboard (at most 3 edits, and at most one in three characters), or the
/// same word (a built-in exercise named without its area). Each
/// candidate is the word compared and the suggestion it stands for.
pub fn closest(
    word: &str,
    candidates: impl IntoIterator<Item = (String, String)>,
) -> Option<String> {
    let most = 3.min(word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|(candidate, suggestion)| (strsim::levenshtein(word, &candidate), suggestion))
        .filter(|(distance, _)| *distance <= most)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, suggestion)| suggestion)
}

impl Checker {
    pub(super) fn id(&mut self, path: JsonPath, id: &str) {
        if !is_valid_id(id) {
            self.problem(
                path,
                format!(
                    "`{id}` is not a valid id: use 1 to 64 lowercase letters a-z, digits and \
                     dashes, starting with a letter or digit, e.g. `map-your-cycle`"
                ),
            );
        }
    }

    pub(super) fn text(&mut self, path: JsonPath, text: &str) {
        if text.trim().is_empty() {
            self.problem(path, "this text must not be blank");
        }
    }

    pub(super) fn optional_text(&mut self, path: JsonPath, text: Option<&str>) {
        if let Some(text) = text {
            self.text(path, text);
        }
    }

    /// Reports ids that occur twice among `ids`, the fields `field` of the elements of
    /// the list at `base`.
    pub(super) fn unique<'a>(
        &mut self,
        base: &JsonPath,
        field: &str,
        what: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) {
        let entries = ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| (base.index(i).key(field), id));
        self.unique_at(what, entries);
    }

    /// Reports values that occur twice, naming where each was first used.
    pub(super) fn unique_at<'a>(
        &mut self,
        what: &str,
        entries: impl IntoIterator<Item = (JsonPath, &'a str)>,
    ) {
        let mut seen: HashMap<&str, JsonPath> = HashMap::new();
        for (path, value) in entries {
            match seen.get(value) {
                Some(first) => {
                    let message =
                        format!("the {what} `{value}` is used twice; the first is at {first}");
                    self.problem(path, message);
                }
                None => {
                    seen.insert(value, path);
                }
            }
        }
    }

    pub(super) fn range(&mut self, path: &JsonPath, min: i64, max: i64) {
        if min >= max {
            self.problem(
                path.key("max"),
                format!("`max` ({max}) must be greater than `min` ({min})"),
            );
        } else if max.saturating_sub(min) > MAX_RANGE {
            self.problem(
                path.key("max"),
                format!("the range {min} to {max} is too wide; it may span at most {MAX_RANGE}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn ids_follow_the_documented_form() {
        for good in ["a", "map-your-cycle", "0", "step-2", &"a".repeat(64)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "-a",
            "Map",
            "a_b",
            "a b",
            "a/b",
            "..",
            "a\0",
            "ａ",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
