//! `between strategies show` and `between sessions`: the history a reviewer reads,
//! in the same Markdown the app's strategy page and sessions screen draw; and the
//! flagged entries `between session --discussed` names.

use std::io::Write;

use clap::Args;

use super::unlock::load;
use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::query::{LookupError, find_by_prefix};
use crate::journal::{Entry, Journal, Kind};
use crate::practice::{chains, sessions, strategy_page};
use crate::sanitize;

/// Arguments of `between strategies show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The strategy: the start of the id of any of its plans (`between strategies`
    /// shows them).
    plan: String,
}

/// Runs `between strategies show`.
pub fn strategy(dir: &DataDir, args: &ShowArgs, out: &mut dyn Write) -> Result<(), Error> {
    let journal = load(dir)?;
    let plan = find_plan(&journal, &args.plan)?;
    let all = chains(&journal);
    // Every plan is in a chain; a journal edited by hand could break that.
    let chain = all
        .iter()
        .find(|chain| chain.plans.iter().any(|p| p.id == plan.id))
        .ok_or_else(|| Error::Usage(format!("no strategy holds the plan {}", plan.id)))?;
    write!(out, "{}", strategy_page::markdown(chain))?;
    Ok(())
}

/// Runs `between sessions`.
pub fn sessions(dir: &DataDir, out: &mut dyn Write) -> Result<(), Error> {
    let journal = load(dir)?;
    write!(out, "{}", sessions::markdown(&journal))?;
    Ok(())
}

/// The entries flagged to discuss that `prefixes` name (the start of each id), each
/// once, in the order given; an error naming the first that is no entry, several, or
/// an entry not flagged.
pub fn flagged(journal: &Journal, prefixes: &[String]) -> Result<Vec<Entry>, Error> {
    let mut found: Vec<Entry> = Vec::new();
    for prefix in prefixes {
        let entry = find_by_prefix(journal, prefix)?;
        if !entry.discuss {
            return Err(Error::Usage(format!(
                "--discussed {}: that entry is not flagged to discuss; \
                 `between journal list` shows ids",
                crate::sanitize::text(prefix)
            )));
        }
        if !found.iter().any(|e| e.id == entry.id) {
            found.push(entry.clone());
        }
    }
    Ok(found)
}

/// The plan whose id starts with `prefix`.
pub(super) fn find_plan<'j>(journal: &'j Journal, prefix: &str) -> Result<&'j Entry, Error> {
    let wanted = prefix.trim().to_ascii_uppercase();
    let mut plans = journal.entries().filter(|e| {
        e.kind == Kind::Plan && !wanted.is_empty() && e.id.as_str().starts_with(&wanted)
    });
    match (plans.next(), plans.count()) {
        (Some(plan), 0) => Ok(plan),
        (Some(_), more) => Err(LookupError::Ambiguous {
            prefix: sanitize::text(prefix).into_owned(),
            count: more + 1,
        }
        .into()),
        (None, _) => Err(Error::Usage(format!(
            "no plan has an id starting with `{}`; `between strategies` shows them",
            sanitize::text(prefix)
        ))),
    }
}
