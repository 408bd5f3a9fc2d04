//! The look back's words: what each section says, from the figures.

use chrono::{Datelike, NaiveDate};

use super::{Block, Item, Page, Section};
use crate::journal::practice::{DAY, DAY_SHORT, PracticeData};
use crate::journal::{Entry, Kind};
use crate::pack::Catalog;
use crate::practice::chart::{Choices, chart};
use crate::practice::look_back::{LookBack, MeasureMonths, Strategy, decision};
use crate::words::{capitalised, count, number};

/// The page of `back`, with the areas' and measures' titles from `catalog`.
pub fn page(back: &LookBack<'_>, catalog: &Catalog) -> Page {
    let mut about = vec![format!(
        "{} from {} to {}.",
        capitalised(&count(back.entries.len(), "entry", "entries")),
        back.first.format(DAY),
        back.last.format(DAY)
    )];
    if back.left_out > 0 {
        about.push(format!(
            "{} left out: counted here, not shown.",
            capitalised(&count(back.left_out, "private entry", "private entries"))
        ));
    }
    if back.entries.is_empty() {
        about[0] = format!(
            "Nothing was written from {} to {}.",
            back.first.format(DAY),
            back.last.format(DAY)
        );
        return Page {
            title: format!("Looking back: {}", period(back.first, back.last)),
            about,
            sections: Vec::new(),
        };
    }
    let sections = [
        months(back, catalog),
        tags(back),
        measures(back, catalog),
        strategies(back),
        sessions(back),
        invitations(back),
        flagged(back),
        on_this_day(back),
    ];
    Page {
        title: format!("Looking back: {}", period(back.first, back.last)),
        about,
        sections: sections.into_iter().collect(),
    }
}

/// The period in a few words: "2025", "April 2025", "Dec 1 2024 to Nov 30 2025".
pub fn period(first: NaiveDate, last: NaiveDate) -> String {
    let month_end = |day: NaiveDate| {
        day.checked_add_days(chrono::Days::new(1))
            .is_none_or(|next| next.day() == 1)
    };
    let whole_months = first.day() == 1 && month_end(last);
    if whole_months && first.month() == 1 && last.month() == 12 && first.year() == last.year() {
        first.year().to_string()
    } else if whole_months && (first.year(), first.month()) == (last.year(), last.month()) {
        first.format("%B %Y").to_string()
    } else if whole_months {
        format!("{} to {}", first.format("%B %Y"), last.format("%B %Y"))
    } else {
        format!("{} to {}", first.format(DAY), last.format(DAY))
    }
}

/// A month's label: "Apr", or "Apr 2025" where the period spans years.
fn month_label(back: &LookBack<'_>, month: NaiveDate) -> String {
    if back.first.year() == back.last.year() {
        month.format("%b").to_string()
    } else {
        month.format("%b %Y").to_string()
    }
}

fn area_title(catalog: &Catalog, id: &str) -> String {
    catalog
        .areas()
        .into_iter()
        .find(|a| a.decl.id == id)
        .map_or_else(|| id.to_owned(), |a| a.decl.title)
}

/// How many areas the month table has a column for.
const AREA_COLUMNS: usize = 4;

fn months(back: &LookBack<'_>, catalog: &Catalog) -> Section {
    let shown = back.per_area.len().min(AREA_COLUMNS);
    let mut head = vec!["Month".to_owned(), "Entries".to_owned()];
    head.extend(
        back.per_area[..shown]
            .iter()
            .map(|(area, _)| capitalised(&area.replace('-', " "))),
    );
    let rows = back
        .months
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let mut row = vec![month_label(back, *month), back.per_month[m].to_string()];
            row.extend(back.area_months[..shown].iter().map(|c| c[m].to_string()));
            row
        })
        .collect();
    let mut blocks = vec![Block::Table { head, rows }];
    if !back.per_area.is_empty() {
        blocks.push(Block::List(
            back.per_area
                .iter()
                .map(|(area, n)| Item {
                    text: format!("{}: {n}", area_title(catalog, area)),
                    items: vec![],
                })
                .collect(),
        ));
    }
    Section {
        heading: "Month by month, and by area".into(),
        blocks,
    }
}

fn tags(back: &LookBack<'_>) -> Section {
    let blocks = if back.tags.is_empty() {
        vec![Block::Paragraph("No entries were tagged.".into())]
    } else {
        vec![Block::List(
            back.tags
                .iter()
                .map(|tag| {
                    let (most, most_at) = tag
                        .per_month
                        .iter()
                        .enumerate()
                        .map(|(m, n)| (*n, m))
                        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                        .unwrap_or((0, 0));
                    let last = tag.per_month.len().saturating_sub(1);
                    let moved = format!(
                        "most in {} ({most}); {} in {}",
                        month_label(back, back.months[most_at]),
                        tag.per_month.get(last).copied().unwrap_or(0),
                        month_label(back, back.months[last]),
                    );
                    Item {
                        text: format!(
                            "{}: {}, {moved}",
                            tag.tag,
                            count(tag.total, "entry", "entries")
                        ),
                        items: vec![monthly(back, &tag.per_month, |n| n.to_string())],
                    }
                })
                .collect(),
        )]
    };
    Section {
        heading: "Tags that came up most".into(),
        blocks,
    }
}

