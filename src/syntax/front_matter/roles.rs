//! `roles` entries (a role, its affiliation, `since` and `until`) and the
//! `titles` writers give a role.

use super::super::titles::titles_of;
use super::super::yaml::Node;
use super::super::{Code, Date, EntityDef, Field, Fix, RoleEntry, Spanned, SyntaxError, closest};
use super::fields::{ROLE_FIELDS, RoleField, one_of};
use super::reader::Reader;

impl Reader<'_> {
    /// `roles`: a list of `{role, affiliation, since, until}` mappings.
    /// Entries with an error are reported and left out, so no feature
    /// states a role on the strength of a broken entry.
    pub(super) fn roles(&mut self, def: &mut EntityDef, node: &Node) {
        let items = match node {
            Node::Sequence { items, .. } => items,
            Node::Scalar(s) if s.is_null() => return,
            other => {
                if !self.unfinished(other) {
                    let message = format!(
                        "`roles` must be a list of entries such as `- role: Chancellor`, not {}",
                        other.kind_name()
                    );
                    self.error(Code::InvalidRoles, self.range(other), message);
                }
                return;
            }
        };
        for item in items {
            if self.unfinished(item) {
                continue;
            }
            let Node::Mapping { entries, .. } = item else {
                let message = format!(
                    "each entry of `roles` must be a mapping with `role` (and `affiliation`, `since`, `until`), not {}",
                    item.kind_name()
                );
                self.error(Code::InvalidRoles, self.range(item), message);
                continue;
            };
            if let Some(entry) = self.role_entry(def, item, entries) {
                def.roles.push(entry);
            }
        }
    }

    fn role_entry(
        &mut self,
        def: &EntityDef,
        item: &Node,
        entries: &[(Node, Node)],
    ) -> Option<RoleEntry> {
        let range = self.range(item);
        let mut role = None;
        let mut affiliation = None;
        let mut since = None;
        let mut until = None;
        let mut titles = Vec::new();
        let mut broken = false;
        for (key, value) in self.keyed(entries, Code::InvalidFrontMatter, "field") {
            let field = format!("`{}`", key.value);
            match RoleField::parse(&key.value) {
                Some(RoleField::Role) => {
                    role = self
                        .string(value, &field)
                        .filter(|r| !r.value.trim().is_empty())
                }
                Some(RoleField::Affiliation) => {
                    affiliation = self.string(value, &field);
                    if let Some(a) = &affiliation {
                        self.record_reference(def, a, Field::Affiliation);
                    }
                }
                Some(RoleField::Titles) => titles = self.titles(value),
                Some(which @ (RoleField::Since | RoleField::Until)) => {
                    let Some(text) = self.string(value, &field) else {
                        continue;
                    };
                    let Some(date) = Date::parse(text.value.trim()) else {
                        let message = format!(
                            "`{}` in {field} is not a real day in the form YYYY-MM-DD",
                            text.value
                        );
                        self.error(Code::InvalidRoles, text.range, message);
                        broken = true;
                        continue;
                    };
                    let date = Some(Spanned {
                        value: date,
                        range: text.range,
                    });
                    if which == RoleField::Since {
                        since = date;
                    } else {
                        until = date;
                    }
                }
                None => {
                    let unknown = key.value.as_str();
                    let near = closest(unknown, ROLE_FIELDS);
                    let suggestion = near
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    let message = format!(
                        "unknown field `{unknown}` in a `roles` entry: expected {}{suggestion}",
                        one_of(&ROLE_FIELDS)
                    );
                    let range = key.range.shift(self.base);
                    let fix = near.map(|n| Fix::new(format!("Rename to `{n}`"), range, n));
                    let error = SyntaxError::new(Code::UnknownField, range, message);
                    self.errors.push(error.with_fix(fix));
                }
            }
        }
        if let (Some(s), Some(u)) = (&since, &until)
            && u.value <= s.value
        {
            let message = format!(
                "`until: {}` must be after `since: {}` (`until` is the first day the role no longer holds)",
                u.value, s.value
            );
            self.error(Code::InvalidRoles, u.range, message);
            broken = true;
        }
        let Some(role) = role else {
            let message =
                "a `roles` entry needs a `role`, as in `- role: Chancellor of Germany`".to_string();
            self.error(Code::InvalidRoles, range, message);
            return None;
        };
        let vocabulary = titles_of(&role.value, &titles);
        (!broken).then_some(RoleEntry {
            range,
            role,
            affiliation,
            since,
            until,
            titles,
            vocabulary,
        })
    }

    /// `titles`: a list of the other forms writers give a role; anything
    /// else is an `invalid-roles`.
    pub(super) fn titles(&mut self, node: &Node) -> Vec<Spanned<String>> {
        match node {
            Node::Sequence { .. } => self.strings(node, "`titles`"),
            Node::Scalar(s) if s.is_null() => Vec::new(),
            other => {
                if !self.unfinished(other) {
                    let message = format!(
                        "`titles` must be a list of the forms writers use, such as `[Dutch Prime Minister, NATO chief]`, not {}",
                        other.kind_name()
                    );
                    self.error(Code::InvalidRoles, self.range(other), message);
                }
                Vec::new()
            }
        }
    }
}
