//! What a typed line means: one of the words that work at every prompt, or an answer
//! of the step's kind. Pure, so every rule is tested without a terminal.

/// The words the user can type at any prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// Back to the step before.
    Back,
    /// Leave this step without an answer.
    Skip,
    /// What can be typed here.
    Help,
    /// The safety screen's text, at once.
    Safety,
    /// Leave the exercise (its answers can be kept as a draft).
    Leave,
    /// Write the answer in the editor (`$VISUAL`, `$EDITOR`).
    Edit,
}

impl Word {
    /// The word `line` is, if it is one: the whole line, in any case.
    pub fn of(line: &str) -> Option<Word> {
        Some(match line.trim().to_lowercase().as_str() {
            "back" => Word::Back,
            "skip" => Word::Skip,
            "help" | "?" => Word::Help,
            "safety" | "!" => Word::Safety,
            "leave" | "quit" => Word::Leave,
            "edit" => Word::Edit,
            _ => return None,
        })
    }
}

/// A whole number from `min` to `max`.
pub fn scale(line: &str, min: i64, max: i64) -> Result<i64, String> {
    match line.trim().parse::<i64>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(format!("Please type a whole number from {min} to {max}.")),
    }
}

/// The numbers chosen from a list of `count` (counted from 1), separated by commas
/// or spaces, and the words after them, if any: `1,3`, `1 3`, `4 my own words`.
/// `several` allows more than one number.
pub fn numbers(line: &str, count: usize, several: bool) -> Result<(Vec<usize>, String), String> {
    let mut chosen = Vec::new();
    let mut rest = line.trim();
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[digits..];
        // A number stands alone: "3," or "3 " or the end; "3rd" is words.
        if digits == 0 || !(after.is_empty() || after.starts_with([',', ' ', '\t'])) {
            break;
        }
        let number = rest[..digits].parse::<usize>().unwrap_or(0);
        if number == 0 || number > count {
            return Err(format!(
                "{} is not on the list: please type {}.",
                &rest[..digits],
                if count == 1 {
                    "1".to_owned()
                } else {
                    format!("a number from 1 to {count}")
                }
            ));
        }
        if !chosen.contains(&number) {
            chosen.push(number);
        }
        rest = after;
    }
    if !several && chosen.len() > 1 {
        return Err("Please choose one: type one number.".into());
    }
    Ok((chosen, rest.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole_lines_in_any_case() {
        assert_eq!(Word::of(" Back "), Some(Word::Back));
        assert_eq!(Word::of("!"), Some(Word::Safety));
        assert_eq!(Word::of("SAFETY"), Some(Word::Safety));
        assert_eq!(Word::of("?"), Some(Word::Help));
        assert_eq!(Word::of("quit"), Some(Word::Leave));
        assert_eq!(Word::of("go back"), None);
        assert_eq!(Word::of(""), None);
    }

    #[test]
    fn a_scale_takes_a_whole_number_in_its_range() {
        assert_eq!(scale(" 7 ", 0, 10), Ok(7));
        assert_eq!(scale("0", 0, 10), Ok(0));
        assert!(scale("11", 0, 10).unwrap_err().contains("from 0 to 10"));
        assert!(scale("seven", 1, 7).is_err());
        assert!(scale("3.5", 1, 7).is_err());
    }

    #[test]
    fn numbers_take_commas_or_spaces_and_words_after_them() {
        assert_eq!(numbers("1,3", 4, true), Ok((vec![1, 3], String::new())));
        assert_eq!(numbers("1 3", 4, true), Ok((vec![1, 3], String::new())));
        assert_eq!(
            numbers(" 3 , 1 ,3", 4, true),
            Ok((vec![3, 1], String::new()))
        );
        assert_eq!(
            numbers("4 my own words", 4, false),
            Ok((vec![4], "my own words".into()))
        );
        assert_eq!(
            numbers("just words", 4, false),
            Ok((vec![], "just words".into()))
        );
        assert_eq!(
            numbers("3rd time", 4, false),
            Ok((vec![], "3rd time".into()))
        );
        assert_eq!(numbers("", 4, true), Ok((vec![], String::new())));
        assert!(numbers("5", 4, true).unwrap_err().contains("from 1 to 4"));
        assert!(numbers("0", 4, true).is_err());
        assert!(numbers("1 2", 4, false).unwrap_err().contains("one number"));
    }
}
