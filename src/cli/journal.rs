//! `between journal …`, `between export` and `between import`: the journal from the
//! command line.

use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{ColorChoice, Mark};
use super::period_args::PeriodArgs;
use super::unlock::{load, open};
use super::write_json;
use crate::Error;
use crate::data_dir::DataDir;
use crate::editing::edit_file;
use crate::environment::Environment;
use crate::journal::export::{self, Format};
use crate::journal::query::{Filter, Search, SearchIndex, find, find_by_prefix};
use crate::journal::{Entry, Journal, Kind, store};
use crate::journal::{edit_text, kept_edits};
use crate::pack::Catalog;

/// The `journal` subcommands.
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Add an entry (a note by default); the text comes from the argument or stdin.
    Add(AddArgs),
    /// List entries, newest first.
    List(ListArgs),
    /// Show one entry in full.
    Show {
        /// The entry's id, or the start of it.
        id: String,
    },
    /// Find entries containing every word (ignoring case).
    Search(SearchArgs),
    /// Edit an entry's text in $EDITOR; saves a new revision if anything changed.
    Edit {
        /// The entry's id, or the start of it.
        id: String,
        /// Then erase the entry's earlier text now: the journal is rewritten keeping
        /// only its newest revision (copies elsewhere, such as backups, are not
        /// touched).
        #[arg(long)]
        erase_old: bool,
    },
    /// Delete an entry (asks first).
    Delete {
        /// The entry's id, or the start of it.
        id: String,
        /// Do not ask.
        #[arg(long)]
        yes: bool,
        /// Erase its text now: every revision of it is removed from the journal, its
        /// snapshot and drafts (the journal is rewritten, keeping only its id so that
        /// an import does not bring it back). Copies elsewhere (backups, synced copies,
        /// exported files), reports already written and quarantine/ are not touched.
        #[arg(long)]
        erase: bool,
    },
    /// Rewrite the journal without superseded records.
    Compact,
    /// Check every line of the journal; exit 65 if any is damaged.
    Verify,
}

/// Filters shared by list, search, export and `stats --by month`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only entries of this area.
    #[arg(long, value_name = "AREA")]
    area: Option<String>,
    /// Only entries of this kind.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Only entries with this tag.
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
    #[command(flatten)]
    period: PeriodArgs,
}

impl FilterArgs {
    /// The query engine's filter for these flags.
    pub(super) fn filter(&self) -> Filter {
        let (since, until) = self.period.days();
        Filter {
            area: self.area.clone(),
            kind: self.kind,
            tag: self.tag.clone(),
            since,
            until,
        }
    }
}

/// Arguments of `journal add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The kind of entry.
    #[arg(long, value_enum, default_value = "note")]
    kind: Kind,
    /// The work area it belongs to.
    #[arg(long, value_name = "AREA")]
    area: Option<String>,
    /// A title.
    #[arg(long)]
    title: Option<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Flag it to bring to the next session.
    #[arg(long)]
    discuss: bool,
    /// Mark it private: never in a report.
    #[arg(long)]
    private: bool,
    /// The text; read from standard input when not given.
    text: Option<String>,
}

impl AddArgs {
    /// Nothing given but the command: `between note` then asks for everything.
    pub(super) fn is_bare(&self) -> bool {
        self.kind == Kind::Note
            && self.area.is_none()
            && self.title.is_none()
            && self.tags.is_empty()
            && !self.discuss
            && !self.private
            && self.text.is_none()
    }
}

/// Arguments of `journal list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Show at most N entries.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print JSON: a list of entries.
    #[arg(long)]
    json: bool,
}

