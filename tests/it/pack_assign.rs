//! `between pack assign`: a therapist writes homework for each client from the
//! built-in exercises and a library pack, without editing ids or dates by hand.

use crate::common::between;
use serde_json::Value;

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

#[test]
fn homework_for_two_clients_from_one_library_installs_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let library = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("exercises/examples/money-talks.json");
    for client in ["Alex", "Jordan Lee"] {
        let file = dir.path().join(format!("{client}.json"));
        let output = between(dir.path())
            .args(["pack", "assign"])
            .arg(&library)
            .args(["--for", client, "--from", "Sam Rivera, LMFT", "--due", "2w"])
            .args(["--item", "money-what-it-means:1/week"])
            .args(["--item", "communication/gentle-start-up:3/week"])
            .args(["--note", "Small steps."])
            .arg("--out")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let pack: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let slug = client.to_lowercase().replace(' ', "-");
        assert_eq!(pack["id"], format!("homework-{slug}-{}", today()));
        assert_eq!(pack["assignment"]["assigned"], today());
        assert_eq!(pack["assignment"]["for"], client);
        assert_eq!(
            pack["assignment"]["items"][0]["exercise"],
            "money-what-it-means"
        );
        // Only the exercise named is copied, with the area and measure it uses.
        let exercises: Vec<&str> = pack["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(exercises, ["money-what-it-means"]);
        assert_eq!(pack["areas"][0]["id"], "money");
        // The client's side takes it as it is.
        let data = dir.path().join("client-data");
        between(&data)
            .args(["pack", "add"])
            .arg(&file)
            .assert()
            .success();
    }
    let data = dir.path().join("client-data");
    let listed = between(&data).args(["pack", "list"]).output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("homework-alex-") && listed.contains("homework-jordan-lee-"),
        "{listed}"
    );
}

#[test]
fn a_wrong_item_or_due_day_says_what_to_write_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    for (args, says) in [
        (
            vec!["--item", "communication/no-such"],
            "no exercise `communication/no-such`",
        ),
        (
            vec!["--item", "communication/gentle-start-up:3/weekly"],
            "must be `week`",
        ),
        (
            vec!["--item", "communication/gentle-start-up", "--due", "soon"],
            "2w for two weeks",
        ),
    ] {
        let output = between(dir.path())
            .args(["pack", "assign", "--for", "Alex", "--from", "Sam"])
            .args(&args)
            .arg("--out")
            .arg(&file)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!file.exists());
    }
    // An existing file is never replaced.
    std::fs::write(&file, "mine").unwrap();
    let output = between(dir.path())
        .args(["pack", "assign", "--for", "Alex", "--from", "Sam"])
        .args(["--item", "communication/gentle-start-up"])
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}
