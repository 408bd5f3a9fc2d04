//! Whether the reminder speaks: the decision the timer's run of `between remind` makes,
//! a pure function of what the journal could tell and the day.

use chrono::NaiveDate;

use crate::journal::Journal;

/// What the timer's run could learn of the journal.
#[derive(Debug)]
pub enum JournalState<'j> {
    /// There is no journal yet.
    Missing,
    /// It is encrypted: a job in the background has no passphrase, so it is locked.
    Encrypted,
    /// It could not be read (damaged, a newer format): it says nothing either way.
    Unreadable,
    /// It was read.
    Read(&'j Journal),
}

/// Why the reminder says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quiet {
    /// Something was written today (an exercise, a try, a note, any entry).
    DoneToday,
    /// The journal is encrypted and locked: it cannot be read, so nothing is said.
    Locked,
}

impl Quiet {
    /// In words, for standard error (the systemd journal), naming nothing of the
    /// journal's content.
    pub fn reason(self) -> &'static str {
        match self {
            Quiet::DoneToday => "no reminder: something was done today",
            Quiet::Locked => "no reminder: the journal is locked",
        }
    }
}

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Show the notification.
    Remind,
    /// Say nothing.
    Quiet(Quiet),
}

/// The decision for `today`: quiet when the journal is locked or has an entry written
/// today (the day in the entry's own time zone, as the journal's filters count days).
pub fn decide(journal: &JournalState<'_>, today: NaiveDate) -> Decision {
    match journal {
        JournalState::Encrypted => Decision::Quiet(Quiet::Locked),
        JournalState::Read(journal)
            if journal
                .entries()
                .any(|entry| entry.created.date_naive() == today) =>
        {
            Decision::Quiet(Quiet::DoneToday)
        }
        JournalState::Missing | JournalState::Unreadable | JournalState::Read(_) => {
            Decision::Remind
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Entry;
    use crate::journal::record::Record;
    use chrono::DateTime;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn written(at: &str) -> Journal {
        let mut entry = Entry::note("private words".into());
        entry.created = DateTime::parse_from_rfc3339(at).unwrap();
        let mut journal = Journal::default();
        journal.apply(Record::put(entry));
        journal
    }

    #[test]
    fn quiet_when_something_was_written_today_or_the_journal_is_locked() {
        let today = day("2026-03-04");
        let this_morning = written("2026-03-04T07:30:00+01:00");
        let yesterday = written("2026-03-03T22:00:00+01:00");
        assert_eq!(
            decide(&JournalState::Read(&this_morning), today),
            Decision::Quiet(Quiet::DoneToday)
        );
        assert_eq!(
            decide(&JournalState::Read(&yesterday), today),
            Decision::Remind
        );
        assert_eq!(
            decide(&JournalState::Read(&Journal::default()), today),
            Decision::Remind
        );
        assert_eq!(decide(&JournalState::Missing, today), Decision::Remind);
        assert_eq!(decide(&JournalState::Unreadable, today), Decision::Remind);
        assert_eq!(
            decide(&JournalState::Encrypted, today),
            Decision::Quiet(Quiet::Locked)
        );
    }

    #[test]
    fn an_entry_counts_on_the_day_of_its_own_time_zone() {
        // Written at 23:30 in Berlin, which is already the next day in UTC.
        let late = written("2026-03-03T23:30:00+01:00");
        assert_eq!(
            decide(&JournalState::Read(&late), day("2026-03-03")),
            Decision::Quiet(Quiet::DoneToday)
        );
        assert_eq!(
            decide(&JournalState::Read(&late), day("2026-03-04")),
            Decision::Remind
        );
    }
}
