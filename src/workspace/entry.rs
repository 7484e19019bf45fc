//! What the workspace keeps of each document: the whole [`File`] for a
//! document given as text (open in the editor, or a test's fixture), and
//! only what the index and other documents' features read for one read
//! from disk: its summary, date and definitions, and for one that defines
//! something its front matter's text and lines (where its definitions'
//! positions are). The body and the rest of the parse of such a document
//! are read again from disk when a feature needs them
//! (`Workspace::load_file`).

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::file::{File, Summary};
use super::stamp::Stamp;
use crate::syntax::{Date, Document, EntityDef, LineIndex, Reference};

#[derive(Debug)]
pub struct DocumentEntry {
    pub path: Arc<Path>,
    /// What it was read from disk with, for a document kept as its summary.
    stamp: Option<Stamp>,
    content: Content,
}

#[derive(Debug)]
enum Content {
    Whole(Arc<File>),
    Skeleton(Box<Skeleton>),
}

/// A document read from disk and not open; also what the on-disk cache
/// holds of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skeleton {
    summary: Summary,
    date: Option<Date>,
    entities: Vec<EntityDef>,
    /// The `@id`s of its front matter (hover lists the events an entity
    /// takes part in from them).
    references: Vec<Reference>,
    /// Indices into `entities`, in id order: one id's definitions are
    /// found by binary search, not by scanning a registry of thousands.
    by_id: Box<[u32]>,
    /// Kept only for documents that define something: hover names the
    /// line of each definition, and definitions' positions are converted
    /// from it without reading the document again.
    head: Option<Head>,
}

/// A document's text up to the end of its front matter, and its lines:
/// what turns the offsets of its definitions into positions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub text: Box<str>,
    pub lines: LineIndex,
}

impl Head {
    /// The front matter of `text` (and what precedes it), when `doc`
    /// defines something.
    fn of(text: &str, doc: &Document) -> Option<Head> {
        if doc.entities.is_empty() {
            return None;
        }
        let end = doc.front_matter.map_or(text.len(), |f| f.end);
        let text = text.get(..end).unwrap_or(text);
        Some(Head {
            text: text.into(),
            lines: LineIndex::new(text),
        })
    }
}

impl Skeleton {
    /// Its summary, for the index cache to write the names of.
    pub(super) fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Its summary, for the index cache to put the names back in.
    pub(super) fn summary_mut(&mut self) -> &mut Summary {
        &mut self.summary
    }
}

impl DocumentEntry {
    /// What to keep of `file`: all of it when it was given as text, else
    /// its summary and definitions (see [`File::from_disk`]).
    pub fn of(file: File) -> DocumentEntry {
        let Some(stamp) = file.from_disk else {
            return DocumentEntry::whole(Arc::new(file));
        };
        let head = Head::of(&file.text, &file.doc);
        let File {
            path, doc, summary, ..
        } = file;
        DocumentEntry::summarised(path, doc, summary, stamp, head)
    }

    /// What the workspace keeps of a document read from disk and not open,
    /// parsed from `text` without the line index and lookups only a whole
    /// document needs: the first indexing's path.
    pub fn summarise(path: Arc<Path>, text: &str, stamp: Stamp) -> DocumentEntry {
        let (doc, _) = crate::syntax::parse(text);
        let summary = Summary::of(&doc);
        let head = Head::of(text, &doc);
        DocumentEntry::summarised(path, doc, summary, stamp, head)
    }

