//! `newsls wikidata fill` and `link` against a real local HTTP server
//! serving recorded Wikidata answers (`wikibase.rs`), and the client's
//! handling of errors: HTTP 500, 429 with `Retry-After`, a timeout, JSON
//! that is not the API's, a missing item. Nothing is written unless
//! everything succeeded.

use std::time::{Duration, Instant};

use crate::support::{Run, TempDir, run_newsls_with_cache};
use crate::wikibase::{Failure, Wikibase};

const REGISTRY: &str = "---
title: Registry
entities:
  # The president, as the desk first wrote him.
  putin:
    wikidata: Q7747   # checked by hand
    aliases: [Putin]
  ireland:
    name: Ireland
    wikidata: Q27
---
[@putin] and [@ireland].
";

/// `127.0.0.1:port`, as messages name the server.
fn host(server: &Wikibase) -> String {
    let endpoint = server.endpoint();
    endpoint["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

/// A desk's folder set to ask a local Wikibase server: the server, told
/// to fail its first requests as given; the folder, with `.newsls.toml`
/// pointing at it and `registry.news.md` holding the text given; and a
/// cache folder of its own.
struct Desk {
    server: Wikibase,
    dir: TempDir,
    cache: TempDir,
}

impl Desk {
    fn new(text: &str) -> Desk {
        Desk::failing(&[], text)
    }

    fn failing(failures: &[Failure], text: &str) -> Desk {
        let server = Wikibase::start();
        for failure in failures {
            server.fail_next(*failure);
        }
        let dir = TempDir::new("wikidata");
        dir.write(".newsls.toml", server.settings());
        dir.write("registry.news.md", text);
        let cache = TempDir::new("wikidata-cache");
        Desk { server, dir, cache }
    }

    /// The built `newsls` run in the folder.
    fn run(&self, args: &[&str]) -> Run {
        run_newsls_with_cache(self.dir.path(), self.cache.path(), args)
    }

    /// The registry as it is on disk now.
    fn registry(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.news.md")).expect("the registry")
    }
}

/// The Wikibase client itself, asking `server`.
fn client(server: &Wikibase, timeout: Duration) -> newsls::wikidata::Client {
    newsls::wikidata::Client::new(newsls::wikidata::Options {
        endpoint: server.endpoint(),
        timeout,
        cache: None,
        offline: false,
    })
}

const FILLED_PUTIN_HEAD: &str = "---
title: Registry
entities:
  # The president, as the desk first wrote him.
  putin:
    name: Vladimir Putin
    kind: person
    wikidata: Q7747   # checked by hand
    aliases: [Putin, Vladimir Vladimirovich Putin]
    description: 2nd and 4th President of Russia (2000-2008, 2012-present), 7th and 11th Prime Minister of Russia (1999-2000, 2008-2012), Director of the Federal Security Service (1998-1999) and Deputy Mayor of Saint Petersburg (1994-1996)
    roles:
      - role: Chairman of the Council of CIS Heads of State
        since: 2024-01-01
        until: 2024-12-31
";

const FILLED_TAIL: &str = "      - role: President of Russia
        since: 2000-05-07
        until: 2008-05-07
";

const FILLED_IRELAND: &str = "      - role: party leader
        since: 1995-01-01  # 1995 on Wikidata
        until: 1998-01-01  # 1997 on Wikidata
  ireland:
    name: Ireland
    kind: place
    wikidata: Q27
    description: country in north-west Europe
    aliases: [Éire, IE, IRL, Republic of Ireland, Hibernia, \"Ireland, Republic of\"]
---
[@putin] and [@ireland].
";

#[test]
fn fill_adds_what_the_items_say_and_keeps_the_layout() {
    let desk = Desk::new(REGISTRY);
    let run = desk.run(&["wikidata", "fill"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "newsls wikidata fill: changed 2 entities in 1 documents\n"
    );
    let text = desk.registry();
    // The comments stay, the fields already written stay where they were.
    assert!(text.starts_with(FILLED_PUTIN_HEAD), "{text}");
    assert!(text.contains(FILLED_TAIL), "{text}");
    assert!(text.ends_with(FILLED_IRELAND), "{text}");
    // Deprecated (president for life), undated (recruiter, Permanent
    // member…) and unlabelled positions are left out.
    assert!(!text.contains("president for life"));
    assert!(!text.contains("recruiter"));
    assert!(!text.contains("Permanent member"));
    assert_eq!(text.matches("- role:").count(), 16, "{text}");
    // The result is a valid document: no error, and the roles hold.
    let check = desk.run(&["check", "--format", "concise", "."]);
    assert!(!check.stdout.contains("error["), "{}", check.stdout);
    // Two requests: the items (batched), then the positions' labels.
    let requests = desk.server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].params["action"], "wbgetentities");
    assert_eq!(requests[0].params["ids"], "Q27|Q7747");
    assert_eq!(
        requests[0].params["props"],
        "labels|descriptions|aliases|claims"
    );
    assert_eq!(requests[0].params["languages"], "en");
    assert_eq!(requests[1].params["props"], "labels");
    let agent = format!("newsls/{} (", env!("CARGO_PKG_VERSION"));
    assert!(
        requests.iter().all(|r| r
            .user_agent
            .as_deref()
            .is_some_and(|a| a.starts_with(&agent))),
        "{requests:?}"
    );
}

#[test]
fn fill_twice_adds_nothing_the_second_time() {
    let desk = Desk::new(REGISTRY);
    assert_eq!(desk.run(&["wikidata", "fill"]).code, Some(0));
    let once = desk.registry();
    let run = desk.run(&["wikidata", "fill"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "newsls wikidata fill: changed 0 entities in 0 documents\n"
    );
    let twice = desk.registry();
    assert_eq!(once, twice);
}

#[test]
fn fill_never_overwrites_and_skips_roles_already_there() {
    let text = "---
entities:
  putin:
    name: Putin
    kind: organization
    description: Our own words.
    wikidata: Q7747
    roles:
      - role: president of russia
        since: 2012-05-07
      - role: Prime Minister of Russia
        since: 2008-05-08
        until: 2012-05-07
---
";
    let desk = Desk::new(text);
    let run = desk.run(&["wikidata", "fill", "--id", "@putin"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let after = desk.registry();
    // name, kind, description and the roles written stay as they were,
    // first; the label becomes an alias.
    let written = text.strip_suffix("---\n").expect("the front matter's end");
    assert!(
        after.starts_with(&format!(
            "{written}      - role: Chairman of the Council of CIS Heads of State\n"
        )),
        "{after}"
    );
    assert!(after.contains("    aliases: [Vladimir Putin, Vladimir Vladimirovich Putin]\n"));
    assert_eq!(after.matches("since: 2012-05-07").count(), 2, "{after}");
    assert_eq!(after.matches("role: Prime Minister of Russia").count(), 2);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let desk = Desk::new(REGISTRY);
    let run = desk.run(&["wikidata", "fill", "--dry-run", "--id", "@ireland"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- a/registry.news.md
+++ b/registry.news.md
@@ -8,5 +8,8 @@
   ireland:
     name: Ireland
+    kind: place
     wikidata: Q27
+    description: country in north-west Europe
+    aliases: [Éire, IE, IRL, Republic of Ireland, Hibernia, \"Ireland, Republic of\"]
 ---
 [@putin] and [@ireland].
"
    );
    assert_eq!(
        run.stderr,
        "newsls wikidata fill: would change 1 entities in 1 documents\n"
    );
    let text = desk.registry();
    assert_eq!(text, REGISTRY);
}

#[test]
fn offline_uses_only_kept_answers() {
    let desk = Desk::new(REGISTRY);
    // Nothing kept yet.
    let run = desk.run(&["wikidata", "fill", "--offline"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("not in the cache"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(desk.server.requests().is_empty());
    // Kept by a run online, then read offline with the server gone.
    let online = desk.run(&["wikidata", "fill", "--dry-run"]);
    assert_eq!(online.code, Some(0), "{}", online.stderr);
    let Desk { server, dir, cache } = desk;
    drop(server);
    let offline = run_newsls_with_cache(
        dir.path(),
        cache.path(),
        &["wikidata", "fill", "--dry-run", "--offline"],
    );
    assert_eq!(offline.code, Some(0), "{}", offline.stderr);
    assert_eq!(offline.stdout, online.stdout);
}

/// Runs `fill` with the server failing as told; the document must be
/// untouched and the message name what failed.
fn failing_fill(failures: &[Failure], text: &str) -> (Run, Wikibase) {
    let desk = Desk::failing(failures, text);
    let run = desk.run(&["wikidata", "fill"]);
    assert_eq!(desk.registry(), text, "nothing is written after a failure");
    (run, desk.server)
}

#[test]
fn an_http_error_names_the_status_and_the_ids() {
    let (run, server) = failing_fill(&[Failure::Status(500)], REGISTRY);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        format!(
            "newsls wikidata fill: fetching Q27, Q7747 from {}: the server answered HTTP 500; nothing was written\n",
            host(&server)
        )
    );
}

#[test]
fn a_failure_of_the_second_request_writes_nothing_either() {
    let (run, server) = failing_fill(&[Failure::Body("{}"), Failure::Status(502)], REGISTRY);
    // `{}` has no `entities`: the first request already fails.
    assert!(run.stderr.contains("no `entities`"), "{}", run.stderr);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn too_many_requests_waits_as_retry_after_says() {
    let desk = Desk::failing(
        &[Failure::RetryAfter(429, 1), Failure::RetryAfter(503, 1)],
        REGISTRY,
    );
    let started = Instant::now();
    let run = desk.run(&["wikidata", "fill", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(started.elapsed() >= Duration::from_secs(2));
    // Two refused, then the items, then the labels.
    assert_eq!(desk.server.requests().len(), 4);
    assert!(run.stdout.contains("+    kind: place"));
}

#[test]
fn retries_end_with_a_message() {
    let failures = [Failure::RetryAfter(429, 0); 4];
    let (run, server) = failing_fill(&failures, REGISTRY);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("the server answered HTTP 429 (after 3 retries)"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 4);
    let (run, _) = failing_fill(&[Failure::RetryAfter(429, 3600)], REGISTRY);
    assert!(
        run.stderr
            .contains("the server asks to wait 3600 s before asking again"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_json_is_named() {
    let (run, server) = failing_fill(&[Failure::Body("<html>maintenance</html>")], REGISTRY);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(&format!(
            "newsls wikidata fill: fetching Q27, Q7747 from {}: the answer is not the API's JSON (",
            host(&server)
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_item_is_named_and_nothing_is_written() {
    let text = REGISTRY.replace("    wikidata: Q27\n", "    wikidata: Q0\n");
    let (run, _server) = failing_fill(&[], &text);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("Wikidata has no item Q0; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_timeout_is_named() {
    // The client itself, with a short timeout: the command line waits 10 s.
    // The stalled server answers in full after 3 s: an error, rather than
    // the items, is the client giving up first.
    let server = Wikibase::start();
    server.fail_next(Failure::Stall(Duration::from_secs(3)));
    let client = client(&server, Duration::from_millis(300));
    let error = client
        .entities(&["Q7747".to_string()], "labels", &["en".to_string()])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "fetching Q7747 from {}: no answer within 1 s",
            host(&server)
        )
    );
    assert_eq!(newsls::wikidata::client::TIMEOUT, Duration::from_secs(10));
}

#[test]
fn ids_are_asked_at_most_fifty_a_request() {
    let server = Wikibase::start();
    let client = client(&server, Duration::from_secs(10));
    let ids = vec!["Q27".to_string(); 51];
    let found = client
        .entities(&ids, "labels", &["en".to_string()])
        .unwrap();
    assert_eq!(found.len(), 1);
    let asked: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| r.params["ids"].split('|').count())
        .collect();
    assert_eq!(asked, [50, 1]);
}

#[test]
fn the_endpoint_and_languages_come_from_the_settings() {
    let desk = Desk::new(REGISTRY);
    desk.dir.write(
        ".newsls.toml",
        format!("{}languages = [\"de\", \"en\"]\n", desk.server.settings()),
    );
    let run = desk.run(&["wikidata", "fill", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(desk.server.requests()[0].params["languages"], "de|en");
    // The recordings have English only: English is used.
    assert!(run.stdout.contains("+    name: Vladimir Putin"));
}

#[test]
fn link_lists_candidates_and_writes_the_one_chosen() {
    let text = "---
entities:
  attila:
    name: Attila the Hun
---
";
    let desk = Desk::new(text);
    let run = desk.run(&["wikidata", "link"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "@attila “Attila the Hun” in registry.news.md:
  Q36724 Attila the Hun — King of the Hunnic Empire
  Q4818461 Attila the Hun
  Q4818464 Attila the Hun — Calypsonian
  Q4818462 Attila the Hun in popular culture
  → choose with: newsls wikidata link --id @attila --choose Q…
"
    );
    // Nothing written without a choice (no kind: no sure candidate).
    let after = desk.registry();
    assert_eq!(after, text);
    let run = desk.run(&["wikidata", "link", "--id", "@attila", "--choose", "Q36724"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let after = desk.registry();
    assert_eq!(
        after,
        "---
entities:
  attila:
    name: Attila the Hun
    wikidata: Q36724
---
"
    );
    let search = &desk.server.requests()[0];
    assert_eq!(search.params["action"], "wbsearchentities");
    assert_eq!(search.params["search"], "Attila the Hun");
}
