//! The diagnostic codes users see: the parser's own ([`syntax::Code`]) and
//! those only the workspace can tell, with the severity of each.

use std::fmt;

use crate::syntax;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    UndefinedEntity,
    /// A problem the parser found in the document alone.
    Syntax(syntax::Code),
    ConflictingDefinition,
    OutdatedRole,
    OutdatedTitle,
    SurfaceMismatch,
    UnannotatedMention,
    UnlinkedReference,
    UnusedEntity,
    /// A newsroom style rule, off unless the settings turn it on.
    FirstReference,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Code {
    /// Every code, as settings and documentation list them.
    pub const ALL: [Code; 17] = [
        Code::UndefinedEntity,
        Code::Syntax(syntax::Code::InvalidFrontMatter),
        Code::Syntax(syntax::Code::InvalidEntityId),
        Code::Syntax(syntax::Code::MissingName),
        Code::Syntax(syntax::Code::DuplicateEntity),
        Code::Syntax(syntax::Code::InvalidDate),
        Code::Syntax(syntax::Code::InvalidRoles),
        Code::ConflictingDefinition,
        Code::OutdatedRole,
        Code::OutdatedTitle,
        Code::SurfaceMismatch,
        Code::Syntax(syntax::Code::UnknownField),
        Code::Syntax(syntax::Code::InvalidWikidata),
        Code::UnannotatedMention,
        Code::UnlinkedReference,
        Code::UnusedEntity,
        Code::FirstReference,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax(code) => code.as_str(),
            Code::UndefinedEntity => "undefined-entity",
            Code::ConflictingDefinition => "conflicting-definition",
            Code::OutdatedRole => "outdated-role",
            Code::OutdatedTitle => "outdated-title",
            Code::SurfaceMismatch => "surface-mismatch",
            Code::UnannotatedMention => "unannotated-mention",
            Code::UnlinkedReference => "unlinked-reference",
            Code::UnusedEntity => "unused-entity",
            Code::FirstReference => "first-reference",
        }
    }

    pub fn severity(self) -> Severity {
        use syntax::Code as Parser;
        match self {
            Code::UndefinedEntity
            | Code::Syntax(
                Parser::InvalidFrontMatter
                | Parser::InvalidEntityId
                | Parser::MissingName
                | Parser::DuplicateEntity
                | Parser::InvalidDate
                | Parser::InvalidRoles,
            ) => Severity::Error,
            Code::ConflictingDefinition
            | Code::OutdatedRole
            | Code::OutdatedTitle
            | Code::SurfaceMismatch
            | Code::FirstReference
            | Code::Syntax(Parser::UnknownField | Parser::InvalidWikidata) => Severity::Warning,
            Code::UnannotatedMention => Severity::Info,
            Code::UnlinkedReference | Code::UnusedEntity => Severity::Hint,
        }
    }
}

impl Code {
    /// Whether the code is reported when no setting names it: every code
    /// but the style rules, which a newsroom turns on.
    pub fn is_on_by_default(self) -> bool {
        self != Code::FirstReference
    }
}

impl From<syntax::Code> for Code {
    fn from(code: syntax::Code) -> Self {
        Code::Syntax(code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}
