//! Pass 3: fields. Types resolved, attributes checked against the type (as ent's builders
//! allow them), defaults and validators read, storage keys decided.

use super::attributes as attrs;
use super::model::{
    DefaultValue, Deprecation, Dialect, EnumVariant, Field, FieldType, IntType, Validator,
};
use super::types::{TYPE_NAMES, attribute_misfit, scalar_type};
use super::{FastMap, map_with_capacity};
use crate::diagnostics::{Diagnostics, closest, messages};
use crate::naming;
use crate::syntax::ast::{self, Arg, Attribute, LiteralKind};

const FIELD_ATTRIBUTES: &[&str] = &[
    "unique",
    "immutable",
    "sensitive",
    "default",
    "update_default",
    "default_sql",
    "column",
    "comment",
    "deprecated",
    "db_type",
    "renamed_from",
    "max_len",
    "min_len",
    "not_empty",
    "match",
    "min",
    "max",
    "range",
    "positive",
    "negative",
    "non_negative",
];

/// Words that start other members and so cannot name a field.
const MEMBER_KEYWORDS: &[&str] = &["edge", "index", "use"];

pub fn lower_field(
    field: &ast::Field,
    mixin: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Field> {
    check_field_name(&field.name, diagnostics);
    let ty = resolve_type(&field.ty, diagnostics)?;
    let mut lowered = Field::new(&field.name.name, field.name.span, ty);
    lowered.comment = field.doc.as_ref().map(|d| d.text.clone());
    lowered.optional = field.ty.optional;
    lowered.mixin = mixin.map(str::to_string);
    for attribute in
        attrs::known_attributes(&field.attributes, FIELD_ATTRIBUTES, "a field", diagnostics)
    {
        if let Some(fits) = attribute_misfit(&attribute.name.name, &lowered.ty) {
            diagnostics.push(messages::attribute_does_not_fit_type(
                attribute,
                &lowered.ty,
                fits,
            ));
            continue;
        }
        apply_attribute(&mut lowered, attribute, field, diagnostics);
    }
    check_unique_default(&lowered, field, diagnostics);
    Some(lowered)
}

fn check_field_name(name: &ast::Ident, diagnostics: &mut Diagnostics) {
    if MEMBER_KEYWORDS.contains(&name.name.as_str()) {
        diagnostics.push(messages::keyword_as_field_name(name));
    } else if !naming::is_snake(&name.name) {
        diagnostics.push(messages::member_name_not_snake(
            name,
            "field",
            naming::to_snake_suggestion(&name.name),
        ));
    }
}

fn resolve_type(ty: &ast::TypeExpr, diagnostics: &mut Diagnostics) -> Option<FieldType> {
    let name = ty.name.name.as_str();
    if name == "enum" {
        let Some(values) = &ty.enum_values else {
            diagnostics.push(messages::enum_without_values(&ty.name));
            return None;
        };
        return enum_type(&ty.name, values, diagnostics);
    }
    let Some(resolved) = scalar_type(name) else {
        diagnostics.push(messages::unknown_type(
            &ty.name,
            closest(name, TYPE_NAMES.iter().copied()),
        ));
        return None;
    };
    if ty.enum_values.is_some() {
        diagnostics.push(messages::values_on_non_enum(&ty.name));
    }
    Some(resolved)
}

/// The Rust variant of an enum value: UpperCamel (`gamma-ray` → `GammaRay`, `café` → `Café`),
/// `V` first when that starts with a digit (`2fa` → `V2fa`, as a Rust name cannot), and
/// `Empty` for a value with no letter or digit at all (`""`).
fn variant_name(value: &str) -> String {
    let name = naming::upper_camel(value);
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if !first.is_alphabetic() => format!("V{name}"),
        Some(_) => name,
    }
}

