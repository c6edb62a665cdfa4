//! Fields as the templates print them.

use super::rust::{base_type, const_name, default_value, ident};
use super::{doc_lines, lit};
use crate::graph::{Entity, Field, FieldType, Validator};

/// One field of an entity (the id included).
#[derive(Debug, Clone)]
pub struct FieldView {
    /// Schema name (`api_key`).
    pub name: String,
    /// The name as a string literal.
    pub name_lit: String,
    /// Rust identifier (`r#type` for `type`).
    pub ident: String,
    /// The column constant (`API_KEY`).
    pub const_name: String,
    /// The column as a string literal.
    pub column: String,
    /// Rustdoc lines.
    pub doc: Vec<String>,
    /// The struct field's type (`Option<String>` for optional fields).
    pub rust_type: String,
    /// The value type (`String`).
    pub base_type: String,
    /// The column handle's type (`typed::Column<User, String, typed::Nullable>`).
    pub column_type: String,
    /// `Column::new` or `Column::sensitive`.
    pub column_ctor: String,
    /// Row index in `Entity::COLUMNS`.
    pub index: usize,
    pub optional: bool,
    pub sensitive: bool,
    /// Has an update setter.
    pub mutable: bool,
    /// Gets `add_<field>` on update.
    pub addable: bool,
    /// Gets `clear_<field>` on update.
    pub clearable: bool,
    /// Has a create setter (not an auto-increment id).
    pub settable: bool,
    /// The struct field's `#[serde(..)]` under `--feature serde`, or nothing.
    pub serde: String,
}

/// A hidden FK column of an edge stored in the entity's table without a field.
#[derive(Debug, Clone)]
pub struct HiddenFk {
    /// The private struct field (`fk_owner_id`).
    pub ident: String,
    /// The target id type.
    pub rust_type: String,
    /// Row index in `Entity::COLUMNS`.
    pub index: usize,
}

/// An `enum(...)` field's generated type.
#[derive(Debug, Clone)]
pub struct EnumView {
    /// `Role`.
    pub name: String,
    /// The field's name as a string literal.
    pub field_lit: String,
    /// `(variant, stored value literal)`.
    pub variants: Vec<(String, String)>,
}

pub(crate) fn field_view(entity: &Entity, field: &Field, index: usize, is_id: bool) -> FieldView {
    let base = base_type(field);
    let optional = field.optional && !is_id;
    let nullability = if optional { ", typed::Nullable" } else { "" };
    let fallback = if is_id {
        format!("The id of the {}.", entity.name)
    } else {
        format!("The `{}` field.", field.name)
    };
    FieldView {
        name: field.name.clone(),
        name_lit: lit(&field.name),
        ident: ident(&field.name),
        const_name: const_name(&field.name),
        column: lit(&field.column),
        doc: field_doc(field, fallback),
        rust_type: if optional {
            format!("Option<{base}>")
        } else {
            base.clone()
        },
        column_type: format!("typed::Column<{}, {base}{nullability}>", entity.name),
        base_type: base,
        column_ctor: if field.sensitive {
            "typed::Column::sensitive".into()
        } else {
            "typed::Column::new".into()
        },
        index,
        optional,
        sensitive: field.sensitive,
        mutable: !is_id && !field.immutable,
        addable: !is_id && !field.immutable && field.ty.is_numeric(),
        clearable: !is_id && !field.immutable && optional,
        settable: !(is_id && field.auto_increment),
        serde: serde_attribute(field, optional),
    }
}

/// A field's `#[serde(..)]` under `--feature serde`, as ent's JSON tags have it: the schema
/// name (where the Rust identifier differs, `self_` for `self`), a sensitive field left out
/// (ent's `json:"-"`), an unset optional one omitted (`omitempty`) and missing read as unset.
fn serde_attribute(field: &Field, optional: bool) -> String {
    if field.sensitive {
        return "#[serde(skip)]".into();
    }
    let mut parts = Vec::new();
    let rust_name = ident(&field.name);
    if rust_name.strip_prefix("r#").unwrap_or(&rust_name) != field.name {
        parts.push(format!("rename = {}", lit(&field.name)));
    }
    if optional {
        parts.push(r#"default, skip_serializing_if = "Option::is_none""#.to_owned());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("#[serde({})]", parts.join(", "))
    }
}

pub(crate) fn enum_view(field: &Field) -> Option<EnumView> {
    let FieldType::Enum(variants) = &field.ty else {
        return None;
    };
    Some(EnumView {
        name: field.enum_type.clone(),
        field_lit: lit(&field.name),
        variants: variants
            .iter()
            .map(|v| (ident(&v.rust_name), lit(&v.value)))
            .collect(),
    })
}

/// `typed::set_default(m, "col", ..);` lines for creation defaults.
pub(crate) fn create_defaults(field: &Field) -> Option<String> {
    let d = field.default.as_ref()?;
    Some(format!(
        "typed::set_default(m, {}, {});",
        lit(&field.column),
        default_value(field, d)
    ))
}

/// The same for update defaults.
pub(crate) fn update_defaults(field: &Field) -> Option<String> {
    let d = field.update_default.as_ref()?;
    Some(format!(
        "typed::set_default(m, {}, {});",
        lit(&field.column),
        default_value(field, d)
    ))
}

/// Whether a create must set the field.
pub(crate) fn is_required(field: &Field) -> bool {
    !field.optional && field.default.is_none() && field.default_sql.is_none()
}

/// Validator calls on the mutation value of `field` (`checks.field(.., validate::Rule::MaxLen(64));`),
/// and the `@match` patterns they use as `(static name, literal)`: statics local to `check`, so
/// that their names cannot clash with a field's constant (`CODE_PATTERN_0` for a field of that
/// name).
pub(crate) fn checks(field: &Field) -> (Vec<String>, Vec<(String, String)>) {
    let head = format!("{}, m.field({})", lit(&field.name), lit(&field.column));
    let mut lines = Vec::new();
    let mut patterns = Vec::new();
    for v in &field.validators {
        let rule = match v {
            Validator::MaxLen(n) => format!("MaxLen({n})"),
            Validator::MinLen(n) => format!("MinLen({n})"),
            Validator::NotEmpty => "NotEmpty".into(),
            Validator::Match(re) => {
                let name = format!("{}_PATTERN_{}", const_name(&field.name), patterns.len());
                let rule = format!("Match(&{name})");
                patterns.push((name, lit(re)));
                rule
            }
            Validator::Min(x) => format!("Min({x:?})"),
            Validator::Max(x) => format!("Max({x:?})"),
            Validator::Range(a, b) => format!("Range({a:?}, {b:?})"),
            Validator::Positive => "Positive".into(),
            Validator::Negative => "Negative".into(),
            Validator::NonNegative => "NonNegative".into(),
        };
        // A failure on a sensitive field does not say what the value had.
        let method = if field.sensitive {
            "sensitive"
        } else {
            "field"
        };
        lines.push(format!("checks.{method}({head}, validate::Rule::{rule});"));
    }
    (lines, patterns)
}

/// The field's doc lines, with its deprecation note.
fn field_doc(field: &Field, fallback: String) -> Vec<String> {
    let mut doc = doc_lines(field.comment.as_deref(), fallback);
    if let Some(d) = &field.deprecated {
        doc.push(String::new());
        match &d.reason {
            Some(r) => doc.push(format!("Deprecated: {r}.")),
            None => doc.push("Deprecated.".into()),
        }
    }
    doc
}
