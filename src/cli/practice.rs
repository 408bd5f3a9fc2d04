//! `between plan`, `try`, `review`, `session`, `strategies`, `due`, `prep`, `stats`:
//! practice between sessions from the command line.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::unlock::{load, open};
use super::write_json;
use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::dates::{DATE_FORMS, parse_date, today};
use crate::journal::entry::now;
use crate::journal::mint::SystemMint;
use crate::journal::practice::{Decision, Frequency, RATING_MAX, RATING_MIN};
use crate::journal::{Entry, EntryId, Store};
use crate::pack::Catalog;
use crate::practice::{chains, forms, prep, stats};

fn date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text, today())
}

/// The `plan` subcommands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Make a plan: one strategy to try in real life, how often, and when to review it.
    Add(PlanArgs),
}

/// Arguments of `between plan add`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// What you will try, in a sentence.
    text: String,
    /// The exercise it comes from (AREA/EXERCISE); its practice suggestion fills in
    /// what to notice unless you give `--notice`.
    #[arg(long, value_name = "AREA/EXERCISE")]
    from: Option<String>,
    /// Try it N times each week…
    #[arg(long, value_name = "N", conflicts_with_all = ["times", "by"])]
    per_week: Option<u32>,
    /// …or N times in all,
    #[arg(long, value_name = "N", requires = "by")]
    times: Option<u32>,
    /// by this day.
    #[arg(long, value_name = "DATE", value_parser = date_arg, requires = "times")]
    by: Option<NaiveDate>,
    /// When to look back on how it went.
    #[arg(long, value_name = "DATE", value_parser = date_arg, long_help = format!("When to look back on how it went: {DATE_FORMS}"))]
    review: Option<NaiveDate>,
    /// What to notice when you try it.
    #[arg(long)]
    notice: Option<String>,
    /// The work area (taken from --from when given).
    #[arg(long)]
    area: Option<String>,
    /// Mark it private: it, and its tries and reviews, are never in a summary for
    /// someone else (prep, reports).
    #[arg(long)]
    private: bool,
}

/// Arguments of `between try`.
#[derive(Debug, Args)]
pub struct TryArgs {
    /// The plan (the start of its id; `between strategies` shows them).
    plan: String,
    /// How it went: 1 (badly) to 5 (well).
    #[arg(long, value_parser = clap::value_parser!(u8).range(i64::from(RATING_MIN)..=i64::from(RATING_MAX)))]
    rating: u8,
    /// The situation.
    #[arg(long)]
    situation: Option<String>,
    /// What you did.
    #[arg(long)]
    did: Option<String>,
    /// What happened.
    #[arg(long)]
    happened: Option<String>,
    /// How your partner responded.
    #[arg(long)]
    partner: Option<String>,
    /// What you would do differently.
    #[arg(long)]
    differently: Option<String>,
    /// When it happened, if not today.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    on: Option<NaiveDate>,
}

/// Arguments of `between review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The plan (the start of its id).
    plan: String,
    /// Keep it, adjust it (give the new plan with --new), or drop it.
    #[arg(long, value_enum)]
    decision: Decision,
    /// What worked.
    #[arg(long)]
    worked: Option<String>,
    /// What did not.
    #[arg(long)]
    didnt: Option<String>,
    /// With `--decision adjust`: the adjusted plan, which continues the strategy
    /// (tried as often as the old one).
    #[arg(long, required_if_eq("decision", "adjust"))]
    new: Option<String>,
    /// With `--decision adjust`: when to review the adjusted plan.
    #[arg(long = "review-new", value_name = "DATE", value_parser = date_arg)]
    review_new: Option<NaiveDate>,
    /// With `--decision keep`: when to look back on the plan again (it is then due
    /// again on that day).
    #[arg(long = "next-review", value_name = "DATE", value_parser = date_arg)]
    next_review: Option<NaiveDate>,
}

/// Arguments of `between session`.
#[derive(Debug, Args)]
pub struct SessionArgs {
    /// The day of the session (default today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    on: Option<NaiveDate>,
    /// Notes from the session.
    #[arg(long)]
    notes: Option<String>,
    /// Homework you were given.
    #[arg(long)]
    homework: Option<String>,
    /// Entries flagged to discuss that the session talked about (the start of each
    /// id; `between journal list` shows ids): their flag is taken off, and
    /// the session keeps them.
    #[arg(long, value_name = "ID", num_args = 1..)]
    discussed: Vec<String>,
}

