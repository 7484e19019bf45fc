//! `--format gitlab`: GitLab Code Quality JSON, an array of issues with a
//! stable fingerprint, shown in merge requests.

use std::io::{self, Write};

use serde::Serialize;

use super::Problem;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: LineColumn,
    end: LineColumn,
}

#[derive(Serialize)]
struct LineColumn {
    line: usize,
    column: usize,
}

pub fn write(out: &mut impl Write, problems: &[Problem]) -> io::Result<()> {
    let issues: Vec<Issue> = problems
        .iter()
        .map(|p| {
            let json = &p.json;
            Issue {
                description: &json.message,
                check_name: json.code,
                fingerprint: fingerprint(&[
                    &json.path,
                    json.code,
                    &json.line.to_string(),
                    &json.column.to_string(),
                    &json.message,
                ]),
                severity: match json.severity {
                    "error" => "major",
                    "warning" => "minor",
                    _ => "info",
                },
                location: Location {
                    path: &json.path,
                    positions: Positions {
                        begin: LineColumn {
                            line: json.line,
                            column: json.column,
                        },
                        end: LineColumn {
                            line: json.end_line,
                            column: json.end_column,
                        },
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
    writeln!(out)
}

/// FNV-1a (64 bits) over the parts, each followed by a 0 byte: the same
/// problem gets the same fingerprint from run to run and release to
/// release, which is all GitLab asks of it.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a"]), fingerprint(&["a"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        // FNV-1a of the single byte 0.
        assert_eq!(fingerprint(&[""]), "af63bd4c8601b7df");
    }
}
