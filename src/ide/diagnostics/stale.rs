//! Which documents' diagnostics may differ between two snapshots, so that
//! a report of every document recomputes only those: the documents that
//! changed, and those a change reaches through the index ([`Reach`]), found
//! from the index of the newer snapshot. Work in proportion to what
//! changed, never to the workspace (unless the change reaches everything).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::workspace::{Reach, Workspace};

/// The documents whose diagnostics may have changed.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    /// Any document: the change reached the set of defined ids or of
    /// known names, which every document's diagnostics read.
    All,
    /// These documents (of the newer snapshot) only.
    Only(BTreeSet<PathBuf>),
}

/// The documents of `now` whose diagnostics may differ from those computed
/// on `before`, given the paths of the documents changed, added or removed
/// between them (`changed`; paths that did not change are skipped).
pub fn stale<'a>(
    before: &Workspace,
    now: &Workspace,
    changed: impl IntoIterator<Item = &'a Path>,
) -> Stale {
    let mut stale = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for path in changed {
        let (old, new) = (before.shared_entry(path), now.shared_entry(path));
        if let (Some(old), Some(new)) = (old, new)
            && Arc::ptr_eq(old, new)
        {
            continue;
        }
        if new.is_some() {
            stale.insert(path.to_path_buf());
        }
        match Reach::of(old.map(|f| f.summary()), new.map(|f| f.summary())) {
            Reach::Everything => return Stale::All,
            Reach::Ids(reached) => ids.extend(reached),
            Reach::Nothing => {}
        }
    }
    let reach = Reach::Ids(ids.into_iter().collect());
    match reach.documents(now) {
        Some(reached) => stale.extend(reached.into_iter().map(Path::to_path_buf)),
        None => return Stale::All,
    }
    Stale::Only(stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fixture, path};
    use crate::workspace::Change;

    const FOLDER: &str = "\
%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
    role: President
  lavrov: {name: Sergey Lavrov}
---
%! a.news.md
Talks with [@putin].
%! b.news.md
---
entities:
  summit: {name: The summit, participants: [\"@putin\"]}
---
[The summit](@summit).
%! c.news.md
[Sergey Lavrov](@lavrov) alone.
";

    /// The stale documents after `text` replaces `name`'s, by file name.
    fn after(name: &str, text: Option<&str>) -> Option<Vec<String>> {
        let before = Fixture::parse(FOLDER).workspace;
        let mut now = before.clone();
        let changed = path(name);
        now.apply(match text {
            Some(text) => Change::Set {
                path: changed.clone(),
                text: text.to_string(),
            },
            None => Change::Remove {
                path: changed.clone(),
            },
        });
        match stale(&before, &now, [changed.as_path()]) {
            Stale::All => None,
            Stale::Only(paths) => Some(
                paths
                    .iter()
                    .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                    .collect(),
            ),
        }
    }

    #[test]
    fn prose_reaches_only_its_own_document() {
        let stale = after("a.news.md", Some("Long talks with [@putin].\n"));
        assert_eq!(stale, Some(vec!["a.news.md".to_string()]));
    }

    #[test]
    fn a_new_use_reaches_the_definitions_and_other_uses_of_the_id() {
        // The registry's `lavrov` is used now (unused-entity moves); c
        // mentions it too.
        let stale = after("a.news.md", Some("Talks with [@putin] and [@lavrov].\n"));
        assert_eq!(
            stale,
            Some(vec![
                "a.news.md".to_string(),
                "c.news.md".to_string(),
                "registry.news.md".to_string()
            ])
        );
    }

    #[test]
    fn what_a_definition_says_reaches_every_use_of_the_ids_defined_there() {
        let registry = FOLDER
            .split("%! a.news.md")
            .next()
            .and_then(|r| r.strip_prefix("%! registry.news.md\n"))
            .unwrap_or_default()
            .replace("role: President", "kind: person");
        let stale = after("registry.news.md", Some(&registry));
        assert_eq!(
            stale,
            Some(vec![
                "a.news.md".to_string(),
                "b.news.md".to_string(),
                "c.news.md".to_string(),
                "registry.news.md".to_string()
            ])
        );
    }

    #[test]
    fn a_definition_added_or_removed_reaches_everything() {
        assert_eq!(
            after("c.news.md", Some("---\nentities:\n  x: {name: X}\n---\n")),
            None
        );
        assert_eq!(after("registry.news.md", None), None);
    }

    #[test]
    fn a_removed_document_leaves_the_readers_of_its_ids() {
        // a goes: the registry's `putin` loses a mention; a itself is gone.
        let stale = after("a.news.md", None);
        assert_eq!(
            stale,
            Some(vec![
                "b.news.md".to_string(),
                "registry.news.md".to_string()
            ])
        );
    }

    #[test]
    fn unchanged_documents_are_skipped() {
        let before = Fixture::parse(FOLDER).workspace;
        let now = before.clone();
        let paths = [path("a.news.md"), path("gone.news.md")];
        assert_eq!(
            stale(&before, &now, paths.iter().map(PathBuf::as_path)),
            Stale::Only(BTreeSet::new())
        );
    }
}
