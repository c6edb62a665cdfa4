//! Dialect-neutral schema model (filled in).
