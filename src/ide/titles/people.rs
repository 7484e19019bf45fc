//! Real people with their real dated roles (from Wikidata, CC0), as a
//! registry fixture for the tests of titles in prose.

pub(crate) const PEOPLE: &str = r#"
%! registry.news.md
---
entities:
  rutte:
    name: Mark Rutte
    kind: person
    aliases: [Rutte]
    roles:
      - role: Prime Minister of the Netherlands
        since: 2010-10-14
        until: 2024-07-02
        titles: [Dutch Prime Minister, Dutch premier]
      - role: Secretary General of NATO
        since: 2024-10-01
        titles: [NATO chief]
  trump:
    name: Donald Trump
    kind: person
    aliases: [Trump]
    roles:
      - role: President of the United States
        since: 2025-01-20
      - role: President of the United States
        since: 2017-01-20
        until: 2021-01-20
  merz:
    name: Friedrich Merz
    kind: person
    aliases: [Merz]
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the CDU
        since: 2022-01-31
  sunak:
    name: Rishi Sunak
    kind: person
    aliases: [Sunak]
    roles:
      - role: Prime Minister of the United Kingdom
        since: 2022-10-25
        until: 2024-07-05
      - role: Chancellor of the Exchequer
        since: 2020-02-13
        until: 2022-07-05
      - role: Leader of the Opposition
        since: 2024-07-05
        until: 2024-11-02
  harris:
    name: Kamala Harris
    kind: person
    aliases: [Harris]
    roles:
      - role: Vice President of the United States
        since: 2021-01-20
        until: 2025-01-20
      - role: United States Senator
        since: 2017-01-03
        until: 2021-01-18
        titles: [Senator]
  biden:
    name: Joe Biden
    kind: person
    aliases: [Biden]
    roles:
      - role: President of the United States
        since: 2021-01-20
        until: 2025-01-20
      - role: Vice President of the United States
        since: 2009-01-20
        until: 2017-01-20
  starmer:
    name: Keir Starmer
    kind: person
    aliases: [Starmer]
    roles:
      - role: Prime Minister of the United Kingdom
        since: 2024-07-05
      - role: Leader of the Opposition
        since: 2020-04-04
        until: 2024-07-05
  nato:
    name: NATO
    kind: organization
  hague:
    name: The Hague
    kind: place
---
"#;
