//! `between sync now` for a synced folder that is a git work tree: commit this device's
//! own files, merge what the other devices pushed, and push, with the system `git` and
//! the user's own remote (nothing of ours talks to the network).
//!
//! Each device changes only `replicas/<its-id>/` (and the inbox notes it took in), so a
//! merge never conflicts unless someone edited a file by hand; then it stops and says
//! what to do. No journal text is ever passed on git's command line, and what git says
//! goes into errors only sanitised.

use std::ffi::OsStr;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::journal::sync::folder::MARKER;
use crate::sanitize;

/// What `sync_now` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSynced {
    /// How many files the commit of this device's changes held (0: nothing to commit).
    pub committed: usize,
    /// Where the work is exchanged, or why it was not (no remote, no upstream).
    pub upstream: Upstream,
    /// How many commits came in from the remote.
    pub pulled: usize,
    /// Whether this device's commits were pushed.
    pub pushed: bool,
    /// The copies of this device's logs the merge kept beside them: another computer
    /// pushed other versions of them (a cloned device, see `journal::sync::cloned`).
    pub kept: Vec<PathBuf>,
}

/// The remote branch the work tree's branch follows, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// The branch follows `remote`'s `branch`.
    Tracked {
        /// The remote's name ("origin").
        remote: String,
        /// The branch there (`refs/heads/main`).
        merge: String,
    },
    /// The repository has no remote at all.
    NoRemote,
    /// There is a remote, but the branch (`branch`, if not detached) follows none.
    Untracked {
        /// The local branch.
        branch: Option<String>,
    },
}

/// Why `sync_now` stopped.
#[derive(Debug, thiserror::Error)]
pub enum GitSyncError {
    /// `git` could not be run at all.
    #[error("cannot run git ({source}); `between sync now` needs git installed")]
    NoGit {
        /// Why.
        source: io::Error,
    },
    /// The synced folder is not in a git repository.
    #[error(
        "{} is not a git work tree; sync now works with git only — Syncthing and file-sync folders sync by themselves",
        shown(.folder)
    )]
    NotAWorkTree {
        /// The synced folder.
        folder: PathBuf,
    },
    /// This device's folder is not inside the synced folder.
    #[error("this device's folder {} is not inside the synced folder {}", shown(.own), shown(.folder))]
    OwnOutside {
        /// The device's folder.
        own: PathBuf,
        /// The synced folder.
        folder: PathBuf,
    },
    /// A git command failed.
    #[error("git could not {step} in {}: {detail}", shown(.folder))]
    Git {
        /// What it was doing ("commit this device's files").
        step: &'static str,
        /// The synced folder.
        folder: PathBuf,
        /// The last lines git wrote, sanitised.
        detail: String,
    },
    /// Merging the remote's commits left conflicts in the work tree.
    #[error(
        "git found a conflict in {folder} while merging the other devices' commits, in {files}: someone changed these files by hand. Nothing was pushed, and the work tree is as git left it. Either undo the merge with `git -C {folder} merge --abort`, or fix each file (keep the lines of both sides; but keep one side of vault.json whole, e.g. `git -C {folder} checkout --theirs vault.json`), then `git -C {folder} add` it and `git -C {folder} commit`; then run `between sync now` again",
        folder = shown(.folder),
        files = .files.join(", ")
    )]
    Conflict {
        /// The synced folder.
        folder: PathBuf,
        /// The files in conflict, sanitised.
        files: Vec<String>,
    },
}

/// A path as it may be shown in a message.
fn shown(path: &Path) -> String {
    sanitize::text(&path.display().to_string()).into_owned()
}

