//! Reading level of exercise text, so that a tired, upset person can follow it.
//!
//! The Flesch–Kincaid grade level: `0.39 × words/sentences + 11.8 × syllables/words −
//! 15.59`. Syllables are estimated, not looked up: each run of vowels (a, e, i, o, u,
//! y) in a word counts as one, a silent final "e" does not count (except in "-le",
//! as in "gentle"), and every word has at least one. Sentences end at `.`, `!` or
//! `?`, at a blank line (a paragraph without a full stop), and at the end of the text.
//! On ordinary English prose this lands within about a grade of published
//! calculators, which is all a check of "about grade 7–8" needs.

/// Counts of a text, for the grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Estimated syllables.
    pub syllables: usize,
}

impl Counts {
    /// The counts of `text`.
    pub fn of(text: &str) -> Self {
        let mut counts = Counts::default();
        for sentence in text
            .split("\n\n")
            .flat_map(|paragraph| paragraph.split(['.', '!', '?']))
            .filter(|s| s.chars().any(char::is_alphanumeric))
        {
            counts.sentences += 1;
            for word in sentence.split_whitespace() {
                let letters: String = word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase)
                    .collect();
                if !letters.is_empty() {
                    counts.words += 1;
                    counts.syllables += syllables(&letters);
                }
            }
        }
        counts
    }

    /// The Flesch–Kincaid grade level, or `None` for a text without words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let words = self.words as f64;
        Some(0.39 * words / self.sentences as f64 + 11.8 * self.syllables as f64 / words - 15.59)
    }
}

/// Counts of two texts together, as if they were one.
impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            words: self.words + other.words,
            sentences: self.sentences + other.sentences,
            syllables: self.syllables + other.syllables,
        }
    }
}

/// Estimated syllables of one lowercase word.
pub fn syllables(word: &str) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let chars: Vec<char> = word.chars().collect();
    let mut count = 0;
    let mut previous = false;
    for &c in &chars {
        let vowel = is_vowel(c);
        if vowel && !previous {
            count += 1;
        }
        previous = vowel;
    }
    let silent_e = match chars.as_slice() {
        // "gentle", "table": the "-le" after a consonant is a syllable of its own.
        [.., before, 'l', 'e'] if !is_vowel(*before) => false,
        [_, .., last_consonant, 'e'] => !is_vowel(*last_consonant),
        _ => false,
    };
    if silent_e && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_follow_the_heuristic() {
        for (word, expected) in [
            ("cat", 1),
            ("make", 1),
            ("gentle", 2),
            ("partner", 2),
            ("relationship", 4),
            ("the", 1),
            ("feeling", 2),
            ("yes", 1),
            ("anxiety", 3),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn grades_match_hand_computation() {
        // 2 sentences, 8 words, 8 syllables: 0.39 × 4 + 11.8 × 1 − 15.59 = −2.23.
        let easy = Counts::of("The cat sat down. It was warm.");
        assert_eq!(
            easy,
            Counts {
                words: 7,
                sentences: 2,
                syllables: 7
            }
        );
        let grade = easy.grade().unwrap();
        assert!((grade - (0.39 * 3.5 + 11.8 - 15.59)).abs() < 1e-9);
        let hard = Counts::of(
            "Psychoeducational interventions facilitate metacognitive understanding of \\
             interpersonal relationship dynamics",
        );
        assert!(hard.grade().unwrap() > 15.0);
        assert_eq!(Counts::of("...").grade(), None);
    }
}
