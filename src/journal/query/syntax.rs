//! How a typed search is read: words, `"quoted phrases"`, `OR` between terms and
//! `-word` / `-"a phrase"` to leave entries out. Kept apart from matching so the
//! command line and the app read a search the same way, and so that no typing is
//! ever an error: what does not parse is read in the nearest sensible way and said
//! (see [`Reading`]).
//!
//! Precedence: `OR` binds looser than the implicit AND between terms, so
//! `dishes sink OR laundry` is (dishes and sink) or laundry. A term to leave out
//! applies to the whole search wherever it stands: `chores OR dishes -kids` is
//! (chores or dishes) and not kids.

use std::fmt;

/// A search as read: entries match when every term of one group occurs (any group
/// will do) and no excluded term does. Terms are normalised ([`normalize_into`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The groups joined by `OR`; each holds the terms that must all occur.
    pub any_of: Vec<Vec<String>>,
    /// The terms that must not occur.
    pub none_of: Vec<String>,
    /// What was read in a way the person may not have meant.
    pub readings: Vec<Reading>,
}

/// Something typed that is not quite the syntax, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A quote that is never closed: the phrase runs to the end.
    UnclosedQuote(String),
    /// An `OR` with no term on one side (at the start, the end, or twice): left out.
    DanglingOr,
    /// Nothing but `OR`: read as the word "or".
    LoneOr,
    /// Only terms to leave out: every other entry matches.
    OnlyExcluded,
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reading::UnclosedQuote(phrase) => write!(
                f,
                "the quote before \"{phrase}\" is not closed, so the phrase runs to the end"
            ),
            Reading::DanglingOr => f.write_str("an OR with no words on one side was left out"),
            Reading::LoneOr => f.write_str("OR alone is read as the word \"or\""),
            Reading::OnlyExcluded => f.write_str(
                "there are only words to leave out, so every entry without them matches",
            ),
        }
    }
}

/// Quotes that open or close a phrase: straight, and the curly ones a keyboard or a
/// phone may put in instead.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// One piece of a typed search.
enum Token {
    /// A word or phrase, normalised; `excluded` when it had a leading `-`.
    Term { text: String, excluded: bool },
    /// The word `OR`, in capitals.
    Or,
}

/// Reads `query` (see the module's comment for the syntax).
pub fn parse(query: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut group: Vec<String> = Vec::new();
    let mut or_waits = false;
    let mut ors = 0;
    for token in tokens(query, &mut parsed.readings) {
        match token {
            Token::Or if group.is_empty() || or_waits => {
                ors += 1;
                push_once(&mut parsed.readings, Reading::DanglingOr);
            }
            Token::Or => {
                ors += 1;
                or_waits = true;
            }
            Token::Term { text, .. } if text.is_empty() => {}
            Token::Term {
                text,
                excluded: true,
            } => push_new(&mut parsed.none_of, text),
            Token::Term { text, .. } => {
                if or_waits {
                    parsed.any_of.push(std::mem::take(&mut group));
                    or_waits = false;
                }
                push_new(&mut group, text);
            }
        }
    }
    if or_waits {
        push_once(&mut parsed.readings, Reading::DanglingOr);
    }
    if !group.is_empty() {
        parsed.any_of.push(group);
    }
    if parsed.any_of.is_empty() && ors > 0 && parsed.none_of.is_empty() {
        parsed.readings.retain(|r| *r != Reading::DanglingOr);
        parsed.readings.push(Reading::LoneOr);
        parsed.any_of.push(vec!["or".into()]);
    } else if parsed.any_of.is_empty() && !parsed.none_of.is_empty() {
        parsed.readings.push(Reading::OnlyExcluded);
    }
    parsed
}

fn push_new(terms: &mut Vec<String>, term: String) {
    if !terms.contains(&term) {
        terms.push(term);
    }
}

fn push_once(readings: &mut Vec<Reading>, reading: Reading) {
    if !readings.contains(&reading) {
        readings.push(reading);
    }
}

/// The words, phrases and `OR`s of `query`, in order.
fn tokens(query: &str, readings: &mut Vec<Reading>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut excluded = false;
        let mut from = start;
        if c == '-' {
            chars.next();
            match chars.peek() {
                Some(&(at, next)) if !next.is_whitespace() => {
                    excluded = true;
                    from = at;
                }
                // A lone dash is a word of its own.
                _ => {
                    tokens.push(term("-", false));
                    continue;
                }
            }
        }
        let opening = chars.peek().is_some_and(|&(_, c)| is_quote(c));
        if opening {
            chars.next();
            let inside = from + query[from..].chars().next().map_or(1, char::len_utf8);
            let mut end = None;
            for (at, c) in chars.by_ref() {
                if is_quote(c) {
                    end = Some(at);
                    break;
                }
            }
            let phrase = &query[inside..end.unwrap_or(query.len())];
            if end.is_none() && !phrase.trim().is_empty() {
                readings.push(Reading::UnclosedQuote(phrase.trim().to_owned()));
            }
            tokens.push(term(phrase, excluded));
            continue;
        }
        let mut end = query.len();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() {
                end = at;
                break;
            }
            chars.next();
        }
        let word = &query[from..end];
        if word == "OR" && !excluded {
            tokens.push(Token::Or);
        } else {
            tokens.push(term(word, excluded));
        }
    }
    tokens
}

