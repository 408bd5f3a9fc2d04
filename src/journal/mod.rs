//! The journal: entries, the durable append-only store, drafts, queries and exports.

pub mod codec;
pub mod dates;
pub mod deleted;
pub mod drafts;
pub mod edit_text;
pub mod entry;
pub mod erased_old;
pub mod export;
pub mod kept_edits;
pub mod left_open;
pub mod leftovers;
pub mod lineage;
pub mod log;
pub mod mint;
pub mod period;
pub mod practice;
pub mod prompts;
pub mod query;
pub mod record;
pub mod replica;
pub mod rounds;
pub mod sealed_files;
pub mod seen;
pub mod shared_text;
pub mod snapshot;
pub mod store;
pub mod sync;

pub use entry::{Answer, AnswerValue, Entry, EntryId, Kind};
pub use store::{Journal, JournalWriter, Store, StoreError};
