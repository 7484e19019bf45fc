use super::*;
use crate::interop::document::types_of;
use std::collections::HashMap;

const SAMPLE: &str = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC
# hipe2022:document_id = dev_1
# hipe2022:date = 1923-01-15
# hipe2022:dataset = newseye
# newseye:publication_title =  L_OEuvre 
M\tB-PER\t_\t_\t_\t_\t_\tQ2960618\t_\tNoSpaceAfter
.\tI-PER\t_\t_\t_\t_\t_\tQ2960618\t_\t_
de\tI-PER\t_\t_\t_\t_\t_\tQ2960618\t_\tNoSpaceAfter
Lasteyrie\tI-PER\t_\t_\t_\t_\t_\tQ2960618\t_\t_
ex¬\tO\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter|EndOfLine
cessif\tO\t_\t_\t_\t_\t_\t_\t_\tEndOfLine
à\tO\t_\t_\t_\t_\t_\t_\t_\t_
Paris\tB-LOC\t_\t_\t_\t_\t_\tQ90\t_\tNoSpaceAfter
*\tO\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter|EndOfSentence
Klee\tB-PER\t_\t_\t_\t_\t_\tNIL\t_\t_
Figaro\tB-HumanProd\t_\t_\t_\t_\t_\t_\t_\t_

# hipe2022:document_id = dev_2
# hipe2022:date = NA
# hipe2022:dataset = newseye
Lasteyrie\tB-PER\t_\t_\t_\t_\t_\tQ2960618\t_\t_
et\tO\t_\t_\t_\t_\t_\t_\t_\t_
Klee\tB-PER\t_\t_\t_\t_\t_\tNIL\t_\t_
";

#[test]
fn reads_documents_metadata_and_mentions() {
    let (docs, problems) = parse(SAMPLE);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id(), Some("dev_1"));
    assert_eq!(docs[0].meta("newseye:publication_title"), Some("L_OEuvre"));
    assert_eq!(docs[0].tokens.len(), 11);
    let found = mentions(&docs[0].tokens);
    let summary: Vec<(Range<usize>, &str, Option<&str>)> = found
        .iter()
        .map(|m| (m.tokens.clone(), m.kind.as_str(), m.link.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (0..4, "PER", Some("Q2960618")),
            (7..8, "LOC", Some("Q90")),
            (9..10, "PER", None),
            (10..11, "HumanProd", None),
        ]
    );
}

#[test]
fn text_reads_as_printed() {
    let (docs, _) = parse(SAMPLE);
    let rebuilt = rebuild(&docs[0].tokens);
    // `de` is marked `NoSpaceAfter` in the data this comes from.
    assert_eq!(rebuilt.text, "M. deLasteyrie excessif\nà Paris*Klee Figaro");
    assert_eq!(&rebuilt.text[rebuilt.spans[5].clone()], "cessif");
    assert_eq!(rebuilt.layout, "1N 1 2N 9 2HNL 6L 1 5N 1NS 4 6");
}

