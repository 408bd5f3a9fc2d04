//! Small pieces of English the app and the command line share, so that no message
//! says "1 tries" or "day(s)".

/// `count` and the noun, singular for one: "1 try", "3 tries".
pub fn count(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "try", "tries"), "1 try");
        assert_eq!(count(0, "try", "tries"), "0 tries");
        assert_eq!(count(11, "day", "days"), "11 days");
    }
}
