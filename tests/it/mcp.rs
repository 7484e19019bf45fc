//! `newsls mcp` driven by an independent client: the official MCP Python
//! SDK (`tests/mcp/client.py`, PyPI `mcp`, installed by scripts/test) on a
//! copy of the seed documents. Without the SDK the test is skipped, and
//! says so; under CI that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{self, TempDir};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn python_sdk() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import mcp"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "the MCP Python SDK is needed under CI (scripts/test installs it: pip install mcp)"
        );
        println!(
            "SKIPPED: python3 with the MCP Python SDK is not installed (scripts/test installs it: pip install mcp)"
        );
    }
    found
}

#[test]
fn the_official_python_sdk_lists_calls_and_survives_bad_calls() {
    if !python_sdk() {
        return;
    }
    let dir = TempDir::new("mcp");
    copy_folder(&repo().join("seeds"), dir.path());
    let output = Command::new("python3")
        .arg(repo().join("tests/mcp/client.py"))
        .arg(env!("CARGO_BIN_EXE_newsls"))
        .arg(dir.path())
        .env("NEWSLS_CACHE_DIR", support::test_cache_dir())
        .output()
        .expect("python3");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn a_root_that_does_not_exist_is_named_on_stderr() {
    let dir = TempDir::new("mcp-missing");
    let run = support::run_newsls(dir.path(), &["mcp", "--root", "no-such-folder"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "", "stdout is the protocol's");
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
}
