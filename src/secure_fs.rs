//! Private, durable, bounded file operations, the one way between opens a file.
//!
//! - Every directory the app makes is 0700, every file 0600 (whatever the umask), and
//!   looser existing ones are tightened through their open handle, never through a
//!   path, so a mode is never changed through a symbolic link.
//! - Inside the data directory nothing is opened through a symbolic link: files are
//!   opened with `O_NOFOLLOW`, and a folder is used only once it is checked to be a real
//!   folder ([`private_dir`], [`read_folder`], [`check_folders`]).
//! - Reading opens only regular files: a link, pipe, socket or device is refused
//!   before it is opened (and opening uses `O_NONBLOCK`, so a pipe swapped in meanwhile
//!   cannot block), and at most a cap fitting the file's kind is read ([`read_capped`]).
//! - Replacing a file is atomic: written beside, synced, renamed, the directory synced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Mode of every directory the app creates.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file the app creates.
pub const FILE_MODE: u32 = 0o600;

/// Why a file or folder was refused without being read: it is not what between keeps
/// there (a link, a pipe or a device, perhaps put there by someone else), or it is
/// larger than a file of its kind can be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Something other than a regular file where a file was expected.
    #[error(
        "it is {0}, not an ordinary file, so between leaves it alone and reads nothing from it"
    )]
    NotAFile(&'static str),
    /// Something other than a real folder where a folder was expected.
    #[error(
        "it is {0}, not an ordinary folder, so between neither reads from it nor writes into it"
    )]
    NotAFolder(&'static str),
    /// A file between writes has other names (hard links), which may be outside the
    /// data directory: writing it, or changing its mode, would change that file too.
    #[error(
        "it has {0} names (hard links), and one may be a file outside the data folder, so \
         between does not write to it or change it; copy it (`cp`) to make it a file of its own"
    )]
    HardLinked(u64),
    /// The file is over the cap of its kind.
    #[error("it is larger than {}, the most {what} can be", in_words(*.limit))]
    TooLarge {
        /// What kind of file it is, e.g. "a received report".
        what: &'static str,
        /// The cap, in bytes.
        limit: u64,
    },
}

impl Refused {
    fn into_io(self) -> io::Error {
        let kind = match self {
            Refused::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            Refused::NotAFolder(_) => io::ErrorKind::NotADirectory,
            Refused::NotAFile(_) | Refused::HardLinked(_) => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, self)
    }
}

/// The refusal `error` carries, if it is one.
pub fn refusal(error: &io::Error) -> Option<&Refused> {
    error.get_ref()?.downcast_ref()
}

fn in_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// What a kind of file is called and the most of it that is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// What it is, for messages: "a received report".
    pub what: &'static str,
    /// The most bytes it may have.
    pub bytes: u64,
}

impl Cap {
    fn too_large(self) -> io::Error {
        Refused::TooLarge {
            what: self.what,
            limit: self.bytes,
        }
        .into_io()
    }
}

/// What a file type is in words, or `None` for a regular file.
fn not_regular(file_type: fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        None
    } else if file_type.is_symlink() {
        Some("a symbolic link")
    } else if file_type.is_dir() {
        Some("a directory")
    } else if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_block_device() || file_type.is_char_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    }
}

/// What stands where a folder was expected, in words, or `None` for a real folder.
fn not_a_folder(file_type: fs::FileType) -> Option<&'static str> {
    match not_regular(file_type) {
        Some("a directory") => None,
        None => Some("a file"),
        other => other,
    }
}

/// `ELOOP` from `O_NOFOLLOW` is a link in the way: say so in words.
fn link_in_the_way(error: io::Error, folder: bool) -> io::Error {
    match error.raw_os_error() {
        Some(libc::ELOOP) if folder => Refused::NotAFolder("a symbolic link").into_io(),
        Some(libc::ELOOP) => Refused::NotAFile("a symbolic link").into_io(),
        Some(libc::ENOTDIR) if folder => Refused::NotAFolder("a file").into_io(),
        _ => error,
    }
}

fn check_regular(file: &File) -> io::Result<()> {
    match not_regular(file.metadata()?.file_type()) {
        Some(kind) => Err(Refused::NotAFile(kind).into_io()),
        None => Ok(()),
    }
}

/// Opens the regular file at `path` to read it. Nothing else is opened at all: a
/// link, pipe, socket, device or folder is refused from its metadata, and the open
/// (`O_NOFOLLOW`, `O_NONBLOCK`) cannot follow a link or block on a pipe put there
/// since; the handle is checked once more. A missing file is `NotFound`, as ever.
pub fn open_regular(path: &Path) -> io::Result<File> {
    if let Some(kind) = not_regular(fs::symlink_metadata(path)?.file_type()) {
        return Err(Refused::NotAFile(kind).into_io());
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| link_in_the_way(e, false))?;
    check_regular(&file)?;
    Ok(file)
}