fn enum_type(
    name: &ast::Ident,
    values: &[ast::EnumValue],
    diagnostics: &mut Diagnostics,
) -> Option<FieldType> {
    if values.is_empty() {
        diagnostics.push(messages::enum_without_values(name));
        return None;
    }
    let mut variants: Vec<(EnumVariant, &ast::EnumValue)> = Vec::new();
    // Index into `variants` by value and by Rust name: enums may have thousands of values.
    let mut by_value: FastMap<String, usize> = map_with_capacity(values.len());
    let mut by_rust_name: FastMap<String, usize> = map_with_capacity(values.len());
    let mut ok = true;
    for value in values {
        let rust_name = variant_name(&value.value);
        if let Some(&i) = by_value.get(&value.value) {
            diagnostics.push(messages::duplicate_enum_value(value, variants[i].1.span));
            ok = false;
        } else if let Some(&i) = by_rust_name.get(&rust_name) {
            let (v, first) = &variants[i];
            diagnostics.push(messages::enum_variant_collision(
                value, &v.value, &rust_name, first.span,
            ));
            ok = false;
        } else {
            by_value.insert(value.value.clone(), variants.len());
            by_rust_name.insert(rust_name.clone(), variants.len());
            variants.push((
                EnumVariant {
                    value: value.value.clone(),
                    rust_name,
                },
                value,
            ));
        }
    }
    ok.then(|| FieldType::Enum(variants.into_iter().map(|(v, _)| v).collect()))
}

fn apply_attribute(
    lowered: &mut Field,
    attribute: &Attribute,
    field: &ast::Field,
    diagnostics: &mut Diagnostics,
) {
    match attribute.name.name.as_str() {
        "unique" => flag(&mut lowered.unique, attribute, diagnostics),
        "immutable" => flag(&mut lowered.immutable, attribute, diagnostics),
        "sensitive" => flag(&mut lowered.sensitive, attribute, diagnostics),
        "default" => lowered.default = default_value(attribute, &lowered.ty, diagnostics),
        "update_default" => {
            lowered.update_default = update_default(attribute, &lowered.ty, diagnostics)
        }
        "default_sql" => lowered.default_sql = attrs::one_string(attribute, diagnostics),
        "column" => {
            if let Some(column) = attrs::one_string(attribute, diagnostics) {
                lowered.column = column;
            }
        }
        "comment" => {
            if let Some(doc) = &field.doc {
                diagnostics.push(messages::doc_and_comment(attribute, doc.span));
            }
            lowered.comment = attrs::comment(attribute, diagnostics);
        }
        "deprecated" => {
            lowered.deprecated =
                attrs::optional_string(attribute, diagnostics).map(|reason| Deprecation { reason })
        }
        "db_type" => lowered.db_types = db_types(attribute, diagnostics),
        "renamed_from" => lowered.renamed_from = attrs::one_string(attribute, diagnostics),
        _ => {
            if let Some(validator) = validator(attribute, &lowered.ty, diagnostics) {
                if let Validator::MaxLen(n) = validator {
                    lowered.size = Some(n);
                }
                lowered.validators.push(validator);
            }
        }
    }
}

fn flag(target: &mut bool, attribute: &Attribute, diagnostics: &mut Diagnostics) {
    attrs::no_args(attribute, diagnostics);
    *target = true;
}

fn validator(
    attribute: &Attribute,
    ty: &FieldType,
    diagnostics: &mut Diagnostics,
) -> Option<Validator> {
    let validator = match attribute.name.name.as_str() {
        "max_len" => Validator::MaxLen(attrs::one_size(attribute, diagnostics)?),
        "min_len" => Validator::MinLen(attrs::one_size(attribute, diagnostics)?),
        "not_empty" => {
            attrs::no_args(attribute, diagnostics);
            Validator::NotEmpty
        }
        "match" => {
            let pattern = attrs::one_string(attribute, diagnostics)?;
            if let Err(error) = regex::Regex::new(&pattern) {
                diagnostics.push(messages::invalid_regex(attribute, &error.to_string()));
                return None;
            }
            Validator::Match(pattern)
        }
        "min" => Validator::Min(bound(attribute, ty, diagnostics)?),
        "max" => Validator::Max(bound(attribute, ty, diagnostics)?),
        "range" => {
            let args = attrs::positional(attribute, 2, diagnostics)?;
            let low = number_for(&args[0], attribute, ty, diagnostics);
            let high = number_for(&args[1], attribute, ty, diagnostics);
            let (low, high) = (low?, high?);
            if low > high {
                diagnostics.push(messages::empty_range(attribute));
                return None;
            }
            Validator::Range(low, high)
        }
        "positive" => sign(Validator::Positive, attribute, diagnostics),
        "negative" => sign(Validator::Negative, attribute, diagnostics),
        "non_negative" => sign(Validator::NonNegative, attribute, diagnostics),
        _ => return None,
    };
    Some(validator)
}