fn term(text: &str, excluded: bool) -> Token {
    let mut normal = String::new();
    normalize_into(text, &mut normal);
    Token::Term {
        text: normal.trim().to_owned(),
        excluded,
    }
}

/// `text` as search compares it, into `buffer`: lower case, and every run of white
/// space (spaces, line breaks, tabs) one space, so a phrase matches across them.
pub fn normalize_into(text: &str, buffer: &mut String) {
    buffer.clear();
    let mut in_space = false;
    if text.is_ascii() {
        for &byte in text.as_bytes() {
            if char::from(byte).is_whitespace() {
                if !in_space {
                    buffer.push(' ');
                }
                in_space = true;
            } else {
                buffer.push(char::from(byte.to_ascii_lowercase()));
                in_space = false;
            }
        }
        return;
    }
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                buffer.push(' ');
            }
            in_space = true;
        } else {
            buffer.extend(c.to_lowercase());
            in_space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> (Vec<Vec<&'static str>>, Vec<&'static str>) {
        let parsed = parse(query);
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        (
            parsed
                .any_of
                .into_iter()
                .map(|g| g.into_iter().map(leak).collect())
                .collect(),
            parsed.none_of.into_iter().map(leak).collect(),
        )
    }

    #[test]
    fn words_are_lowercased_and_all_needed() {
        assert_eq!(read("Dishes  SINK"), (vec![vec!["dishes", "sink"]], vec![]));
        assert_eq!(read("   "), (vec![], vec![]));
        assert_eq!(read("dishes dishes"), (vec![vec!["dishes"]], vec![]));
        assert_eq!(read("Ärger"), (vec![vec!["ärger"]], vec![]));
    }

    #[test]
    fn quoted_phrases_keep_their_words_together() {
        assert_eq!(
            read("\"Time   Out\" calm"),
            (vec![vec!["time out", "calm"]], vec![])
        );
        assert_eq!(read("“time out”"), (vec![vec!["time out"]], vec![]));
        assert_eq!(read("\"\" calm"), (vec![vec!["calm"]], vec![]));
        assert!(parse("\"time out\"").readings.is_empty());
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(
            read("dishes sink OR laundry"),
            (vec![vec!["dishes", "sink"], vec!["laundry"]], vec![])
        );
        assert_eq!(
            read("chores OR \"time out\" OR walk"),
            (vec![vec!["chores"], vec!["time out"], vec!["walk"]], vec![])
        );
        // Only capitals are the operator.
        assert_eq!(
            read("this or that"),
            (vec![vec!["this", "or", "that"]], vec![])
        );
    }

    #[test]
    fn a_leading_dash_leaves_out_wherever_it_stands() {
        assert_eq!(
            read("chores OR dishes -kids -\"in laws\""),
            (
                vec![vec!["chores"], vec!["dishes"]],
                vec!["kids", "in laws"]
            )
        );
        assert_eq!(read("time-out"), (vec![vec!["time-out"]], vec![]));
        assert_eq!(
            read("calm - sink"),
            (vec![vec!["calm", "-", "sink"]], vec![])
        );
        assert_eq!(read("-OR calm"), (vec![vec!["calm"]], vec!["or"]));
    }

    #[test]
    fn an_unclosed_quote_is_a_phrase_to_the_end() {
        let parsed = parse("calm \"time out");
        assert_eq!(parsed.any_of, vec![vec!["calm", "time out"]]);
        assert_eq!(
            parsed.readings,
            vec![Reading::UnclosedQuote("time out".into())]
        );
        assert!(
            parsed.readings[0]
                .to_string()
                .contains("\"time out\" is not closed"),
            "{}",
            parsed.readings[0]
        );
        // A quote just opened says nothing yet.
        assert!(parse("calm \"").readings.is_empty());
    }

    #[test]
    fn an_or_without_a_side_is_left_out_and_or_alone_is_a_word() {
        for query in ["chores OR", "OR chores", "chores OR OR dishes"] {
            let parsed = parse(query);
            assert_eq!(parsed.readings, vec![Reading::DanglingOr], "{query}");
            assert!(parsed.any_of.concat().iter().all(|t| t != "or"), "{query}");
        }
        assert_eq!(parse("chores OR OR dishes").any_of.len(), 2);
        let alone = parse("OR");
        assert_eq!(alone.any_of, vec![vec!["or"]]);
        assert_eq!(alone.readings, vec![Reading::LoneOr]);
    }

    #[test]
    fn only_terms_to_leave_out_match_everything_else() {
        let parsed = parse("-dishes -\"time out\"");
        assert!(parsed.any_of.is_empty());
        assert_eq!(parsed.none_of, vec!["dishes", "time out"]);
        assert_eq!(parsed.readings, vec![Reading::OnlyExcluded]);
    }

    #[test]
    fn normalising_lowercases_and_folds_white_space() {
        let mut buffer = String::new();
        normalize_into("Time\n\t Out", &mut buffer);
        assert_eq!(buffer, "time out");
        normalize_into("ZEIT\u{a0}\u{a0}AUS Ärger", &mut buffer);
        assert_eq!(buffer, "zeit aus ärger");
    }
}