/// Arguments of `journal search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: words an entry must all contain, "a phrase" in quotes, OR
    /// between alternatives, -word or -"a phrase" to leave out (see the README). One
    /// argument with spaces (quoted for the shell) is a phrase. Put -- before a
    /// -word that comes first (`search -- -kids dishes`), or quote the whole search.
    #[arg(required = true)]
    words: Vec<String>,
    /// Search only your own words: your answers and titles, not prompts, exercise
    /// titles, pack text or tags.
    #[arg(long)]
    own: bool,
    #[command(flatten)]
    filter: FilterArgs,
    /// Mark matches with color (never: with [brackets]).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print JSON: a list of matching entries.
    #[arg(long)]
    json: bool,
}

/// Arguments of `between export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format: md for people, json to import again, csv for spreadsheets.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    #[command(flatten)]
    filter: FilterArgs,
    /// Leave out entries marked private, and the tries, reviews and later versions of
    /// a private plan (counted, not shown): for a copy to read elsewhere or to share.
    #[arg(long)]
    exclude_private: bool,
    /// Only entries marked to discuss (to bring to your next session).
    #[arg(long)]
    discuss: bool,
    /// Write each entry's id in a Markdown export (JSON and CSV always have them).
    #[arg(long)]
    ids: bool,
    /// Write to FILE (created 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Arguments of `between import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A JSON export made by `between export --format json`.
    file: PathBuf,
    /// Also bring back entries that were deleted in this journal (they are left out
    /// otherwise).
    #[arg(long)]
    restore_deleted: bool,
}

/// Runs a `journal` subcommand.
pub fn run(
    dir: &DataDir,
    command: JournalCommand,
    env: &Environment,
    out: &mut super::output::Stdout,
) -> Result<(), Error> {
    match command {
        JournalCommand::Add(args) => add(dir, args, out),
        JournalCommand::List(args) => list(dir, &args, out),
        JournalCommand::Show { id } => {
            let journal = load(dir)?;
            let entry = find_by_prefix(&journal, &id)?;
            let mut text = String::new();
            export::markdown_entry(&mut text, entry, export::Shown::ALONE);
            let belonging = export::belonging_to(&journal, entry);
            export::markdown_plan_history(&mut text, entry, &belonging);
            export::markdown_conflict(&mut text, &journal, entry);
            out.write_all(text.as_bytes())?;
            Ok(())
        }
        JournalCommand::Search(args) => search(dir, &args, env, out),
        JournalCommand::Edit { id, erase_old } => edit(dir, &id, erase_old, env, out),
        JournalCommand::Delete { id, yes, erase } => delete(dir, &id, yes, erase, out),
        JournalCommand::Compact => {
            let mut writer = open(dir)?;
            // Kept edits of entries deleted before deleting removed them go too.
            kept_edits::forget_orphans(dir, writer.journal());
            let done = match writer.compacted_on_open().cloned() {
                // Opening found most of it superseded and compacted it already.
                Some(done) => done,
                None if writer.journal().superseded() == 0 => {
                    writeln!(
                        out,
                        "Nothing to compact: every record in the journal is live."
                    )?;
                    return Ok(());
                }
                None => writer.compact()?,
            };
            writeln!(
                out,
                "Compacted the journal: {} records to {}, {} bytes to {}.",
                done.records_before, done.records_after, done.bytes_before, done.bytes_after
            )?;
            Ok(())
        }
        JournalCommand::Verify => {
            let problems = store::verify(&super::unlock::store(dir)?)?;
            if problems.is_empty() {
                writeln!(
                    out,
                    "The journal is sound: every line is a complete record."
                )?;
                return Ok(());
            }
            let file = dir.journal().display().to_string();
            for problem in &problems {
                writeln!(out, "{file}:{}: {}", problem.line, problem.message)?;
            }
            Err(Error::JournalDamaged {
                count: problems.len(),
            })
        }
    }
}