/// Reads the regular file at `path` (see [`open_regular`]) whole, refusing it when it
/// is larger than `cap`; never more than `cap` bytes are read, whatever it claims.
pub fn read_capped(path: &Path, cap: Cap) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > cap.bytes {
        return Err(cap.too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(cap.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap.bytes {
        return Err(cap.too_large());
    }
    Ok(bytes)
}

/// Opens the folder `dir` without following a link, refusing anything but a folder.
fn open_folder(dir: &Path) -> io::Result<File> {
    if let Some(kind) = not_a_folder(fs::symlink_metadata(dir)?.file_type()) {
        return Err(Refused::NotAFolder(kind).into_io());
    }
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(dir)
        .map_err(|e| link_in_the_way(e, true))
}

/// Whether the folder `dir` is there: `false` when nothing is, an error when something
/// other than a real folder (a link to one, say) stands in its place.
pub fn folder_exists(dir: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(dir) {
        Ok(meta) => match not_a_folder(meta.file_type()) {
            None => Ok(true),
            Some(kind) => Err(Refused::NotAFolder(kind).into_io()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The listing of the folder `dir`, `None` when it does not exist; a link or anything
/// else in its place is refused.
pub fn read_folder(dir: &Path) -> io::Result<Option<fs::ReadDir>> {
    if !folder_exists(dir)? {
        return Ok(None);
    }
    match fs::read_dir(dir) {
        Ok(listing) => Ok(Some(listing)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Checks that every folder between `root` and the file `path` (inside it) is a real
/// folder, so that opening `path` with `O_NOFOLLOW` opens nothing outside `root`. A
/// missing folder passes (the file is then missing too); a `path` outside `root` is
/// not checked.
pub fn check_folders(root: &Path, path: &Path) -> io::Result<()> {
    let Some(inside) = path.strip_prefix(root).ok().and_then(Path::parent) else {
        return Ok(());
    };
    let mut folder = root.to_path_buf();
    for part in inside.components() {
        folder.push(part);
        if !folder_exists(&folder)? {
            break;
        }
    }
    Ok(())
}

/// Removes the file `path`, whose folder must be a real one (see [`folder_exists`]);
/// removing a file that is not there is fine.
pub fn remove_file(path: &Path) -> io::Result<()> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder_exists(folder)?
    {
        return Ok(());
    }
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Creates the folder `dir` (and its parents) as 0700 if needed, and tightens it to
/// 0700 if it is looser. Parents that already exist are left alone. A link (or a file)
/// in its place is refused, and nothing outside is created or changed.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let created = fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir);
    if let Err(error) = created {
        // A file or a dangling link in its place: say what it is.
        folder_exists(dir)?;
        return Err(error);
    }
    tighten_handle(&open_folder(dir)?, DIR_MODE)
}

/// Sets the permission bits of the open `file` to `mode` when it grants more.
fn tighten_handle(file: &File, mode: u32) -> io::Result<()> {
    let current = file.metadata()?.permissions().mode() & 0o7777;
    if current & !mode != 0 {
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Sets `path`'s permission bits to `mode` when it grants anything beyond `mode`; a
/// link at `path` is refused, never followed.
pub fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    let handle = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| link_in_the_way(e, false))?;
    tighten_handle(&handle, mode)
}

/// Opens (creating as 0600 if needed) a regular file for appending, tightened to 0600;
/// a link, pipe or device at `path` is refused.
pub fn open_append(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| link_in_the_way(e, false))?;
    check_regular(&file)?;
    check_single_name(&file)?;
    tighten_handle(&file, FILE_MODE)?;
    Ok(file)
}

/// Refuses a file with more than one name (hard link): one may be outside the data
/// directory, and writing or changing this file would change that one too.
pub fn check_single_name(file: &File) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    match file.metadata()?.nlink() {
        0 | 1 => Ok(()),
        names => Err(Refused::HardLinked(names).into_io()),
    }
}

/// Creates a new file (0600) that must not exist yet, for writing.
pub fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Flushes a directory's entries (new names, renames) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY)
        .open(dir)?
        .sync_all()
}

/// The folder `path` is in: `Path::parent` of a bare name (`year.md`) is the empty
/// path, which no call can open, and means the current directory.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The temporary name used while replacing `path` inside the data directory.
pub fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Replaces `path`, a file of the data directory, with `bytes` atomically: after a
/// crash at any moment, `path` holds either its old content or the new, complete. The
/// file is 0600. The temporary file has a fixed name ([`temp_path`]), so one left by
/// a crash is replaced by the next write; that name is between's own there. For a
/// file the user names elsewhere, use [`write_out`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// As [`write_atomic`], with the bytes written by `fill` as it makes them, through a
/// buffer: the whole file is never held in memory, and `path` is replaced only once
/// `fill` has written all of it.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let temp = temp_path(path);
    let result = (|| {
        let _ = fs::remove_file(&temp);
        let mut buffered = io::BufWriter::new(create_new(&temp)?);
        fill(&mut buffered)?;
        let file = buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        sync_dir(folder_of(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Replaces the file `path` the user named (`--out FILE`) with `bytes` atomically, as
/// [`write_atomic`] does, through a temporary file of a new, unique name beside it: no
/// other file there is touched, whatever its name. The file is 0600.
pub fn write_out(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_out_with(path, |file| file.write_all(bytes))
}

/// As [`write_out`], with the bytes written by `fill` as it makes them (an export
/// entry by entry), through a buffer: the whole file is never held in memory, and the
/// file at `path` is replaced only once `fill` has written all of it.
pub fn write_out_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = folder_of(path);
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(FILE_MODE))
        .tempfile_in(dir)?;
    let mut buffered = io::BufWriter::new(temp);
    fill(&mut buffered)?;
    let temp = buffered
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    // On failure the temporary file is dropped, and so removed.
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_bare_name_is_in_the_current_directory() {
        assert_eq!(folder_of(Path::new("year.md")), Path::new("."));
        assert_eq!(folder_of(Path::new("out/year.md")), Path::new("out"));
        assert_eq!(folder_of(Path::new("/year.md")), Path::new("/"));
    }

    #[test]
    fn creates_private_and_tightens_loose() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);

        let file = dir.join("f");
        fs::write(&file, b"x").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        drop(open_append(&file).unwrap());
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn only_regular_files_are_read_and_never_more_than_the_cap() {
        let root = tempfile::tempdir().unwrap();
        let cap = Cap {
            what: "a test file",
            bytes: 8,
        };
        let file = root.path().join("f");
        fs::write(&file, b"12345678").unwrap();
        assert_eq!(read_capped(&file, cap).unwrap(), b"12345678");
        fs::write(&file, b"123456789").unwrap();
        let error = read_capped(&file, cap).unwrap_err();
        assert_eq!(
            refusal(&error),
            Some(&Refused::TooLarge {
                what: "a test file",
                limit: 8
            })
        );
        assert_eq!(
            error.to_string(),
            "it is larger than 8 bytes, the most a test file can be"
        );

        let link = root.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let fifo = root.path().join("fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        for (path, kind) in [
            (link.as_path(), "a symbolic link"),
            (fifo.as_path(), "a named pipe (FIFO)"),
            (Path::new("/dev/null"), "a device"),
            (root.path(), "a directory"),
        ] {
            let error = read_capped(path, cap).unwrap_err();
            assert_eq!(refusal(&error), Some(&Refused::NotAFile(kind)), "{path:?}");
        }
        // Appending refuses them too (a pipe opened read-write would not block).
        for path in [&link, &fifo] {
            assert!(refusal(&open_append(path).unwrap_err()).is_some());
        }
        assert_eq!(
            read_capped(&root.path().join("none"), cap)
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_linked_folder_is_refused_and_its_target_keeps_its_mode() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
        let data = root.path().join("data");
        fs::create_dir(&data).unwrap();
        let linked = data.join("drafts");
        std::os::unix::fs::symlink(&outside, &linked).unwrap();

        let refused = |error: io::Error| {
            assert_eq!(
                refusal(&error),
                Some(&Refused::NotAFolder("a symbolic link")),
                "{error}"
            )
        };
        refused(private_dir(&linked).unwrap_err());
        refused(folder_exists(&linked).unwrap_err());
        refused(read_folder(&linked).unwrap_err());
        refused(check_folders(&data, &linked.join("x.json")).unwrap_err());
        refused(remove_file(&linked.join("x.json")).unwrap_err());
        let error = tighten(&linked, DIR_MODE).unwrap_err();
        assert_eq!(refusal(&error), Some(&Refused::NotAFile("a symbolic link")));
        assert_eq!(mode(&outside), 0o755);

        // A missing folder is no error; a real one passes.
        assert!(!folder_exists(&data.join("none")).unwrap());
        check_folders(&data, &data.join("none/x.json")).unwrap();
        private_dir(&data.join("packs")).unwrap();
        check_folders(&data, &data.join("packs/x.json")).unwrap();
    }

    #[test]
    fn writing_out_leaves_every_other_file_alone() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("out.md");
        let neighbour = temp_path(&file);
        fs::write(&neighbour, b"theirs").unwrap();
        write_out(&file, b"one").unwrap();
        write_out(&file, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        assert_eq!(mode(&file), 0o600);
        assert_eq!(fs::read(&neighbour).unwrap(), b"theirs");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 2);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("f.json");
        write_atomic(&file, b"one").unwrap();
        write_atomic(&file, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        assert_eq!(mode(&file), 0o600);
        assert!(!temp_path(&file).exists());
    }

    #[test]
    fn a_write_made_as_it_goes_that_fails_half_way_leaves_the_file_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("f.snapshot");
        write_atomic(&file, b"the old bytes").unwrap();
        let failed = write_atomic_with(&file, |out| {
            out.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("the disk is full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "the disk is full");
        assert_eq!(fs::read(&file).unwrap(), b"the old bytes");
        assert!(!temp_path(&file).exists());
        write_atomic_with(&file, |out| {
            out.write_all(b"made ")?;
            out.write_all(b"as it goes")
        })
        .unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"made as it goes");
        assert_eq!(mode(&file), 0o600);
    }
}
