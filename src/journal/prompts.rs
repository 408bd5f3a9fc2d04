//! Prompts written once: a text that reads many answers to the same exercise (the
//! therapist's report, the Markdown export) lists each prompt once, numbered, and
//! marks each answer with its number instead of repeating the prompt.

/// `prompts` each once, in the order first asked.
pub fn once_each<'a>(prompts: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    // A set beside the list: a year's export reads hundreds of thousands of answers.
    let mut seen = std::collections::HashSet::new();
    prompts
        .into_iter()
        .filter(|prompt| seen.insert(*prompt))
        .collect()
}

/// An answer's number: its prompt's place in `prompts`, from 1 (0 when it is not
/// there).
pub fn number(prompts: &[&str], prompt: &str) -> usize {
    prompts
        .iter()
        .position(|p| *p == prompt)
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_prompt_is_numbered_once_in_the_order_first_asked() {
        let once = once_each(["b", "a", "b", "c", "a"]);
        assert_eq!(once, ["b", "a", "c"]);
        assert_eq!(number(&once, "a"), 2);
        assert_eq!(number(&once, "z"), 0);
    }
}