/// Arguments of `between prep`.
#[derive(Debug, Args)]
pub struct PrepArgs {
    /// The format; Markdown is the one there is.
    #[arg(long, value_parser = ["md"], default_value = "md")]
    format: String,
    /// Write to FILE (created 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Include entries marked private.
    #[arg(long)]
    include_private: bool,
}

/// Arguments of `between strategies`.
#[derive(Debug, Args)]
pub struct StrategiesArgs {
    /// One strategy's history, instead of the list.
    #[command(subcommand)]
    pub command: Option<StrategiesCommand>,
    /// The list's form.
    #[command(flatten)]
    pub json: JsonArgs,
}

/// The `strategies` subcommands.
#[derive(Debug, Subcommand)]
pub enum StrategiesCommand {
    /// One strategy's page: every version of its plan, with its tries, reviews and the
    /// average rating of each version.
    Show(super::history::ShowArgs),
}

/// Arguments of `between strategies` and `between stats`.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// What `stats --by` counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Entries per calendar month, in all and by area, tag and kind.
    Month,
}

/// Arguments of `between stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Count entries per month instead (private ones too: the counts are yours), over
    /// the last twelve months unless a period is given.
    #[arg(long, value_enum, value_name = "UNIT")]
    by: Option<By>,
    /// With `--by month`: which entries to count, and over which months.
    #[command(flatten)]
    filter: super::journal::FilterArgs,
}

fn saved(out: &mut dyn Write, entry: &Entry) -> Result<(), Error> {
    writeln!(out, "Saved {} {}", entry.kind.name(), entry.id)?;
    Ok(())
}

/// Runs `between plan add`.
pub fn plan(dir: &DataDir, command: PlanCommand, out: &mut dyn Write) -> Result<(), Error> {
    let PlanCommand::Add(args) = command;
    let frequency = match (args.per_week, args.times, args.by) {
        (Some(times), _, _) => Frequency::Week { times },
        (None, Some(times), Some(by)) => Frequency::Total { times, by },
        _ => {
            return Err(Error::Usage(
                "say how often: --per-week N, or --times N --by DATE".into(),
            ));
        }
    };
    let mut notice = args.notice;
    let mut area = args.area.map(Into::into);
    let mut source = None;
    if let Some(reference) = &args.from {
        let catalog = Catalog::load(&dir.packs())?;
        let found = catalog.find(reference, None)?;
        area = Some(found.exercise.area.as_str().into());
        source = Some(crate::journal::entry::ExerciseSource {
            pack: found.pack.pack.id.as_str().into(),
            pack_version: found.pack.pack.version,
            exercise: found.exercise.id.as_str().into(),
            title: found.exercise.title.as_str().into(),
        });
        if notice.is_none() {
            notice = found.exercise.practice.as_ref().map(|p| p.notice.clone());
        }
    }
    let mut entry = forms::plan(args.text, notice, frequency, args.review, &mut SystemMint);
    entry.area = area;
    entry.exercise = source;
    entry.private = args.private;
    open(dir)?.save(&entry)?;
    saved(out, &entry)
}

/// Runs `between try`.
pub fn attempt(dir: &DataDir, args: TryArgs, out: &mut dyn Write) -> Result<(), Error> {
    let mut writer = open(dir)?;
    let plan = super::history::find_plan(writer.journal(), &args.plan)?.clone();
    let at: DateTime<FixedOffset> = match args.on {
        Some(day) => day
            .and_hms_opt(12, 0, 0)
            .and_then(|t| t.and_local_timezone(*now().offset()).single())
            .unwrap_or_else(now),
        None => now(),
    };
    let given = |id: &str| match id {
        "situation" => args.situation.clone(),
        "did" => args.did.clone(),
        "happened" => args.happened.clone(),
        "partner" => args.partner.clone(),
        "differently" => args.differently.clone(),
        _ => None,
    };
    let entry = forms::attempt(&plan, args.rating, at, &given, &mut SystemMint);
    writer.save(&entry)?;
    saved(out, &entry)
}

