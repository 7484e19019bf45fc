//! JSON Schema validation by python-jsonschema, the reference
//! implementation (`tests/schema/validate.py`; PyPI `jsonschema`,
//! `rfc3986-validator` and `rfc3339-validator`, installed by
//! scripts/test). Without them a test is skipped, and says so; under CI
//! that is a failure.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// What to check beyond the schema's structure.
pub struct Options<'a> {
    /// Check the `format` keyword (uri, date-time...).
    pub formats: bool,
    /// `$ref`s starting with these get the schema that accepts nothing
    /// (the tests have no network).
    pub refused: &'a [&'a str],
}

/// The errors of each instance against the schema in `schema` (empty for
/// a valid one), or `None` when the validator is not installed here.
pub fn validate(
    schema: &Path,
    instances: &[Value],
    options: Options<'_>,
) -> Option<Vec<Vec<String>>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py");
    let Ok(mut child) = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return not_installed("no python3");
    };
    let request = json!({
        "schema": schema,
        "instances": instances,
        "formats": options.formats,
        "refused": options.refused,
    });
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(request.to_string().as_bytes())
        .expect("write the request");
    drop(stdin);
    let output = child.wait_with_output().expect("the validator's output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        return not_installed(stderr.trim());
    }
    assert!(output.status.success(), "the validator failed: {stderr}");
    Some(serde_json::from_slice(&output.stdout).expect("the validator's JSON"))
}

fn not_installed(why: &str) -> Option<Vec<Vec<String>>> {
    assert!(
        std::env::var_os("CI").is_none(),
        "python-jsonschema is needed under CI ({why}; scripts/test installs it)"
    );
    println!("SKIPPED: python-jsonschema is not installed here ({why}; scripts/test installs it)");
    None
}