fn sign(validator: Validator, attribute: &Attribute, diagnostics: &mut Diagnostics) -> Validator {
    attrs::no_args(attribute, diagnostics);
    validator
}

/// `@min(n)` / `@max(n)`.
fn bound(attribute: &Attribute, ty: &FieldType, diagnostics: &mut Diagnostics) -> Option<f64> {
    let args = attrs::positional(attribute, 1, diagnostics)?;
    number_for(&args[0], attribute, ty, diagnostics)
}

/// A bound for a field of type `ty`: integer types take integers only.
fn number_for(
    arg: &Arg,
    attribute: &Attribute,
    ty: &FieldType,
    diagnostics: &mut Diagnostics,
) -> Option<f64> {
    if let (FieldType::Int(_), LiteralKind::Float(_)) = (ty, &arg.value.kind) {
        diagnostics.push(messages::wrong_argument_type(
            arg,
            attribute,
            "an integer",
            &arg.value.kind,
        ));
        return None;
    }
    attrs::number_arg(arg, attribute, diagnostics)
}

fn db_types(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Vec<(Dialect, String)> {
    let mut out: Vec<(Dialect, String)> = Vec::new();
    if attribute.args().is_empty() {
        diagnostics.push(messages::db_type_without_dialects(attribute));
    }
    for arg in attribute.args() {
        let Some(key) = &arg.key else {
            diagnostics.push(messages::db_type_needs_key(arg));
            continue;
        };
        let Some(dialect) = Dialect::from_key(&key.name) else {
            let keys = Dialect::ALL.map(Dialect::key);
            diagnostics.push(messages::unknown_dialect(key, closest(&key.name, keys)));
            continue;
        };
        if out.iter().any(|(d, _)| *d == dialect) {
            diagnostics.push(messages::duplicate_dialect(key));
            continue;
        }
        if let Some(sql_type) = attrs::string_arg(arg, attribute, diagnostics) {
            out.push((dialect, sql_type));
        }
    }
    out
}

fn default_value(
    attribute: &Attribute,
    ty: &FieldType,
    diagnostics: &mut Diagnostics,
) -> Option<DefaultValue> {
    let args = attrs::positional(attribute, 1, diagnostics)?;
    let arg = &args[0];
    let value = literal_default(&arg.value.kind, ty);
    match value {
        Ok(value) => Some(value),
        Err(expected) => {
            diagnostics.push(messages::default_of_wrong_type(
                arg, attribute, ty, &expected,
            ));
            None
        }
    }
    .and_then(|v| check_default_content(v, arg, ty, diagnostics))
}

/// The default a literal denotes for a type, or what the type expects instead.
fn literal_default(value: &LiteralKind, ty: &FieldType) -> Result<DefaultValue, String> {
    match (ty, value) {
        (FieldType::Bool, LiteralKind::Bool(b)) => Ok(DefaultValue::Bool(*b)),
        (FieldType::Int(_), LiteralKind::Int(n)) => Ok(DefaultValue::Int(*n)),
        (FieldType::Float32 | FieldType::Float64, LiteralKind::Int(n)) => {
            Ok(DefaultValue::Float(*n as f64))
        }
        (FieldType::Float32 | FieldType::Float64, LiteralKind::Float(f)) => {
            Ok(DefaultValue::Float(*f))
        }
        (FieldType::String | FieldType::Text | FieldType::Bytes, LiteralKind::String(s)) => {
            Ok(DefaultValue::String(s.clone()))
        }
        (FieldType::Time, LiteralKind::Ident(i)) if i == "now" => Ok(DefaultValue::Now),
        (FieldType::Uuid, LiteralKind::Ident(i)) if i == "uuid_v4" => Ok(DefaultValue::UuidV4),
        (FieldType::Json, LiteralKind::String(s)) => Ok(DefaultValue::Json(s.clone())),
        (FieldType::Enum(_), LiteralKind::Ident(s) | LiteralKind::String(s)) => {
            Ok(DefaultValue::Enum(s.clone()))
        }
        (FieldType::Bool, _) => Err("`true` or `false`".into()),
        (FieldType::Int(_), _) => Err("an integer".into()),
        (FieldType::Float32 | FieldType::Float64, _) => Err("a number".into()),
        (FieldType::String | FieldType::Text | FieldType::Bytes, _) => Err("a string".into()),
        (FieldType::Time, _) => Err("`now`".into()),
        (FieldType::Uuid, _) => Err("`uuid_v4`".into()),
        (FieldType::Json, _) => Err("a string holding JSON".into()),
        (FieldType::Enum(_), _) => Err("one of the enum's values".into()),
    }
}

/// Range, enum membership and JSON syntax of a default whose kind is right.
fn check_default_content(
    value: DefaultValue,
    arg: &Arg,
    ty: &FieldType,
    diagnostics: &mut Diagnostics,
) -> Option<DefaultValue> {
    match (&value, ty) {
        (DefaultValue::Int(n), FieldType::Int(int)) => {
            let (low, high) = int.range();
            if *n < low || *n > high {
                diagnostics.push(messages::default_out_of_range(arg, ty));
                return None;
            }
            // A uint64 column is a bigint: the value could not be stored at all.
            if *n > i128::from(i64::MAX) {
                diagnostics.push(messages::unsigned_default_beyond_storage(arg, ty));
                return None;
            }
        }
        (DefaultValue::Float(f), FieldType::Float32 | FieldType::Float64) => {
            let max = if *ty == FieldType::Float32 {
                f64::from(f32::MAX)
            } else {
                f64::MAX
            };
            if !f.is_finite() || f.abs() > max {
                diagnostics.push(messages::float_default_out_of_range(arg, ty));
                return None;
            }
        }
        (DefaultValue::String(s) | DefaultValue::Enum(s), _) if s.contains('\0') => {
            diagnostics.push(messages::default_with_nul(arg));
            return None;
        }
        (DefaultValue::Enum(v), FieldType::Enum(variants))
            if !variants.iter().any(|variant| &variant.value == v) =>
        {
            let values = variants.iter().map(|variant| variant.value.as_str());
            diagnostics.push(messages::enum_default_not_a_value(
                arg,
                v,
                closest(v, values),
            ));
            return None;
        }
        (DefaultValue::Json(text), _) => {
            if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
                diagnostics.push(messages::invalid_json_default(arg, &error.to_string()));
                return None;
            }
        }
        _ => {}
    }
    Some(value)
}

