//! Typed handles generated code is built from: columns whose type decides their predicates, and entity-typed predicates.
