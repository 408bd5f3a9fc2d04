//! Notes dropped into the synced folder's `inbox/` (from a phone's notes app, say),
//! taken into the journal once each.
//!
//! A file `inbox/<name>.md` or `.txt` becomes one note. Its first lines may say, in
//! any case and any order, `area: <area id>`, `tags: a, b` and `# A title`; the rest
//! is the note's text. Once saved it is moved to `inbox/done/`.
//!
//! **Exactly once across devices.** Two devices may open at the same moment and both
//! read the same file before either moves it. So the entry is a function of the file
//! alone: its id is a ULID whose time part is the file's modification time (ms) and
//! whose random part is a hash of its name and bytes, and `created` and `updated` are
//! that modification time, in UTC (not the device's zone, which may differ). Both
//! devices then write the *identical* entry, and the merge takes identical revisions
//! from two devices as one.
//!
//! The order for the caller (a writer opening a synced journal):
//! 1. [`pending`] — the notes and warnings in words (show the warnings);
//! 2. save each note's entry whose id is not in the journal yet;
//! 3. [`done`] for each note, whether just saved or already there.
//!
//! A crash between 2 and 3 leaves the file in place; the next open finds its id in
//! the journal and only moves it.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset, Utc};

use super::folder::SyncFolder;
use crate::journal::entry::{Entry, EntryId};
use crate::journal::shared_text::SharedText;
use crate::{sanitize, secure_fs};

/// The most an inbox file may be: a note, not a book.
pub const CAP: secure_fs::Cap = secure_fs::Cap {
    what: "a note in the inbox",
    bytes: 256 * 1024,
};

/// One file of the inbox, read into the note it becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxNote {
    /// The note, the same on every device that reads the same file.
    pub entry: Entry,
    /// The file it came from.
    pub path: PathBuf,
}

/// The notes waiting in `folder`'s inbox, in the order of their file names, and
/// what was wrong with the files left out or with their first lines, in words.
/// `areas` are the ids of the known work areas (`Catalog::areas`).
pub fn pending(folder: &SyncFolder, areas: &[String]) -> (Vec<InboxNote>, Vec<String>) {
    let inbox = folder.inbox();
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let listing = match secure_fs::read_folder(&inbox) {
        Ok(Some(listing)) => listing,
        Ok(None) => return (notes, warnings),
        Err(error) => {
            warnings.push(format!(
                "the inbox {} cannot be read: {error}",
                shown(&inbox)
            ));
            return (notes, warnings);
        }
    };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .map(|item| item.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_note_name)
        })
        .collect();
    paths.sort();
    for path in paths {
        match read_note(&path, areas, &mut warnings) {
            Ok(Some(entry)) => notes.push(InboxNote { entry, path }),
            Ok(None) => {}
            Err(error) => warnings.push(format!(
                "the inbox note {} was left in place: {error}",
                shown(&path)
            )),
        }
    }
    (notes, warnings)
}

/// Moves `note`'s file to `inbox/done/` (made 0700 if needed), under a name of its
/// own: `name (2).md` when `name.md` is there already. A file already gone (another
/// device moved it) is fine.
pub fn done(folder: &SyncFolder, note: &InboxNote) -> io::Result<()> {
    match std::fs::symlink_metadata(&note.path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
        Ok(_) => {}
    }
    let done_dir = folder.inbox_done();
    secure_fs::private_dir(&done_dir)?;
    let name = note
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("note.md");
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1u32.. {
        let candidate = match n {
            1 => name.to_owned(),
            n => format!("{stem} ({n}).{ext}"),
        };
        let target = done_dir.join(candidate);
        match std::fs::symlink_metadata(&target) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
            Ok(_) => continue,
        }
        return match std::fs::rename(&note.path, &target) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        };
    }
    unreachable!("some name in inbox/done is free")
}

