//! End-to-end tests of the language server: the built `newsls` binary,
//! spoken to over stdio as an editor does.

use crate::support;

use crate::support::{Enc, Lsp, TempDir, codes, find_code, pos_of, range_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
date: 2026-01-20
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: President of Russia
    aliases: [Putin]
  witkoff:
    name: Steve Witkoff
    kind: person
    role: US special envoy
  moscow-talks:
    name: Moscow talks
    kind: event
    date: 2026-01-22
    participants: [\"@putin\", \"@witkoff\"]
---
The registry.
";

const BRIEF: &str = "\
---
title: Brief
date: 2026-01-22
---
[Steve Witkoff](@witkoff) met [@putin] in Moscow.
The envoy also met [@putn].
";

/// A workspace with the registry on disk, and a server initialized on it.
fn start(label: &str, utf8: bool) -> (TempDir, Lsp) {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), utf8);
    (dir, lsp)
}

fn markdown(hover: &Value) -> &str {
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover:#}");
    hover["contents"]["value"].as_str().unwrap_or("")
}

#[test]
fn initialize_negotiates_the_encoding_and_reports_capabilities() {
    let dir = TempDir::new("init");
    dir.write("registry.news.md", REGISTRY);
    dir.write("briefs/brief.news.md", BRIEF);
    dir.write("notes.md", "not a news document");

    for (utf8, expected) in [(true, "utf-8"), (false, "utf-16")] {
        let mut lsp = Lsp::start();
        let result = lsp.initialize(dir.path(), utf8);
        let caps = &result["capabilities"];
        assert_eq!(caps["positionEncoding"], expected);
        assert_eq!(caps["textDocumentSync"]["openClose"], true);
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
        assert_eq!(caps["hoverProvider"], true);
        assert_eq!(caps["definitionProvider"], true);
        assert_eq!(result["serverInfo"]["name"], "newsls");
        assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));

        // Indexed before answering, and said so on stderr.
        let log = lsp.wait_stderr("indexed 2 documents");
        assert!(log.contains(" ms"), "{log}");

        // The watcher is registered for the client that can.
        let registration = lsp.wait_requests("client/registerCapability", 1);
        let registration = &registration[0]["params"]["registrations"][0];
        assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
        assert_eq!(
            registration["registerOptions"]["watchers"][0]["globPattern"],
            "**/*.news.md"
        );

        let status = lsp.shutdown_and_exit();
        assert_eq!(status.code(), Some(0), "{}", lsp.stderr());
    }

    // A client that offers no encodings at all gets UTF-16; no workspace
    // folders: the root URI is indexed.
    let mut lsp = Lsp::start();
    let result = lsp.initialize_with(json!({
        "rootUri": uri(dir.path()),
        "capabilities": {}
    }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    lsp.wait_stderr("indexed 2 documents");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn publishes_diagnostics_on_open() {
    let (dir, mut lsp) = start("open", false);
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    lsp.open_version(&brief, BRIEF, 7);
    let published = lsp.diagnostics(&brief);
    assert_eq!(published["version"], 7);
    assert_eq!(codes(&published), ["undefined-entity"]);
    let d = find_code(&published, "undefined-entity");
    assert_eq!(d["range"], range_of(BRIEF, "@putn", 0, Enc::Utf16));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "newsls");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("did you mean `@putin`?"), "{message}");

    // Every severity comes through: warning, info, hint.
    let other = uri(&dir.write("other.news.md", ""));
    let text = "\
---
entities:
  lavrov:
    name: Sergey Lavrov
    alias: Lavrov
---
Vladimir Putin spoke.
";
    lsp.open(&other, text);
    let published = lsp.diagnostics(&other);
    assert_eq!(
        codes(&published),
        ["unused-entity", "unknown-field", "unannotated-mention"]
    );
    let severity = |code| find_code(&published, code)["severity"].clone();
    assert_eq!(severity("unknown-field"), 2);
    assert_eq!(severity("unannotated-mention"), 3);
    assert_eq!(severity("unused-entity"), 4);
    assert_eq!(
        find_code(&published, "unannotated-mention")["range"],
        range_of(text, "Vladimir Putin", 0, Enc::Utf16)
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_and_definition() {
    let (dir, mut lsp) = start("hover", false);
    let registry_path = dir.path().join("registry.news.md");
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    lsp.open(&brief, BRIEF);

    // Hover on a bare mention: the person and the role, with the range.
    let hover = lsp.hover(&brief, pos_of(BRIEF, "[@putin]", 0, 3, Enc::Utf16));
    let md = markdown(&hover);
    assert!(md.contains("**Vladimir Putin**"), "{md}");
    assert!(md.contains("President of Russia"), "{md}");
    assert!(
        md.contains("registry.news.md"),
        "workspace-relative path: {md}"
    );
    assert!(!md.contains(dir.path().to_str().unwrap()), "{md}");
    assert_eq!(hover["range"], range_of(BRIEF, "[@putin]", 0, Enc::Utf16));

    // Definition into a document that was never opened: the id key.
    let found = lsp.definition(&brief, pos_of(BRIEF, "@witkoff", 0, 2, Enc::Utf16));
    assert_eq!(
        found,
        json!([{
            "uri": uri(&registry_path),
            "range": { "start": { "line": 9, "character": 2 }, "end": { "line": 9, "character": 9 } },
        }])
    );

    // A document that is not open but indexed answers through the index.
    let registry = uri(&registry_path);
    let hover = lsp.hover(
        &registry,
        pos_of(REGISTRY, "\"@witkoff\"", 0, 3, Enc::Utf16),
    );
    assert!(markdown(&hover).contains("US special envoy"));
    let found = lsp.definition(&registry, pos_of(REGISTRY, "\"@putin\"", 0, 2, Enc::Utf16));
    assert_eq!(found[0]["uri"], registry);
    assert_eq!(
        found[0]["range"],
        range_of(REGISTRY, "putin", 0, Enc::Utf16)
    );

    // Nothing on plain words, or on an undefined id.
    assert_eq!(
        lsp.hover(&brief, pos_of(BRIEF, "envoy", 0, 1, Enc::Utf16)),
        Value::Null
    );
    assert_eq!(
        lsp.definition(&brief, pos_of(BRIEF, "@putn", 0, 1, Enc::Utf16)),
        Value::Null
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_request_right_after_an_edit_sees_it() {
    let (dir, mut lsp) = start("order", false);
    let registry = uri(&dir.path().join("registry.news.md"));
    let path = dir.write("live.news.md", "Start.\n");
    let doc = uri(&path);
    let mut text = String::from("Start.\n");
    lsp.open(&doc, &text);

    let mut version = 1;
    for i in 0..30 {
        let (id, name) = if i % 2 == 0 {
            ("putin", "Vladimir Putin")
        } else {
            ("witkoff", "Steve Witkoff")
        };
        // Insert a mention on a new line at the end (an incremental edit),
        // then at once, without waiting for anything, ask about it.
        let end = support::position(&text, text.len(), Enc::Utf16);
        let inserted = format!("Line {i}: [@{id}] spoke.\n");
        version += 1;
        lsp.change(
            &doc,
            version,
            &[(json!({ "start": end, "end": end }), &inserted)],
        );
        text.push_str(&inserted);
        let at = pos_of(&text, &format!("[@{id}]"), i / 2, 3, Enc::Utf16);
        let hover = lsp.send_at("textDocument/hover", &doc, at.clone());
        let definition = lsp.send_at("textDocument/definition", &doc, at);

        let hover = lsp.result(hover);
        assert!(markdown(&hover).contains(name), "edit {i}: {hover:#}");
        let definition = lsp.result(definition);
        assert_eq!(definition[0]["uri"], registry, "edit {i}");
        assert_eq!(
            definition[0]["range"],
            range_of(REGISTRY, id, 0, Enc::Utf16)
        );
    }

    // A burst of edits, then one request: it sees all of them. Each edit
    // replaces the id of the last mention.
    let last_line = text.lines().count() - 1;
    for (k, id) in ["witkoff", "putin", "witkoff", "moscow-talks"]
        .iter()
        .enumerate()
    {
        let line = &text.lines().nth(last_line).unwrap().to_string();
        let start = line.find("[@").unwrap() + 2;
        let end = line.find(']').unwrap();
        version += 1;
        lsp.change(
            &doc,
            version,
            &[(
                json!({
                    "start": { "line": last_line, "character": start },
                    "end": { "line": last_line, "character": end },
                }),
                id,
            )],
        );
        let new_line = format!("{}{}{}", &line[..start], id, &line[end..]);
        let offset = support::offset_of(&text, line, 0);
        text.replace_range(offset..offset + line.len(), &new_line);
        if k == 3 {
            let hover = lsp.hover(&doc, pos_of(&text, "[@moscow-talks]", 0, 3, Enc::Utf16));
            let md = markdown(&hover);
            assert!(md.contains("**Moscow talks**"), "{md}");
            assert!(md.contains("Participants (on "), "{md}");
        }
    }

    // The server's text is the client's, character for character: an
    // undefined mention added last is flagged exactly where it is, under
    // the last version.
    let end = support::position(&text, text.len(), Enc::Utf16);
    version += 1;
    lsp.insert(&doc, version, &end, "Who is [@nobody]?");
    text.push_str("Who is [@nobody]?");
    let published = lsp.diagnostics_where(&doc, |p| p["version"] == version);
    assert_eq!(codes(&published), ["undefined-entity"]);
    assert_eq!(
        find_code(&published, "undefined-entity")["range"],
        range_of(&text, "@nobody", 0, Enc::Utf16)
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn diagnostics_of_another_document_are_republished() {
    let (dir, mut lsp) = start("republish", false);
    let a = uri(&dir.write("a.news.md", ""));
    let b = uri(&dir.write("b.news.md", ""));
    let a_text = "[@zelensky] spoke.\n";
    let b_text = "---\ntitle: B\n---\nNothing here.\n";
    lsp.open(&a, a_text);
    lsp.open(&b, b_text);
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);
    assert_eq!(codes(&lsp.diagnostics(&b)), Vec::<String>::new());

    // Define the entity in b: a is republished without the error.
    let definition = "entities:\n  zelensky:\n    name: Volodymyr Zelensky\n";
    let line2 = json!({ "line": 2, "character": 0 });
    lsp.change(
        &b,
        2,
        &[(json!({ "start": line2, "end": line2 }), definition)],
    );
    let published = lsp.diagnostics(&a);
    assert_eq!(codes(&published), Vec::<String>::new());
    assert_eq!(published["version"], 1, "a's own version");

    // A change to b that leaves a's diagnostics alone does not republish
    // a. Two publishes of b, each after a full pass of the worker, are the
    // sync points.
    let field = json!({ "line": 5, "character": 0 });
    lsp.insert(&b, 3, &field, "    nickname: Ze\n");
    // Every version of b is published, its diagnostics changed or not.
    let published = lsp.diagnostics_where(&b, |p| p["version"] == 3);
    assert_eq!(codes(&published), ["unknown-field"]);
    let field_end = json!({ "line": 6, "character": 0 });
    lsp.change(&b, 4, &[(json!({ "start": field, "end": field_end }), "")]);
    let published = lsp.diagnostics_where(&b, |p| p["version"] == 4);
    assert_eq!(codes(&published), Vec::<String>::new());
    assert!(
        lsp.pending_diagnostics(&a).is_empty(),
        "{:#?}",
        lsp.pending_diagnostics(&a)
    );

    // Remove the definition: the error comes back in a.
    let end = json!({ "line": 5, "character": 0 });
    lsp.change(&b, 5, &[(json!({ "start": line2, "end": end }), "")]);
    let published = lsp.diagnostics(&a);
    assert_eq!(codes(&published), ["undefined-entity"]);
    assert_eq!(
        find_code(&published, "undefined-entity")["range"],
        range_of(a_text, "@zelensky", 0, Enc::Utf16)
    );

    // A conflicting definition points at the other file's key.
    let c_text = "---\nentities:\n  putin:\n    name: Someone Else\n---\n[@putin]\n";
    let c = uri(&dir.write("c.news.md", ""));
    lsp.open(&c, c_text);
    let published = lsp.diagnostics(&c);
    let conflict = find_code(&published, "conflicting-definition");
    assert_eq!(conflict["severity"], 2);
    assert_eq!(conflict["range"], range_of(c_text, "putin", 0, Enc::Utf16));
    let related = &conflict["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], uri(&dir.path().join("registry.news.md")));
    assert_eq!(related["range"], range_of(REGISTRY, "putin", 0, Enc::Utf16));
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

/// A line with a flag and an emoji with a skin tone before the mentions.
const EMOJI: &str = "\
---
title: Emoji 🇺🇦
---
🇺🇦 👍🏽 Talks with [@putin] and [@zelensky] today.
";

fn emoji_in(enc: Enc) {
    let utf8 = enc == Enc::Utf8;
    let (dir, mut lsp) = start("emoji", utf8);
    let doc = uri(&dir.write("emoji.news.md", EMOJI));
    lsp.open(&doc, EMOJI);

    let published = lsp.diagnostics(&doc);
    let undefined = find_code(&published, "undefined-entity");
    assert_eq!(undefined["range"], range_of(EMOJI, "@zelensky", 0, enc));
    let start = &undefined["range"]["start"]["character"];
    assert_eq!(*start, json!(if utf8 { 43 } else { 35 }));

    let at = pos_of(EMOJI, "@putin", 0, 1, enc);
    assert_eq!(at["character"], json!(if utf8 { 31 } else { 23 }));
    let hover = lsp.hover(&doc, at.clone());
    assert!(markdown(&hover).contains("Vladimir Putin"));
    assert_eq!(hover["range"], range_of(EMOJI, "[@putin]", 0, enc));
    let found = lsp.definition(&doc, at);
    assert_eq!(found[0]["range"], range_of(REGISTRY, "putin", 0, enc));

    // The column in the other encoding lands elsewhere, on nothing.
    let other = if utf8 { Enc::Utf16 } else { Enc::Utf8 };
    let wrong = pos_of(EMOJI, "@putin", 0, 1, other);
    assert_eq!(lsp.hover(&doc, wrong), Value::Null);

    // An edit right after the flag, in the negotiated encoding.
    let after_flag = pos_of(EMOJI, "🇺🇦 👍", 0, "🇺🇦".len(), enc);
    lsp.insert(&doc, 2, &after_flag, "🇵🇱");
    let text = EMOJI.replace("🇺🇦 👍", "🇺🇦🇵🇱 👍");
    let hover = lsp.hover(&doc, pos_of(&text, "@putin", 0, 1, enc));
    assert!(markdown(&hover).contains("Vladimir Putin"), "{hover:#}");
    assert_eq!(hover["range"], range_of(&text, "[@putin]", 0, enc));
    let published = lsp.diagnostics_where(&doc, |p| p["version"] == 2);
    assert_eq!(
        find_code(&published, "undefined-entity")["range"],
        range_of(&text, "@zelensky", 0, enc)
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn emoji_and_flags_in_utf16() {
    emoji_in(Enc::Utf16);
}

#[test]
fn emoji_and_flags_in_utf8() {
    emoji_in(Enc::Utf8);
}

#[test]
fn crlf_and_lone_cr_documents() {
    let dir = TempDir::new("crlf");
    let registry = "---\r\ntitle: CRLF registry\r\nentities:\r\n  zelensky:\r\n    name: Volodymyr Zelensky\r\n    role: President of Ukraine\r\n---\r\n";
    let registry_path = dir.write("registry.news.md", registry);
    let text = "---\r\ntitle: CRLF\r\n---\r\nOld Mac line.\rThen [@zelensky]\r\nAnd [@nobody].\r\n";
    let doc = uri(&dir.write("crlf.news.md", text));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.open(&doc, text);

    let published = lsp.diagnostics(&doc);
    assert_eq!(codes(&published), ["undefined-entity"]);
    let range = &find_code(&published, "undefined-entity")["range"];
    assert_eq!(*range, range_of(text, "@nobody", 0, Enc::Utf16));
    assert_eq!(range["start"], json!({ "line": 5, "character": 5 }));

    let at = pos_of(text, "@zelensky", 0, 1, Enc::Utf16);
    assert_eq!(at, json!({ "line": 4, "character": 7 }));
    let found = lsp.definition(&doc, at.clone());
    assert_eq!(
        found,
        json!([{
            "uri": uri(&registry_path),
            "range": { "start": { "line": 3, "character": 2 }, "end": { "line": 3, "character": 10 } }
        }])
    );
    assert!(markdown(&lsp.hover(&doc, at)).contains("President of Ukraine"));

    // Insert a CRLF-terminated line after the lone-CR line, and a request
    // on it at once.
    let line4 = json!({ "line": 4, "character": 0 });
    lsp.insert(&doc, 2, &line4, "New [@zelensky] line.\r\n");
    let hover = lsp.hover(&doc, json!({ "line": 4, "character": 7 }));
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 4, "character": 4 }, "end": { "line": 4, "character": 15 } })
    );
    // Join two lines by deleting a CRLF: the mention after it moves up.
    let end3 = json!({ "line": 3, "character": 13 });
    lsp.change(
        &doc,
        3,
        &[(
            json!({ "start": end3, "end": { "line": 4, "character": 0 } }),
            " ",
        )],
    );
    let hover = lsp.hover(&doc, json!({ "line": 3, "character": 20 }));
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 3, "character": 18 })
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

/// Bad input: a server on the registry with the brief open, ready to be
/// given something it must survive.
fn bad_input(label: &str) -> (TempDir, Lsp, String) {
    let (dir, lsp) = start(label, false);
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    lsp.open(&brief, BRIEF);
    (dir, lsp, brief)
}

/// After bad input, the server still answers about the brief and
/// publishes its diagnostics after an edit (its version 2).
fn still_answers(lsp: &mut Lsp, brief: &str) {
    let hover = lsp.hover(brief, pos_of(BRIEF, "@putin", 0, 1, Enc::Utf16));
    assert!(markdown(&hover).contains("Vladimir Putin"), "{hover:#}");
    let end = json!({ "line": 999, "character": 999 });
    lsp.insert(brief, 2, &end, " [@nobody]");
    let published = lsp.diagnostics_where(brief, |p| p["version"] == 2);
    assert_nobody_is_undefined(&published);
}

/// The diagnostics `published` say that `@nobody` is not defined.
fn assert_nobody_is_undefined(published: &Value) {
    let says = |d: &Value| {
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("`@nobody`"))
    };
    assert!(
        published["diagnostics"].as_array().is_some_and(|ds| ds
            .iter()
            .any(|d| d["code"] == "undefined-entity" && says(d))),
        "{published:#}"
    );
}

#[test]
fn a_document_that_is_not_utf8_is_named_and_the_others_indexed() {
    let dir = TempDir::new("bad-utf8");
    dir.write("registry.news.md", REGISTRY);
    dir.write("broken.news.md", b"---\ntitle: \xff\xfe\n---\n".as_slice());
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    let log = lsp.wait_stderr("not valid UTF-8");
    assert!(log.contains("broken.news.md"), "{log}");
    assert!(log.contains("indexed 2 documents"), "{log}");
    lsp.open(&brief, BRIEF);
    still_answers(&mut lsp, &brief);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn malformed_yaml_is_reported_and_what_parsed_still_answers() {
    let (dir, mut lsp, brief) = bad_input("bad-yaml");
    let malformed = uri(&dir.write("malformed.news.md", ""));
    let yaml = "---\ntitle: [unclosed\nentities:\n  x: {name: \n---\nBody [@putin].\n";
    lsp.open(&malformed, yaml);
    let published = lsp.diagnostics(&malformed);
    assert!(
        codes(&published).contains(&"invalid-front-matter".to_string()),
        "{published:#}"
    );
    let hover = lsp.hover(&malformed, pos_of(yaml, "@putin", 0, 1, Enc::Utf16));
    assert!(markdown(&hover).contains("Vladimir Putin"), "{hover:#}");
    still_answers(&mut lsp, &brief);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn positions_past_the_end_are_the_end_of_the_line_or_document() {
    let (_dir, mut lsp, brief) = bad_input("bad-positions");
    let past = json!({ "line": 999, "character": 999 });
    assert_eq!(lsp.hover(&brief, past.clone()), Value::Null);
    assert_eq!(lsp.definition(&brief, past.clone()), Value::Null);
    // Past the end of a line is its end: after "Moscow.", nothing.
    let line = json!({ "line": 4, "character": 999 });
    assert_eq!(lsp.hover(&brief, line), Value::Null);
    // An edit past the end appends; right after the mention is still on it.
    lsp.insert(&brief, 2, &past, "Tail [@putin]");
    let hover = lsp.hover(&brief, json!({ "line": 6, "character": 999 }));
    assert!(markdown(&hover).contains("Vladimir Putin"), "{hover:#}");
    // The document now holds the tail: the next version is 3.
    lsp.insert(&brief, 3, &past, " [@nobody]");
    let published = lsp.diagnostics_where(&brief, |p| p["version"] == 3);
    assert_nobody_is_undefined(&published);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn unknown_documents_and_other_schemes_answer_nothing() {
    let (_dir, mut lsp, brief) = bad_input("bad-uris");
    let start_of = json!({ "line": 0, "character": 0 });
    let nowhere = "file:///nowhere/at/all.news.md";
    assert_eq!(lsp.hover(nowhere, start_of.clone()), Value::Null);
    assert_eq!(lsp.definition(nowhere, start_of), Value::Null);
    lsp.open("untitled:Untitled-1", "[@putin]");
    assert_eq!(
        lsp.hover("untitled:Untitled-1", json!({ "line": 0, "character": 3 })),
        Value::Null
    );
    let past = json!({ "line": 999, "character": 999 });
    lsp.insert(nowhere, 2, &past, "x");
    lsp.close(nowhere);
    lsp.wait_stderr("untitled:Untitled-1");
    still_answers(&mut lsp, &brief);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn markdown_files_that_are_not_news_documents_are_left_alone() {
    // Some editors send every Markdown file.
    let (dir, mut lsp, brief) = bad_input("bad-markdown");
    let notes = uri(&dir.write("notes.md", "[@nobody]\n"));
    lsp.open(&notes, "[@nobody]\n");
    let past = json!({ "line": 999, "character": 999 });
    lsp.insert(&notes, 2, &past, "[@putin]");
    assert_eq!(
        lsp.hover(&notes, json!({ "line": 1, "character": 3 })),
        Value::Null
    );
    lsp.wait_stderr("notes.md, which is not a *.news.md document");
    // The brief's diagnostics arrive after the notes' edit: had the notes
    // been published, they would have been first.
    still_answers(&mut lsp, &brief);
    assert!(lsp.pending_diagnostics(&notes).is_empty());
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn invalid_params_and_frames_that_are_not_json_get_errors() {
    let (_dir, mut lsp, brief) = bad_input("bad-messages");
    let id = lsp.send_request("textDocument/hover", json!({ "textDocument": 5 }));
    assert!(lsp.response(id).get("error").is_some());
    lsp.send_raw(b"{ this is not json");
    assert_eq!(lsp.null_id_error()["error"]["code"], -32700);
    lsp.send_raw(b"[1, 2]");
    assert_eq!(lsp.null_id_error()["error"]["code"], -32600);
    still_answers(&mut lsp, &brief);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_document_removed_from_disk_while_open() {
    let (dir, mut lsp, brief) = bad_input("bad-gone");
    let gone = dir.write("gone.news.md", "[@putin]\n");
    let gone_uri = uri(&gone);
    lsp.open(&gone_uri, "[@putin]\n");
    std::fs::remove_file(&gone).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": gone_uri, "type": 3 }] }),
    );
    lsp.close(&gone_uri);
    assert_eq!(
        lsp.hover(&gone_uri, json!({ "line": 0, "character": 3 })),
        Value::Null
    );
    still_answers(&mut lsp, &brief);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn changes_on_disk_reach_open_documents() {
    let (dir, mut lsp) = start("disk", false);
    let registry_path = dir.path().join("registry.news.md");
    let registry = uri(&registry_path);
    let a = uri(&dir.write("a.news.md", ""));
    lsp.open(&a, "[@putin] spoke.\n");
    assert_eq!(codes(&lsp.diagnostics(&a)), Vec::<String>::new());

    let watched = |lsp: &Lsp, kind: u8| {
        lsp.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": registry, "type": kind }] }),
        );
    };
    std::fs::remove_file(&registry_path).unwrap();
    watched(&lsp, 3);
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);

    std::fs::write(&registry_path, REGISTRY).unwrap();
    watched(&lsp, 1);
    assert_eq!(codes(&lsp.diagnostics(&a)), Vec::<String>::new());

    std::fs::write(&registry_path, REGISTRY.replace("  putin:", "  putin2:")).unwrap();
    watched(&lsp, 2);
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);

    // Invalid UTF-8 on disk: the document goes, with a log line.
    std::fs::write(&registry_path, b"\xff\xff").unwrap();
    watched(&lsp, 2);
    lsp.wait_stderr("not valid UTF-8");
    std::fs::write(&registry_path, REGISTRY).unwrap();
    watched(&lsp, 2);
    lsp.diagnostics_where(&a, |p| codes(p).is_empty());

    // While the registry is open, its buffer wins over the disk.
    lsp.open(&registry, REGISTRY);
    std::fs::remove_file(&registry_path).unwrap();
    watched(&lsp, 3);
    let hover = lsp.hover(&a, json!({ "line": 0, "character": 3 }));
    assert!(markdown(&hover).contains("Vladimir Putin"));
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn closing_brings_back_the_disk_copy_and_clears_diagnostics() {
    let (dir, mut lsp) = start("close", false);
    let registry = uri(&dir.path().join("registry.news.md"));
    let a = uri(&dir.write("a.news.md", ""));
    lsp.open(&a, "[@putin] spoke.\n");
    assert_eq!(codes(&lsp.diagnostics(&a)), Vec::<String>::new());

    // Edit the registry in the editor: rename the id, add a bad field.
    lsp.open(&registry, REGISTRY);
    let edited = REGISTRY.replace("  putin:\n", "  putin-x:\n    alias: P\n");
    lsp.change_full(&registry, 2, &edited);
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);
    let published = lsp.diagnostics_where(&registry, |p| p["version"] == 2);
    assert!(codes(&published).contains(&"unknown-field".to_string()));

    // Close without saving: the disk copy is back, a is clean again, and
    // the registry's diagnostics are cleared.
    lsp.close(&registry);
    assert_eq!(codes(&lsp.diagnostics(&a)), Vec::<String>::new());
    let cleared = lsp.diagnostics(&registry);
    assert_eq!(cleared["diagnostics"], json!([]));
    let hover = lsp.hover(&registry, pos_of(REGISTRY, "putin:", 0, 1, Enc::Utf16));
    assert!(markdown(&hover).contains("Vladimir Putin"));

    // A document opened in the editor but never saved goes away on close.
    lsp.change_full(&a, 2, "[@draft] spoke.\n");
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);
    let draft_uri = uri(&dir.path().join("draft.news.md"));
    lsp.open(
        &draft_uri,
        "---\nentities:\n  draft:\n    name: Draft\n---\n[@draft]\n",
    );
    assert_eq!(codes(&lsp.diagnostics(&a)), Vec::<String>::new());
    lsp.close(&draft_uri);
    assert_eq!(codes(&lsp.diagnostics(&a)), ["undefined-entity"]);
    assert_eq!(
        lsp.hover(&draft_uri, json!({ "line": 2, "character": 3 })),
        Value::Null
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = TempDir::new("exit");
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit().code(), Some(1));

    // The end of input ends the server too, without a shutdown: status 1.
    let mut lsp = Lsp::start_with(&["--stdio"]);
    lsp.initialize(dir.path(), false);
    lsp.close_stdin();
    assert_eq!(lsp.wait_exit().code(), Some(1));
}