/// Runs `journal add` (and `note` given its text or from a pipe).
pub(super) fn add(dir: &DataDir, args: AddArgs, out: &mut dyn Write) -> Result<(), Error> {
    if let Some(area) = &args.area {
        let catalog = Catalog::load(&dir.packs())?;
        if !catalog.areas().iter().any(|a| &a.decl.id == area) {
            return Err(Error::Usage(format!(
                "there is no area `{area}`; `between areas` lists them"
            )));
        }
    }
    // Unlocked first: a passphrase from standard input comes before the text.
    let store = super::unlock::store(dir)?;
    let text = match args.text {
        Some(text) => text,
        None => {
            if std::io::stdin().is_terminal() {
                say!("Type the entry, then press Ctrl-D on a new line to save it.");
            }
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|source| Error::Input {
                    what: "the entry's text",
                    source,
                })?;
            text
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Usage("nothing to save: the text is empty".into()));
    }
    let mut entry = Entry::note(text.trim_end_matches('\n').to_owned());
    entry.kind = args.kind;
    entry.area = args.area.map(Into::into);
    entry.title = args.title.filter(|t| !t.trim().is_empty());
    entry.tags = args.tags.into_iter().map(Into::into).collect();
    entry.discuss = args.discuss;
    entry.private = args.private;
    let mut log = store.open_append()?;
    for warning in log.warnings() {
        say!("between: warning: {warning}");
    }
    log.append(&crate::journal::record::Record::put(entry.clone()))?;
    writeln!(
        out,
        "Saved {} {} to {}",
        entry.kind.name(),
        entry.id,
        dir.journal().display()
    )?;
    Ok(())
}

