//! The grammar again, with comments as tracked rules, for re-parsing a bad line: pest then records
//! how far it got past spaces and comments, so the culprit is pointed at exactly. The main parse
//! uses silent comments because tracking them costs four times the parse time.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/schema.pest"]
#[grammar = "../grammar/comments_tracked.pest"]
pub(crate) struct SchemaParser;