/// Runs `between review`.
pub fn review(dir: &DataDir, args: ReviewArgs, out: &mut dyn Write) -> Result<(), Error> {
    let look_again = match (args.decision, args.next_review, args.review_new) {
        (Decision::Keep, next, None) => next,
        (Decision::Adjust, None, new) => new,
        (Decision::Drop, None, None) => None,
        (Decision::Keep, _, Some(_)) => {
            return Err(Error::Usage(
                "--review-new is for the plan an adjustment makes; a kept plan takes --next-review"
                    .into(),
            ));
        }
        (_, Some(_), _) => {
            return Err(Error::Usage(
                "--next-review is for a kept plan; an adjusted plan takes --review-new".into(),
            ));
        }
        (Decision::Drop, None, Some(_)) => {
            return Err(Error::Usage(
                "a dropped plan is not looked back on: leave out --review-new".into(),
            ));
        }
    };
    let mut writer = open(dir)?;
    let plan = super::history::find_plan(writer.journal(), &args.plan)?.clone();
    let given = |id: &str| match id {
        "worked" => args.worked.clone(),
        "didnt" => args.didnt.clone(),
        _ => None,
    };
    let (entry, next) = forms::review(
        &plan,
        args.decision,
        &given,
        args.new,
        look_again,
        &mut SystemMint,
    );
    writer.save(&entry)?;
    saved(out, &entry)?;
    if let Some(next) = next {
        writer.save(&next)?;
        saved(out, &next)?;
    }
    Ok(())
}

