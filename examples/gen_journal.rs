//! Writes a realistic, seeded journal for trying the app or measuring it:
//!
//! ```text
//! cargo run --release --example gen_journal -- --entries 10000 --out /tmp/j10k [--seed 7]
//! between --data-dir /tmp/j10k journal list --limit 5
//! ```
//!
//! DIR is created (mode 0700) if needed and DIR/journal.jsonl written (mode 0600),
//! replacing one that is there. The same entries and seed give the same bytes.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

#[path = "../benches/support/generate.rs"]
mod generate;
#[path = "../benches/support/story.rs"]
mod story;

/// Write a seeded journal of generated entries.
#[derive(Debug, Parser)]
struct Args {
    /// How many live entries to write (the log also holds ~5% revisions and ~1%
    /// deleted entries with their tombstones).
    #[arg(long, value_name = "N", required_unless_present = "story")]
    entries: Option<usize>,
    /// Write one person's year instead (December 2024 to November 2025: a chores
    /// cycle peaking in spring, a strategy adjusted and kept, monthly sessions, a
    /// declined invitation), as the reviewer's tests read it.
    #[arg(long, conflicts_with = "entries")]
    story: bool,
    /// The data directory to write journal.jsonl into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();

    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    // `mode` only applies to directories it creates; make an existing one private too.
    fs::set_permissions(&args.out, fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot make {} private", args.out.display()))?;

    let path = args.out.join("journal.jsonl");
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot make {} private", path.display()))?;
    let (bytes, said) = match args.entries {
        Some(entries) => {
            let (bytes, stats) = generate::generate_with_stats(entries, args.seed);
            let said = format!(
                "{} entries ({} records: {} revisions, {} deleted with tombstones; {} contain \"{}\")",
                stats.entries,
                stats.records,
                stats.revisions,
                stats.deleted,
                stats.needles,
                generate::NEEDLE,
            );
            (bytes, said)
        }
        None => {
            let entries = story::story(args.seed);
            let said = format!("a year's story of {} entries", entries.len());
            (story::log_of(entries), said)
        }
    };
    file.write_all(&bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;

    println!(
        "Wrote {said} to {}: {} bytes ({:.1} MiB).",
        path.display(),
        bytes.len(),
        bytes.len() as f64 / (1024.0 * 1024.0),
    );
    Ok(())
}
