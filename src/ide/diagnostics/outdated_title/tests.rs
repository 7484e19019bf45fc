//! Each fixture marks every `outdated-title` it must raise; any other
//! `outdated-title` fails the test (other codes are not looked at here).

use std::path::Path;

use expect_test::{Expect, expect};

use crate::ide::diagnostics::{Code, Options, collect_with_options};
use crate::ide::titles::{Qualifiers, people::PEOPLE};
use crate::testing::Fixture;
use crate::workspace::Workspace;

fn found_in(ws: &Workspace, options: &Options) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for file in ws.load_every_file() {
        for d in collect_with_options(ws, &file.path, options) {
            if d.code == Code::OutdatedTitle {
                found.push((
                    ws.relative_path(&file.path),
                    format!("{:?} {}", file.slice(d.range), d.range.start),
                ));
            }
        }
    }
    found.sort();
    found
}

fn check_with(fixture: &str, options: &Options) {
    let fixture = Fixture::parse(&format!("{PEOPLE}{fixture}"));
    let ws = &fixture.workspace;
    let mut expected: Vec<(String, String)> = fixture
        .marks
        .iter()
        .map(|(path, range, label)| {
            assert_eq!(label, "outdated-title");
            let file = ws.load_file(path).expect("marked file");
            (
                ws.relative_path(path),
                format!("{:?} {}", file.slice(*range), range.start),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(found_in(ws, options), expected);
}

fn check(fixture: &str) {
    check_with(fixture, &Options::default());
}

/// The messages and fixes of `a.news.md`'s outdated titles.
fn check_messages(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(&format!("{PEOPLE}{fixture}"));
    let ws = &fixture.workspace;
    let path = Path::new("/ws/a.news.md");
    let file = ws.load_file(path).expect("a.news.md in fixture");
    let mut out = String::new();
    for d in collect_with_options(ws, path, &Options::default()) {
        if d.code != Code::OutdatedTitle {
            continue;
        }
        out.push_str(&format!(
            "{:?} {:?}: {}\n",
            d.severity,
            file.slice(d.range),
            d.message
        ));
        for r in &d.related {
            out.push_str(&format!(
                "  related {}: {}\n",
                ws.relative_path(&r.path),
                r.message
            ));
        }
        let all = super::fixes_at(
            ws,
            file,
            &crate::ide::names::Scan::new(ws.index()).prose(file),
            &Options::default(),
            d.range,
        );
        assert_eq!(
            all.first(),
            d.fix.as_ref(),
            "the diagnostic carries the first fix"
        );
        for fix in all {
            out.push_str(&format!(
                "  fix {}: {}\n",
                fix.title,
                crate::syntax::TextEdit::apply(&file.text, std::slice::from_ref(&fix.edit))
                    .lines()
                    .find(|l| l.contains(&fix.edit.new_text) && !l.starts_with("date"))
                    .unwrap_or("")
            ));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn a_title_before_the_name_that_no_longer_holds() {
    check(
        r#"
%! a.news.md
---
date: 2026-06-15
---
Prime Minister [Mark Rutte](@rutte) said the alliance would hold. Later,
^^^^^^^^^^^^^^ outdated-title
Secretary General [Rutte](@rutte) and NATO chief [@rutte] met
[Dutch Prime Minister Mark Rutte](@rutte)'s successor.
 ^^^^^^^^^^^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn the_message_says_what_is_true_on_the_date() {
    check_messages(
        r#"
%! a.news.md
---
date: 2026-06-15
---
Prime Minister [Mark Rutte](@rutte) spoke. [Friedrich Merz](@merz) met Vice President [Harris](@harris).
%! b.news.md
---
date: 2025-03-01
---
Chancellor [Friedrich Merz](@merz) said.
"#,
        expect![[r#"
            Warning "Prime Minister": “Prime Minister”: Mark Rutte was Prime Minister of the Netherlands until 2024-07-02, and on 2026-06-15 is Secretary General of NATO (since 2024-10-01)
              related registry.news.md: the roles of `@rutte`
              fix Change to “NATO chief”: NATO chief [Mark Rutte](@rutte) spoke. [Friedrich Merz](@merz) met Vice President [Harris](@harris).
              fix Insert “former”: Former Prime Minister [Mark Rutte](@rutte) spoke. [Friedrich Merz](@merz) met Vice President [Harris](@harris).
            Warning "Vice President": “Vice President”: Kamala Harris was Vice President of the United States until 2025-01-20, and on 2026-06-15 holds none of the listed roles
              related registry.news.md: the roles of `@harris`
              fix Insert “former”: Prime Minister [Mark Rutte](@rutte) spoke. [Friedrich Merz](@merz) met former Vice President [Harris](@harris).
        "#]],
    );
}

#[test]
fn a_role_not_yet_held_becomes_true_later() {
    check_messages(
        r#"
%! a.news.md
---
date: 2025-03-01
---
Chancellor [Friedrich Merz](@merz) said. The talks, Chancellor Merz said, go on.
"#,
        expect![[r#"
            Warning "Chancellor": “Chancellor”: Friedrich Merz becomes Chancellor of Germany on 2025-05-06, and on 2025-03-01 is Leader of the CDU (since 2022-01-31)
              related registry.news.md: the roles of `@merz`
              fix Change to “CDU leader”: CDU leader [Friedrich Merz](@merz) said. The talks, Chancellor Merz said, go on.
              fix Insert “incoming”: Incoming Chancellor [Friedrich Merz](@merz) said. The talks, Chancellor Merz said, go on.
            Warning "Chancellor": “Chancellor”: Friedrich Merz becomes Chancellor of Germany on 2025-05-06, and on 2025-03-01 is Leader of the CDU (since 2022-01-31)
              related registry.news.md: the roles of `@merz`
              fix Change to “CDU leader”: Chancellor [Friedrich Merz](@merz) said. The talks, CDU leader Merz said, go on.
              fix Insert “incoming”: Chancellor [Friedrich Merz](@merz) said. The talks, incoming Chancellor Merz said, go on.
        "#]],
    );
}

#[test]
fn the_longest_title_ending_at_the_name_wins() {
    check(
        r#"
%! a.news.md
---
date: 2015-06-01
---
Vice President [Joe Biden](@biden) and President [Biden](@biden).
                                       ^^^^^^^^^ outdated-title
%! b.news.md
---
date: 2023-06-01
---
Vice President [Joe Biden](@biden) and President [Biden](@biden) met Deputy Prime Minister [Rutte](@rutte).
^^^^^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn each_qualifier_makes_a_past_or_future_title_right() {
    check(
        r#"
%! past.news.md
---
date: 2026-06-15
---
Former Prime Minister [Mark Rutte](@rutte) spoke. The ex-Prime Minister [Rutte](@rutte) spoke.
Then-Prime Minister [Rutte](@rutte) spoke. The onetime Prime Minister [Rutte](@rutte) spoke.
The one-time Dutch premier [Rutte](@rutte) spoke. The outgoing Prime Minister [Rutte](@rutte) spoke.
The late Prime Minister [Rutte](@rutte) spoke. A former Dutch Prime Minister, [Rutte](@rutte) spoke.
The erstwhile Prime Minister [Rutte](@rutte) and the previous Prime Minister [Rutte](@rutte) spoke.
%! future.news.md
---
date: 2025-03-01
---
Incoming Chancellor [Friedrich Merz](@merz) spoke. The future Chancellor [Merz](@merz) spoke.
Chancellor-designate [Merz](@merz) spoke. Chancellor designate [Merz](@merz) spoke.
The would-be Chancellor [Merz](@merz) and the prospective Chancellor [Merz](@merz) spoke.
%! elect.news.md
---
date: 2024-12-01
---
President-elect [Donald Trump](@trump) spoke. The incoming President [Trump](@trump) spoke.
%! abbreviations.news.md
---
date: 2022-03-01
---
Former U.S. President [Donald Trump](@trump) spoke. Then Dr. Biden met U.S. President [Trump](@trump).
                                                                            ^^^^^^^^^ outdated-title
%! wrong-way.news.md
---
date: 2025-03-01
---
Former Chancellor [Friedrich Merz](@merz) spoke.
       ^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn qualifiers_from_the_settings_add_to_the_english_ones() {
    let fixture = r#"
%! a.news.md
---
date: 2026-06-15
---
L’ancien Premier ministre [Mark Rutte](@rutte) a parlé. Der designierte Kanzler [Merz](@merz).
"#;
    let french = r#"
%! registry-fr.news.md
---
entities:
  rutte:
    name: Mark Rutte
    roles:
      - role: Prime Minister of the Netherlands
        since: 2010-10-14
        until: 2024-07-02
        titles: [Premier ministre]
---
"#;
    let options = Options {
        qualifiers: Qualifiers::new(&["ancien".into()], &["designierte".into()]),
        ..Options::default()
    };
    check_with(&format!("{french}{fixture}"), &options);
    let fixture = Fixture::parse(&format!("{PEOPLE}{french}{fixture}"));
    assert_eq!(
        found_in(&fixture.workspace, &Options::default()).len(),
        1,
        "without the setting, “ancien” says nothing"
    );
}

#[test]
fn an_appositive_after_the_name() {
    check(
        r#"
%! a.news.md
---
date: 2025-06-01
---
[Rishi Sunak](@sunak), the prime minister, said so. [Mark Rutte](@rutte), NATO’s secretary general, agreed.
                           ^^^^^^^^^^^^^^ outdated-title
[Sunak](@sunak), the former prime minister, spoke. [Sunak](@sunak), the prime minister’s rival, spoke.
[Rutte](@rutte), the Dutch prime minister. [Sunak](@sunak), a prime minister who lost, spoke.
                     ^^^^^^^^^^^^^^^^^^^^ outdated-title
%! b.news.md
---
date: 2023-06-01
---
[Mark Rutte](@rutte), NATO's secretary general, agreed.
                             ^^^^^^^^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn a_title_inside_the_link_text() {
    check(
        r#"
%! a.news.md
---
date: 2022-03-01
---
[President Donald Trump](@trump) spoke; so did [former President Trump](@trump).
 ^^^^^^^^^ outdated-title
%! b.news.md
---
date: 2026-03-01
---
[President Donald Trump](@trump) spoke.
"#,
    );
}

#[test]
fn plain_known_names_and_possessives() {
    check(
        r#"
%! a.news.md
---
date: 2025-06-01
---
[Rishi Sunak](@sunak) lost. Prime Minister Sunak's plan failed, as did Prime Minister [Sunak](@sunak)’s.
                            ^^^^^^^^^^^^^^ outdated-title
                                                                       ^^^^^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn roles_held_over_several_spans_are_exact() {
    check(
        r#"
%! a.news.md
---
date: 2019-06-01
---
President [Donald Trump](@trump) spoke.
%! b.news.md
---
date: 2022-06-01
---
President [Donald Trump](@trump) spoke.
^^^^^^^^^ outdated-title
%! c.news.md
---
date: 2025-01-20
---
President [Donald Trump](@trump) spoke.
%! d.news.md
---
date: 2021-01-20
---
President [Donald Trump](@trump) spoke.
^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn an_undated_document_speaks_of_today() {
    check(
        r#"
%today 2023-01-01
%! a.news.md
NATO chief [Mark Rutte](@rutte) spoke.
^^^^^^^^^^ outdated-title
"#,
    );
    check(
        r#"
%today 2026-01-01
%! a.news.md
NATO chief [Mark Rutte](@rutte) spoke.
"#,
    );
}

#[test]
fn what_is_not_a_title_of_the_role_is_not_checked() {
    check(
        r#"
%! a.news.md
---
date: 2026-06-15
---
Tycoon [Donald Trump](@trump) and envoy [Rutte](@rutte) met Labour leader [Keir Starmer](@starmer).
Party leader [Starmer](@starmer) met The Hague’s [Rutte](@rutte). Senator [Merz](@merz) spoke.
Opposition leader [Starmer](@starmer) spoke, as the prime minister, [Starmer](@starmer), did.
^^^^^^^^^^^^^^^^^ outdated-title
"#,
    );
}

#[test]
fn case_apostrophes_and_hyphens_are_alike() {
    check(
        r#"
%! a.news.md
---
date: 2026-06-15
---
PRIME MINISTER [Mark Rutte](@rutte) spoke; prime-minister [Rutte](@rutte) too.
^^^^^^^^^^^^^^ outdated-title
                                           ^^^^^^^^^^^^^^ outdated-title
[Rutte](@rutte), NATO’s Secretary-General, and [Rutte](@rutte), NATO's secretary general, spoke.
"#,
    );
}

#[test]
fn seeds_style_prose_raises_nothing() {
    // The seed article's own sentences, on their date.
    check(
        r#"
%! a.news.md
---
date: 2026-01-22
---
A meeting between Russian [President Donald Trump](@trump) envoy and US [President Donald Trump](@trump) has begun.
[Trump](@trump)’s meeting with the US president, and the president [Trump](@trump), went well.
"#,
    );
}

#[test]
fn a_link_whose_text_is_a_title_alone() {
    check(
        r#"
%! a.news.md
---
date: 2025-06-01
---
[The prime minister](@sunak) spoke, and [the former prime minister](@sunak) too.
     ^^^^^^^^^^^^^^ outdated-title
[NATO’s secretary general](@rutte) and [the prime minister’s office](@sunak) replied.
"#,
    );
}