/// The shortest id prefix length (at least 8) that tells every entry apart.
fn short_id_len(journal: &Journal) -> usize {
    let ids: Vec<&str> = journal.entries().map(|e| e.id.as_str()).collect();
    let shared = ids
        .windows(2)
        .map(|pair| {
            pair[0]
                .bytes()
                .zip(pair[1].bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    (shared + 1).clamp(8, 26)
}

fn list_line(entry: &Entry, id_len: usize) -> String {
    let mut words = entry
        .first_text()
        .map(|t| crate::journal::entry::first_words(t, 8));
    if entry.title.is_none() {
        words = None; // the title is already made of the first words
    }
    let tags: String = entry.tags.iter().map(|tag| format!(" #{tag}")).collect();
    format!(
        "{}  {}  {:<8} {:<16} {}{tags}{}",
        entry.id.as_str().get(..id_len).unwrap_or(entry.id.as_str()),
        entry.created.format("%Y-%m-%d %H:%M"),
        entry.kind.name(),
        entry.area.as_deref().unwrap_or("-"),
        entry.display_title().replace('\n', " "),
        words.map(|w| format!(" — {w}")).unwrap_or_default()
    )
}

fn list(dir: &DataDir, args: &ListArgs, out: &mut dyn Write) -> Result<(), Error> {
    let journal = load(dir)?;
    let entries: Vec<&Entry> = args
        .filter
        .filter()
        .apply(&journal)
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    if args.json {
        return write_json(out, &entries);
    }
    let id_len = short_id_len(&journal);
    for entry in entries {
        writeln!(out, "{}", listed_line(&journal, entry, id_len))?;
    }
    Ok(())
}

/// An entry's line in `journal list` and `search`: [`list_line`], and the mark of an
/// entry changed on two devices at once, in a synced journal.
fn listed_line(journal: &crate::journal::Journal, entry: &Entry, id_len: usize) -> String {
    let mark = match journal.conflict(&entry.id) {
        Some(_) => "  [changed on two devices: `journal show` has both]",
        None => "",
    };
    format!("{}{mark}", list_line(entry, id_len))
}

fn search(
    dir: &DataDir,
    args: &SearchArgs,
    env: &Environment,
    out: &mut super::output::Stdout,
) -> Result<(), Error> {
    let journal = load(dir)?;
    let query = search_query(&args.words);
    let search = Search::new(&query).own_words(args.own);
    for reading in search.readings() {
        say!("Read as: {reading}.");
    }
    let filter = args.filter.filter();
    let entries = find(&journal, &SearchIndex::build(&journal), &filter, &search);
    if !entries.is_empty() {
        say!("{}.", crate::words::entries_match(entries.len()));
    }
    if args.json {
        return write_json(out, &entries);
    }
    let color = args.color.wanted(env);
    let id_len = short_id_len(&journal);
    for entry in &entries {
        writeln!(out, "{}", listed_line(&journal, entry, id_len))?;
        let mut shown = 0;
        for text in search.texts_of(entry) {
            for line in text.lines() {
                let line = line.trim();
                let hits = search.highlights(line);
                if hits.is_empty() || shown == 3 {
                    continue;
                }
                shown += 1;
                write!(out, "    ")?;
                let mut at = 0;
                for hit in hits {
                    write!(out, "{}", &line[at..hit.start])?;
                    if color {
                        out.mark(Mark::Match)?;
                        write!(out, "{}", &line[hit.clone()])?;
                        out.mark(Mark::Plain)?;
                    } else {
                        write!(out, "[{}]", &line[hit.clone()])?;
                    }
                    at = hit.end;
                }
                writeln!(out, "{}", &line[at..])?;
            }
        }
    }
    if entries.is_empty() {
        let own = if args.own { " in your own words" } else { "" };
        writeln!(out, "No entries match {query}{own}.")?;
    }
    Ok(())
}

/// The search the arguments type: joined by spaces, except that an argument with
/// spaces and no search syntax in it (the shell's quotes around `"time out"`) is a
/// phrase, as the person meant.
fn search_query(words: &[String]) -> String {
    let plain = |word: &str| {
        !word.contains(['"', '“', '”', '„'])
            && word
                .split_whitespace()
                .all(|w| w != "OR" && !w.starts_with('-'))
    };
    words
        .iter()
        .map(|word| {
            if word.contains(char::is_whitespace) && plain(word) {
                format!("\"{}\"", word.trim())
            } else {
                word.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn edit(
    dir: &DataDir,
    id: &str,
    erase_old: bool,
    env: &Environment,
    out: &mut dyn Write,
) -> Result<(), Error> {
    // No lock while the editor is open: the app and other commands go on saving.
    let journal = load(dir)?;
    let entry = find_by_prefix(&journal, id)?.clone();
    if let Some(reason) = journal.read_only() {
        return Err(crate::journal::StoreError::ReadOnly {
            reason: reason.to_owned(),
        }
        .into());
    }
    if !edit_text::has_text(&entry) {
        return Err(Error::Usage(
            "this entry has no written text to edit".into(),
        ));
    }
    let path = kept_edits::kept_file(dir, &entry.id);
    if path.exists() {
        say!(
            "Going on with your earlier edit, kept in {}.",
            path.display()
        );
    }
    let kept = |message: String| Error::EditKept {
        message,
        path: path.clone(),
    };
    let store = super::unlock::store(dir)?;
    let edited = edit_file::edit(
        dir,
        store.vault(),
        &edit_text::render(&entry),
        Some(&entry.id),
        env.editor_command(),
    )
    .map_err(|e| match e.kept {
        Some(kept) => Error::EditKept {
            message: e.message,
            path: kept,
        },
        // Stopped before the editor ran: nothing was typed, and nothing changed.
        None => Error::EditNotStarted(e.message),
    })?
    .text;
    let Some(revised) = edit_text::revise(&entry, &edited, crate::journal::entry::now())
        .map_err(|e| kept(e.to_string()))?
    else {
        kept_edits::forget(dir, &entry.id);
        writeln!(out, "No changes; nothing was saved.")?;
        if erase_old {
            let mut writer = open(dir)?;
            writer.erase_old_revisions(&entry.id)?;
            let synced = writer.journal().merged().is_some();
            writeln!(out, "{}", erased_old(dir, &entry.id, synced))?;
        }
        return Ok(());
    };
    let mut writer = open(dir).map_err(|e| kept(e.to_string()))?;
    // The entry, and in a synced journal its other versions, exactly as read: a
    // revision another device made meanwhile must not be saved over unseen.
    let unchanged = writer.journal().get(&entry.id) == Some(&entry)
        && writer.journal().conflict(&entry.id) == journal.conflict(&entry.id);
    if !unchanged {
        return Err(kept(
            "the entry was changed or deleted while you were editing it".into(),
        ));
    }
    writer.save(&revised).map_err(|e| kept(e.to_string()))?;
    kept_edits::forget(dir, &entry.id);
    writeln!(
        out,
        "Saved revision {} of entry {}.",
        revised.revision, revised.id
    )?;
    if erase_old {
        // Saved: if the erase fails, the error says so and the new text is kept.
        writer.erase_old_revisions(&revised.id)?;
        let synced = writer.journal().merged().is_some();
        writeln!(out, "{}", erased_old(dir, &revised.id, synced))?;
    }
    Ok(())
}

/// What `journal edit --erase-old` says it did; `synced`: the journal is on several
/// devices, which each erase their own older revisions later.
fn erased_old(dir: &DataDir, id: &crate::journal::EntryId, synced: bool) -> String {
    match synced {
        false => format!(
            "The earlier text of entry {id} was erased from {}: only its newest revision \
             is left. Copies elsewhere (backups, synced copies, exported files) are not \
             touched.",
            dir.root().display()
        ),
        true => format!(
            "The earlier text of entry {id} was erased from this device's log and {}. The \
             other devices erase their own older revisions of it the next time between \
             opens the journal to write there (the app, `journal edit`, `sync status`); \
             until then their logs in the synced folder still hold them. A version \
             changed on another device at the same time is kept. Not touched: backups, \
             exported files, and the sync engine's own history (git's commits, \
             Syncthing's versions).",
            dir.root().display()
        ),
    }
}

/// What erasing means, in the question of `journal delete --erase`.
const ERASE_MEANS: &str = "Erasing removes its text, every revision of it, from the journal, \
     its snapshot and drafts in between's data directory now (only its id is kept, so \
     that an import does not bring it back). Not touched: copies elsewhere (backups, \
     synced copies, exported files), reports already written into reports/, and bytes \
     set aside in quarantine/.";

/// Deletes an entry after asking. The question is asked before the journal is locked,
/// so a question left open never stops another `between` from saving; once locked,
/// the entry must still be the one that was asked about.
fn delete(
    dir: &DataDir,
    id: &str,
    yes: bool,
    erase: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let read = super::unlock::store(dir)?.load()?;
    let entry = find_by_prefix(&read, id)?.clone();
    let other_versions = read.conflict(&entry.id).cloned();
    let line = list_line(&entry, 26);
    let question = if erase {
        format!("{line}\n{ERASE_MEANS}\nDelete this entry and erase its text now?")
    } else {
        format!("{line}\nDelete this entry?")
    };
    if !yes && !super::confirm(&question)? {
        writeln!(out, "Kept the entry; nothing was deleted.")?;
        return Ok(());
    }
    let mut writer = open(dir)?;
    match writer.journal().get(&entry.id) {
        Some(now)
            if *now == entry && writer.journal().conflict(&entry.id) == other_versions.as_ref() => {
        }
        Some(_) => {
            return Err(Error::Changed(
                "the entry was changed while you were deciding (by another between); \
                 nothing was deleted. Run the command again to see it as it is now"
                    .into(),
            ));
        }
        None => {
            kept_edits::forget(dir, &entry.id);
            writeln!(out, "Entry {} was already deleted.", entry.id)?;
            if erase {
                writer.delete_erasing(&entry.id)?;
                writeln!(out, "{}", erased(dir, &entry.id))?;
            }
            return Ok(());
        }
    }
    if erase {
        // One rewrite: the entry is there, whole, or gone with all its text.
        writer.delete_erasing(&entry.id)?;
        writeln!(out, "Deleted entry {}.", entry.id)?;
        writeln!(out, "{}", erased(dir, &entry.id))?;
        return Ok(());
    }
    writer.delete(&entry.id)?;
    // Its text must not outlive it in a kept edit.
    kept_edits::forget(dir, &entry.id);
    writeln!(out, "Deleted entry {}.", entry.id)?;
    Ok(())
}

/// What `journal delete --erase` says it did.
fn erased(dir: &DataDir, id: &crate::journal::EntryId) -> String {
    format!(
        "The text of entry {id} was erased from the journal, its snapshot and drafts in \
         {} (only its id is kept, so that an import does not bring it back). Copies \
         elsewhere (backups, synced copies, exported files) are not touched.",
        dir.root().display()
    )
}

/// Runs `between export`.
pub fn export(dir: &DataDir, args: &ExportArgs, out: &mut dyn Write) -> Result<(), Error> {
    if args.ids && args.format != Format::Md {
        return Err(Error::Usage(
            "--ids is for the Markdown export (--format md); JSON and CSV always have each entry's id".into(),
        ));
    }
    let journal = load(dir)?;
    let filter = args.filter.filter();
    // The one privacy filter, as reports use it: a private plan's tries tell its story.
    let shared = crate::practice::shared::Shared::new(&journal, !args.exclude_private);
    let mut left_out = 0;
    let mut entries: Vec<&Entry> = filter
        .apply(&journal)
        .filter(|entry| !args.discuss || entry.discuss)
        .filter(|entry| {
            let hidden = shared.is_hidden(entry);
            left_out += usize::from(hidden);
            !hidden
        })
        .collect();
    entries.reverse(); // oldest first, like a diary
    if left_out > 0 {
        say!(
            "{} left out",
            crate::words::count(left_out, "private entry", "private entries")
        );
    }
    let options = export::Options { ids: args.ids };
    let write = |to: &mut dyn Write| export::write(&entries, args.format, options, to);
    if super::write_output_with(out, args.out.as_deref(), "write the export to", write)?
        && let Some(file) = &args.out
    {
        say!(
            "Exported {} {} to {}",
            entries.len(),
            if entries.len() == 1 {
                "entry"
            } else {
                "entries"
            },
            file.display()
        );
    }
    Ok(())
}

/// Runs `between import`.
pub fn import(dir: &DataDir, args: &ImportArgs, out: &mut dyn Write) -> Result<(), Error> {
    let bytes =
        crate::secure_fs::read_capped(&args.file, export::MAX_IMPORT_BYTES).map_err(|source| {
            crate::journal::StoreError::Io {
                action: "read",
                path: args.file.clone(),
                source,
            }
        })?;
    let mut writer = open(dir)?;
    let existing: HashSet<_> = writer.journal().entries().map(|e| &e.id).collect();
    let deleted = writer.deleted()?;
    let deleted: std::collections::BTreeSet<_> = deleted
        .tombstones
        .into_keys()
        .chain(deleted.erased)
        .collect();
    let import = export::parse_import(&bytes, &existing, &deleted, args.restore_deleted)?;
    for entry in &import.fresh {
        writer.save(entry)?;
    }
    let count = |n: usize| format!("{n} {}", if n == 1 { "entry" } else { "entries" });
    let mut said = format!(
        "Imported {}; skipped {} already in the journal",
        count(import.fresh.len()),
        import.already_here
    );
    if import.deleted_here > 0 {
        said.push_str(&format!(
            " and {} you deleted here (--restore-deleted brings {} back)",
            import.deleted_here,
            if import.deleted_here == 1 {
                "it"
            } else {
                "them"
            }
        ));
    }
    writeln!(out, "{said}.")?;
    Ok(())
}
