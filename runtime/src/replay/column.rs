//! Column definitions (`CREATE TABLE` and `ALTER TABLE … ADD COLUMN`) into the model: type
//! through the dialect's type parser, nullability, default, identity, and the inline
//! constraints, which are handed back for the table to place.

use sqlparser::ast::{
    ColumnDef, ColumnOption, Expr, GeneratedAs, SequenceOptions, TableConstraint, Value,
};

use super::error::{StmtError, StmtResult};
use super::expr;
use super::names::ident;
use crate::dialect::Dialect;
use crate::schema::{Column, ColumnType, DefaultValue, Identity, IdentityGeneration, IntWidth};

/// A column and what its definition says beyond the column itself.
pub(crate) struct ParsedColumn {
    /// The column.
    pub column: Column,
    /// Declared `PRIMARY KEY` inline.
    pub primary_key: bool,
    /// Inline constraints (`UNIQUE`, `REFERENCES`, `CHECK`) as table constraints, in order.
    pub constraints: Vec<TableConstraint>,
    /// Declared `serial` / `bigserial` / `smallserial` (PostgreSQL): the default comes from a
    /// sequence the table owns, see [`serial_default`].
    pub serial: bool,
}

/// Reads a column definition.
pub(crate) fn column(dialect: Dialect, def: &ColumnDef) -> StmtResult<ParsedColumn> {
    let name = ident(dialect, &def.name);
    let spelled = def.data_type.to_string();
    let serial = serial_type(dialect, &spelled);
    let ty = serial
        .clone()
        .unwrap_or_else(|| dialect.parse_type(&spelled));
    let mut column = Column::new(name, ty);
    column.nullable = serial.is_none();
    let mut out = ParsedColumn {
        column,
        primary_key: false,
        constraints: Vec::new(),
        serial: serial.is_some(),
    };
    for opt in &def.options {
        let c = &mut out.column;
        match &opt.option {
            ColumnOption::Null => c.nullable = true,
            ColumnOption::NotNull => c.nullable = false,
            ColumnOption::Default(e) => c.default = expr::default(dialect, e, &c.ty)?,
            ColumnOption::PrimaryKey(_) => out.primary_key = true,
            ColumnOption::Unique(u) => {
                let mut u = u.clone();
                u.name = u.name.or_else(|| opt.name.clone());
                u.columns = vec![index_column(&def.name)];
                out.constraints.push(TableConstraint::Unique(u));
            }
            ColumnOption::ForeignKey(fk) => {
                let mut fk = fk.clone();
                fk.name = fk.name.or_else(|| opt.name.clone());
                fk.columns = vec![def.name.clone()];
                out.constraints.push(TableConstraint::ForeignKey(fk));
            }
            ColumnOption::Check(ck) => {
                let mut ck = ck.clone();
                ck.name = ck.name.or_else(|| opt.name.clone());
                out.constraints.push(TableConstraint::Check(ck));
            }
            ColumnOption::Generated {
                generated_as,
                sequence_options,
                generation_expr: None,
                ..
            } if dialect == Dialect::Postgres => {
                c.identity = Some(identity(generated_as, sequence_options.as_deref())?);
                c.nullable = false;
            }
            ColumnOption::DialectSpecific(tokens)
                if dialect == Dialect::Sqlite
                    && tokens.len() == 1
                    && tokens[0].to_string().eq_ignore_ascii_case("AUTOINCREMENT") =>
            {
                c.identity = Some(Identity::default());
            }
            ColumnOption::Collation(_) if dialect == Dialect::Sqlite => {}
            ColumnOption::DialectSpecific(tokens)
                if dialect == Dialect::Mysql
                    && tokens.len() == 1
                    && tokens[0].to_string().eq_ignore_ascii_case("AUTO_INCREMENT") =>
            {
                c.identity = Some(Identity::default());
            }
            // Not part of MySQL's model: inspection does not read them.
            ColumnOption::CharacterSet(_)
            | ColumnOption::Collation(_)
            | ColumnOption::Comment(_)
            | ColumnOption::OnUpdate(_)
                if dialect == Dialect::Mysql => {}
            other => {
                return Err(StmtError::unsupported(format!(
                    "the column option `{other}`"
                )));
            }
        }
    }
    if out.column.identity.is_some() {
        // PostgreSQL reports no default for identity columns.
        out.column.default = None;
    }
    Ok(out)
}

/// PostgreSQL's `serial` pseudo-types: an integer column.
fn serial_type(dialect: Dialect, spelled: &str) -> Option<ColumnType> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let width = match spelled.to_ascii_lowercase().as_str() {
        "smallserial" | "serial2" => IntWidth::W16,
        "serial" | "serial4" => IntWidth::W32,
        "bigserial" | "serial8" => IntWidth::W64,
        _ => return None,
    };
    Some(ColumnType::int(width))
}

/// The default of a `serial` column: `nextval('<table>_<column>_seq'::regclass)`, as
/// PostgreSQL prints it. Names that PostgreSQL would quote, shorten or number (a sequence of
/// that name exists) are refused.
pub(crate) fn serial_default(
    table: &str,
    column: &str,
    taken: impl Fn(&str) -> bool,
) -> StmtResult<(String, DefaultValue)> {
    let seq = format!("{table}_{column}_seq");
    let plain = seq
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !seq.starts_with(|c: char| c.is_ascii_digit());
    let max = Dialect::Postgres.max_identifier_len().unwrap_or(usize::MAX);
    if !plain || seq.len() > max || taken(&seq) {
        return Err(StmtError::unsupported(format!(
            "a serial column whose sequence `{seq}` PostgreSQL would name differently (quoted, shortened or numbered); use an identity column"
        )));
    }
    let default = DefaultValue::Expr(format!("nextval('{seq}'::regclass)"));
    Ok((seq, default))
}

fn index_column(name: &sqlparser::ast::Ident) -> sqlparser::ast::IndexColumn {
    sqlparser::ast::IndexColumn {
        column: sqlparser::ast::OrderByExpr {
            expr: Expr::Identifier(name.clone()),
            options: Default::default(),
            with_fill: None,
        },
        operator_class: None,
    }
}

/// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [( START WITH n INCREMENT BY m )]`.
fn identity(generated: &GeneratedAs, opts: Option<&[SequenceOptions]>) -> StmtResult<Identity> {
    let generation = match generated {
        GeneratedAs::Always => IdentityGeneration::Always,
        GeneratedAs::ByDefault => IdentityGeneration::ByDefault,
        GeneratedAs::ExpStored => {
            return Err(StmtError::unsupported("generated (stored) columns"));
        }
    };
    let mut id = Identity {
        generation,
        ..Identity::default()
    };
    for o in opts.unwrap_or_default() {
        match o {
            SequenceOptions::StartWith(e, _) => id.start = integer(e)?,
            SequenceOptions::IncrementBy(e, _) => id.increment = integer(e)?,
            other => {
                return Err(StmtError::unsupported(format!(
                    "the identity option `{other}`"
                )));
            }
        }
    }
    Ok(id)
}

fn integer(e: &Expr) -> StmtResult<i64> {
    let text = match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.clone(),
            _ => String::new(),
        },
        Expr::UnaryOp { expr, .. } => format!("-{expr}"),
        _ => String::new(),
    };
    text.parse()
        .map_err(|_| StmtError::unsupported(format!("the sequence value `{e}`")))
}
