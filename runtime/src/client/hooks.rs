//! Mutation hooks: functions registered on a client that run before and after creates,
//! updates and deletes.
//!
//! # Order
//! Hooks nest like middleware, as ent's `client.Use` chain does: **before** hooks run in
//! registration order, the statement runs, then **after** hooks run in *reverse* registration
//! order (the first registered hook is the outermost: it sees the mutation first and the
//! outcome last). The first error stops the chain: a failing before hook means no SQL runs; a
//! failing after hook is returned to the caller (inside a transaction, which then rolls back).

use std::sync::Arc;

use crate::builder::{Assign, Insert, Pred, Update};
use crate::error::Error;
use crate::value::Value;

/// Which operations a hook applies to: bit flags, as ent's `ent.Op`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Op(u8);

impl Op {
    /// A create (single or bulk).
    pub const CREATE: Op = Op(1);
    /// An update of many rows by predicate.
    pub const UPDATE: Op = Op(2);
    /// An update of one row by id.
    pub const UPDATE_ONE: Op = Op(4);
    /// A delete of many rows by predicate.
    pub const DELETE: Op = Op(8);
    /// A delete of one row by id.
    pub const DELETE_ONE: Op = Op(16);
    /// Every update.
    pub const ANY_UPDATE: Op = Op(2 | 4);
    /// Every delete.
    pub const ANY_DELETE: Op = Op(8 | 16);
    /// Every operation.
    pub const ALL: Op = Op(31);

    /// Whether `self` shares a flag with `other` (`Op::UPDATE_ONE.is(Op::ANY_UPDATE)`).
    pub fn is(self, other: Op) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Op {
    type Output = Op;
    fn bitor(self, rhs: Op) -> Op {
        Op(self.0 | rhs.0)
    }
}

/// A pending create, update or delete: what hooks see and may change. Generated builders keep
/// their state in one and turn it into SQL after the before hooks ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutation {
    entity: &'static str,
    op: Op,
    fields: Vec<(&'static str, Value)>,
    added: Vec<(&'static str, Value)>,
    cleared: Vec<&'static str>,
    sensitive: &'static [&'static str],
    /// The ids targeted (`update_one_id`, `delete_one_id`).
    pub ids: Vec<Value>,
    /// The rows targeted by predicate (`update().filter(..)`, `delete().filter(..)`).
    pub filter: Option<Pred>,
}

impl Mutation {
    /// A mutation of `entity` (its type name, `User`).
    pub fn new(entity: &'static str, op: Op) -> Mutation {
        Mutation {
            entity,
            op,
            fields: Vec::new(),
            added: Vec::new(),
            cleared: Vec::new(),
            sensitive: &[],
            ids: Vec::new(),
            filter: None,
        }
    }

    /// Names the entity's sensitive columns: their values are redacted in the debug log.
    pub fn with_sensitive(mut self, columns: &'static [&'static str]) -> Mutation {
        self.sensitive = columns;
        self
    }

