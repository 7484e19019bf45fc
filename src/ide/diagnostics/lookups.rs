//! What diagnostics look up about ids that other documents define,
//! computed once per id: for one document's diagnostics, or for every
//! document one thread of `newsls check` computes ([`super::Checker`]),
//! where thousands of documents mention the same few thousand ids.

use elsa::FrozenMap;

use crate::ide::titles::{self, Vocabulary};
use crate::syntax::phrase_of;
use crate::workspace::{Definition, Workspace};

/// The definitions of each id looked up so far in one workspace.
pub(super) struct Lookups<'a> {
    workspace: &'a Workspace,
    /// Keyed by the xxh3-128 of the id, as the index cache knows a
    /// document's content by its own: the rules ask about every mention,
    /// and comparing the id with a key kept elsewhere in memory was a
    /// cache miss each time (a twentieth of a check at 100k).
    defined: FrozenMap<u128, Box<Defined<'a>>, foldhash::fast::RandomState>,
}

/// One id's definitions, and the names they give it.
pub(super) struct Defined<'a> {
    /// Whether the index holds a definition of it.
    pub is_defined: bool,
    /// As [`Workspace::definitions`] gives them: newest document first.
    pub definitions: Vec<Definition<'a>>,
    /// Each name and alias of each definition, in that order, with its
    /// phrase between spaces (` vladimir putin `), when it has words: a
    /// surface names the entity when its folded words, joined the same
    /// way, contain it.
    pub names: Vec<(&'a str, Option<String>)>,
    /// The titles its roles give, when it holds roles.
    pub vocabulary: Option<Vocabulary<'a>>,
}

impl<'a> Lookups<'a> {
    pub(super) fn new(workspace: &'a Workspace) -> Self {
        Lookups {
            workspace,
            defined: FrozenMap::default(),
        }
    }

    /// What `id`'s definitions are, from the index of the workspace
    /// these lookups were made for. Only defined ids are remembered, so
    /// what a check keeps is bounded by the index, whatever ids documents
    /// make up.
    pub(super) fn defined(&self, id: &str) -> &Defined<'a> {
        let key = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
        if let Some(found) = self.defined.get(&key) {
            return found;
        }
        if !self.workspace.index().is_defined(id) {
            return &UNDEFINED;
        }
        let definitions = self.workspace.definitions(id);
        let names = definitions
            .iter()
            .flat_map(|d| d.def.names())
            .map(|name| (name, phrase_of(name).map(|p| format!(" {} ", p.0))))
            .collect();
        let vocabulary = titles::vocabulary(&definitions);
        let defined = Defined {
            is_defined: true,
            definitions,
            names,
            vocabulary,
        };
        self.defined.insert(key, Box::new(defined))
    }
}

/// What an id no document defines has.
static UNDEFINED: Defined<'static> = Defined {
    is_defined: false,
    definitions: Vec::new(),
    names: Vec::new(),
    vocabulary: None,
};