/// Runs `between session`.
pub fn session(dir: &DataDir, args: SessionArgs, out: &mut dyn Write) -> Result<(), Error> {
    let on = args.on.unwrap_or_else(today);
    let given = |id: &str| match id {
        "notes" => args.notes.clone(),
        "homework" => args.homework.clone(),
        _ => None,
    };
    let mut writer = open(dir)?;
    let talked_about = super::history::flagged(writer.journal(), &args.discussed)?;
    let ids = talked_about.iter().map(|e| e.id.clone()).collect();
    let entry = forms::session(on, &given, ids, &mut SystemMint);
    for flagged in &talked_about {
        let mut revised = flagged.next_revision();
        revised.discuss = false;
        writer.save(&revised)?;
    }
    writer.save(&entry)?;
    saved(out, &entry)?;
    if !talked_about.is_empty() {
        writeln!(
            out,
            "Took the flag off {}.",
            crate::words::count(talked_about.len(), "entry", "entries")
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct StrategyRow<'a> {
    plan: &'a EntryId,
    strategy: String,
    area: Option<&'a str>,
    plans: usize,
    tries: usize,
    average_rating: Option<f64>,
    decision: Option<&'static str>,
    active: bool,
}

/// Runs `between strategies`.
pub fn strategies(dir: &DataDir, args: &JsonArgs, out: &mut dyn Write) -> Result<(), Error> {
    let journal = load(dir)?;
    let all = chains(&journal);
    let rows: Vec<StrategyRow<'_>> = all
        .iter()
        .map(|chain| StrategyRow {
            plan: &chain.current().id,
            strategy: chain.current().display_title(),
            area: chain.current().area.as_deref(),
            plans: chain.plans.len(),
            tries: chain.tries.len(),
            average_rating: chain.average_rating(),
            decision: chain.decision().map(Decision::name),
            active: chain.is_active(),
        })
        .collect();
    if args.json {
        return write_json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No plans yet. Make one with `between plan add \"...\" --per-week 2`."
        )?;
    }
    for row in &rows {
        let rating = row
            .average_rating
            .map_or_else(|| "not tried yet".to_owned(), |r| format!("{r:.1}/5"));
        writeln!(
            out,
            "{}  {:<13} {:>9}  {}{}",
            row.plan.as_str().get(..10).unwrap_or(row.plan.as_str()),
            rating,
            crate::words::count(row.tries, "try", "tries"),
            row.strategy.replace('\n', " "),
            row.decision
                .map_or_else(String::new, |d| format!("  ({d})"))
        )?;
    }
    if let Some(last) = stats::last_invitation(&journal) {
        let days = (today() - last).num_days();
        writeln!(
            out,
            "You last invited your partner {} ago, on {}.",
            crate::words::count(usize::try_from(days).unwrap_or(0), "day", "days"),
            last.format(crate::journal::practice::DAY)
        )?;
    }
    Ok(())
}

/// Runs `between due`: one short line per item, nothing at all when nothing is due,
/// and nothing when the journal is encrypted (it sits in shell start-up files, where
/// asking for a passphrase would be a burden, and would show that there is a journal).
pub fn due_now(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    let store = Store::new(dir.clone());
    // No journal yet: nothing done yet, but homework may be there to do. Never freed,
    // as `unlock::load`'s: the process ends once it has answered.
    let journal = std::mem::ManuallyDrop::new(if !dir.journal().exists() {
        crate::journal::Journal::default()
    } else if matches!(store.form(), Ok(crate::journal::log::Form::Plain)) {
        store.load()?
    } else {
        // Encrypted, or not readable (a synced journal's key file missing): say
        // nothing rather than ask for the passphrase.
        return Ok(());
    });
    let catalog = Catalog::load(&dir.packs())?;
    let day = today();
    let due = crate::practice::due_today(&catalog, &journal, day);
    for item in &due.plans {
        writeln!(out, "between: {}", item.public_line(day))?;
    }
    for left in due.homework_left() {
        writeln!(out, "between: {}", left.homework.discreet_line(day))?;
    }
    Ok(())
}

/// Runs `between prep`.
pub fn prep_summary(dir: &DataDir, args: &PrepArgs, out: &mut dyn Write) -> Result<(), Error> {
    let journal = load(dir)?;
    let shared = crate::practice::Shared::new(&journal, args.include_private);
    let summary = prep::since_last_session(&shared);
    let text = prep::markdown(&summary);
    if super::write_output(
        out,
        args.out.as_deref(),
        text.as_bytes(),
        "write the summary to",
    )? && let Some(file) = &args.out
    {
        say!("Wrote {}", file.display());
    }
    Ok(())
}

#[derive(Serialize)]
struct Stats<'j> {
    entries: usize,
    practice_days: usize,
    streaks: stats::Streaks,
    measures: Vec<stats::MeasureMove>,
    before_after: Vec<stats::BeforeAfter>,
    last_invitation: Option<NaiveDate>,
    /// Entries per area in each of the last four weeks (by their Monday).
    recent_weeks: Vec<(NaiveDate, std::collections::BTreeMap<&'j str, usize>)>,
    /// Ids of entries from this day in earlier months and years.
    on_this_day: Vec<&'j EntryId>,
    /// Ids of entries from the same day a month ago.
    a_month_ago: Vec<&'j EntryId>,
}

/// Runs `between stats`.
pub fn figures(dir: &DataDir, args: &StatsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let filter = args.filter.filter();
    if args.by.is_none() && filter != crate::journal::query::Filter::default() {
        return Err(Error::Usage(
            "the filters and periods of `stats` (--area, --kind, --tag, --since, --until, \
             --month, --season, --year) count entries per month: add `--by month`"
                .into(),
        ));
    }
    let journal = load(dir)?;
    if args.by == Some(By::Month) {
        let stretch = super::by_month::stretch(&filter, today());
        return super::by_month::print(&journal, &filter, stretch, args.json, out);
    }
    let days = stats::practice_days(&journal);
    let day = today();
    let (earlier, month_ago) = stats::on_this_day(&journal, day);
    let four_weeks_ago = crate::practice::due::week_start(day)
        .checked_sub_days(chrono::Days::new(21))
        .unwrap_or(day);
    let figures = Stats {
        entries: journal.len(),
        practice_days: days.len(),
        streaks: stats::streaks(&days, day),
        measures: stats::measure_moves(journal.entries()),
        before_after: stats::before_after(journal.entries()),
        last_invitation: stats::last_invitation(&journal),
        recent_weeks: stats::weekly_by_area(&journal)
            .into_iter()
            .filter(|(week, _)| *week >= four_weeks_ago)
            .collect(),
        on_this_day: earlier.iter().map(|e| &e.id).collect(),
        a_month_ago: month_ago.iter().map(|e| &e.id).collect(),
    };
    if args.json {
        return write_json(out, &figures);
    }
    writeln!(
        out,
        "{} entries, practice on {} days",
        figures.entries, figures.practice_days
    )?;
    writeln!(
        out,
        "streak: {} now, {} at the longest",
        crate::words::count(figures.streaks.current as usize, "day", "days"),
        figures.streaks.longest
    )?;
    for m in &figures.measures {
        writeln!(
            out,
            "{}: first {}, latest {} ({} ratings)",
            m.measure, m.first, m.last, m.count
        )?;
    }
    for change in &figures.before_after {
        writeln!(
            out,
            "{} · {}: {:+.1} on average over {}",
            change.exercise,
            change.measure,
            change.average_change,
            crate::words::count(change.entries, "time", "times")
        )?;
    }
    if let Some(last) = figures.last_invitation {
        writeln!(out, "last invitation to couples therapy: {last}")?;
    }
    for (week, areas) in &figures.recent_weeks {
        let counts: Vec<String> = areas.iter().map(|(a, n)| format!("{a} {n}")).collect();
        writeln!(out, "week of {week}: {}", counts.join(", "))?;
    }
    for (label, entries) in [("on this day", &earlier), ("a month ago", &month_ago)] {
        for entry in entries.iter() {
            writeln!(
                out,
                "{label}: {} · {}",
                entry.created.format("%Y-%m-%d"),
                entry.display_title().replace('\n', " ")
            )?;
        }
    }
    Ok(())
}
