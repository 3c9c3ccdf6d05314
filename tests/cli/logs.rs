//! The log file through the real binary: a command leaves a line naming it, with its error code, and none
//! of the personal data it was given.

use super::commands::relata;

fn log_text(dir: &std::path::Path) -> String {
    let logs = relata_core::logging::log_dir(dir);
    let mut text = String::new();
    for entry in std::fs::read_dir(&logs).expect("the log folder exists") {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    text
}

#[test]
fn the_log_names_commands_and_codes_but_never_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let add = ["people", "add", "--first-name", "Zelda", "--last-name", "Quistorp", "--email", "zq.7731@example.eu"];
    assert_eq!(relata(d, &add).status.code(), Some(0));
    let bad = relata(d, &["people", "add", "--first-name", "Zelda", "--email", "zq-not-valid@@example.eu"]);
    assert_eq!(bad.status.code(), Some(1));
    // The stderr message is the CLI's interface and names the input; the log does not.
    assert!(String::from_utf8_lossy(&bad.stderr).contains("zq-not-valid"));
    // Even at the most verbose level.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relata"))
        .args(["--data-dir".as_ref(), d.as_os_str(), "people".as_ref(), "list".as_ref()])
        .env_remove("RELATA_DATA_DIR")
        .env(relata_core::logging::LEVEL_ENV, "trace")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    let log = log_text(d);
    assert!(log.contains("command=people add"), "{log}");
    assert!(log.contains("command=people list"), "{log}");
    assert!(log.contains("code=InvalidEmail"), "{log}");
    assert!(log.contains("time.busy="), "each command logs its duration: {log}");
    for secret in ["zq.7731", "example.eu", "Zelda", "Quistorp", "zq-not-valid"] {
        assert!(!log.contains(secret), "{secret} leaked into the log:\n{log}");
    }
}
