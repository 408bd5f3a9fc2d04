//! `between sync now` with a real `git`: a bare repository on local disk stands for the
//! user's private remote, and each "device" is a clone of it with its own data
//! directory whose `sync.json` points at the clone. Git's global and system settings are
//! kept out (`GIT_CONFIG_GLOBAL=/dev/null`, HOME in the temporary folder), so no user
//! name is set and between's own commit identity is used.

use crate::common::git::{Device, Lab, run_between, synced};
use crate::common::{between, stderr};

#[test]
fn two_clones_exchange_their_own_files_through_the_remote() {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    let phone = lab.cloned("phone");
    let laptop_log = "{\"line\":1}\n{\"line\":2}\n";
    let phone_log = "{\"line\":\"a\"}\n";
    laptop.write_log(laptop_log);
    phone.write_log(phone_log);

    let first = synced(&lab, &laptop);
    assert!(first.contains("Committed 1 file"), "{first}");
    assert!(first.contains("pushed"), "{first}");
    let second = synced(&lab, &phone);
    assert!(second.contains("Committed 1 file"), "{second}");
    assert!(
        second.contains("pulled 1 commit from the remote"),
        "{second}"
    );
    assert!(second.contains(", pushed."), "{second}");
    let third = synced(&lab, &laptop);
    assert!(third.contains("Nothing to commit"), "{third}");
    assert!(third.contains("pulled 2 commits"), "{third}");
    assert!(third.contains("nothing to push"), "{third}");

    for device in [&laptop, &phone] {
        assert_eq!(
            device.log_of(&laptop).as_deref(),
            Some(laptop_log.as_bytes())
        );
        assert_eq!(device.log_of(&phone).as_deref(), Some(phone_log.as_bytes()));
    }
    // Between's own identity made the commits, with no journal text in the message.
    let log = lab.git(&laptop.clone, &["log", "--format=%an <%ae> %s"]);
    assert!(
        log.contains("between <between@localhost> between: entries from"),
        "{log}"
    );
    assert!(!log.contains("line"), "{log}");
    // Both work trees are clean: nothing was left staged or uncommitted.
    for device in [&laptop, &phone] {
        assert_eq!(lab.git(&device.clone, &["status", "--porcelain"]), "");
    }

    // A line added later travels too.
    let more = format!("{laptop_log}{{\"line\":3}}\n");
    laptop.write_log(&more);
    let fourth = synced(&lab, &laptop);
    assert!(
        fourth.contains("Committed 1 file") && fourth.contains("pushed"),
        "{fourth}"
    );
    synced(&lab, &phone);
    assert_eq!(phone.log_of(&laptop).as_deref(), Some(more.as_bytes()));
}

#[test]
fn other_files_in_the_work_tree_are_left_alone() {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    laptop.write_log("{}\n");
    std::fs::write(laptop.clone.join("notes.txt"), "mine").unwrap();
    let said = synced(&lab, &laptop);
    assert!(said.contains("Committed 1 file"), "{said}");
    let status = lab.git(&laptop.clone, &["status", "--porcelain"]);
    assert_eq!(status, "?? notes.txt\n");
}

#[test]
fn without_a_remote_it_commits_only_and_says_so() {
    let lab = Lab::new();
    let folder = lab.path("alone");
    std::fs::create_dir_all(&folder).unwrap();
    lab.git(&folder, &["init", "--quiet", "-b", "main"]);
    let device = lab.device("alone", folder);
    device.write_log("{}\n");
    let said = synced(&lab, &device);
    assert!(said.contains("Committed 1 file"), "{said}");
    assert!(said.contains("has no remote"), "{said}");
    let count = lab.git(&device.clone, &["rev-list", "--count", "HEAD"]);
    assert_eq!(count.trim(), "1");
}

#[test]
fn nothing_to_commit_says_so() {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    laptop.write_log("{}\n");
    synced(&lab, &laptop);
    let said = synced(&lab, &laptop);
    assert!(said.contains("Nothing to commit"), "{said}");
    assert!(
        said.contains("nothing new from the remote, nothing to push"),
        "{said}"
    );
}

#[test]
fn a_folder_that_is_not_a_work_tree_is_refused() {
    let lab = Lab::new();
    let device = lab.device("plain", lab.path("plain-folder"));
    device.write_log("{}\n");
    let output = lab.sync_now(&device);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("is not a git work tree"), "{said}");
    assert!(said.contains("plain-folder"), "{said}");
    assert!(!device.clone.join(".git").exists());
}

