//! Editing text in the user's editor, for the app and the command line alike: the
//! round trip that runs the editor (through [`crate::editor`]) and keeps what it left
//! whatever happens. It sits above the journal, whose files it keeps the text in
//! (kept edits, sealed files, the form of a plain copy); the journal never runs a
//! program.

pub mod edit_file;
pub mod plain_copy;