/// `@update_default(now)` on time; a literal on numeric types.
fn update_default(
    attribute: &Attribute,
    ty: &FieldType,
    diagnostics: &mut Diagnostics,
) -> Option<DefaultValue> {
    let value = default_value(attribute, ty, diagnostics)?;
    Some(value)
}

/// ent: `unique field "x" cannot have default value` (a literal default would collide on the
/// second row).
fn check_unique_default(lowered: &Field, field: &ast::Field, diagnostics: &mut Diagnostics) {
    if lowered.unique
        && lowered
            .default
            .as_ref()
            .is_some_and(DefaultValue::is_literal)
    {
        let find = |name: &str| field.attributes.iter().find(|a| a.name.name == name);
        if let (Some(unique), Some(default)) = (find("unique"), find("default")) {
            diagnostics.push(messages::unique_with_literal_default(
                unique,
                default,
                &lowered.name,
            ));
        }
    }
}

/// The implicit primary key: `id int`, auto-increment.
pub fn implicit_id(span: crate::diagnostics::Span) -> Field {
    let mut id = Field::new("id", span, FieldType::Int(IntType::Int));
    id.immutable = true;
    id.auto_increment = true;
    id
}

/// Checks a declared `id` field and marks integer ids auto-increment.
pub fn declared_id(mut id: Field, diagnostics: &mut Diagnostics) -> Field {
    if id.optional {
        diagnostics.push(messages::optional_id(id.span));
        id.optional = false;
    }
    match id.ty {
        FieldType::Int(_) => id.auto_increment = id.default.is_none() && id.default_sql.is_none(),
        FieldType::String | FieldType::Uuid | FieldType::Bytes => {}
        _ => diagnostics.push(messages::unsupported_id_type(id.span, &id.ty)),
    }
    id.immutable = true;
    id
}
