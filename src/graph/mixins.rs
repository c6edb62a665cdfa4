//! Pass 2: `use Mixin` lines expanded. A mixin's members come first, in `use` order, before the
//! entity's own; mixins may use other mixins (expanded depth-first, cycles reported).

use std::collections::HashMap;

use crate::diagnostics::{Diagnostics, closest, messages};
use crate::syntax::ast::{Block, Member};

/// A member of an entity after expansion, with the mixin it came from.
#[derive(Clone, Copy)]
pub struct ExpandedMember<'a> {
    pub member: &'a Member,
    pub mixin: Option<&'a str>,
}

pub fn expand<'a>(
    entity: &'a Block,
    mixins: &HashMap<&'a str, &'a Block>,
    entity_names: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<ExpandedMember<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![entity.name.name.as_str()];
    expand_into(
        entity,
        None,
        mixins,
        entity_names,
        &mut stack,
        &mut out,
        diagnostics,
    );
    out
}

fn expand_into<'a>(
    block: &'a Block,
    from_mixin: Option<&'a str>,
    mixins: &HashMap<&'a str, &'a Block>,
    entity_names: &[&str],
    stack: &mut Vec<&'a str>,
    out: &mut Vec<ExpandedMember<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let mut used: Vec<&str> = Vec::new();
    for member in &block.members {
        let Member::Use(use_decl) = member else {
            continue;
        };
        let name = use_decl.mixin.name.as_str();
        let Some(mixin) = mixins.get(name) else {
            if entity_names.contains(&name) {
                diagnostics.push(messages::use_of_entity(&use_decl.mixin));
            } else {
                let suggestion = closest(name, mixins.keys().copied());
                diagnostics.push(messages::unknown_mixin(&use_decl.mixin, suggestion));
            }
            continue;
        };
        if used.contains(&name) {
            diagnostics.push(messages::mixin_used_twice(&use_decl.mixin));
            continue;
        }
        used.push(name);
        if stack.contains(&name) {
            diagnostics.push(messages::mixin_cycle(&use_decl.mixin, stack));
            continue;
        }
        stack.push(name);
        expand_into(
            mixin,
            Some(mixin.name.name.as_str()),
            mixins,
            entity_names,
            stack,
            out,
            diagnostics,
        );
        stack.pop();
    }
    out.extend(
        block
            .members
            .iter()
            .filter(|m| !matches!(m, Member::Use(_)))
            .map(|member| ExpandedMember {
                member,
                mixin: from_mixin,
            }),
    );
}
