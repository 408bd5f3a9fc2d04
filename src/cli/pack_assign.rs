//! `between pack assign`: writes a homework pack for one client (see
//! [`crate::pack::assign`]), checked as `pack check` would before it is written.

use std::io::Write;
use std::path::PathBuf;

use crate::Error;
use crate::journal::dates::today;
use crate::pack::assign::{ItemSpec, Request, homework_pack, parse_due, parse_item};
use crate::pack::{load_file, load_str};

/// What `pack assign` was given.
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// A pack of your own exercises to choose from (optional; built-in exercises are
    /// always there, named area/exercise).
    #[arg(value_name = "LIBRARY")]
    pub library: Option<PathBuf>,
    /// The client, as you call them: it names the pack (`homework-alex-2026-12-01`).
    #[arg(long = "for", value_name = "NAME")]
    pub for_whom: String,
    /// You, as your client knows you.
    #[arg(long, value_name = "NAME")]
    pub from: String,
    /// When it is due: a date (2026-12-14) or a time from today (2w, 10d).
    #[arg(long, value_name = "WHEN", default_value = "2w")]
    pub due: String,
    /// An exercise and how often: AREA/EXERCISE or an exercise of LIBRARY, then
    /// `:TIMES/week` or `:TIMES` in all (once if left out). Give it once per exercise.
    #[arg(long = "item", value_name = "EXERCISE[:TIMES[/week]]", required = true, value_parser = parse_item)]
    pub items: Vec<ItemSpec>,
    /// A note to your client on the homework as a whole.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Write to FILE instead of printing; an existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Builds, checks and writes (or prints) the homework pack.
pub fn assign(args: AssignArgs, out: &mut dyn Write) -> Result<(), Error> {
    let today = today();
    let due = parse_due(&args.due, today).map_err(Error::Usage)?;
    let library = args.library.as_deref().map(load_file).transpose()?;
    let request = Request {
        for_whom: &args.for_whom,
        from: &args.from,
        note: args.note.as_deref(),
        today,
        due,
        items: args.items,
    };
    let pack = homework_pack(&request, library.as_ref()).map_err(Error::Usage)?;
    let mut text = serde_json::to_string_pretty(&pack).map_err(|e| Error::Usage(e.to_string()))?;
    text.push('\n');
    // What is written is what a client's `pack add` accepts.
    load_str(&format!("the pack for {}", pack.id), &text)?;
    let Some(file) = args.out else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    super::new_pack_file::write_new_pack(&file, &text)?;
    writeln!(
        out,
        "Wrote {} (pack `{}`, set today, due {}). Send it to {}; `between pack preview {}` shows it as they will see it.",
        file.display(),
        pack.id,
        due.format("%a %-d %b %Y"),
        args.for_whom.trim(),
        file.display()
    )?;
    Ok(())
}
