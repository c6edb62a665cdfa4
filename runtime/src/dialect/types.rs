//! Splitting SQL type spellings into a base name and numeric arguments.

/// A type spelling taken apart: `timestamp(3) with time zone` → base `timestamp with time zone`,
/// args `[3]`; `character varying(255)` → `character varying`, `[255]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeSpelling {
    /// Lower-cased base name with single spaces and the argument list removed.
    pub base: String,
    /// Numeric arguments; `None` when the arguments are not all unsigned integers.
    pub args: Option<Vec<u32>>,
    /// The whole spelling, lower-cased with single spaces (quoted parts keep their case).
    pub normalized: String,
}

/// Takes a type spelling apart. Quoted identifiers keep their case; everything else is
/// lower-cased.
pub(crate) fn split_type(raw: &str) -> TypeSpelling {
    let normalized = normalize_spelling(raw);
    let (base, args) = match (normalized.find('('), normalized.rfind(')')) {
        (Some(open), Some(close)) if open < close && !normalized.contains('"') => {
            let inner = &normalized[open + 1..close];
            let args: Option<Vec<u32>> = inner
                .split(',')
                .map(|a| a.trim().parse::<u32>().ok())
                .collect();
            let base = format!(
                "{} {}",
                normalized[..open].trim(),
                normalized[close + 1..].trim()
            );
            (base.trim().to_owned(), args)
        }
        _ => (normalized.clone(), Some(Vec::new())),
    };
    TypeSpelling {
        base,
        args,
        normalized,
    }
}

/// Lower-cases outside double quotes and collapses whitespace; no space before `(` or after `(`.
fn normalize_spelling(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_quotes = false;
    let mut pending_space = false;
    for c in raw.trim().chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space
            && !out.is_empty()
            && c != '('
            && c != ')'
            && c != ','
            && !out.ends_with('(')
            && !out.ends_with(',')
        {
            out.push(' ');
        }
        pending_space = false;
        if in_quotes || c == '"' {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let t = split_type("Timestamp (3)  WITH time zone");
        assert_eq!(t.base, "timestamp with time zone");
        assert_eq!(t.args, Some(vec![3]));
        let t = split_type("numeric( 10 , 2 )");
        assert_eq!(t.normalized, "numeric(10,2)");
        assert_eq!(t.args, Some(vec![10, 2]));
        let t = split_type("\"MyType\"");
        assert_eq!(t.base, "\"MyType\"");
        assert_eq!(split_type("varchar(x)").args, None);
    }
}