#[test]
fn import_writes_documents_and_a_registry() {
    let (docs, _) = parse(SAMPLE);
    let imported = import(&docs);
    let paths: Vec<&str> = imported.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "1923-01-15-dev-1.news.md",
            "dev-2.news.md",
            "registry.news.md"
        ]
    );
    expect_test::expect![[r#"
        ---
        title: "L OEuvre, dev_1"
        date: 1923-01-15
        source: "HIPE-2022 newseye"
        hipe:
          "hipe2022:document_id": "dev_1"
          "hipe2022:date": "1923-01-15"
          "hipe2022:dataset": "newseye"
          "newseye:publication_title": "L_OEuvre"
        entities:
          paris:
            name: "Paris"
            kind: place
            wikidata: Q90
          klee:
            name: "Klee"
            kind: person
          figaro:
            name: "Figaro"
            type: "HumanProd"
        ---
        [M. deLasteyrie](@m-delasteyrie) excessif
        à [Paris](@paris)\*[Klee](@klee) [Figaro](@figaro)

        <!-- newsls:tokens 1N 1 2N 9 2HNL 6L 1 5N 1NS 4 6 -->
    "#]]
    .assert_eq(&imported.files[0].text);
    expect_test::expect![[r#"
        ---
        title: "Entities linked in more than one imported document"
        entities:
          m-delasteyrie:
            name: "M. deLasteyrie"
            kind: person
            wikidata: Q2960618
            aliases: ["Lasteyrie"]
        ---
    "#]]
    .assert_eq(&imported.files[2].text);
    // The unlinked Klee of the second document is another entity.
    assert!(imported.files[1].text.contains("[Klee](@klee-per)"));
    assert_eq!(
        (
            imported.documents,
            imported.tokens,
            imported.mentions,
            imported.entities
        ),
        (2, 14, 6, 5)
    );
    assert_eq!((imported.linked_entities, imported.shared_entities), (2, 1));
}

#[test]
fn export_gives_back_the_tokens_tags_and_links() {
    let (docs, _) = parse(SAMPLE);
    let imported = import(&docs);
    let parsed: Vec<(String, syntax::Document)> = imported
        .files
        .iter()
        .map(|f| (f.text.clone(), syntax::parse(&f.text).0))
        .collect();
    let mut entities: HashMap<String, EntityInfo> = HashMap::new();
    for (text, doc) in &parsed {
        let types = types_of(text, doc);
        for def in &doc.entities {
            entities.insert(
                def.id.clone(),
                EntityInfo {
                    kind: def.kind.as_ref().map(|k| k.value),
                    coarse: types.get(&def.id).cloned(),
                    wikidata: def.wikidata.as_ref().map(|w| w.value.clone()),
                },
            );
        }
    }
    let sources: Vec<Source> = parsed
        .iter()
        .map(|(text, doc)| Source {
            text,
            doc,
            metadata: metadata_of(text, doc),
        })
        .collect();
    let tsv = export(&sources, &|id| {
        entities.get(id).cloned().unwrap_or_default()
    });
    let (back, problems) = parse(&tsv);
    assert!(problems.is_empty());
    assert_eq!(back.len(), 2);
    for (a, b) in docs.iter().zip(&back) {
        assert_eq!(a.metadata, b.metadata);
        // A mention without a link is `NIL` in the export, `NIL` or `_` in
        // the source.
        let strip = |t: &Token| {
            let link = if t.coarse != "O" && t.link == "_" {
                "NIL".to_string()
            } else {
                t.link.clone()
            };
            (t.text.clone(), t.coarse.clone(), link)
        };
        let a: Vec<_> = a.tokens.iter().map(strip).collect();
        let b: Vec<_> = b.tokens.iter().map(strip).collect();
        assert_eq!(a, b);
    }
    assert_eq!(back[0].tokens[4].misc, "NoSpaceAfter|EndOfLine");
    assert_eq!(back[0].tokens[8].misc, "NoSpaceAfter|EndOfSentence");
}

#[test]
fn a_body_without_layout_is_tokenized() {
    let text = "---\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n---\n[Vladimir Putin](@putin) spoke, twice.\nThen left.\n";
    let (doc, _) = syntax::parse(text);
    let sources = [Source {
        text,
        doc: &doc,
        metadata: Vec::new(),
    }];
    let info = EntityInfo {
        kind: Some(EntityKind::Person),
        coarse: None,
        wikidata: Some("Q7747".into()),
    };
    let tsv = export(&sources, &|_| info.clone());
    let lines: Vec<&str> = tsv.lines().skip(1).collect();
    assert_eq!(
        lines,
        [
            "Vladimir\tB-PER\t_\t_\t_\t_\t_\tQ7747\t_\t_",
            "Putin\tI-PER\t_\t_\t_\t_\t_\tQ7747\t_\t_",
            "spoke\tO\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter",
            ",\tO\t_\t_\t_\t_\t_\t_\t_\t_",
            "twice\tO\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter",
            ".\tO\t_\t_\t_\t_\t_\t_\t_\tEndOfLine",
            "Then\tO\t_\t_\t_\t_\t_\t_\t_\t_",
            "left\tO\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter",
            ".\tO\t_\t_\t_\t_\t_\t_\t_\tEndOfLine",
        ]
    );
}