#[test]
fn an_unsynced_journal_is_told_to_run_sync_init() {
    let lab = Lab::new();
    let data = lab.path("data");
    let output = between(&data).args(["sync", "now"]).output().unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("run `between sync init FOLDER` first"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_hand_edit_that_conflicts_stops_with_what_to_do() {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    let phone = lab.cloned("phone");
    laptop.write_log("{}\n");
    synced(&lab, &laptop);
    synced(&lab, &phone);
    // Someone keeps a file of their own in the folder and edits it by hand on both.
    let by_hand = |device: &Device, text: &str| {
        std::fs::write(device.clone.join("notes.md"), text).unwrap();
        lab.git(&device.clone, &["add", "notes.md"]);
        lab.git(
            &device.clone,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-qm",
                "hand",
            ],
        );
    };
    by_hand(&phone, "xyzzy-hand-edit on the phone\n");
    lab.git(&phone.clone, &["push", "--quiet"]);
    by_hand(&laptop, "xyzzy-hand-edit on the laptop\n");
    laptop.write_log("{}\n{\"line\":2}\n");
    let output = lab.sync_now(&laptop);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("conflict"), "{said}");
    assert!(said.contains("merge --abort"), "{said}");
    assert!(said.contains("notes.md"), "{said}");
    assert!(
        !said.contains("xyzzy"),
        "journal text in the message: {said}"
    );
    // The work tree is as git left it: mid-merge.
    assert!(laptop.clone.join(".git/MERGE_HEAD").exists());
}

#[test]
fn two_devices_journals_become_equal_through_git() {
    journals_become_equal_through_git(None);
}

#[test]
fn two_devices_encrypted_journals_become_equal_through_git_and_no_commit_holds_text() {
    journals_become_equal_through_git(Some("a long walk by the river"));
}

/// Two devices start, join, write and `sync now` through one remote; with a
/// passphrase, the laptop's journal is encrypted before it is synced, and no file in
/// either clone nor any commit of the remote holds a word of the journal.
fn journals_become_equal_through_git(passphrase: Option<&str>) {
    let lab = Lab::new();
    let laptop = lab.cloned("laptop");
    let phone = lab.cloned("phone");
    // Journals of their own first; then each moves into its clone.
    for device in [&laptop, &phone] {
        std::fs::remove_file(device.data.join("sync.json")).unwrap();
    }
    // `between ARGS` with the passphrase, if any, on standard input.
    let run = |device: &Device, args: &[&str]| match passphrase {
        Some(words) => {
            let args = [&["--passphrase-fd", "0"][..], args].concat();
            run_between(&lab, device, &args, &format!("{words}\n"))
        }
        None => run_between(&lab, device, args, ""),
    };
    let add = |device: &Device, text: &str| run(device, &["journal", "add", text]);
    add(&laptop, "laptop before syncing");
    if passphrase.is_some() {
        run(&laptop, &["encrypt"]);
    }
    run(
        &laptop,
        &[
            "sync",
            "init",
            laptop.clone.to_str().unwrap(),
            "--name",
            "laptop",
        ],
    );
    run(&laptop, &["sync", "now"]);
    lab.git(&phone.clone, &["pull", "--quiet", "--no-rebase"]);
    run_between(&lab, &phone, &["journal", "add"], "phone before joining");
    run(
        &phone,
        &[
            "sync",
            "join",
            phone.clone.to_str().unwrap(),
            "--name",
            "phone",
        ],
    );
    add(&phone, "phone after joining");
    add(&laptop, "laptop after syncing");
    for device in [&phone, &laptop, &phone] {
        let said = run(device, &["sync", "now"]);
        assert!(!said.is_empty(), "sync now said nothing");
    }
    let listed = |device: &Device| run(device, &["journal", "list"]);
    let (on_laptop, on_phone) = (listed(&laptop), listed(&phone));
    assert_eq!(on_laptop, on_phone);
    let texts = [
        "laptop before syncing",
        "phone before joining",
        "phone after joining",
        "laptop after syncing",
    ];
    for text in texts {
        assert!(on_laptop.contains(text), "{text:?} missing:\n{on_laptop}");
    }
    if passphrase.is_some() {
        for text in texts {
            for device in [&laptop, &phone] {
                crate::common::assert_nowhere(&device.clone, text);
            }
            // Every version of every file the remote holds.
            let history = lab.git(&lab.remote(), &["log", "--all", "-p", "--format=%s"]);
            assert!(
                !history.contains(text),
                "{text:?} is in the remote's history"
            );
        }
        assert!(phone.clone.join("vault.json").is_file());
    }
    // Each device committed only its own folder (and the folder's marker and key file).
    let history = lab.git(&laptop.clone, &["log", "--name-only", "--format=%x00%s"]);
    for commit in history.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let subject = lines.next().unwrap_or_default();
        let own = match subject {
            "between: entries from laptop" => &laptop,
            "between: entries from phone" => &phone,
            _ => continue, // a merge
        };
        let config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(own.data.join("sync.json")).unwrap()).unwrap();
        let mine = format!("replicas/{}/", config["replica"].as_str().unwrap());
        for file in lines.filter(|line| !line.is_empty()) {
            assert!(
                file.starts_with(&mine)
                    || file == "between-sync.json"
                    // The key file is the laptop's, which started the journal; a join
                    // never writes it.
                    || (file == "vault.json" && subject == "between: entries from laptop"),
                "{subject:?} touched {file}"
            );
        }
    }
}
