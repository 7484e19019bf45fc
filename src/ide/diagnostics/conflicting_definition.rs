//! `conflicting-definition`: definitions of one id, in different documents,
//! that cannot describe one entity.

use super::lookups::Lookups;
use super::{Code, Diagnostic, Related, first_definitions};
use crate::syntax::{EntityDef, Phrase, phrase_of};
use crate::workspace::{Definition, File, Workspace};

pub(super) fn check(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    out: &mut Vec<Diagnostic>,
) {
    for def in first_definitions(file) {
        let others: Vec<&Definition<'_>> = lookups
            .defined(&def.id)
            .definitions
            .iter()
            .filter(|other| other.file.path != file.path && disagree(def, other.def))
            .collect();
        if others.is_empty() {
            continue;
        }
        let where_ = others
            .iter()
            .map(|o| {
                format!(
                    "{} in `{}`",
                    identity(o.def),
                    workspace.relative_path(&o.file.path)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut diagnostic = Diagnostic::new(
            Code::ConflictingDefinition,
            def.key,
            format!(
                "`{}` is defined here as {}, but as {where_}; all definitions of an id describe one entity",
                def.id,
                identity(def)
            ),
        );
        diagnostic.related = others
            .iter()
            .map(|o| Related {
                path: o.file.path.clone(),
                range: o.def.key,
                message: format!("`{}` defined as {}", def.id, identity(o.def)),
            })
            .collect();
        out.push(diagnostic);
    }
}

/// Two definitions disagree when they cannot be one entity: their kinds
/// differ, or their names differ and neither name is among the other's
/// name and aliases (compared as names are), or their wikidata ids differ.
/// Roles at different dates are history, not disagreement.
fn disagree(a: &EntityDef, b: &EntityDef) -> bool {
    let name = |d: &EntityDef| d.name.as_ref().and_then(|n| phrase_of(&n.value));
    let known =
        |phrase: &Phrase, d: &EntityDef| d.names().any(|n| phrase_of(n).as_ref() == Some(phrase));
    let names_differ = match (name(a), name(b)) {
        (Some(x), Some(y)) => x != y && !known(&x, b) && !known(&y, a),
        _ => false,
    };
    let kinds_differ = match (&a.kind, &b.kind) {
        (Some(x), Some(y)) => x.value != y.value,
        _ => false,
    };
    let wikidata_differ = match (&a.wikidata, &b.wikidata) {
        (Some(x), Some(y)) => x.value != y.value,
        _ => false,
    };
    names_differ || kinds_differ || wikidata_differ
}

fn identity(def: &EntityDef) -> String {
    let name = def.name.as_ref().map_or("(no name)", |n| n.value.as_str());
    let facts: Vec<&str> = def
        .kind
        .as_ref()
        .map(|k| k.value.as_str())
        .into_iter()
        .chain(def.wikidata.as_ref().map(|w| w.value.as_str()))
        .collect();
    if facts.is_empty() {
        format!("“{name}”")
    } else {
        format!("“{name}” ({})", facts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn conflicting_definitions_on_each_key() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir Putin
    kind: person
  kremlin:
  ^^^^^^^ conflicting-definition
    name: Kremlin
---
[@putin] [@kremlin]
%! b.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir Putin
    kind: organization
  kremlin:
  ^^^^^^^ conflicting-definition
    name: the KREMLIN
---
%! c.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir  PUTIN
    kind: person
  kremlin:
  ^^^^^^^ conflicting-definition
    name: Kremlin
---
"#,
        );
    }

    #[test]
    fn names_among_aliases_and_roles_over_time_do_not_conflict() {
        check(
            r#"
%! registry.news.md
---
entities:
  nato:
    name: NATO
    kind: organization
    aliases: [North Atlantic Treaty Organization]
  rutte:
    name: Mark Rutte
    kind: person
    role: Secretary General of NATO
    wikidata: Q57792
---
[@nato] [@rutte]
%! 2023-article.news.md
---
date: 2023-07-11
entities:
  nato:
    name: North Atlantic Treaty Organization
    aliases: [NATO]
  rutte:
    name: Mark Rutte
    role: Prime Minister of the Netherlands
    wikidata: Q57792
---
"#,
        );
    }

    #[test]
    fn differing_wikidata_ids_conflict() {
        check_messages(
            r#"
%! a.news.md
---
entities:
  georgia:
    name: Georgia
    wikidata: Q230
---
[@georgia]
%! b.news.md
---
entities:
  georgia:
    name: Georgia
    wikidata: Q1428
---
"#,
            expect![[r#"
                conflicting-definition Warning "georgia": `georgia` is defined here as “Georgia” (Q230), but as “Georgia” (Q1428) in `b.news.md`; all definitions of an id describe one entity
                  related b.news.md: `georgia` defined as “Georgia” (Q1428)
            "#]],
        );
    }

    #[test]
    fn conflicting_definition_points_at_the_others() {
        check_messages(
            r#"
%! a.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
[@witkoff]
%! b.news.md
---
entities:
  witkoff:
    name: Steven Witkoff
---
"#,
            expect![[r#"
                conflicting-definition Warning "witkoff": `witkoff` is defined here as “Steve Witkoff”, but as “Steven Witkoff” in `b.news.md`; all definitions of an id describe one entity
                  related b.news.md: `witkoff` defined as “Steven Witkoff”
            "#]],
        );
    }
}
