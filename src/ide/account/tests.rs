use expect_test::{Expect, expect};

use super::*;
use crate::testing::{Fixture, path};

/// The account of `id` on `date` seen from `from`, one fact a line.
fn render(fixture: &Fixture, id: &str, date: &str, from: Option<&str>) -> String {
    let date = Date::parse(date).expect("a date");
    let from = from.map(path);
    let ws = &fixture.workspace;
    let Some(account) = of(ws, id, date, from.as_deref()) else {
        return "undefined\n".to_string();
    };
    let name = |p: &Path| ws.relative_path(p);
    let role = |r: &Role<'_>| {
        let span = match r.span {
            Span::Between { since, until } => format!(
                "{}..{}",
                since.map(|d| d.to_string()).unwrap_or_default(),
                until.map(|d| d.to_string()).unwrap_or_default()
            ),
            Span::AsOf(d) => format!("as of {d}"),
        };
        let affiliation = r.affiliation.map(|a| format!(" @ {a}")).unwrap_or_default();
        format!("{}{affiliation} [{span}] {}", r.role, name(r.source.path()))
    };
    let mut out = format!(
        "in force: {} ({})\n",
        name(account.in_force().path()),
        account.in_force().date
    );
    for r in &account.roles {
        out += &format!("role: {}\n", role(r));
    }
    for (when, r) in &account.other_roles {
        out += &format!("{when:?}: {}\n", role(r));
    }
    out += &format!("name: {}\n", account.name());
    if let Some((country, s)) = account.field(|d| d.country.as_ref()) {
        out += &format!("country: {} ({})\n", country.value, name(s.path()));
    }
    if let Some((d, s)) = account.field(|d| d.description.as_ref()) {
        out += &format!("description: {} ({})\n", d.value, name(s.path()));
    }
    out += &format!("aliases: {}\n", account.aliases().join(", "));
    out
}

fn check(fixture: &str, id: &str, date: &str, from: Option<&str>, expect: Expect) {
    expect.assert_eq(&render(&Fixture::parse(fixture), id, date, from));
}

/// A registry kept current, a 2023 article and a brief written today.
const MERZ: &str = r#"
%today 2026-01-23
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    country: Germany
    aliases: [Merz, Chancellor Merz]
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition in the Bundestag
        affiliation: "@cdu"
        since: 2022-02-15
        until: 2025-05-06
  cdu:
    name: Christian Democratic Union
    kind: organization
---
%! 2023-07-11-summit.news.md
---
date: 2023-07-11
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
    description: CDU leader.
---
%! 2019-05-01-old.news.md
---
date: 2019-05-01
entities:
  merz:
    name: Friedrich Merz
    role: Lawyer
---
%! brief.news.md
---
title: Brief
---
[@merz]
"#;