    /// The entity's type name.
    pub fn entity(&self) -> &'static str {
        self.entity
    }

    /// The operation.
    pub fn op(&self) -> Op {
        self.op
    }

    /// Sets a field (replacing an earlier value; un-clears it).
    pub fn set(&mut self, field: &'static str, value: impl Into<Value>) {
        let value = value.into();
        self.cleared.retain(|c| *c != field);
        match self.fields.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((field, value)),
        }
    }

    /// The value set for a field.
    pub fn field(&self, field: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }

    /// Every field set, in the order set.
    pub fn fields(&self) -> &[(&'static str, Value)] {
        &self.fields
    }

    /// Adds to a numeric field (`add_<field>`).
    pub fn add(&mut self, field: &'static str, value: impl Into<Value>) {
        let value = value.into();
        match self.added.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = value,
            None => self.added.push((field, value)),
        }
    }

    /// The amount added to a field.
    pub fn added_field(&self, field: &str) -> Option<&Value> {
        self.added.iter().find(|(f, _)| *f == field).map(|(_, v)| v)
    }

    /// Every field added to.
    pub fn added_fields(&self) -> &[(&'static str, Value)] {
        &self.added
    }

    /// Clears an optional field (`clear_<field>`), dropping any value set or added.
    pub fn clear(&mut self, field: &'static str) {
        self.fields.retain(|(f, _)| *f != field);
        self.added.retain(|(f, _)| *f != field);
        if !self.cleared.contains(&field) {
            self.cleared.push(field);
        }
    }

    /// Whether a field is cleared.
    pub fn field_cleared(&self, field: &str) -> bool {
        self.cleared.contains(&field)
    }

    /// Every cleared field.
    pub fn cleared_fields(&self) -> &[&'static str] {
        &self.cleared
    }

    /// Forgets whatever was set, added or cleared for a field.
    pub fn reset_field(&mut self, field: &str) {
        self.fields.retain(|(f, _)| *f != field);
        self.added.retain(|(f, _)| *f != field);
        self.cleared.retain(|c| *c != field);
    }

    fn is_sensitive(&self, field: &str) -> bool {
        self.sensitive.contains(&field)
    }

    /// The fields set, as a single-row INSERT into `table`.
    pub fn to_insert(&self, table: &'static str) -> Insert {
        let mut ins = Insert::into(table);
        for (f, v) in &self.fields {
            ins.push_set(*f, v.clone(), self.is_sensitive(f));
        }
        ins
    }

    /// The fields set, added and cleared, as an UPDATE of `table` (WHERE left to the caller).
    pub fn to_update(&self, table: &'static str) -> Update {
        let mut up = Update::table(table);
        for (f, v) in &self.fields {
            up.push(*f, Assign::Value(v.clone()), self.is_sensitive(f));
        }
        for (f, v) in &self.added {
            up.push(*f, Assign::Add(v.clone()), self.is_sensitive(f));
        }
        for f in &self.cleared {
            up.push(*f, Assign::Null, false);
        }
        up
    }
}

/// What a mutation did, for after hooks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Rows created, changed or deleted.
    pub affected: u64,
    /// Ids of the rows created (or updated/deleted when known).
    pub ids: Vec<Value>,
}

type BeforeFn = dyn Fn(&mut Mutation) -> Result<(), Error> + Send + Sync;
type AfterFn = dyn Fn(&Mutation, &Outcome) -> Result<(), Error> + Send + Sync;

#[derive(Clone)]
enum Kind {
    Before(Arc<BeforeFn>),
    After(Arc<AfterFn>),
}

/// One hook: a function, the operations it applies to, and optionally one entity.
#[derive(Clone)]
pub struct Hook {
    ops: Op,
    entity: Option<&'static str>,
    kind: Kind,
}

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hook")
            .field("ops", &self.ops)
            .field("entity", &self.entity)
            .field(
                "kind",
                &match self.kind {
                    Kind::Before(_) => "before",
                    Kind::After(_) => "after",
                },
            )
            .finish()
    }
}

impl Hook {
    /// Runs `f` before matching mutations; it may change them or refuse with an error.
    pub fn before(
        ops: Op,
        f: impl Fn(&mut Mutation) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Hook {
        Hook {
            ops,
            entity: None,
            kind: Kind::Before(Arc::new(f)),
        }
    }

    /// Runs `f` after matching mutations succeeded.
    pub fn after(
        ops: Op,
        f: impl Fn(&Mutation, &Outcome) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Hook {
        Hook {
            ops,
            entity: None,
            kind: Kind::After(Arc::new(f)),
        }
    }

    /// Restricts the hook to one entity (`client.user().use_hook(..)` in generated code).
    pub fn on_entity(mut self, entity: &'static str) -> Hook {
        self.entity = Some(entity);
        self
    }

    fn matches(&self, m: &Mutation) -> bool {
        self.ops.is(m.op) && self.entity.is_none_or(|e| e == m.entity)
    }
}

/// The hooks registered on a client, in registration order.
#[derive(Clone, Debug, Default)]
pub struct Hooks {
    list: Vec<Hook>,
}

impl Hooks {
    /// Registers a hook after those already registered.
    pub fn push(&mut self, hook: Hook) {
        self.list.push(hook);
    }

    /// Whether none is registered.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Runs the matching before hooks in registration order.
    pub fn run_before(&self, m: &mut Mutation) -> Result<(), Error> {
        for h in &self.list {
            if let Kind::Before(f) = &h.kind
                && h.matches(m)
            {
                f(m)?;
            }
        }
        Ok(())
    }

    /// Runs the matching after hooks in reverse registration order.
    pub fn run_after(&self, m: &Mutation, outcome: &Outcome) -> Result<(), Error> {
        for h in self.list.iter().rev() {
            if let Kind::After(f) = &h.kind
                && h.matches(m)
            {
                f(m, outcome)?;
            }
        }
        Ok(())
    }
}