/// Removes `note`'s file once it is in an encrypted journal: a plain copy kept in
/// `inbox/done/` would be the one readable copy of its text in the synced folder. A
/// file already gone (another device took it) is fine.
pub fn remove(note: &InboxNote) -> io::Result<()> {
    match std::fs::remove_file(&note.path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// `.md` and `.txt` files, not hidden ones (a sync engine's temporary files are).
fn is_note_name(name: &str) -> bool {
    !name.starts_with('.') && (name.ends_with(".md") || name.ends_with(".txt"))
}

/// The path in words, safe to show.
fn shown(path: &Path) -> String {
    sanitize::text(&path.display().to_string()).into_owned()
}

/// The note in the file at `path`, `None` (with a warning) when there is nothing to
/// take in; an error when the file is refused or unreadable.
fn read_note(
    path: &Path,
    areas: &[String],
    warnings: &mut Vec<String>,
) -> io::Result<Option<Entry>> {
    // One handle for the time and the bytes, so both describe the same file.
    let file = secure_fs::open_regular(path)?;
    let meta = file.metadata()?;
    if meta.len() > CAP.bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(CAP.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > CAP.bytes {
        return Err(too_large());
    }
    let modified_ms = meta
        .modified()?
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Ok(text) = std::str::from_utf8(&bytes) else {
        warnings.push(format!(
            "the inbox note {} was left in place: it is not UTF-8 text",
            shown(path)
        ));
        return Ok(None);
    };
    let text = sanitize::text(text);
    let parsed = parse(&text);
    if parsed.body.is_empty() {
        warnings.push(format!(
            "the inbox note {} was left in place: it has no text",
            shown(path)
        ));
        return Ok(None);
    }
    let at = time_of(modified_ms);
    let mut entry = Entry::note(parsed.body);
    entry.id = id_of(modified_ms, name, &bytes);
    entry.created = at;
    entry.updated = at;
    entry.title = parsed.title;
    entry.tags = parsed.tags.into_iter().map(SharedText::from).collect();
    if let Some(area) = parsed.area {
        if areas.contains(&area) {
            entry.area = Some(area.into());
        } else {
            warnings.push(format!(
                "the inbox note {} names the area `{area}`, which is not a work area \
                 (`between areas` lists them); it was taken in without an area",
                shown(path)
            ));
        }
    }
    Ok(Some(entry))
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        secure_fs::Refused::TooLarge {
            what: CAP.what,
            limit: CAP.bytes,
        },
    )
}

/// The note's id: a ULID with the modification time as its time part and, as its 80
/// random bits, CRC-32s of the name, of the bytes and of both (96 bits, cut to 80).
/// CRC-32 because it is a fixed standard: every device and every build computes the
/// same value (std's `DefaultHasher` promises no such thing across Rust versions, and
/// foldhash is seeded per process). It need not resist an adversary: ids only have
/// to differ between files with the same modification millisecond.
fn id_of(modified_ms: u64, name: &str, bytes: &[u8]) -> EntryId {
    let of_name = crc32fast::hash(name.as_bytes());
    let of_bytes = crc32fast::hash(bytes);
    let mut both = crc32fast::Hasher::new();
    both.update(name.as_bytes());
    both.update(&[0]);
    both.update(bytes);
    let random =
        (u128::from(of_name) << 64) | (u128::from(of_bytes) << 32) | u128::from(both.finalize());
    EntryId::from_ulid(ulid::Ulid::from_parts(modified_ms, random))
}

/// A modification time as an entry's time, in UTC so that every device agrees.
fn time_of(modified_ms: u64) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp_millis(modified_ms as i64)
        .unwrap_or_default()
        .fixed_offset()
}

/// What a note's text says: its first lines, then the text.
#[derive(Debug, Default, PartialEq)]
struct Parsed {
    area: Option<String>,
    tags: Vec<String>,
    title: Option<String>,
    body: String,
}

/// Reads the first lines (`area:`, `tags:`, `# Title`, any case, any order, each at
/// most once) until the first other line; the rest, trimmed, is the text.
fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let trimmed = line.trim();
        if let Some(value) = field(trimmed, "area").filter(|_| parsed.area.is_none()) {
            parsed.area = Some(value.to_owned()).filter(|v| !v.is_empty());
        } else if let Some(value) = field(trimmed, "tags").filter(|_| parsed.tags.is_empty()) {
            parsed.tags = tags(value);
        } else if let Some(title) = trimmed
            .strip_prefix("# ")
            .filter(|_| parsed.title.is_none())
        {
            parsed.title = Some(title.trim().to_owned()).filter(|t| !t.is_empty());
        } else {
            break;
        }
        rest = after;
    }
    parsed.body = rest.trim().to_owned();
    parsed
}

/// The value of `name: value` when `line` is that field (the name in any case).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
}

