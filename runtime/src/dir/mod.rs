//! Migration directories (filled in).
