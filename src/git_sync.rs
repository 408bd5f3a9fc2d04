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

/// Commits this device's files in `folder` (a git work tree; `own` is this device's
/// `replicas/<id>` folder in it), merges the upstream's commits and pushes, when the
/// branch has an upstream. `device` names the device in the commit message.
pub fn sync_now(folder: &Path, own: &Path, device: &str) -> Result<GitSynced, GitSyncError> {
    let git = Git::new(folder);
    let top = git.run(["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(GitSyncError::NotAWorkTree {
            folder: folder.to_path_buf(),
        });
    }
    let own_rel = own
        .strip_prefix(folder)
        .map_err(|_| GitSyncError::OwnOutside {
            own: own.to_path_buf(),
            folder: folder.to_path_buf(),
        })?
        .to_path_buf();
    let committed = commit_own(&git, &own_rel, device)?;
    let upstream = upstream(&git)?;
    let (pulled, pushed) = match &upstream {
        Upstream::Tracked { remote, merge } => exchange(&git, remote, merge)?,
        Upstream::NoRemote | Upstream::Untracked { .. } => (0, false),
    };
    Ok(GitSynced {
        committed,
        upstream,
        pulled,
        pushed,
    })
}

/// Stages this device's folder, the marker (when new), the key file of an encrypted
/// journal and the inbox, and commits them
/// if anything changed; returns how many files the commit held.
fn commit_own(git: &Git, own_rel: &Path, device: &str) -> Result<usize, GitSyncError> {
    let mut paths: Vec<PathBuf> = Vec::new();
    if git.folder.join(own_rel).exists() {
        git.check("stage this device's files", ["add", "-A", "--"], [own_rel])?;
        paths.push(own_rel.to_path_buf());
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
/// branch has commits the upstream lacks; returns (commits pulled, pushed).
fn exchange(git: &Git, remote: &str, merge: &str) -> Result<(usize, bool), GitSyncError> {
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
            merge_upstream(git, theirs)?;
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
    Ok((pulled, ahead))
}

/// Merges `theirs` into the work tree's branch; a conflict stops with what to do.
fn merge_upstream(git: &Git, theirs: &str) -> Result<(), GitSyncError> {
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
        return Ok(());
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
    Err(GitSyncError::Conflict {
        folder: git.folder.clone(),
        files,
    })
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
    format!("{commit}; {exchange}.")
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