    fn summarised(
        path: Arc<Path>,
        doc: Document,
        summary: Summary,
        stamp: Stamp,
        head: Option<Head>,
    ) -> DocumentEntry {
        let mut entities = doc.entities;
        entities.shrink_to_fit();
        let mut references = doc.references;
        references.shrink_to_fit();
        let mut by_id: Vec<u32> = (0..entities.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        by_id.sort_by(|&a, &b| id_at(&entities, a).cmp(id_at(&entities, b)));
        DocumentEntry {
            path,
            stamp: Some(stamp),
            content: Content::Skeleton(Box::new(Skeleton {
                summary,
                date: doc.date.map(|d| d.value),
                entities,
                references,
                by_id: by_id.into_boxed_slice(),
                head,
            })),
        }
    }

    /// Keeps `file` whole.
    pub fn whole(file: Arc<File>) -> DocumentEntry {
        DocumentEntry {
            path: file.path.clone(),
            stamp: None,
            content: Content::Whole(file),
        }
    }

    /// A document as the on-disk cache kept it.
    pub fn from_cache(path: Arc<Path>, stamp: Stamp, summary: Box<Skeleton>) -> DocumentEntry {
        DocumentEntry {
            path,
            stamp: Some(stamp),
            content: Content::Skeleton(summary),
        }
    }

    /// What the on-disk cache keeps of it: a document read from disk and
    /// kept as its summary.
    pub fn cached(&self) -> Option<(&Stamp, &Skeleton)> {
        match (&self.stamp, &self.content) {
            (Some(stamp), Content::Skeleton(s)) => Some((stamp, s)),
            _ => None,
        }
    }

    /// Its size in bytes when it was read from disk; `None` for a document
    /// given as text.
    pub fn size_on_disk(&self) -> Option<u64> {
        self.stamp.as_ref().map(|s| s.size)
    }

    /// The whole document, when it is kept in memory.
    pub fn kept_whole(&self) -> Option<&Arc<File>> {
        match &self.content {
            Content::Whole(file) => Some(file),
            Content::Skeleton(_) => None,
        }
    }

    pub fn summary(&self) -> &Summary {
        match &self.content {
            Content::Whole(file) => &file.summary,
            Content::Skeleton(s) => &s.summary,
        }
    }

    /// The document's `date`.
    pub fn date(&self) -> Option<Date> {
        match &self.content {
            Content::Whole(file) => file.doc.date.as_ref().map(|d| d.value),
            Content::Skeleton(s) => s.date,
        }
    }

    /// The document's entity definitions, in text order.
    pub fn entities(&self) -> &[EntityDef] {
        match &self.content {
            Content::Whole(file) => &file.doc.entities,
            Content::Skeleton(s) => &s.entities,
        }
    }

    /// The `@id`s in the document's entity definitions, in text order.
    pub fn references(&self) -> &[Reference] {
        match &self.content {
            Content::Whole(file) => &file.doc.references,
            Content::Skeleton(s) => &s.references,
        }
    }

    /// This document's definitions of `id`, in text order.
    pub fn definitions_of<'a>(&'a self, id: &str) -> Box<dyn Iterator<Item = &'a EntityDef> + 'a> {
        match &self.content {
            Content::Whole(file) => Box::new(file.definitions_of(id)),
            Content::Skeleton(s) => {
                let from = s.by_id.partition_point(|&i| id_at(&s.entities, i) < id);
                let mut found: Vec<u32> = s
                    .by_id
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&i| id_at(&s.entities, i) == id)
                    .copied()
                    .collect();
                found.sort_unstable();
                Box::new(found.into_iter().filter_map(|i| s.entities.get(i as usize)))
            }
        }
    }

    /// The text and line index that convert offsets up to `end` into
    /// positions, when they are kept: a whole document's, or the front
    /// matter of one kept as its skeleton (its definitions are there).
    pub fn text_and_lines(&self, end: usize) -> Option<(&str, &LineIndex)> {
        match &self.content {
            Content::Whole(file) => Some((&file.text, &file.lines)),
            Content::Skeleton(s) => s
                .head
                .as_ref()
                .filter(|h| end <= h.text.len())
                .map(|h| (&*h.text, &h.lines)),
        }
    }

    /// The line (from 0) of byte `offset`, for a definition's position.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text_and_lines(offset)
            .map_or(0, |(_, l)| l.line_of(offset).0)
    }
}

fn id_at(entities: &[EntityDef], i: u32) -> &str {
    entities.get(i as usize).map_or("", |e| e.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\r\nentities:\n  b:\n    name: B\n  a:\n    name: A\r  b:\n    name: B2\n---\nBody [@a].\n";

    fn both() -> (DocumentEntry, DocumentEntry) {
        let path: Arc<Path> = Path::new("/ws/x.news.md").into();
        let whole = DocumentEntry::of(File::new(path.clone(), TEXT.to_string()));
        let stamp = Stamp {
            size: 0,
            modified: None,
            hash: 0,
        };
        let summarised = DocumentEntry::of(File::from_disk(path.clone(), TEXT.to_string(), stamp));
        let summarise = DocumentEntry::summarise(path, TEXT, stamp);
        assert_eq!(
            summarised.cached().map(|c| c.1),
            summarise.cached().map(|c| c.1)
        );
        assert!(whole.kept_whole().is_some());
        assert!(summarised.kept_whole().is_none());
        (whole, summarised)
    }

    /// A document kept as its summary answers what the index and other
    /// documents ask exactly as the whole document does.
    #[test]
    fn a_summarised_document_answers_as_the_whole_one() {
        let (whole, summarised) = both();
        assert_eq!(whole.summary(), summarised.summary());
        assert_eq!(whole.entities(), summarised.entities());
        assert_eq!(whole.references(), summarised.references());
        for id in ["a", "b", "c", ""] {
            let w: Vec<_> = whole.definitions_of(id).collect();
            let s: Vec<_> = summarised.definitions_of(id).collect();
            assert_eq!(w, s, "{id}");
        }
        assert_eq!(summarised.definitions_of("b").count(), 2);
        // Definitions are in the front matter: its lines are kept.
        let front_matter_end = TEXT.find("\n---").expect("front matter");
        for offset in 0..=front_matter_end {
            assert_eq!(
                whole.line_of(offset),
                summarised.line_of(offset),
                "{offset}"
            );
        }
    }
}
