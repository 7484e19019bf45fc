//! `--format sarif`: SARIF 2.1.0 (the OASIS static analysis results
//! format, read by GitHub code scanning and others), built with the
//! `serde-sarif` types: one run, a rule for every code, one result a
//! problem, locations relative to the current folder.

use std::io::{self, Write};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::{Problem, UNREADABLE_FILE};
use crate::ide::Code;

/// Where each code is documented: the format's page, relative to the
/// project's root (newsls has no published address to make it absolute).
pub const HELP_BASE: &str = "docs/format.md";

/// What each code means, one sentence (the table in docs/format.md).
fn describe(code: &str) -> &'static str {
    match code {
        "undefined-entity" => "A mention or @ reference names an id no document defines.",
        "invalid-front-matter" => {
            "The front matter is unclosed, not YAML, or has a value of the wrong shape, a repeated field or an unknown kind."
        }
        "invalid-entity-id" => "An entity key, mention or @ reference is not a valid id.",
        "missing-name" => "An entity has no name.",
        "duplicate-entity" => "One document defines an id twice.",
        "invalid-date" => "A date is not a real day written YYYY-MM-DD.",
        "conflicting-definition" => "Another document defines the id with another name or kind.",
        "surface-mismatch" => "A mention's text does not contain the entity's name or an alias.",
        "unknown-field" => {
            "An entity field newsls does not know, or an event field on a non-event."
        }
        "invalid-wikidata" => "wikidata is not Q followed by digits.",
        "invalid-roles" => {
            "An entry of roles is malformed or has dates that are not real days in order."
        }
        "outdated-role" => "A definition's role contradicts the roles entries holding on its date.",
        "outdated-title" => {
            "A title in prose names a role the person does not hold on the document's date."
        }
        "first-reference" => {
            "The first mention of a person does not give the full name (a style rule, off by default)."
        }
        "unlinked-reference" => {
            "A plain-text field value is exactly the name of a known entity, which an \"@id\" would link."
        }
        "invalid-settings" => "A .newsls.toml settings file has a problem.",
        "unannotated-mention" => {
            "The prose names a known entity that the document never annotates."
        }
        "unused-entity" => "No document mentions or references a defined entity.",
        UNREADABLE_FILE => "A document cannot be read: not valid UTF-8, unreadable or too large.",
        _ => "A newsls diagnostic.",
    }
}

fn level(severity: &str) -> ResultLevel {
    match severity {
        "error" => ResultLevel::Error,
        "warning" => ResultLevel::Warning,
        _ => ResultLevel::Note,
    }
}

/// Every code with its default severity, in the order rules are listed.
pub fn rules() -> Vec<(&'static str, &'static str)> {
    Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.severity().as_str()))
        .chain([
            (UNREADABLE_FILE, "error"),
            (super::INVALID_SETTINGS, "error"),
        ])
        .collect()
}

/// A path as a relative URI reference: `/` separators, and the characters
/// a URI cannot hold percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn location(path: &str, region: Option<Region>, message: Option<&str>) -> Location {
    let artifact = ArtifactLocation::builder()
        .uri(uri(path))
        .uri_base_id("%SRCROOT%".to_string())
        .build();
    let physical = match region {
        Some(region) => PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(region)
            .build(),
        None => PhysicalLocation::builder()
            .artifact_location(artifact)
            .build(),
    };
    match message {
        Some(text) => Location::builder()
            .physical_location(physical)
            .message(Message::builder().text(text.to_string()).build())
            .build(),
        None => Location::builder().physical_location(physical).build(),
    }
}

pub fn log(problems: &[Problem]) -> Sarif {
    let rules = rules();
    let descriptors: Vec<ReportingDescriptor> = rules
        .iter()
        .map(|(code, severity)| {
            ReportingDescriptor::builder()
                .id(code.to_string())
                .name(code.to_string())
                .short_description(
                    MultiformatMessageString::builder()
                        .text(describe(code).to_string())
                        .build(),
                )
                .help_uri(format!("{HELP_BASE}#{code}"))
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::to_value(level(severity)).unwrap_or_default())
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = problems
        .iter()
        .map(|problem| {
            let json = &problem.json;
            let region = problem.source.map(|_| {
                Region::builder()
                    .start_line(json.line as i64)
                    .start_column(json.column as i64)
                    .end_line(json.end_line as i64)
                    .end_column(json.end_column as i64)
                    .build()
            });
            let related: Vec<Location> = json
                .related
                .iter()
                .map(|r| {
                    let region = Region::builder()
                        .start_line(r.line as i64)
                        .start_column(r.column as i64)
                        .build();
                    location(&r.path, Some(region), Some(&r.message))
                })
                .collect();
            let index = rules.iter().position(|(c, _)| *c == json.code).unwrap_or(0);
            let result = SarifResult::builder()
                .rule_id(json.code.to_string())
                .rule_index(index as i64)
                .level(level(json.severity))
                .message(Message::builder().text(json.message.clone()).build())
                .locations(vec![location(&json.path, region, None)]);
            if related.is_empty() {
                result.build()
            } else {
                result.related_locations(related).build()
            }
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("newsls".to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(HELP_BASE.replace("format.md", "check.md"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .results(results)
        .build();
    Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL.to_string())
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build()
}

pub fn write(out: &mut impl Write, problems: &[Problem]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(problems)).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_described_and_has_a_rule() {
        let rules = rules();
        for code in Code::ALL {
            assert!(rules.iter().any(|(c, _)| *c == code.as_str()), "{code}");
            assert_ne!(describe(code.as_str()), describe("no-such-code"), "{code}");
        }
        assert_eq!(uri("a b/é.news.md"), "a%20b/%C3%A9.news.md");
    }
}