/// Commits this device's files in `folder` (a git work tree; `own` are this device's
/// `replicas/<id>` folders in it: its own, then those of the ids it left, whose logs
/// it rewrites without erased entries, see `journal::store::left`), merges the
/// upstream's commits and pushes, when the branch has an upstream. `device` names the
/// device in the commit message.
pub fn sync_now(folder: &Path, own: &[PathBuf], device: &str) -> Result<GitSynced, GitSyncError> {
    let git = Git::new(folder);
    let top = git.run(["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(GitSyncError::NotAWorkTree {
            folder: folder.to_path_buf(),
        });
    }
    let own_rel = own
        .iter()
        .map(|own| {
            own.strip_prefix(folder)
                .map(Path::to_path_buf)
                .map_err(|_| GitSyncError::OwnOutside {
                    own: own.clone(),
                    folder: folder.to_path_buf(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let committed = commit_own(&git, &own_rel, device)?;
    let upstream = upstream(&git)?;
    let (pulled, pushed, kept) = match &upstream {
        Upstream::Tracked { remote, merge } => exchange(&git, remote, merge, &own_rel)?,
        Upstream::NoRemote | Upstream::Untracked { .. } => (0, false, Vec::new()),
    };
    Ok(GitSynced {
        committed,
        upstream,
        pulled,
        pushed,
        kept,
    })
}

/// Stages this device's folder, the marker (when new), the key file of an encrypted
/// journal and the inbox, and commits them
/// if anything changed; returns how many files the commit held.
fn commit_own(git: &Git, own_rel: &[PathBuf], device: &str) -> Result<usize, GitSyncError> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for own_rel in own_rel.iter().filter(|own| git.folder.join(own).exists()) {
        git.check("stage this device's files", ["add", "-A", "--"], [own_rel])?;
        paths.push(own_rel.clone());
    }
    let marker = Path::new(MARKER);
    if git.folder.join(marker).is_file() {
        let tracked = git.check("list the tracked files", ["ls-files", "--"], [marker])?;
        if tracked.stdout.is_empty() {
            git.check("stage the folder's marker", ["add", "--"], [marker])?;
        }
        paths.push(marker.to_path_buf());
    }
    // The key file of an encrypted journal: new at `sync init`, changed by `passwd`.
    let key_file = Path::new(crate::journal::sync::vault_file::NAME);
    if git.folder.join(key_file).is_file() {
        git.check("stage the journal's key file", ["add", "--"], [key_file])?;
        paths.push(key_file.to_path_buf());
    }
    let inbox = Path::new("inbox");
    if git.folder.join(inbox).is_dir() {
        git.check("stage the inbox", ["add", "-A", "--"], [inbox])?;
        paths.push(inbox.to_path_buf());
    }
    if paths.is_empty() {
        return Ok(0);
    }
    // Only the paths with staged changes go to `git commit --`, which refuses a path
    // it knows nothing of (an empty inbox).
    let mut count = 0;
    let mut changed = Vec::new();
    for path in paths {
        let staged = git.check(
            "list the staged files",
            ["diff", "--cached", "--name-only", "-z", "--"],
            [&path],
        )?;
        let files = staged
            .stdout
            .split(|b| *b == 0)
            .filter(|name| !name.is_empty())
            .count();
        if files > 0 {
            count += files;
            changed.push(path);
        }
    }
    if count == 0 {
        return Ok(0);
    }
    let message = format!("between: entries from {}", sanitize::text(device));
    let mut args: Vec<&str> = Vec::new();
    if !git.run(["config", "user.name"])?.status.success() {
        args.extend(["-c", "user.name=between"]);
    }
    if !git.run(["config", "user.email"])?.status.success() {
        args.extend(["-c", "user.email=between@localhost"]);
    }
    args.extend(["commit", "--no-verify", "--quiet", "-m", &message, "--"]);
    git.check("commit this device's files", args, &changed)?;
    Ok(count)
}

/// The upstream of the work tree's branch, read from its configuration (so a branch
/// whose remote is still empty counts too).
fn upstream(git: &Git) -> Result<Upstream, GitSyncError> {
    let remotes = git.check("list the remotes", ["remote"], None::<&str>)?;
    if remotes.stdout.iter().all(u8::is_ascii_whitespace) {
        return Ok(Upstream::NoRemote);
    }
    let head = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"])?;
    if !head.status.success() {
        return Ok(Upstream::Untracked { branch: None });
    }
    let branch = text(&head.stdout);
    let remote = git.run(["config", "--get", &format!("branch.{branch}.remote")])?;
    let merge = git.run(["config", "--get", &format!("branch.{branch}.merge")])?;
    if !remote.status.success() || !merge.status.success() {
        return Ok(Upstream::Untracked {
            branch: Some(branch),
        });
    }
    Ok(Upstream::Tracked {
        remote: text(&remote.stdout),
        merge: text(&merge.stdout),
    })
}

/// Fetches and merges the upstream's commits (never a rebase), then pushes when this
/// branch has commits the upstream lacks; returns (commits pulled, pushed, the copies
/// of this device's logs kept, see [`merge_upstream`]).
fn exchange(
    git: &Git,
    remote: &str,
    merge: &str,
    own_rel: &[PathBuf],
) -> Result<(usize, bool, Vec<PathBuf>), GitSyncError> {
    git.check(
        "fetch from the remote",
        ["fetch", "--quiet", remote],
        None::<&str>,
    )?;
    let before = git.run(["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let before = before.status.success().then(|| text(&before.stdout));
    let theirs = git.run(["rev-parse", "--verify", "--quiet", "@{upstream}"])?;
    let theirs = theirs.status.success().then(|| text(&theirs.stdout));
    let mut pulled = 0;
    let mut kept = Vec::new();
    if let Some(theirs) = &theirs {
        let range = match &before {
            Some(before) => format!("{before}..{theirs}"),
            None => theirs.clone(),
        };
        let count = git.check(
            "count the remote's commits",
            ["rev-list", "--count", &range],
            None::<&str>,
        )?;
        pulled = text(&count.stdout).parse().unwrap_or(0);
        if pulled > 0 {
            kept = merge_upstream(git, theirs, own_rel)?;
        }
    }
    let ahead = match (
        &theirs,
        git.run(["rev-parse", "--verify", "--quiet", "HEAD"])?,
    ) {
        (_, head) if !head.status.success() => false,
        (None, _) => true,
        (Some(theirs), _) => {
            let count = git.check(
                "count this device's commits",
                ["rev-list", "--count", &format!("{theirs}..HEAD")],
                None::<&str>,
            )?;
            text(&count.stdout) != "0"
        }
    };
    if ahead {
        git.check(
            "push to the remote",
            ["push", "--quiet", remote, &format!("HEAD:{merge}")],
            None::<&str>,
        )?;
    }
    Ok((pulled, ahead, kept))
}

/// Merges `theirs` into the work tree's branch. A conflict in this device's own logs
/// alone (`own_rel`: two computers pushed other versions of them under one id, or of
/// the logs of an id it left, which it rewrote while the other still appended) keeps
/// both sides (see [`keep_both_sides`]) and returns the copies kept; any other conflict
/// stops with what to do.
fn merge_upstream(
    git: &Git,
    theirs: &str,
    own_rel: &[PathBuf],
) -> Result<Vec<PathBuf>, GitSyncError> {
    let merged = git.run([
        "-c",
        "user.name=between",
        "-c",
        "user.email=between@localhost",
        "merge",
        // Two devices that cloned the empty repository and committed before either
        // pushed have no common commit; their files are apart, so that merge is safe.
        "--allow-unrelated-histories",
        "--no-edit",
        "--no-verify",
        "-m",
        "between: merge the other devices' entries",
        theirs,
    ])?;
    if merged.status.success() {
        return Ok(Vec::new());
    }
    let unmerged = git.run(["diff", "--name-only", "--diff-filter=U", "-z"])?;
    let files: Vec<String> = unmerged
        .stdout
        .split(|b| *b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| sanitize::text(&String::from_utf8_lossy(name)).into_owned())
        .collect();
    if files.is_empty() {
        return Err(git.failure("merge the remote's commits", &merged));
    }
    let mut own = Vec::new();
    for own_rel in own_rel {
        own.extend(unmerged_in(git, own_rel)?);
    }
    let in_own = |file: &Unmerged| {
        file.path
            .parent()
            .is_some_and(|parent| own_rel.iter().any(|own| own == parent))
            && is_own_log(&file.path)
    };
    if own.len() == files.len() && own.iter().all(in_own) {
        return keep_both_sides(git, &own, theirs);
    }
    Err(GitSyncError::Conflict {
        folder: git.folder.clone(),
        files,
    })
}

/// A file the merge left in conflict, with the blob of each side that has it.
struct Unmerged {
    /// Its path from the synced folder.
    path: PathBuf,
    /// This branch's version (stage 2), if it has the file.
    ours: Option<String>,
    /// The remote's version (stage 3), if it has the file.
    theirs: Option<String>,
}

/// The files in conflict under `dir` (from the synced folder), from `git ls-files -u`.
fn unmerged_in(git: &Git, dir: &Path) -> Result<Vec<Unmerged>, GitSyncError> {
    use std::os::unix::ffi::OsStrExt;
    let listed = git.check(
        "list the files in conflict",
        ["ls-files", "-u", "-z", "--"],
        [dir],
    )?;
    let mut files: Vec<Unmerged> = Vec::new();
    for line in listed.stdout.split(|b| *b == 0).filter(|l| !l.is_empty()) {
        // "<mode> <blob> <stage>\t<path>"
        let Some(tab) = line.iter().position(|b| *b == b'\t') else {
            continue;
        };
        let path = PathBuf::from(OsStr::from_bytes(&line[tab + 1..]));
        let fields = String::from_utf8_lossy(&line[..tab]).into_owned();
        let mut fields = fields.split(' ').skip(1);
        let (Some(blob), Some(stage)) = (fields.next(), fields.next()) else {
            continue;
        };
        let index = match files.iter().position(|file| file.path == path) {
            Some(index) => index,
            None => {
                files.push(Unmerged {
                    path,
                    ours: None,
                    theirs: None,
                });
                files.len() - 1
            }
        };
        match stage {
            "2" => files[index].ours = Some(blob.to_owned()),
            "3" => files[index].theirs = Some(blob.to_owned()),
            _ => {}
        }
    }
    Ok(files)
}

/// Whether `path` is a log file of a device's folder (`journal*.jsonl`).
fn is_own_log(path: &Path) -> bool {
    path.file_name()
        .and_then(OsStr::to_str)
        .is_some_and(crate::journal::sync::folder::is_log_name)
}

/// Settles a merge whose conflicts are all in this device's own logs: each keeps this
/// branch's version, and the remote's goes beside it as
/// `journal.git-conflict-<commit>.jsonl`, a copy of the log that the journal reads with
/// the rest (so no side's records are lost) and that makes this device take a new id
/// when it next opens the journal. Then the merge is committed. Returns the copies.
fn keep_both_sides(
    git: &Git,
    files: &[Unmerged],
    theirs: &str,
) -> Result<Vec<PathBuf>, GitSyncError> {
    let short = &theirs[..theirs.len().min(12)];
    let mut kept = Vec::new();
    let mut staged: Vec<PathBuf> = Vec::new();
    for file in files {
        let blob = |sha: &str| {
            git.check(
                "read a side of the conflict",
                ["cat-file", "blob", sha],
                None::<&str>,
            )
            .map(|output| output.stdout)
        };
        let write = |path: &Path, bytes: &[u8]| {
            crate::secure_fs::write_atomic(&git.folder.join(path), bytes).map_err(|e| {
                GitSyncError::Git {
                    step: "keep both sides of the conflict",
                    folder: git.folder.clone(),
                    detail: sanitize::text(&format!("{}: {e}", path.display())).into_owned(),
                }
            })
        };
        match (&file.ours, &file.theirs) {
            (Some(ours), Some(theirs)) => {
                write(&file.path, &blob(ours)?)?;
                let copy = copy_name(&git.folder, &file.path, short);
                write(&copy, &blob(theirs)?)?;
                staged.push(copy.clone());
                kept.push(copy);
            }
            (None, Some(theirs)) => write(&file.path, &blob(theirs)?)?,
            (Some(ours), None) => write(&file.path, &blob(ours)?)?,
            (None, None) => {}
        }
        staged.push(file.path.clone());
    }
    git.check("stage both sides of the conflict", ["add", "--"], &staged)?;
    git.check(
        "commit the merge",
        [
            "-c",
            "user.name=between",
            "-c",
            "user.email=between@localhost",
            "commit",
            "--no-edit",
            "--no-verify",
            "--quiet",
        ],
        None::<&str>,
    )?;
    Ok(kept)
}

/// A name beside the log `path` for the remote's version of it, from the remote's
/// commit `short`, that no file has yet.
fn copy_name(folder: &Path, path: &Path, short: &str) -> PathBuf {
    let stem = path
        .file_name()
        .and_then(OsStr::to_str)
        .and_then(|name| name.strip_suffix(".jsonl"))
        .unwrap_or("journal");
    (1..)
        .map(|n| match n {
            1 => format!("{stem}.git-conflict-{short}.jsonl"),
            n => format!("{stem}.git-conflict-{short}-{n}.jsonl"),
        })
        .map(|name| path.with_file_name(name))
        .find(|candidate| !folder.join(candidate).exists())
        .unwrap_or_else(|| path.with_file_name(format!("journal.git-conflict-{short}.jsonl")))
}

/// What `sync now` says it did, in one line: "Committed 1 file, pulled 2 commits from
/// the remote, pushed."
pub fn summary(synced: &GitSynced, folder: &Path) -> String {
    let commit = match synced.committed {
        0 => "Nothing to commit".to_owned(),
        1 => "Committed 1 file".to_owned(),
        n => format!("Committed {n} files"),
    };
    let exchange = match &synced.upstream {
        Upstream::NoRemote => format!(
            "the repository has no remote, so nothing was pulled or pushed (add one with `git -C {} remote add origin URL`, then push once with `git -C {} push -u origin HEAD`)",
            shown(folder),
            shown(folder)
        ),
        Upstream::Untracked { branch } => format!(
            "the branch {} follows no remote branch, so nothing was pulled or pushed (push once with `git -C {} push -u origin HEAD`)",
            branch
                .as_deref()
                .map_or_else(|| "(detached HEAD)".into(), sanitize::text),
            shown(folder)
        ),
        Upstream::Tracked { .. } => {
            let pulled = match synced.pulled {
                0 => "nothing new from the remote".to_owned(),
                1 => "pulled 1 commit from the remote".to_owned(),
                n => format!("pulled {n} commits from the remote"),
            };
            let pushed = if synced.pushed {
                "pushed"
            } else {
                "nothing to push"
            };
            format!("{pulled}, {pushed}")
        }
    };
    let kept = match synced.kept.as_slice() {
        [] => String::new(),
        copies => format!(
            " The remote had another version of this device's log (another computer writes \
             under its id): it is kept beside it, as {}.",
            copies
                .iter()
                .map(|copy| shown(copy))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("{commit}; {exchange}.{kept}")
}

/// A command's standard output as one trimmed line of text.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// `git -C folder`, with prompts off when no one is at a terminal to answer them.
struct Git {
    folder: PathBuf,
}

impl Git {
    fn new(folder: &Path) -> Self {
        Self {
            folder: folder.to_path_buf(),
        }
    }

    /// Runs git with `args`, capturing what it prints.
    fn run<I, S>(&self, args: I) -> Result<Output, GitSyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new("git");
        command.arg("-C").arg(&self.folder).args(args);
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        if io::stdin().is_terminal() {
            command.stdin(Stdio::inherit());
        } else {
            command.stdin(Stdio::null()).env("GIT_TERMINAL_PROMPT", "0");
        }
        command
            .output()
            .map_err(|source| GitSyncError::NoGit { source })
    }

    /// Runs git with `args`, then `--`-style `paths`, and fails with git's last lines
    /// when it fails.
    fn check<I, S, P, Q>(
        &self,
        step: &'static str,
        args: I,
        paths: P,
    ) -> Result<Output, GitSyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
        P: IntoIterator<Item = Q>,
        Q: AsRef<OsStr>,
    {
        let all: Vec<std::ffi::OsString> = args
            .into_iter()
            .map(|a| a.as_ref().to_owned())
            .chain(paths.into_iter().map(|p| p.as_ref().to_owned()))
            .collect();
        let output = self.run(&all)?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(self.failure(step, &output))
        }
    }

    /// The error of a failed step, with the last lines git wrote (its own words).
    fn failure(&self, step: &'static str, output: &Output) -> GitSyncError {
        GitSyncError::Git {
            step,
            folder: self.folder.clone(),
            detail: last_lines(&output.stderr, &output.stdout),
        }
    }
}

/// The last few lines of git's error output (or its output, when it wrote no error),
/// sanitised and joined.
fn last_lines(stderr: &[u8], stdout: &[u8]) -> String {
    const LINES: usize = 4;
    let source = if stderr.iter().all(u8::is_ascii_whitespace) {
        stdout
    } else {
        stderr
    };
    let text = String::from_utf8_lossy(source);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let tail = lines[lines.len().saturating_sub(LINES)..].join(" / ");
    if tail.is_empty() {
        "git gave no reason".to_owned()
    } else {
        sanitize::text(&tail).into_owned()
    }
}
