//! Pass 1: every entity and mixin of every file, by name. Names share one namespace across files;
//! a name declared twice is reported at the later declaration (files in sorted path order).

use std::collections::HashMap;

use super::{FastMap, map_with_capacity};
use crate::diagnostics::{Diagnostics, messages};
use crate::naming;
use crate::syntax::ast::{Block, BlockKind, SchemaFile};

pub struct Declarations<'a> {
    /// Entities sorted by name (ent's node order).
    pub entities: Vec<&'a Block>,
    pub mixins: HashMap<&'a str, &'a Block>,
}

impl<'a> Declarations<'a> {
    pub fn entity_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entities.iter().map(|b| b.name.name.as_str())
    }
}

pub fn collect<'a>(files: &'a [SchemaFile], diagnostics: &mut Diagnostics) -> Declarations<'a> {
    let block_count = files.iter().map(|f| f.blocks.len()).sum();
    let mut first_by_name: FastMap<&str, &Block> = map_with_capacity(block_count);
    let mut entities = Vec::new();
    let mut mixins = HashMap::new();
    for block in files.iter().flat_map(|f| &f.blocks) {
        check_block_name(block, diagnostics);
        let name = block.name.name.as_str();
        if let Some(first) = first_by_name.get(name) {
            diagnostics.push(messages::duplicate_declaration(block, first));
            continue;
        }
        first_by_name.insert(name, block);
        match block.kind {
            BlockKind::Entity => entities.push(block),
            BlockKind::Mixin => {
                mixins.insert(name, block);
            }
        }
    }
    entities.sort_by(|a, b| a.name.name.cmp(&b.name.name));
    Declarations { entities, mixins }
}

fn check_block_name(block: &Block, diagnostics: &mut Diagnostics) {
    let name = &block.name;
    if !naming::is_upper_camel(&name.name) {
        let suggestion = naming::to_upper_camel_suggestion(&name.name);
        diagnostics.push(messages::block_name_not_upper_camel(
            block.kind, name, suggestion,
        ));
    } else if block.kind == BlockKind::Entity && naming::is_reserved_type_name(&name.name) {
        diagnostics.push(messages::reserved_entity_name(name));
    }
}