/// Tags as `journal add --tag` keeps them, one per comma: trimmed, a leading `#`
/// dropped, blank ones and repeats left out.
fn tags(value: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in value.split(',') {
        let tag = tag.trim().trim_start_matches('#').trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::Kind;
    use std::fs;
    use std::time::{Duration, SystemTime};

    fn areas() -> Vec<String> {
        crate::pack::builtin::AREAS
            .iter()
            .map(|decl| decl.id.to_string())
            .collect()
    }

    /// A synced folder with these inbox files, each modified at a fixed time.
    fn folder_with(files: &[(&str, &str)]) -> (tempfile::TempDir, SyncFolder) {
        let root = tempfile::tempdir().unwrap();
        let folder = SyncFolder::new(root.path());
        fs::create_dir_all(folder.inbox()).unwrap();
        for (name, text) in files {
            let path = folder.inbox().join(name);
            fs::write(&path, text).unwrap();
            set_modified(&path, 1_764_590_400_123);
        }
        (root, folder)
    }

    fn set_modified(path: &Path, ms: u64) {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_millis(ms))
            .unwrap();
    }

    fn only(folder: &SyncFolder) -> InboxNote {
        let (notes, warnings) = pending(folder, &areas());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(notes.len(), 1);
        notes.into_iter().next().unwrap()
    }

    #[test]
    fn a_plain_note_becomes_a_note_entry_stamped_with_the_files_time() {
        let (_root, folder) = folder_with(&[("walk.md", "We talked on the walk.\n")]);
        let note = only(&folder);
        let entry = &note.entry;
        assert_eq!(entry.kind, Kind::Note);
        assert_eq!(entry.first_text(), Some("We talked on the walk."));
        assert_eq!(entry.answers[0].step, "note");
        assert_eq!(entry.created.timestamp_millis(), 1_764_590_400_123);
        assert_eq!(entry.updated, entry.created);
        assert_eq!(
            ulid::Ulid::from_string(entry.id.as_str())
                .unwrap()
                .timestamp_ms(),
            1_764_590_400_123
        );
        assert_eq!(
            (entry.area.clone(), entry.tags.len(), entry.title.clone()),
            (None, 0, None)
        );
        assert_eq!(note.path, folder.inbox().join("walk.md"));
    }

    #[test]
    fn area_tags_and_title_lines_are_read_in_any_case() {
        let (_root, folder) = folder_with(&[(
            "a.txt",
            "Area: triggers\nTAGS: calm, #sunday, calm\n# After dinner\n\nI noticed the tone.\n",
        )]);
        let entry = only(&folder).entry;
        assert_eq!(entry.area.as_deref(), Some("triggers"));
        let tags: Vec<&str> = entry.tags.iter().map(|t| &**t).collect();
        assert_eq!(tags, ["calm", "sunday"]);
        assert_eq!(entry.title.as_deref(), Some("After dinner"));
        assert_eq!(entry.first_text(), Some("I noticed the tone."));
    }

    #[test]
    fn an_unknown_area_is_a_warning_and_the_note_keeps_none() {
        let (_root, folder) = folder_with(&[("a.md", "area: gardening\nText")]);
        let (notes, warnings) = pending(&folder, &areas());
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].entry.area, None);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("`gardening`"), "{}", warnings[0]);
        assert!(!warnings[0].contains("Text"));
    }

    #[test]
    fn a_file_too_large_is_left_in_place_with_a_warning() {
        let big = "x".repeat(CAP.bytes as usize + 1);
        let (_root, folder) = folder_with(&[("big.md", &big), ("small.md", "ok")]);
        let (notes, warnings) = pending(&folder, &areas());
        assert_eq!(notes.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("big.md") && warnings[0].contains("256 KiB"),
            "{}",
            warnings[0]
        );
        assert!(folder.inbox().join("big.md").exists());
    }

    #[test]
    fn a_link_is_refused_and_other_files_are_passed_over() {
        let (root, folder) = folder_with(&[("notes.json", "{}")]);
        let outside = root.path().join("secret.md");
        fs::write(&outside, "not for the journal").unwrap();
        std::os::unix::fs::symlink(&outside, folder.inbox().join("link.md")).unwrap();
        fs::create_dir(folder.inbox().join("dir.md")).unwrap();
        let (notes, warnings) = pending(&folder, &areas());
        assert!(notes.is_empty());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("link.md") && w.contains("symbolic link"))
        );
        assert!(warnings.iter().all(|w| !w.contains("not for the journal")));
    }

    #[test]
    fn the_same_file_read_twice_gives_the_identical_entry() {
        let (_root, folder) = folder_with(&[("a.md", "tags: x\nSame words")]);
        let first = only(&folder);
        let second = only(&folder);
        assert_eq!(first, second);
        // A copy of the folder elsewhere (another device) gives it too.
        let (_other, copy) = folder_with(&[("a.md", "tags: x\nSame words")]);
        assert_eq!(only(&copy).entry, first.entry);
    }

    #[test]
    fn the_same_text_under_two_names_gives_two_ids() {
        let (_root, folder) = folder_with(&[("a.md", "Same words"), ("b.md", "Same words")]);
        let (notes, _) = pending(&folder, &areas());
        assert_eq!(notes.len(), 2);
        assert_ne!(notes[0].entry.id, notes[1].entry.id);
    }

    #[test]
    fn done_moves_tolerates_a_missing_file_and_never_overwrites() {
        let (_root, folder) = folder_with(&[("a.md", "first")]);
        let note = only(&folder);
        done(&folder, &note).unwrap();
        assert!(!note.path.exists());
        assert_eq!(
            fs::read_to_string(folder.inbox_done().join("a.md")).unwrap(),
            "first"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(folder.inbox_done())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        // Gone already: another device moved it.
        done(&folder, &note).unwrap();
        // A second file of the same name does not replace the first.
        fs::write(&note.path, "second").unwrap();
        let again = only(&folder);
        done(&folder, &again).unwrap();
        assert_eq!(
            fs::read_to_string(folder.inbox_done().join("a.md")).unwrap(),
            "first"
        );
        assert_eq!(
            fs::read_to_string(folder.inbox_done().join("a (2).md")).unwrap(),
            "second"
        );
        assert!(pending(&folder, &areas()).0.is_empty());
    }
}