/// Month by month on one line: "Dec 2024 5 · Jan 2025 6 · Feb 8 · …" (the year with
/// the first month and each January, where the period spans years).
fn monthly<T>(back: &LookBack<'_>, values: &[T], word: impl Fn(&T) -> String) -> String {
    let years = back.first.year() != back.last.year();
    back.months
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (month, value))| {
            let label = if years && (i == 0 || month.month() == 1) {
                month.format("%b %Y")
            } else {
                month.format("%b")
            };
            format!("{label} {}", word(value))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn measures(back: &LookBack<'_>, catalog: &Catalog) -> Section {
    let mut blocks = Vec::new();
    for measure in &back.measures {
        let found = catalog.measure(&measure.measure);
        let title = found.map_or_else(|| measure.measure.clone(), |m| m.title.clone());
        let range = found.map_or((0.0, 10.0), |m| (m.min as f64, m.max as f64));
        let better = found.map(|m| {
            if m.higher_is_better {
                "higher is better"
            } else {
                "lower is better"
            }
        });
        let scale = match better {
            Some(better) => format!("{} to {}, {better}; ", number(range.0), number(range.1)),
            // A measure no pack declares any more: its range is not known.
            None => String::new(),
        };
        blocks.push(Block::Paragraph(format!(
            "{title}, the mean of each sitting's first rating ({scale}{}): {}.{}",
            count(measure.sittings.len(), "sitting", "sittings"),
            monthly(back, &measure.means, |m| m.map_or("–".to_owned(), number)),
            extremes(back, measure)
        )));
        let scale = found.map(|m| (m.min, m.max));
        let cutoff = found.and_then(|m| m.cutoff);
        let monthly = Choices {
            after: false,
            monthly: true,
        };
        blocks.push(Block::Chart(Box::new(chart(
            &measure.sittings,
            scale,
            cutoff,
            (back.first, back.last),
            back.months.len(),
            monthly,
        ))));
    }
    if blocks.is_empty() {
        blocks.push(Block::Paragraph("Nothing was rated in this period.".into()));
    }
    Section {
        heading: "Measures by month".into(),
        blocks,
    }
}

/// " Highest in Apr (8.1), lowest in Nov (3.5)." for a measure rated in two months or
/// more.
fn extremes(back: &LookBack<'_>, measure: &MeasureMonths) -> String {
    let rated: Vec<(usize, f64)> = measure
        .means
        .iter()
        .enumerate()
        .filter_map(|(m, mean)| Some((m, (*mean)?)))
        .collect();
    if rated.len() < 2 {
        return String::new();
    }
    let high = rated
        .iter()
        .copied()
        .fold(rated[0], |a, b| if b.1 > a.1 { b } else { a });
    let low = rated
        .iter()
        .copied()
        .fold(rated[0], |a, b| if b.1 < a.1 { b } else { a });
    format!(
        " Highest in {} ({}), lowest in {} ({}).",
        month_label(back, back.months[high.0]),
        number(high.1),
        month_label(back, back.months[low.0]),
        number(low.1)
    )
}

fn strategies(back: &LookBack<'_>) -> Section {
    let blocks = if back.strategies.is_empty() {
        vec![Block::Paragraph(
            "No strategies were tried in this period.".into(),
        )]
    } else {
        vec![Block::List(back.strategies.iter().map(strategy).collect())]
    };
    Section {
        heading: "Strategies".into(),
        blocks,
    }
}

/// One strategy: its current words and where it stands, each version with its tries
/// and their mean, and its looks back.
fn strategy(strategy: &Strategy<'_>) -> Item {
    let standing = match strategy.chain.decision() {
        Some(decision) => decision.past().to_owned(),
        None => "not looked back on yet".to_owned(),
    };
    let mut items: Vec<String> = strategy
        .versions
        .iter()
        .enumerate()
        .map(|(i, version)| {
            let tried = match (version.tries.first(), version.tries.last()) {
                (Some(first), Some(last)) => {
                    let when = if version.tries.len() == 1 {
                        format!("once, on {}", day_of(first).format(DAY_SHORT))
                    } else {
                        format!(
                            "{} times from {} to {}",
                            version.tries.len(),
                            day_of(first).format(DAY_SHORT),
                            day_of(last).format(DAY_SHORT)
                        )
                    };
                    let average = version
                        .average()
                        .map_or_else(String::new, |a| format!(", average {} of 5", number(a)));
                    format!("tried {when}{average}")
                }
                _ => "not tried in this period".to_owned(),
            };
            format!(
                "Version {} ({}): \"{}\": {tried}",
                i + 1,
                version.plan.created.date_naive().format(DAY),
                version.plan.display_title()
            )
        })
        .collect();
    for review in &strategy.reviews {
        let decided = decision(review).map_or("looked back on", |d| d.past());
        items.push(format!(
            "{}: {decided}",
            review.created.date_naive().format(DAY)
        ));
    }
    Item {
        text: format!("{} ({standing})", strategy.chain.current().display_title()),
        items,
    }
}

fn day_of(entry: &Entry) -> NaiveDate {
    crate::practice::look_back::day_of(entry)
}

fn sessions(back: &LookBack<'_>) -> Section {
    let blocks = if back.sessions.is_empty() {
        vec![Block::Paragraph(
            "No sessions were recorded in this period.".into(),
        )]
    } else {
        vec![Block::List(
            back.sessions
                .iter()
                .map(|session| {
                    let mut items = Vec::new();
                    if let Some(notes) = session.entry.first_text() {
                        items.push(format!("Talked about: {}", notes.trim()));
                    }
                    if let Some(homework) = &session.homework {
                        items.push(format!("Homework: {homework}"));
                    }
                    if !session.brought.is_empty() {
                        items.push(format!(
                            "Brought: {}",
                            session
                                .brought
                                .iter()
                                .map(|e| format!(
                                    "{} ({})",
                                    e.display_title(),
                                    day_of(e).format(DAY_SHORT)
                                ))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ));
                    }
                    Item {
                        text: format!("Session on {}", session.on.format(DAY)),
                        items,
                    }
                })
                .collect(),
        )]
    };
    Section {
        heading: "Sessions".into(),
        blocks,
    }
}

/// What an entry about the invitation says in a line: when, what, how it went.
fn invitation(entry: &Entry) -> Item {
    let when = day_of(entry).format(DAY);
    let title = entry.display_title();
    let text = match (&entry.kind, &entry.practice) {
        (Kind::Try, Some(PracticeData::Try { rating, .. })) => {
            format!("{when}: tried \"{title}\", went {rating} of 5")
        }
        (Kind::Plan, _) => format!("{when}: planned \"{title}\""),
        (Kind::Review, _) => format!(
            "{when}: looked back on \"{title}\": {}",
            decision(entry).map_or("", |d| d.past())
        ),
        _ => format!("{when}: {title}"),
    };
    let items = match entry.kind {
        Kind::Try | Kind::Review => entry
            .answers
            .iter()
            .filter_map(|a| Some(format!("{} {}", a.prompt, a.value.text()?.trim())))
            .collect(),
        _ => vec![],
    };
    Item { text, items }
}

fn invitations(back: &LookBack<'_>) -> Section {
    let blocks = if back.invitations.is_empty() {
        vec![Block::Paragraph(
            "Nothing about inviting your partner in this period.".into(),
        )]
    } else {
        vec![Block::List(
            back.invitations.iter().map(|e| invitation(e)).collect(),
        )]
    };
    Section {
        heading: "Inviting your partner".into(),
        blocks,
    }
}

/// A dated line for an entry: "Sun Sep 14 2025: Debrief a fight (chores)".
fn dated(entry: &Entry) -> Item {
    let tags = if entry.tags.is_empty() {
        String::new()
    } else {
        let tags: Vec<&str> = entry.tags.iter().map(|t| t.as_str()).collect();
        format!(" ({})", tags.join(", "))
    };
    Item {
        text: format!(
            "{}: {}{tags}",
            day_of(entry).format(DAY),
            entry.display_title()
        ),
        items: vec![],
    }
}

fn flagged(back: &LookBack<'_>) -> Section {
    let blocks = if back.flagged.is_empty() {
        vec![Block::Paragraph("Nothing was marked to discuss.".into())]
    } else {
        vec![
            Block::Paragraph(format!(
                "{} marked to discuss: {} brought to a session, {} still to discuss.",
                capitalised(&count(back.flagged.len(), "entry", "entries")),
                back.flagged.len() - back.still_flagged,
                back.still_flagged
            )),
            Block::List(back.flagged.iter().map(|e| dated(e)).collect()),
        ]
    };
    Section {
        heading: "Marked to discuss".into(),
        blocks,
    }
}

fn on_this_day(back: &LookBack<'_>) -> Section {
    let (month, day) = back.this_day;
    let name = NaiveDate::from_ymd_opt(2000, month, day)
        .map_or_else(String::new, |d| d.format(DAY_SHORT).to_string());
    let blocks = if back.on_this_day.is_empty() {
        vec![Block::Paragraph(format!(
            "Nothing was written on {name} in this period."
        ))]
    } else {
        vec![Block::List(
            back.on_this_day.iter().map(|e| dated(e)).collect(),
        )]
    };
    Section {
        heading: format!("On this day: {name}"),
        blocks,
    }
}
