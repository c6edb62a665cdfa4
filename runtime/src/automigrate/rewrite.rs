//! Helpers for diff hooks that rewrite changes.

use crate::dialect::Dialect;
use crate::diff::{Change, ColumnChanges, TableChange};

/// Turns the drop of column `from` and the addition of column `to` in table `table` (by its
/// desired name) into a rename, followed by a modification when the definitions differ, as the
/// diff does for a hinted rename. Rows keep their values. Returns whether both changes were
/// found; otherwise `changes` is left as it was.
///
/// ```
/// # use entgen_runtime::automigrate::{Options, rename_column};
/// let opts = Options::new().diff_hook(|ctx, mut changes| {
///     rename_column(&mut changes, ctx.dialect, "users", "nick", "nickname");
///     Ok(changes)
/// });
/// # let _ = opts;
/// ```
pub fn rename_column(
    changes: &mut [Change],
    dialect: Dialect,
    table: &str,
    from: &str,
    to: &str,
) -> bool {
    for change in changes.iter_mut() {
        let Change::ModifyTable(m) = change else {
            continue;
        };
        if m.to.name != table {
            continue;
        }
        let drop = m
            .changes
            .iter()
            .position(|c| matches!(c, TableChange::DropColumn(c) if c.name == from));
        let add = m
            .changes
            .iter()
            .position(|c| matches!(c, TableChange::AddColumn(c) if c.name == to));
        let (Some(drop), Some(add)) = (drop, add) else {
            return false;
        };
        let (TableChange::DropColumn(old), TableChange::AddColumn(new)) =
            (m.changes[drop].clone(), m.changes[add].clone())
        else {
            return false;
        };
        let (first, second) = (drop.min(add), drop.max(add));
        m.changes.remove(second);
        m.changes.remove(first);
        let in_pk = m.to.in_primary_key(to);
        let (a, b) = (
            dialect.canonical_column(&old, m.from.in_primary_key(from)),
            dialect.canonical_column(&new, in_pk),
        );
        let changed = ColumnChanges {
            ty: a.ty != b.ty,
            nullable: a.nullable != b.nullable,
            default: a.default != b.default,
            identity: a.identity != b.identity,
            comment: a.comment != b.comment,
        };
        let mut inserted = vec![TableChange::RenameColumn {
            from: from.to_owned(),
            to: to.to_owned(),
        }];
        if !changed.is_empty() {
            inserted.push(TableChange::ModifyColumn {
                from: old,
                to: new,
                changed,
            });
        }
        m.changes.splice(first..first, inserted);
        return true;
    }
    false
}
