//! Large, valid schemas generated on demand, for benchmarks and scale tests.

use std::fmt::Write;

/// A schema of `entities` entities (`E0`, `E1`, ...), each with 10 fields of every kind, an
/// index, and 3 edges: an O2M to the next entity, the inverse M2O from the previous one, and a
/// symmetric M2M to itself.
pub fn schema(entities: usize) -> String {
    let mut text = String::with_capacity(entities * 700);
    for i in 0..entities {
        let next = (i + 1) % entities;
        let previous = (i + entities - 1) % entities;
        let _ = write!(
            text,
            "/// Entity number {i}.\n\
             entity E{i} {{\n    \
             name       string  @max_len(64) @not_empty\n    \
             title      string?\n    \
             count      int     @default(0) @non_negative\n    \
             score      float?  @range(0, 100)\n    \
             active     bool    @default(true)\n    \
             kind       enum(alpha, beta, \"gamma-ray\") @default(alpha)\n    \
             created_at time    @default(now) @immutable\n    \
             data       json?\n    \
             code       uuid    @default(uuid_v4) @unique\n    \
             note       text?   // free text\n\n    \
             edge items to E{next}[]\n    \
             edge owner from E{previous}.items?\n    \
             edge peers to E{i}[]\n\n    \
             index (name, count)\n\
             }}\n\n"
        );
    }
    text
}

/// An entity whose fields, enum values and edge are named like Rust keywords (`type`, `match`,
/// `fn`, `self`, `crate`, ...), with an edge to `E0`. Appended to [`schema`] (of at least one
/// entity), it checks that generated code escapes every such name.
pub fn keyword_entity() -> &'static str {
    "/// Fields named like Rust keywords.\n\
     entity Keyword {\n    \
     type   string\n    \
     match  int?\n    \
     fn     bool    @default(false)\n    \
     struct string?\n    \
     self   string?\n    \
     crate  string?\n    \
     super  string?\n    \
     async  text?\n    \
     loop   int     @default(0)\n    \
     ref    uuid?\n    \
     impl   json?\n    \
     kind   enum(type, match, self) @default(type)\n\n    \
     edge move to E0[]\n\
     }\n"
}