#[test]
fn registry_kept_current_beats_an_old_article_today() {
    check(
        MERZ,
        "merz",
        "2026-01-23",
        Some("brief.news.md"),
        expect![[r#"
            in force: registry.news.md (2026-01-23)
            role: Chancellor of Germany [2025-05-06..] registry.news.md
            Earlier: Lawyer [as of 2019-05-01] 2019-05-01-old.news.md
            Earlier: Leader of the opposition in the Bundestag @ @cdu [2022-02-15..2025-05-06] registry.news.md
            name: Friedrich Merz
            country: Germany (registry.news.md)
            description: CDU leader. (2023-07-11-summit.news.md)
            aliases: Merz, Chancellor Merz
        "#]],
    );
}

#[test]
fn in_an_old_article_its_date_decides_and_its_own_definition_is_in_force() {
    check(
        MERZ,
        "merz",
        "2023-07-11",
        Some("2023-07-11-summit.news.md"),
        expect![[r#"
            in force: 2023-07-11-summit.news.md (2023-07-11)
            role: Leader of the opposition in the Bundestag @ @cdu [2022-02-15..2025-05-06] registry.news.md
            Earlier: Lawyer [as of 2019-05-01] 2019-05-01-old.news.md
            Later: Chancellor of Germany [2025-05-06..] registry.news.md
            name: Friedrich Merz
            country: Germany (registry.news.md)
            description: CDU leader. (2023-07-11-summit.news.md)
            aliases: Merz, Chancellor Merz
        "#]],
    );
}

#[test]
fn without_roles_the_single_role_in_force_is_shown() {
    // 2019: before every span; the old article is its own statement.
    check(
        MERZ,
        "merz",
        "2019-05-01",
        Some("2019-05-01-old.news.md"),
        expect![[r#"
            in force: 2019-05-01-old.news.md (2019-05-01)
            role: Lawyer [as of 2019-05-01] 2019-05-01-old.news.md
            Later: Leader of the opposition in the Bundestag @ @cdu [2022-02-15..2025-05-06] registry.news.md
            Later: Chancellor of Germany [2025-05-06..] registry.news.md
            name: Friedrich Merz
            country: Germany (registry.news.md)
            description: CDU leader. (2023-07-11-summit.news.md)
            aliases: Merz, Chancellor Merz
        "#]],
    );
    // 2020, from a document that does not define merz: the latest
    // statement on or before the date is in force.
    check(
        MERZ,
        "merz",
        "2020-01-01",
        None,
        expect![[r#"
            in force: 2019-05-01-old.news.md (2019-05-01)
            role: Lawyer [as of 2019-05-01] 2019-05-01-old.news.md
            Later: Leader of the opposition in the Bundestag @ @cdu [2022-02-15..2025-05-06] registry.news.md
            Later: Chancellor of Germany [2025-05-06..] registry.news.md
            name: Friedrich Merz
            country: Germany (registry.news.md)
            description: CDU leader. (2023-07-11-summit.news.md)
            aliases: Merz, Chancellor Merz
        "#]],
    );
    // Before every statement: the earliest after the date.
    check(
        MERZ,
        "merz",
        "2010-01-01",
        None,
        expect![[r#"
            in force: 2019-05-01-old.news.md (2019-05-01)
            role: Lawyer [as of 2019-05-01] 2019-05-01-old.news.md
            Later: Leader of the opposition in the Bundestag @ @cdu [2022-02-15..2025-05-06] registry.news.md
            Later: Chancellor of Germany [2025-05-06..] registry.news.md
            name: Friedrich Merz
            country: Germany (registry.news.md)
            description: CDU leader. (2023-07-11-summit.news.md)
            aliases: Merz, Chancellor Merz
        "#]],
    );
}

#[test]
fn spans_start_end_overlap_and_stay_open() {
    let fixture = r#"
%! registry.news.md
---
entities:
  rutte:
    name: Mark Rutte
    roles:
      - role: Prime Minister of the Netherlands
        since: 2010-10-14
        until: 2024-07-02
      - role: Leader of the VVD
        since: 2006-05-31
        until: 2023-08-14
      - role: Secretary General of NATO
        since: 2024-10-01
      - role: Member of the VVD
---
"#;
    let roles_on = |date: &str| -> Vec<String> {
        let fixture = Fixture::parse(fixture);
        let date = Date::parse(date).unwrap();
        let account = of(&fixture.workspace, "rutte", date, None).unwrap();
        account.roles.iter().map(|r| r.role.to_string()).collect()
    };
    // Overlapping spans hold together; an open-ended entry always holds.
    assert_eq!(
        roles_on("2020-01-01"),
        [
            "Prime Minister of the Netherlands",
            "Leader of the VVD",
            "Member of the VVD"
        ]
    );
    // `since` is the first day; `until` is the first day it no longer holds.
    assert_eq!(
        roles_on("2023-08-14"),
        ["Prime Minister of the Netherlands", "Member of the VVD"]
    );
    assert_eq!(
        roles_on("2023-08-13"),
        [
            "Prime Minister of the Netherlands",
            "Leader of the VVD",
            "Member of the VVD"
        ]
    );
    assert_eq!(roles_on("2024-07-02"), ["Member of the VVD"]);
    assert_eq!(
        roles_on("2024-10-01"),
        ["Secretary General of NATO", "Member of the VVD"]
    );
    assert_eq!(
        roles_on("2030-01-01"),
        ["Secretary General of NATO", "Member of the VVD"]
    );
}

#[test]
fn fields_fall_back_to_the_nearest_statement_and_aliases_unite() {
    check(
        r#"
%! registry.news.md
---
entities:
  nato:
    name: NATO
    kind: organization
    aliases: [North Atlantic Treaty Organization, the Alliance]
    description: A military alliance.
---
%! 2024-01-01-a.news.md
---
date: 2024-01-01
entities:
  nato:
    name: North Atlantic Treaty Organization
    aliases: [NATO, Atlantic alliance]
    country: Belgium
---
%! 2025-01-01-b.news.md
---
date: 2025-01-01
entities:
  nato:
    name: NATO
    country: Brussels
---
"#,
        "nato",
        "2024-01-01",
        None,
        expect![[r#"
            in force: 2024-01-01-a.news.md (2024-01-01)
            name: North Atlantic Treaty Organization
            country: Belgium (2024-01-01-a.news.md)
            description: A military alliance. (registry.news.md)
            aliases: NATO, Atlantic alliance, the Alliance
        "#]],
    );
}

#[test]
fn ties_go_by_path_and_as_of_dates_a_definition() {
    check(
        r#"
%! b.news.md
---
date: 2024-01-01
entities:
  x:
    name: X
    role: Second
---
%! a.news.md
---
date: 2024-01-01
entities:
  x:
    name: X
    role: First
---
%! c.news.md
---
date: 2024-06-01
entities:
  x:
    name: X
    role: Earlier by as_of
    as_of: 2023-01-01
---
"#,
        "x",
        "2024-03-01",
        None,
        expect![[r#"
            in force: a.news.md (2024-01-01)
            role: First [as of 2024-01-01] a.news.md
            Earlier: Earlier by as_of [as of 2023-01-01] c.news.md
            Earlier: Second [as of 2024-01-01] b.news.md
            name: X
            aliases: 
        "#]],
    );
}

#[test]
fn undated_documents_speak_of_today() {
    let fixture = Fixture::parse(
        "%today 2026-05-05\n%! registry.news.md\n---\nentities:\n  x:\n    name: X\n---\n",
    );
    let account = of(
        &fixture.workspace,
        "x",
        Date::parse("2026-01-01").unwrap(),
        None,
    )
    .unwrap();
    assert_eq!(account.in_force().date.to_string(), "2026-05-05");
    assert_eq!(account.in_force().dated_by, DatedBy::Today);
}

#[test]
fn role_containment_ignores_case() {
    assert!(roles_match("Chancellor", "chancellor of Germany"));
    assert!(roles_match("Chancellor of Germany", "CHANCELLOR"));
    assert!(!roles_match("President", "Prime Minister"));
    assert!(!roles_match("", "Prime Minister"));
}
