//! JSON Schema validation by python-jsonschema, the reference
//! implementation (`tests/schema/validate.py`; PyPI
//! `jsonschema[format-nongpl]`, installed by scripts/test). Without it a
//! test is skipped, and says so; under CI that is a failure.

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
    if !installed() {
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
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
    assert!(
        output.status.success(),
        "the validator failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the validator's JSON"))
}

fn installed() -> bool {
    let found = Command::new("python3")
        .args([
            "-c",
            "import jsonschema, rfc3986_validator, rfc3339_validator",
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "python-jsonschema is needed under CI (scripts/test installs it: pip install 'jsonschema[format-nongpl]')"
        );
        println!(
            "SKIPPED: python3 with jsonschema[format-nongpl] is not installed (scripts/test installs it)"
        );
    }
    found
}
